import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type ActionRun, runAction } from '../../support/action-runner.js'
import { docker, registryTags, testBench, uniqueRepository } from '../../support/bench.js'
import { loadEvent } from '../../support/events.js'

interface Step {
  stage: string
  instruction: string
  cached: boolean
}
interface Metadata {
  stages: Array<{ stage: string; steps: Step[] }>
  pushed: string[]
}

/** Removes every image and all build cache: the engine is as empty as a fresh CI runner's. */
async function wipeEngine(): Promise<void> {
  const ids = (await docker(['images', '--all', '--quiet'])).split('\n').filter(Boolean)
  if (ids.length > 0) await docker(['rmi', '--force', ...new Set(ids)])
  await docker(['builder', 'prune', '--all', '--force'])
  expect((await docker(['images', '--all', '--quiet'])).trim()).toBe('')
}

function steps(run: ActionRun): Step[] {
  const metadata = JSON.parse(run.outputs.metadata) as Metadata
  return metadata.stages.flatMap(stage => stage.steps)
}

/** Whether the step whose instruction starts with `prefix` came from cache. */
function cachedStep(run: ActionRun, prefix: string): boolean {
  const step = steps(run).find(candidate => candidate.instruction.startsWith(prefix))
  if (!step)
    throw new Error(
      `no step "${prefix}" in ${steps(run)
        .map(s => s.instruction)
        .join(' | ')}`
    )
  return step.cached
}

describe('build-with-cache on the real engine + registry (examples/app)', () => {
  let app: string
  let image: string
  let repository: string
  const build = (event: string, extra: Record<string, string> = {}, context?: string): Promise<ActionRun> => {
    const fixture = loadEvent(event)
    return runAction('build-with-cache', {
      inputs: {
        images: image,
        context: context ?? app,
        network: 'host',
        'build-args': `BASE_IMAGE=${testBench().baseImage}`,
        ...extra
      },
      env: { ...fixture.env, DOCKER_ACTIONS_DOCKER: testBench().dockerClient },
      event: fixture.payload
    })
  }

  beforeAll(() => {
    app = mkdtempSync(join(tmpdir(), 'example-app-'))
    cpSync(resolve('examples/app'), app, { recursive: true })
    repository = uniqueRepository('acme/example')
    image = `${testBench().registry}/${repository}`
  })
  afterAll(() => rmSync(app, { recursive: true, force: true }))

  /**
   * One code change per version, each built on a wiped engine (a fresh runner): the dependency step
   * stays cached, and so does the production stage's own step (from the production cache image, which
   * also loses its records on the default branch when read from the registry instead of pulled).
   */
  const codeChangesKeepDependencyCache = async (event: string, versions: string[]): Promise<void> => {
    for (const version of versions) {
      writeFileSync(join(app, 'src', 'VERSION'), `${version}\n`)
      await wipeEngine()
      const run = await build(event)
      expect(run.exitCode).toBe(0)
      expect([version, cachedStep(run, 'RUN sh build-deps.sh')]).toEqual([version, true])
      expect([version, cachedStep(run, 'COPY src/')]).toEqual([version, false])
      expect([version, cachedStep(run, "RUN echo 'app:x")]).toEqual([version, true])
    }
  }

  it('first build on main pushes the builder and production tags', async () => {
    await wipeEngine()
    const run = await build('push-main')
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    const sha = loadEvent('push-main').env.GITHUB_SHA
    const tags = await registryTags(repository)
    expect(tags).toEqual(expect.arrayContaining(['builder-main', 'main', sha]))
    expect(tags.filter(tag => tag.startsWith(`dev-${sha}-`))).toHaveLength(1)
    expect(run.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(run.outputs.image).toBe(`${image}@${run.outputs.digest}`)
    expect(run.outputs['builder-digest']).toMatch(/^sha256:/)
    expect(cachedStep(run, 'RUN sh build-deps.sh')).toBe(false)
    expect(JSON.parse(run.outputs.cache)).toMatchObject({
      cached: expect.any(Number),
      built: expect.any(Number)
    })
    expect(run.summary).toContain('build-with-cache')
    expect(run.stdout).toContain('build front end: buildkit')

    // version.json and the base-image labels are in the image.
    await docker(['pull', run.outputs.image])
    const labels = JSON.parse(
      await docker(['inspect', '--format', '{{json .Config.Labels}}', run.outputs.image])
    ) as Record<string, string>
    expect(labels['org.opencontainers.image.revision']).toBe(sha)
    expect(labels['org.opencontainers.image.base.name']).toBe(testBench().baseImage)
    expect(labels['org.opencontainers.image.base.digest']).toMatch(/^sha256:/)
    const versionJson = await docker([
      'run',
      '--rm',
      '--network',
      'host',
      '--entrypoint',
      'cat',
      run.outputs.image,
      '/app/version.json'
    ])
    expect(JSON.parse(versionJson)).toMatchObject({
      commit: sha,
      source: expect.stringContaining('github.com')
    })
  }, 180_000)

  it('a feature branch on a wiped engine reuses the dependency layers from the registry', async () => {
    await wipeEngine()
    const run = await build('push-feature')
    expect(run.exitCode).toBe(0)
    expect(cachedStep(run, 'RUN sh build-deps.sh')).toBe(true)
    expect(cachedStep(run, 'COPY src/')).toBe(true)
    expect(await registryTags(repository)).toEqual(
      expect.arrayContaining(['builder-feature-TEVA-1296-Alert_filters-fd7498dd'])
    )
  }, 180_000)

  it('a code-only change rebuilds only the steps after the source copy', async () => {
    writeFileSync(join(app, 'src', 'VERSION'), '1.0.1\n')
    await wipeEngine()
    const run = await build('push-feature')
    expect(run.exitCode).toBe(0)
    expect(cachedStep(run, 'COPY deps.txt')).toBe(true)
    expect(cachedStep(run, 'RUN sh build-deps.sh')).toBe(true)
    expect(cachedStep(run, 'COPY bin/')).toBe(true)
    expect(cachedStep(run, 'COPY src/')).toBe(false)
    expect(cachedStep(run, 'RUN mkdir -p /out/app')).toBe(false)
  }, 180_000)

  it('consecutive code changes keep the dependency cache (each builder was itself built from cache)', async () => {
    // Regression: Docker 20.10's BuildKit dropped inline-cache records when re-exporting an image
    // built from cache, so every second build rebuilt everything (moby/buildkit#1981).
    await codeChangesKeepDependencyCache('push-feature', ['1.0.2', '1.0.3', '1.0.4'])
  }, 300_000)

  it('an unchanged builder is not pushed again', async () => {
    await wipeEngine()
    const run = await build('push-feature')
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(
      'builder-feature-TEVA-1296-Alert_filters-fd7498dd already holds these layers: not re-pushed'
    )
    // (toContain compares with ===: it cannot take an asymmetric matcher, so the refs are filtered.)
    const pushed = (JSON.parse(run.outputs.metadata) as Metadata).pushed
    expect(pushed.filter(ref => ref.includes(':builder-'))).toEqual([])
    expect(pushed.length).toBeGreaterThan(0) // the production tags were pushed
    expect(run.outputs['builder-digest']).toMatch(/^sha256:[a-f0-9]{64}$/) // the registry's identical image
  }, 180_000)

  it('consecutive code changes on the default branch keep the dependency cache (every cache image built from cache)', async () => {
    // The harder case of moby/buildkit#1981: on main, builder-main and main are themselves re-exported
    // from cache by each build, so no cache source is a cold build any more.
    await codeChangesKeepDependencyCache('push-main', ['2.0.1', '2.0.2', '2.0.3'])
  }, 300_000)

  it('a dependency change rebuilds the dependency step', async () => {
    appendFileSync(join(app, 'deps.txt'), 'retry-policy 3.0.0\n')
    await wipeEngine()
    const run = await build('push-feature')
    expect(run.exitCode).toBe(0)
    expect(cachedStep(run, 'COPY deps.txt')).toBe(false)
    expect(cachedStep(run, 'RUN sh build-deps.sh')).toBe(false)
  }, 180_000)

  it('a pull request from a fork builds (with cache) but pushes nothing and needs no credentials', async () => {
    const before = await registryTags(repository)
    const run = await build('pull-request-fork', {
      registry: testBench().registry,
      username: 'x',
      password: 'never-used-secret'
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.pushed).toBe('false')
    expect(run.outputs.digest).toBe('')
    expect(run.outputs['image-id']).toMatch(/^sha256:/)
    expect(run.stdout).not.toMatch(/logged in/)
    expect(run.stdout).toContain('pull request from a fork: built, not pushed')
    expect(await registryTags(repository)).toEqual(before)
  }, 180_000)

  it('a failing RUN pushes nothing, and says which step failed', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'broken-app-'))
    const failing = uniqueRepository('acme/broken')
    writeFileSync(
      join(broken, 'Dockerfile'),
      `FROM ${testBench().baseImage} AS builder\nRUN echo ok > /ok\nFROM builder AS production\nRUN echo about to fail && exit 3\n`
    )
    const fixture = loadEvent('push-main')
    const run = await runAction('build-with-cache', {
      inputs: { images: `${testBench().registry}/${failing}`, context: broken, network: 'host' },
      env: { ...fixture.env, DOCKER_ACTIONS_DOCKER: testBench().dockerClient },
      event: fixture.payload
    })
    rmSync(broken, { recursive: true, force: true })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(/::error::The production build failed; nothing was pushed/)
    expect(run.stdout).toMatch(/RUN echo about to fail && exit 3/)
    expect(await registryTags(failing)).toEqual([])
    expect(run.outputs.digest).toBeUndefined()
  }, 120_000)

  it.each([
    [{ file: 'nope/Dockerfile' }, /Dockerfile "nope\/Dockerfile" not found/],
    [
      { 'production-target': 'prod' },
      /Target "prod" is not a stage of .*its stages are: builder, production/
    ],
    [{ 'build-args': 'NOT A PAIR' }, /Input "build-args": "NOT A PAIR" is not KEY=value/],
    [{ images: 'acme/app:latest' }, /must be a name without tag or digest/],
    [
      { 'tag-plan': '{"preset": "branch-cache"' },
      /Input "tag-plan" is not a compute-tags plan: it is not JSON/
    ]
  ])('refuses %j with an actionable message', async (inputs, message) => {
    const run = await build('push-main', inputs as Record<string, string>)
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(message)
  })
})
