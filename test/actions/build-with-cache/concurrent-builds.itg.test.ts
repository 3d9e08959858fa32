import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from '../../support/action-runner.js'
import { registryTags, testBench, uniqueRepository } from '../../support/bench.js'
import { loadEvent } from '../../support/events.js'

/** The production build starts beside the builder's: what is counted, what is published on failure. */
describe('build-with-cache: builder and production built at once (real engine + registry)', () => {
  async function build(dockerfile: string) {
    const context = mkdtempSync(join(tmpdir(), 'concurrent-app-'))
    writeFileSync(join(context, 'Dockerfile'), dockerfile)
    const repository = uniqueRepository('acme/concurrent')
    const fixture = loadEvent('push-main')
    try {
      const run = await runAction('build-with-cache', {
        inputs: { images: `${testBench().registry}/${repository}`, context, network: 'host' },
        env: { ...fixture.env, DOCKER_ACTIONS_DOCKER: testBench().dockerClient },
        event: fixture.payload
      })
      return { run, repository }
    } finally {
      rmSync(context, { recursive: true, force: true })
    }
  }

  it('a failing builder step fails the builder build and publishes nothing', async () => {
    const { run, repository } = await build(
      `FROM ${testBench().baseImage} AS builder\nRUN echo builder failing && exit 4\nFROM ${testBench().baseImage} AS production\nCOPY --from=builder /etc/hostname /x\n`
    )
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(/::error::The builder build failed; nothing was pushed/)
    expect(run.stdout).toMatch(/RUN echo builder failing && exit 4/)
    expect(await registryTags(repository)).toEqual([])
  }, 180_000)

  it('counts each Dockerfile step once, in the stage that has it, with both logs in their own groups', async () => {
    const { run } = await build(
      `FROM ${testBench().baseImage} AS builder\nRUN echo one > /one\nRUN echo two > /two\nFROM ${testBench().baseImage} AS production\nRUN echo three > /three\nCOPY --from=builder /two /two\n`
    )
    expect(run.exitCode).toBe(0)
    const metadata = JSON.parse(run.outputs.metadata) as {
      stages: Array<{ stage: string; total: number; steps: Array<{ instruction: string }> }>
    }
    expect(
      metadata.stages.map(({ stage, steps }) => [stage, steps.map(step => step.instruction).sort()])
    ).toEqual([
      ['builder', ['RUN echo one > /one', 'RUN echo two > /two']],
      ['production', ['COPY --from=builder /two /two', 'RUN echo three > /three']]
    ])
    expect(JSON.parse(run.outputs.cache)).toMatchObject({ total: 4 })
    const builderGroup = run.stdout.indexOf('::group::Build builder')
    const productionGroup = run.stdout.indexOf('::group::Build production')
    expect(builderGroup).toBeGreaterThanOrEqual(0)
    expect(productionGroup).toBeGreaterThan(builderGroup)
    expect(run.stdout.slice(productionGroup)).toMatch(/RUN echo three/)
  }, 180_000)
})
