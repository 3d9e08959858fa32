import { describe, expect, it } from '@jest/globals'
import { groupByRepository } from '../../../src/lib/build/publish.js'

describe('publishing a build', () => {
  it('one push per repository, in the order given; the other references become tags of it', () => {
    expect(
      groupByRepository([
        'ghcr.io/acme/app:main',
        'acme/app:main',
        'ghcr.io/acme/app:0123',
        'docker.io/acme/app:0123',
        'ghcr.io/acme/other:main'
      ])
    ).toEqual([
      ['ghcr.io/acme/app:main', 'ghcr.io/acme/app:0123'],
      ['acme/app:main', 'docker.io/acme/app:0123'],
      ['ghcr.io/acme/other:main']
    ])
    expect(groupByRepository([])).toEqual([])
  })
})

describe('platform mode: the images to publish', () => {
  it('takes each platform production build (not its builder), with its image or the digest buildx pushed', async () => {
    const { planBuild } = await import('../../../src/lib/build/plan.js')
    const { platformImagesOf } = await import('../../../src/lib/build/run.js')
    const { samplePlan } = await import('../../support/tag-plans.js')
    const { sampleBuildSettings } = await import('../../support/build-settings.js')
    const plan = planBuild(sampleBuildSettings({ platforms: ['linux/amd64', 'linux/arm64'] }), samplePlan(), {
      kind: 'buildkit',
      reason: ''
    })
    const built = (imageId?: string, pushedDigest?: string) => ({
      ok: true,
      stats: { total: 0, cached: 0, built: 0 },
      steps: [],
      seconds: 0,
      imageId,
      pushedDigest,
      error: ''
    })
    const digest = `sha256:${'d'.repeat(64)}`
    expect(
      platformImagesOf(plan, [
        { stage: 'builder', platform: 'linux/amd64', result: built('sha256:b1') },
        { stage: 'production', platform: 'linux/amd64', result: built('sha256:p1') },
        { stage: 'builder', platform: 'linux/arm64', result: built('sha256:b2') },
        { stage: 'production', platform: 'linux/arm64', result: built(undefined, digest) }
      ])
    ).toEqual([
      { platform: 'linux/amd64', imageId: 'sha256:p1', pushedDigest: undefined },
      { platform: 'linux/arm64', imageId: undefined, pushedDigest: digest }
    ])
  })
})
