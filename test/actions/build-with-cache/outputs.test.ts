import { describe, expect, it } from '@jest/globals'
import { type BuildSettings, planBuild } from '../../../src/lib/build/plan.js'
import type { StageResult } from '../../../src/lib/build/run.js'
import type { DockerBuilder } from '../../../src/lib/docker/frontend.js'
import { type BuildReport, buildOutputs } from '../../../src/actions/build-with-cache/outputs.js'
import { samplePlan } from '../../support/tag-plans.js'

const DIGEST = `sha256:${'a'.repeat(64)}`
const frontend: DockerBuilder = {
  kind: 'buildkit',
  docker: '/usr/bin/docker',
  clientVersion: '20.10.24',
  reason: ''
}
const tags = samplePlan()
const settings: BuildSettings = {
  context: '.',
  file: 'Dockerfile',
  dockerfileText: 'FROM scratch AS builder\nFROM scratch AS production\n',
  tags: [],
  buildArgs: new Map(),
  labels: new Map(),
  secrets: new Map(),
  push: 'auto',
  pushBuilder: false,
  cacheMode: 'auto',
  platforms: [],
  pull: true
}
const step = (stage: string, cached: boolean) => ({
  id: 1,
  stage,
  position: '1/1',
  instruction: 'RUN x',
  cached,
  done: true
})
const results: StageResult[] = [
  {
    stage: 'builder',
    result: {
      ok: true,
      stats: { total: 2, cached: 2, built: 0 },
      steps: [step('builder', true), step('builder', true)],
      seconds: 1.5,
      imageId: 'sha256:b',
      error: ''
    }
  },
  {
    stage: 'production',
    result: {
      ok: true,
      stats: { total: 1, cached: 0, built: 1 },
      steps: [step('production', false)],
      seconds: 2,
      imageId: 'sha256:p',
      error: ''
    }
  }
]
/** The cache output for `results`: the builder stage from cache, production built. */
const RESULTS_CACHE = {
  total: 3,
  cached: 2,
  built: 1,
  stages: {
    builder: { total: 2, cached: 2, built: 0, seconds: 1.5 },
    production: { total: 1, cached: 0, built: 1, seconds: 2 }
  }
}

function report(extra: Partial<BuildReport> = {}): BuildReport {
  return {
    frontend,
    plan: planBuild(settings, tags, frontend),
    cacheFrom: ['ghcr.io/acme/app:builder-main'],
    labels: new Map([['a', 'b']]),
    versionJson: tags.versionJson,
    results,
    ...extra
  }
}

describe('build-with-cache outputs', () => {
  it('after a push: the digest, the image on the first name, what was pushed and what is pending', () => {
    const outputs = buildOutputs(
      report({
        published: {
          digest: DIGEST,
          builderDigest: undefined,
          pushed: tags.productionTags,
          builderPending: ['ghcr.io/acme/app:builder-main']
        }
      })
    )
    expect(outputs).toMatchObject({
      digest: DIGEST,
      image: `ghcr.io/acme/app@${DIGEST}`,
      'builder-digest': '',
      'builder-pending': ['ghcr.io/acme/app:builder-main'],
      'image-id': 'sha256:p',
      tags: tags.productionTags,
      docker: '/usr/bin/docker',
      pushed: true,
      cache: RESULTS_CACHE
    })
    expect(outputs.metadata).toMatchObject({
      frontend: { kind: 'buildkit', docker: '/usr/bin/docker', version: '20.10.24' },
      cacheMode: 'inline',
      imageId: 'sha256:p',
      pushed: tags.productionTags,
      cacheFrom: ['ghcr.io/acme/app:builder-main'],
      labels: { a: 'b' },
      versionJson: tags.versionJson,
      stages: [
        { stage: 'builder', seconds: 1.5, total: 2, steps: results[0].result.steps },
        { stage: 'production', seconds: 2, total: 1, steps: results[1].result.steps }
      ]
    })
  })

  it('not pushed: empty digest and image, nothing pending, the local image ID', () => {
    const outputs = buildOutputs(report({ plan: planBuild({ ...settings, push: 'false' }, tags, frontend) }))
    expect(outputs).toMatchObject({
      digest: '',
      image: '',
      'builder-digest': '',
      'builder-pending': [],
      'image-id': 'sha256:p',
      pushed: false
    })
    expect(outputs.metadata).toMatchObject({ pushed: [], digest: undefined, image: undefined })
  })
})

describe('build-with-cache outputs in platform mode', () => {
  const platformResults: StageResult[] = ['linux/amd64', 'linux/arm64'].flatMap(platform =>
    results.map(result => ({ ...result, platform }))
  )
  const platformReport = (published?: BuildReport['published']): BuildReport =>
    report({
      plan: planBuild({ ...settings, platforms: ['linux/amd64', 'linux/arm64'] }, tags, frontend),
      results: platformResults,
      published
    })

  it('platform-digests as one JSON array; no single digest, image or image ID; cache per platform', () => {
    const platformDigests = [
      { platform: 'linux/amd64', digest: DIGEST },
      { platform: 'linux/arm64', digest: `sha256:${'b'.repeat(64)}` }
    ]
    const outputs = buildOutputs(
      platformReport({
        pushed: platformDigests.map(({ digest }) => `ghcr.io/acme/app@${digest}`),
        builderPending: [
          'ghcr.io/acme/app:builder-main-linux-amd64',
          'ghcr.io/acme/app:builder-main-linux-arm64'
        ],
        platformDigests
      })
    )
    expect(JSON.parse(outputs['platform-digests'] as string)).toEqual(platformDigests)
    expect(outputs).toMatchObject({ digest: '', image: '', 'image-id': '' })
    expect(outputs['builder-pending']).toEqual([
      'ghcr.io/acme/app:builder-main-linux-amd64',
      'ghcr.io/acme/app:builder-main-linux-arm64'
    ])
    expect(outputs.cache).toEqual({
      total: 6,
      cached: 4,
      built: 2,
      stages: {},
      platforms: {
        'linux/amd64': RESULTS_CACHE,
        'linux/arm64': expect.objectContaining({ total: 3, cached: 2, built: 1 })
      }
    })
  })

  it('nothing pushed: an empty array; without platforms the output is empty', () => {
    expect(buildOutputs(platformReport())['platform-digests']).toBe('[]')
    expect(buildOutputs(report())['platform-digests']).toBe('')
  })
})
