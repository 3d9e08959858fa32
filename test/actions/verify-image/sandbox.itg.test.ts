/**
 * How verify-image runs the image it checks (an untrusted build: a fork's pull request can reach
 * it): the container is inspected on the real engine while the action runs, the action is sent
 * SIGTERM/SIGINT (a cancelled job) and SIGKILL, and the post step removes what is left.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { runAction } from '../../support/action-runner.js'
import { docker, testBench } from '../../support/bench.js'
import { loadEvent } from '../../support/events.js'
import { exampleAppBuildArgs } from '../../support/example-app.js'

// Spelled out, not imported: the label is how people and scripts find these containers.
const LABEL = 'io.github.docker-actions.verify-image'
const event = loadEvent('push-main')
const COMMIT = event.env.GITHUB_SHA as string

interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  outputs: Record<string, string>
  /** What the main step saved for its post step. */
  state: Record<string, string>
}

interface Started {
  child: ChildProcess
  exited: Promise<Exit>
}

/** Starts the committed bundle as the runner does, and hands back the process to signal it. */
function startAction(inputs: Record<string, string>): Started {
  let child: ChildProcess | undefined
  const exited = runAction('verify-image', {
    inputs,
    env: { ...event.env, DOCKER_ACTIONS_DOCKER: testBench().dockerClient },
    event: event.payload,
    onSpawn: started => (child = started)
  }).then(run => ({
    code: run.signal ? null : run.exitCode,
    signal: run.signal,
    stdout: run.stdout + run.stderr,
    outputs: run.outputs,
    state: run.state
  }))
  return { child: child as unknown as ChildProcess, exited }
}

/** IDs of the containers carrying the verify label (any run, running or not). */
async function labelled(runId?: string): Promise<string[]> {
  const filter = runId ? `label=${LABEL}=${runId}` : `label=${LABEL}`
  const out = await docker(['ps', '--all', '--quiet', '--filter', filter])
  return out.split('\n').filter(Boolean)
}

/** Polls until the action's container exists and runs: it is inspected during the verify run. */
async function waitForVerifyContainer(timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const [id] = (await docker(['ps', '--quiet', '--filter', `label=${LABEL}`])).split('\n').filter(Boolean)
    if (id) return id
    await sleep(100)
  }
  throw new Error('no verify container appeared')
}

interface Inspected {
  Config: { User: string; Labels: Record<string, string> }
  HostConfig: {
    CapDrop: string[] | null
    CapAdd: string[] | null
    SecurityOpt: string[] | null
    Memory: number
    MemorySwap: number
    NanoCpus: number
    PidsLimit: number | null
    ReadonlyRootfs: boolean
    Privileged: boolean
    NetworkMode: string
  }
}

async function inspect(id: string): Promise<Inspected> {
  return (JSON.parse(await docker(['inspect', id])) as Inspected[])[0]
}

function expectConfined(container: Inspected): void {
  expect(container.HostConfig.CapDrop).toEqual(['ALL'])
  expect(container.HostConfig.CapAdd ?? []).toEqual([])
  expect(container.HostConfig.SecurityOpt).toContain('no-new-privileges')
  expect(container.HostConfig.Privileged).toBe(false)
  expect(container.HostConfig.Memory).toBe(512 * 1024 * 1024)
  expect(container.HostConfig.MemorySwap).toBe(512 * 1024 * 1024)
  expect(container.HostConfig.NanoCpus).toBe(1e9)
  expect(container.HostConfig.PidsLimit).toBe(256)
  expect(container.HostConfig.ReadonlyRootfs).toBe(true)
  // Not isolated, and documented as such (actions/verify-image/README.md, "How the image is run").
  expect(container.HostConfig.NetworkMode).toBe('host')
  expect(container.Config.Labels[LABEL]).toMatch(/^\d+-[0-9a-f]{12}$/)
}

describe('verify-image runs the image confined, and removes it when cancelled', () => {
  let app: string
  let rootSilent: string

  const build = async (name: string, dockerfile: string[]): Promise<string> => {
    const dir = mkdtempSync(join(tmpdir(), `verify-${name}-`))
    writeFileSync(join(dir, 'Dockerfile'), [...dockerfile, ''].join('\n'))
    const tag = `verify-sandbox:${name}`
    await docker(['build', '--quiet', '--network', 'host', '--tag', tag, dir])
    return tag
  }

  beforeAll(async () => {
    await docker([
      'build',
      '--quiet',
      '--network',
      'host',
      ...exampleAppBuildArgs(testBench().baseImage, { version: '1', commit: COMMIT, build: '' }),
      '--tag',
      'verify-sandbox:app',
      resolve('examples/app')
    ])
    // The compliant app, answering only after 3 s: long enough to inspect its container.
    app = await build('slow-start', [
      'FROM verify-sandbox:app',
      'ENTRYPOINT ["/bin/sh", "-c", "sleep 3; exec /app/bin/entrypoint \\"$@\\"", "--"]',
      'CMD ["web"]'
    ])
    // Runs as root by its config, and never answers: the action waits, and can be cancelled.
    rootSilent = await build('root-silent', [
      'FROM verify-sandbox:app',
      'USER root',
      'ENTRYPOINT ["sleep"]',
      'CMD ["600"]'
    ])
  })

  afterAll(async () => {
    const left = await labelled()
    if (left.length) await docker(['rm', '--force', ...left])
  })

  it('the compliant app, inspected during the run: no capabilities, no-new-privileges, limits, its own non-root USER; it still passes', async () => {
    const run = startAction({ image: app, 'startup-timeout': '30', pull: 'false' })
    const container = await inspect(await waitForVerifyContainer())
    expectConfined(container)
    expect(container.Config.User).toBe('app')
    const done = await run.exited
    expect(done.code).toBe(0)
    // Read-only root, no capabilities, 10001: examples/app meets all 15 requirements as before.
    expect(done.outputs.passed).toBe('true')
    const results = JSON.parse(done.outputs.results) as { id: string; status: string }[]
    expect(results).toHaveLength(15)
    expect(results.filter(result => result.status !== 'pass')).toEqual([])
    expect(done.stdout).toContain("runs as the image's USER app")
    expect(done.state.verifyRun).toBeDefined()
    expect(await labelled()).toEqual([])
  })

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130]
  ] as const)(
    'an image configured as root runs as 10001:10001; %s while it waits for the app removes the container and exits %d',
    async (signal, exitCode) => {
      const run = startAction({ image: rootSilent, 'startup-timeout': '120', pull: 'false' })
      const id = await waitForVerifyContainer()
      const container = await inspect(id)
      expectConfined(container)
      expect(container.Config.User).toBe('10001:10001')
      // The process itself: uid 10001, no effective or bounding capabilities, no new privileges.
      const status = await docker(['exec', id, 'cat', '/proc/1/status'])
      expect(status).toMatch(/^Uid:\s+10001\s+10001\s+10001\s+10001$/m)
      expect(status).toMatch(/^CapEff:\s+0+$/m)
      expect(status).toMatch(/^CapBnd:\s+0+$/m)
      expect(status).toMatch(/^NoNewPrivs:\s+1$/m)
      await expect(docker(['exec', id, 'touch', '/app/written'])).rejects.toThrow(/Read-only file system/)

      const sent = Date.now()
      run.child.kill(signal)
      const done = await run.exited
      expect(Date.now() - sent).toBeLessThan(20_000)
      expect(done.code).toBe(exitCode)
      expect(done.stdout).toContain(`received ${signal}: removing the verify container before exiting`)
      expect(done.stdout).toMatch(/removed 1 container\(s\) of verify run \d+-[0-9a-f]{12}/)
      expect(await labelled()).toEqual([])
    }
  )

  it('after SIGKILL (no handler can run) the post step removes the container by its label', async () => {
    const run = startAction({ image: rootSilent, 'startup-timeout': '120', pull: 'false' })
    const id = await waitForVerifyContainer()
    run.child.kill('SIGKILL')
    const done = await run.exited
    expect(done.signal).toBe('SIGKILL')
    expect(await labelled()).toEqual([id.slice(0, 12)])

    const saved = JSON.parse(done.state.verifyRun) as { docker: string; runId: string }
    expect(saved.runId).toMatch(/^\d+-[0-9a-f]{12}$/)
    // Another run's container (a second job on the same engine) is not this post step's to remove.
    const other = (
      await docker([
        'run',
        '--detach',
        '--label',
        `${LABEL}=other-run`,
        testBench().baseImage,
        'sleep',
        '600'
      ])
    ).trim()
    try {
      const post = await runAction('verify-image', {
        env: { DOCKER_ACTIONS_DOCKER: testBench().dockerClient },
        state: done.state
      })
      expect(post.exitCode).toBe(0)
      expect(post.stdout).toContain(`removed 1 container(s) left by verify run ${saved.runId}`)
      expect(await labelled(saved.runId)).toEqual([])
      expect(await labelled('other-run')).toEqual([other.slice(0, 12)])

      // Safe when there is nothing left, and when the main step saved nothing.
      const again = await runAction('verify-image', { state: done.state })
      expect(again.exitCode).toBe(0)
      expect(again.stdout).toContain(`verify run ${saved.runId} left no container`)
      const nothing = await runAction('verify-image', { state: { isPost: 'true' } })
      expect(nothing.exitCode).toBe(0)
      expect(nothing.stdout).not.toContain('::error')
    } finally {
      await docker(['rm', '--force', other])
    }
  })

  it('a static-only run starts no container and saves nothing for the post step', async () => {
    const done = await startAction({ image: app, checks: 'static', pull: 'false' }).exited
    expect(done.code).toBe(0)
    expect(done.state.verifyRun).toBeUndefined()
  })
})
