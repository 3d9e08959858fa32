import { describe, expect, it } from '@jest/globals'
import { type BuildRequest, getBuildArgs } from '../../../src/lib/docker/build-args.js'
import { metadataDigest } from '../../../src/lib/docker/build.js'
import { dockerCandidates, majorVersion } from '../../../src/lib/docker/frontend.js'
import { ProgressParser } from '../../../src/lib/docker/progress.js'
import { planStages } from '../../../src/lib/build/stages.js'
import { parseDockerfile } from '../../../src/lib/dockerfile/parse.js'

const request = (extra: Partial<BuildRequest> = {}): BuildRequest => ({
  context: '.',
  file: 'Dockerfile',
  target: 'production',
  tags: ['r/app:main', 'r/app:dev-1'],
  buildArgs: new Map([['A', 'x=y']]),
  labels: new Map([['org.opencontainers.image.revision', 'abc']]),
  secretFiles: [],
  cacheFrom: ['r/app:builder-main', 'r/app:main'],
  cacheMode: 'inline',
  platforms: [],
  ...extra
})

describe('build arguments', () => {
  it('plain BuildKit client: inline cache, every cache-from, tags, labels, args as separate items', () => {
    expect(getBuildArgs({ kind: 'buildkit' }, request({ network: 'host', iidFile: '/tmp/iid' }))).toEqual([
      'build',
      '--progress=plain',
      '--file',
      'Dockerfile',
      '--target',
      'production',
      '--network',
      'host',
      '--tag',
      'r/app:main',
      '--tag',
      'r/app:dev-1',
      '--label',
      'org.opencontainers.image.revision=abc',
      '--build-arg',
      'A=x=y',
      '--build-arg',
      'BUILDKIT_INLINE_CACHE=1',
      '--cache-from',
      'r/app:builder-main',
      '--cache-from',
      'r/app:main',
      '--iidfile',
      '/tmp/iid',
      '.'
    ])
  })

  it('buildx with registry cache: --load, cache-to with mode=max, secrets as files', () => {
    const args = getBuildArgs(
      { kind: 'buildx' },
      request({
        cacheMode: 'registry',
        cacheFrom: [],
        registryCache: { from: ['r/app:buildcache-main'], to: 'r/app:buildcache-feature' },
        secretFiles: [{ id: 'npm', file: '/tmp/s/0' }],
        platforms: ['linux/arm64']
      })
    )
    expect(args).toEqual(expect.arrayContaining(['--platform', 'linux/arm64']))
    expect(args.slice(0, 3)).toEqual(['buildx', 'build', '--load'])
    expect(args).toEqual(expect.arrayContaining(['--cache-from', 'type=registry,ref=r/app:buildcache-main']))
    expect(args).toEqual(
      expect.arrayContaining(['--cache-to', 'type=registry,ref=r/app:buildcache-feature,mode=max'])
    )
    expect(args).toEqual(expect.arrayContaining(['--secret', 'id=npm,src=/tmp/s/0']))
    expect(args).not.toContain('BUILDKIT_INLINE_CACHE=1')
  })

  it.each([
    [{ platforms: ['linux/amd64', 'linux/arm64'] }, /needs buildx/],
    [{ cacheMode: 'registry' as const }, /cache-mode: registry needs buildx/],
    [
      { pushByDigest: { repository: 'r/app', metadataFile: '/m.json' } },
      /Push by digest at build time needs buildx/
    ]
  ])('refuses %j without buildx', (extra, message) => {
    expect(() => getBuildArgs({ kind: 'buildkit' }, request(extra))).toThrow(message)
  })

  it('plain BuildKit: one platform per build, with --platform', () => {
    const args = getBuildArgs({ kind: 'buildkit' }, request({ platforms: ['linux/arm64'] }))
    expect(args).toEqual(expect.arrayContaining(['--platform', 'linux/arm64']))
  })

  it('buildx never loads several platforms (the docker exporter takes one image)', () => {
    expect(() =>
      getBuildArgs({ kind: 'buildx' }, request({ platforms: ['linux/amd64', 'linux/arm64'] }))
    ).toThrow(/--load takes one platform/)
  })

  it.each([[['linux/arm64']], [['linux/amd64', 'linux/arm64']]])(
    'buildx pushes %j by digest: untagged, no attestations, digest in the metadata file',
    platforms => {
      const args = getBuildArgs(
        { kind: 'buildx' },
        request({ platforms, pushByDigest: { repository: 'r/app', metadataFile: '/w/p.metadata.json' } })
      )
      expect(args.slice(0, 9)).toEqual([
        'buildx',
        'build',
        '--output',
        'type=image,name=r/app,push-by-digest=true,name-canonical=true,push=true',
        '--provenance=false',
        '--sbom=false',
        '--metadata-file',
        '/w/p.metadata.json',
        '--progress=plain'
      ])
      expect(args).not.toContain('--load')
      expect(args).not.toContain('--tag')
      expect(args.filter(arg => arg.startsWith('linux/'))).toEqual(platforms)
      expect(args).toEqual(expect.arrayContaining(['--build-arg', 'BUILDKIT_INLINE_CACHE=1']))
    }
  )

  it('reads the pushed digest from buildx metadata, and refuses metadata without one', () => {
    const digest = `sha256:${'a'.repeat(64)}`
    expect(metadataDigest(JSON.stringify({ 'containerimage.digest': digest }))).toBe(digest)
    expect(() => metadataDigest('{}')).toThrow(/names no containerimage.digest/)
    expect(() => metadataDigest('not json')).toThrow(/names no containerimage.digest/)
  })
})

describe('front-end detection helpers', () => {
  it('orders candidates: DOCKER_ACTIONS_DOCKER, docker, /usr/bin/docker', () => {
    expect(dockerCandidates({ DOCKER_ACTIONS_DOCKER: '/opt/docker' })).toEqual([
      '/opt/docker',
      'docker',
      '/usr/bin/docker'
    ])
    expect(dockerCandidates({})).toEqual(['docker', '/usr/bin/docker'])
  })
  it.each([
    ['20.10.24+dfsg1', 20],
    ['28.5.1', 28],
    ['dev', 0]
  ])('major of %s is %d', (version, major) => {
    expect(majorVersion(version)).toBe(major)
  })
})

describe('BuildKit plain progress', () => {
  it('counts Dockerfile steps, cached and built, and names the failing step', () => {
    const parser = new ProgressParser()
    for (const line of [
      '#1 [internal] load build definition from Dockerfile',
      '#4 [builder 1/4] FROM 127.0.0.1:5000/base/busybox:1',
      '#5 [builder 2/4] COPY deps.txt ./',
      '#5 CACHED',
      '#6 [builder 3/4] RUN sh build-deps.sh',
      '#6 0.512 built left-pad',
      '#6 DONE 8.4s',
      '#7 [production 2/2] RUN exit 3',
      '#7 ERROR: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3'
    ])
      parser.push(line)
    expect(parser.stats()).toEqual({ total: 3, cached: 1, built: 2 })
    expect(parser.records().find(step => step.id === 6)).toMatchObject({
      done: true,
      seconds: 8.4,
      cached: false
    })
    expect(parser.failedStep()).toMatchObject({ stage: 'production', instruction: 'RUN exit 3' })
  })
})

describe('stage plan', () => {
  const twoStages = parseDockerfile('FROM a AS builder\nFROM builder AS production\n')
  it('uses builder and production when present', () => {
    expect(planStages(twoStages)).toMatchObject({ builder: 'builder', production: 'production' })
  })
  it('builds a single-stage Dockerfile as one target', () => {
    expect(planStages(parseDockerfile('FROM a\nRUN x\n'))).toMatchObject({
      builder: undefined,
      production: undefined
    })
  })
  it('refuses a named stage that does not exist, listing the stages', () => {
    expect(() => planStages(twoStages, 'deps')).toThrow(
      /Target "deps" is not a stage of Dockerfile; its stages are: builder, production/
    )
  })
})
