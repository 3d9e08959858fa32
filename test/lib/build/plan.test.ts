import { describe, expect, it } from '@jest/globals'
import {
  type BuildPlan,
  type BuildSettings,
  imageLabels,
  planBuild,
  resolveCacheMode,
  stageRequests
} from '../../../src/lib/build/plan.js'
import type { DockerBuilder } from '../../../src/lib/docker/frontend.js'
import { type TagPlan } from '../../../src/lib/image/tags.js'
import { sampleBuildSettings } from '../../support/build-settings.js'
import { samplePlan } from '../../support/tag-plans.js'

const BRANCH = 'feature-TEVA-1296-Alert_filters-fd7498dd'
const TWO_STAGES = [
  'FROM r.example/base:1 AS builder',
  'RUN make',
  'FROM r.example/runtime:2 AS production',
  'COPY --from=builder /out /app'
].join('\n')

type Frontend = Pick<DockerBuilder, 'kind' | 'driver' | 'reason'>
const BUILDKIT: Frontend = { kind: 'buildkit', reason: 'docker 20.10 builds with BuildKit' }
const BUILDX_DOCKER: Frontend = { kind: 'buildx', driver: 'docker', reason: 'buildx, docker driver' }
const BUILDX_CONTAINER: Frontend = { kind: 'buildx', driver: 'docker-container', reason: 'buildx' }

function tagPlan(event = 'push-feature'): TagPlan {
  return samplePlan(event, ['r.example/acme/app', 'acme/app'])
}

function settings(extra: Partial<BuildSettings> = {}): BuildSettings {
  return sampleBuildSettings({
    context: 'app',
    file: 'app/Dockerfile',
    dockerfileText: TWO_STAGES,
    buildArgs: new Map([['A', '1']]),
    login: { registry: 'r.example', username: 'ci', password: 's3cret' },
    ...extra
  })
}

const plan = (extra: Partial<BuildSettings> = {}, frontend = BUILDKIT, event = 'push-feature'): BuildPlan =>
  planBuild(settings(extra), tagPlan(event), frontend)

describe('planBuild: the stages and their tags', () => {
  it('builds the builder (a cache image, no labels), then production with the tag plan', () => {
    const built = plan()
    expect(built.builds).toEqual([
      {
        stage: 'builder',
        target: 'builder',
        tags: [`r.example/acme/app:builder-${BRANCH}`, `acme/app:builder-${BRANCH}`],
        labelled: false,
        iidFile: 'builder.iid'
      },
      {
        stage: 'production',
        target: 'production',
        tags: tagPlan().productionTags,
        labelled: true,
        iidFile: 'production.iid'
      }
    ])
    expect(built.cacheFrom).toEqual(tagPlan().cacheFrom)
    expect(built.notes).toEqual([
      'build front end: buildkit: docker 20.10 builds with BuildKit; cache: inline'
    ])
  })

  it('a Dockerfile without the named stages is one build of its last stage, without builder tags', () => {
    const built = plan({ dockerfileText: 'FROM r.example/base:1\nRUN make\n' })
    expect(built.builderTags).toEqual([])
    expect(built.builds).toEqual([
      {
        stage: 'production',
        target: undefined,
        tags: tagPlan().productionTags,
        labelled: true,
        iidFile: 'last.iid'
      }
    ])
    expect(built.notes.slice(1)).toEqual([
      'no "builder" stage: one build, cached through the production image',
      'no "production" stage: the last stage is the production image'
    ])
  })

  it('explicit references win over the tag plan', () => {
    const built = plan({
      tags: ['acme/app:one', 'acme/app:two'],
      builderTags: ['acme/app:b'],
      cacheFrom: ['acme/app:c']
    })
    expect(built.productionTags).toEqual(['acme/app:one', 'acme/app:two'])
    expect(built.builds.map(build => build.tags)).toEqual([['acme/app:b'], ['acme/app:one', 'acme/app:two']])
    expect(built.cacheFrom).toEqual(['acme/app:c'])
  })

  it('refuses a stage the Dockerfile does not have', () => {
    expect(() => plan({ productionTarget: 'prod' })).toThrow(
      'Target "prod" is not a stage of app/Dockerfile; its stages are: builder, production.'
    )
  })
})

describe('planBuild: cache, pulls and the front end', () => {
  it.each([
    // front end, cache-mode input -> cache mode, cache images pulled first, bases pulled first, --pull
    ['buildkit', 'auto', BUILDKIT, 'inline', true, true, false],
    ['buildx (docker driver)', 'auto', BUILDX_DOCKER, 'inline', true, true, false],
    ['buildx (container)', 'auto', BUILDX_CONTAINER, 'registry', false, false, true],
    ['buildx (container)', 'inline', BUILDX_CONTAINER, 'inline', false, false, true]
  ] as const)('%s, cache-mode %s', (_name, cacheMode, frontend, mode, pullCache, pullBases, pullOnBuild) => {
    const built = plan({ cacheMode }, frontend)
    expect(built.cacheMode).toBe(mode)
    expect(built.pullCacheFirst).toBe(pullCache)
    expect(built.pullBaseImages).toEqual(pullBases ? ['r.example/base:1', 'r.example/runtime:2'] : undefined)
    expect(built.pullOnBuild).toBe(pullOnBuild)
  })

  it('pull: false pulls nothing and never adds --pull', () => {
    expect(plan({ pull: false }, BUILDKIT)).toMatchObject({ pullBaseImages: undefined, pullOnBuild: false })
    expect(plan({ pull: false }, BUILDX_CONTAINER)).toMatchObject({
      pullBaseImages: undefined,
      pullOnBuild: false
    })
  })

  it('registry cache reads the default branch and this branch, writes this branch (on the first image)', () => {
    expect(plan({}, BUILDX_CONTAINER).registryCache).toEqual({
      from: ['r.example/acme/app:buildcache-main', `r.example/acme/app:buildcache-${BRANCH}`],
      to: `r.example/acme/app:buildcache-${BRANCH}`
    })
    expect(plan({}, BUILDX_CONTAINER, 'push-main').registryCache).toEqual({
      from: ['r.example/acme/app:buildcache-main'],
      to: 'r.example/acme/app:buildcache-main'
    })
    expect(plan({}, BUILDKIT).registryCache).toBeUndefined()
  })

  it.each([
    ['buildkit', 'inline', BUILDKIT],
    ['buildx docker driver', 'inline', BUILDX_DOCKER],
    ['buildx container', 'registry', BUILDX_CONTAINER],
    ['buildx, driver unknown', 'registry', { kind: 'buildx', reason: '' } as Frontend]
  ] as const)('resolveCacheMode auto on %s: %s', (_name, mode, frontend) => {
    expect(resolveCacheMode('auto', frontend)).toBe(mode)
    expect(resolveCacheMode('inline', frontend)).toBe('inline')
  })
})

describe('planBuild: build args, labels and secrets', () => {
  it('adds the Dockerflow version.json as a build arg, unless the user set it', () => {
    const built = plan()
    expect(JSON.parse(built.buildArgs.get('DOCKERFLOW_VERSION_JSON') as string)).toEqual(
      tagPlan().versionJson
    )
    expect(built.buildArgs.get('A')).toBe('1')
    const own = plan({ buildArgs: new Map([['DOCKERFLOW_VERSION_JSON', '{}']]) })
    expect(own.buildArgs.get('DOCKERFLOW_VERSION_JSON')).toBe('{}')
  })

  it('labels: the tag plan, then the base image, then the user, in that order of keys', () => {
    const built = plan({
      labels: new Map([
        ['team', 'web'],
        ['org.opencontainers.image.base.name', 'mine'],
        ['org.opencontainers.image.revision', 'override']
      ])
    })
    const labels = imageLabels(built, {
      'org.opencontainers.image.base.name': 'r.example/runtime:2',
      'org.opencontainers.image.base.digest': 'sha256:1'
    })
    const computed = Object.keys(tagPlan().labels)
    expect([...labels.keys()]).toEqual([
      ...computed,
      'org.opencontainers.image.base.name',
      'org.opencontainers.image.base.digest',
      'team'
    ])
    expect(labels.get('org.opencontainers.image.revision')).toBe('override')
    expect(labels.get('org.opencontainers.image.base.name')).toBe('mine')
    expect(labels.get('org.opencontainers.image.base.digest')).toBe('sha256:1')
  })

  it('names one private file per secret', () => {
    const built = plan({
      secrets: new Map([
        ['npm', 'tok'],
        ['pip', 'key']
      ])
    })
    expect(built.secretFiles).toEqual([
      { id: 'npm', file: '0', value: 'tok' },
      { id: 'pip', file: '1', value: 'key' }
    ])
  })
})

describe('planBuild: the push decision', () => {
  it.each([
    // event, push input -> push, login, warning, why not pushed
    ['push-feature', 'auto', true, true, [], undefined],
    ['push-feature', 'true', true, true, [], undefined],
    ['push-feature', 'false', false, true, [], 'push: false: built, not pushed'],
    ['pull-request', 'auto', true, true, [], undefined],
    ['pull-request-fork', 'auto', false, false, [], 'pull request from a fork: built, not pushed'],
    [
      'pull-request-fork',
      'true',
      false,
      false,
      ['push: true ignored: pull requests from forks never push.'],
      'pull request from a fork: built, not pushed'
    ],
    ['pull-request-fork', 'false', false, false, [], 'pull request from a fork: built, not pushed'],
    ['pull-request-deleted-fork', 'auto', false, false, [], 'pull request from a fork: built, not pushed']
  ] as const)('%s with push: %s', (event, push, pushes, login, warnings, notPushed) => {
    const built = plan({ push }, BUILDKIT, event)
    expect(built.push).toBe(pushes)
    // A fork's build never gets the credentials; push: false still logs in (private base images).
    expect(built.login !== undefined).toBe(login)
    expect(built.warnings).toEqual(warnings)
    expect(built.notPushed).toBe(notPushed)
  })

  it('push-builder is handed on to publishing', () => {
    expect(plan({ pushBuilder: false }).pushBuilder).toBe(false)
    expect(plan().pushBuilder).toBe(true)
  })
})

describe('stageRequests: the plan with what the build step learnt', () => {
  it('one request per stage: cache refs that exist, labels on production only, files in the work directories', () => {
    const built = plan({ secrets: new Map([['npm', 'tok']]), network: 'host' }, BUILDKIT)
    const labels = new Map([['org.opencontainers.image.base.name', 'r.example/runtime:2']])
    const requests = stageRequests(built, {
      cacheFrom: ['r.example/acme/app:builder-main'],
      labels,
      workDir: '/work',
      secretsDir: '/secrets'
    })
    const common = {
      context: 'app',
      file: 'app/Dockerfile',
      buildArgs: built.buildArgs,
      secretFiles: [{ id: 'npm', file: '/secrets/0' }],
      cacheFrom: ['r.example/acme/app:builder-main'],
      cacheMode: 'inline',
      registryCache: undefined,
      platforms: [],
      network: 'host',
      pull: false
    }
    expect(requests).toEqual([
      {
        stage: 'builder',
        request: {
          ...common,
          target: 'builder',
          tags: built.builderTags,
          labels: new Map(),
          iidFile: '/work/builder.iid'
        }
      },
      {
        stage: 'production',
        request: {
          ...common,
          target: 'production',
          tags: built.productionTags,
          labels,
          iidFile: '/work/production.iid'
        }
      }
    ])
  })
})

describe('platform mode: one builder + production per platform, production pushed by digest', () => {
  const PLATFORMS = ['linux/amd64', 'linux/ARM64']

  it('gives each platform its own builder and cache refs; production has no tag', () => {
    const built = plan({ platforms: PLATFORMS, tags: ['r.example/acme/app:x', 'acme/app:x'] })
    expect(built.productionRepository).toBe('r.example/acme/app')
    expect(built.platformTargets?.map(target => [target.platform, target.slug])).toEqual([
      ['linux/amd64', 'linux-amd64'],
      ['linux/arm64', 'linux-arm64']
    ])
    const arm64 = built.platformTargets?.[1]
    expect(arm64?.builderTags).toEqual([
      `r.example/acme/app:builder-${BRANCH}-linux-arm64`,
      `acme/app:builder-${BRANCH}-linux-arm64`
    ])
    expect(arm64?.cacheFrom).toEqual([
      'r.example/acme/app:builder-main-linux-arm64',
      `r.example/acme/app:builder-${BRANCH}-linux-arm64`,
      'r.example/acme/app:main',
      `r.example/acme/app:${BRANCH}`
    ])
    expect(arm64?.builds).toEqual([
      expect.objectContaining({ stage: 'builder', platform: 'linux/arm64', tags: arm64?.builderTags }),
      expect.objectContaining({ stage: 'production', platform: 'linux/arm64', tags: [], labelled: true })
    ])
    expect(arm64?.builds.map(build => build.iidFile)).toEqual([
      'linux-arm64-builder.iid',
      'linux-arm64-production.iid'
    ])
    // Every platform's builder refs are published (or left pending) like today's one builder.
    expect(built.builderTags).toHaveLength(4)
    // Plain BuildKit: production is uploaded after all builds, not pushed by the build.
    expect(arm64?.builds[1].pushByDigest).toBeUndefined()
    expect(built.notes.at(-1)).toMatch(/platforms: linux\/amd64, linux\/arm64: one build each/)
  })

  it('a buildx container builder pushes production by digest at build time, only when the plan pushes', () => {
    const pushing = plan({ platforms: PLATFORMS, cacheMode: 'inline' }, BUILDX_CONTAINER)
    expect(pushing.platformTargets?.[0].builds[1].pushByDigest).toBe('r.example/acme/app')
    expect(pushing.platformTargets?.[0].builds[0].pushByDigest).toBeUndefined()
    const fork = plan({ platforms: PLATFORMS, cacheMode: 'inline' }, BUILDX_CONTAINER, 'pull-request-fork')
    expect(fork.platformTargets?.[0].builds[1].pushByDigest).toBeUndefined()
    // buildx's docker driver builds in the engine: loaded, then uploaded like plain BuildKit.
    const docker = plan({ platforms: PLATFORMS }, BUILDX_DOCKER)
    expect(docker.platformTargets?.[0].builds[1].pushByDigest).toBeUndefined()
  })

  it('registry cache refs are per platform too', () => {
    const built = plan({ platforms: PLATFORMS }, BUILDX_CONTAINER)
    expect(built.platformTargets?.[1].registryCache).toEqual({
      from: [
        'r.example/acme/app:buildcache-main-linux-arm64',
        `r.example/acme/app:buildcache-${BRANCH}-linux-arm64`
      ],
      to: `r.example/acme/app:buildcache-${BRANCH}-linux-arm64`
    })
  })

  it('one request per stage and platform, each with --platform and its cache refs', () => {
    const built = plan({ platforms: PLATFORMS }, BUILDX_CONTAINER)
    const target = built.platformTargets?.[1]
    const requests = stageRequests(
      built,
      { cacheFrom: ['r.example/acme/app:main'], labels: new Map(), workDir: '/work' },
      target
    )
    expect(requests.map(({ stage, platform, request }) => [stage, platform, request.platforms])).toEqual([
      ['builder', 'linux/arm64', ['linux/arm64']],
      ['production', 'linux/arm64', ['linux/arm64']]
    ])
    expect(requests[1].request.pushByDigest).toEqual({
      repository: 'r.example/acme/app',
      metadataFile: '/work/linux-arm64-production.metadata.json'
    })
    expect(requests[1].request.registryCache).toEqual(target?.registryCache)
  })

  it.each([
    [['linux'], /"linux" is not a platform; write <os>\/<architecture>/],
    [['linux/amd64', 'LINUX/AMD64'], /names linux\/amd64 twice/],
    [['linux/arm64/v8/x'], /is not a platform/]
  ])('refuses platforms %j', (platforms, message) => {
    expect(() => plan({ platforms })).toThrow(message)
  })
})
