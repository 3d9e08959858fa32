import { describe, expect, it } from '@jest/globals'
import { planBuild } from '../../../src/lib/build/plan.js'
import { buildTogether, rebuiltBuilderTags, withStepsSeenBy } from '../../../src/lib/build/run.js'
import type { BuildResult } from '../../../src/lib/docker/build.js'
import type { StepRecord } from '../../../src/lib/docker/progress.js'
import { sampleBuildSettings } from '../../support/build-settings.js'
import { samplePlan } from '../../support/tag-plans.js'

const step = (id: number, stage: string, position: string, cached: boolean): StepRecord => ({
  id,
  stage,
  position,
  instruction: `RUN step ${id}`,
  cached,
  done: !cached
})

const result = (steps: StepRecord[]): BuildResult => {
  const cached = steps.filter(s => s.cached).length
  return {
    ok: true,
    stats: { total: steps.length, cached, built: steps.length - cached },
    steps,
    seconds: 1,
    error: ''
  }
}

function plan(platforms: string[] = []) {
  return planBuild(
    sampleBuildSettings({
      dockerfileText: 'FROM a AS builder\nRUN make\nFROM a AS production\nCOPY --from=builder /out /app\n',
      platforms
    }),
    samplePlan(),
    { kind: 'buildkit', reason: '' }
  )
}

describe('builder and production built at once', () => {
  it('run together, except when a build pushes by digest as it builds (buildx container builder)', () => {
    expect(buildTogether([{}, {}])).toBe(true)
    expect(buildTogether([{}])).toBe(false)
    expect(buildTogether([{}, { pushByDigest: { repository: 'r', metadataFile: 'f' } }])).toBe(false)
  })

  it('counts each builder step once, whichever build BuildKit reported it to', () => {
    // BuildKit reports a step both builds need to the build that started it first.
    const builder = result([step(1, 'builder', '2/3', true)])
    const production = result([
      step(1, 'builder', '2/3', true),
      step(2, 'builder', '3/3', false),
      step(3, 'production', '2/2', false)
    ])
    const merged = withStepsSeenBy(builder, [production], 'builder')
    expect(merged.steps.map(s => `${s.stage} ${s.position}`)).toEqual(['builder 2/3', 'builder 3/3'])
    expect(merged.stats).toEqual({ total: 2, cached: 1, built: 1 })
    // Nothing missing: the result as it was.
    expect(withStepsSeenBy(production, [builder], 'builder')).toBe(production)
  })
})

describe('builders whose build ran steps', () => {
  const steps = (built: boolean) => result([step(1, 'builder', '2/2', !built)])

  it('are pushed without asking the registry whether it holds them (their layers are new)', () => {
    const one = plan()
    expect(
      rebuiltBuilderTags(one, [
        { stage: 'builder', result: steps(true) },
        { stage: 'production', result: steps(true) }
      ])
    ).toEqual(one.builderTags)
    expect(rebuiltBuilderTags(one, [{ stage: 'builder', result: steps(false) }])).toEqual([])
  })

  it('are named per platform in platform mode', () => {
    const two = plan(['linux/amd64', 'linux/arm64'])
    const tags = rebuiltBuilderTags(two, [
      { stage: 'builder', platform: 'linux/amd64', result: steps(false) },
      { stage: 'builder', platform: 'linux/arm64', result: steps(true) }
    ])
    expect(tags.length).toBeGreaterThan(0)
    expect(tags.every(tag => tag.endsWith('-linux-arm64'))).toBe(true)
  })
})
