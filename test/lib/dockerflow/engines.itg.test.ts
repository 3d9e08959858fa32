/**
 * verify-image reaches the engine through its API socket where it can, through the docker CLI
 * elsewhere: on the real engine, both ask for the same container (user, limits, labels, network,
 * environment), read the same files and logs, judge an image the same, and leave nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { VERIFY_LABEL, labelFor, newRunId, removeRunContainers } from '../../../src/lib/dockerflow/cleanup.js'
import { DEFAULT_SANDBOX } from '../../../src/lib/dockerflow/sandbox.js'
import { type VerifyReport, readImageFiles, verifyImage } from '../../../src/lib/dockerflow/verify.js'
import { docker, testBench } from '../../support/bench.js'
import { verifyEngines } from '../../support/verify-engines.js'
import { exampleAppBuildArgs } from '../../support/example-app.js'

const COMMIT = 'fedcba9876543210fedcba9876543210fedcba98'

/** Every run id this suite used, checked for leftovers at the end. */
const runIds: string[] = []

function runIdOfSuite(): string {
  const runId = newRunId()
  runIds.push(runId)
  return runId
}

async function labelled(runId: string): Promise<string[]> {
  const out = await docker(['ps', '--all', '--quiet', '--filter', `label=${labelFor(runId)}`])
  return out.split('\n').filter(Boolean)
}

async function build(name: string, lines: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `verify-engines-${name}-`))
  writeFileSync(join(dir, 'Dockerfile'), [...lines, ''].join('\n'))
  const tag = `verify-engines:${name}`
  await docker(['build', '--quiet', '--network', 'host', '--tag', tag, dir])
  return tag
}

const verdicts = (report: VerifyReport): string[] =>
  report.results.map(result => `${result.id} ${result.status}`)

describe('the engine API and the docker CLI, side by side', () => {
  let app: string
  let noCommand: string

  beforeAll(async () => {
    app = 'verify-engines:app'
    await docker([
      'build',
      '--quiet',
      '--network',
      'host',
      ...exampleAppBuildArgs(testBench().baseImage, { version: '2', commit: COMMIT, build: '' }),
      '--tag',
      app,
      resolve('examples/app')
    ])
    // Nothing to run: the engine refuses to create the container.
    noCommand = await build('no-command', [`FROM ${app}`, 'ENTRYPOINT []', 'CMD []'])
  })

  afterAll(async () => {
    // This suite's runs only: another suite may be verifying on the same engine right now.
    for (const runId of runIds) expect(await labelled(runId)).toEqual([])
  })

  it('examples/app: every check passes either way, with the same details, and nothing is left', async () => {
    const reports: VerifyReport[] = []
    for (const [, engine] of verifyEngines()) {
      const runId = runIdOfSuite()
      reports.push(await verifyImage({ engine, image: app, commit: COMMIT, runId, pull: false }))
      expect(await labelled(runId)).toEqual([])
    }
    const [api, cli] = reports
    expect(verdicts(api)).toHaveLength(15)
    expect(verdicts(api).filter(line => !line.endsWith(' pass'))).toEqual([])
    expect(verdicts(cli)).toEqual(verdicts(api))
    // Only the port and the time it took differ.
    const stable = (report: VerifyReport): string[] =>
      report.results.filter(r => !['listens-on-port', 'one-process'].includes(r.id)).map(r => r.detail)
    expect(stable(cli)).toEqual(stable(api))
    expect(api.imageId).toBe(cli.imageId)
  })

  it('reads the same files from the image; a missing path is absent, not an error', async () => {
    const [[, api], [, cli]] = verifyEngines()
    const files = await readImageFiles(api, app)
    expect(files).toEqual(await readImageFiles(cli, app))
    expect(files.versionJson).toContain(COMMIT)
    expect(files.appEntries).toBeGreaterThan(0)
    for (const [, engine] of verifyEngines()) {
      const runId = runIdOfSuite()
      const container = await engine.createStopped(app, labelFor(runId))
      try {
        expect(await engine.copyOut(container, '/no/such/path')).toBeUndefined()
      } finally {
        await engine.remove(container)
      }
      expect(await labelled(runId)).toEqual([])
    }
  })

  it('an image that cannot start: the same refusal from the engine either way', async () => {
    const details: string[] = []
    for (const [, engine] of verifyEngines()) {
      const runId = runIdOfSuite()
      const report = await verifyImage({ engine, image: noCommand, runId, pull: false, scope: 'runtime' })
      const listening = report.results.find(result => result.id === 'listens-on-port')
      expect(listening?.status).toBe('fail')
      details.push(listening?.detail ?? '')
      expect(await labelled(runId)).toEqual([])
    }
    for (const detail of details)
      expect(detail).toMatch(/^the container did not start: Error response from daemon: No command specified/)
  })

  it('asks the engine for the same confined container, environment and label', async () => {
    const seen: Array<Record<string, unknown>> = []
    for (const [name, engine] of verifyEngines()) {
      const runId = runIdOfSuite()
      const container = `verify-engines-${name.toLowerCase()}-${runId}`
      const refused = await engine.create({
        name: container,
        image: app,
        label: labelFor(runId),
        user: '10001:10001',
        sandbox: { ...DEFAULT_SANDBOX, memory: '64m', cpus: '0.5', pidsLimit: 32 },
        env: [
          ['PORT', '18000'],
          ['SECRET_LOOKING', 'a value with spaces; and $symbols']
        ]
      })
      expect(refused).toBeUndefined()
      try {
        expect(await engine.start(container)).toBeUndefined()
        const [inspected] = JSON.parse(await docker(['inspect', container])) as Array<{
          Config: { User: string; Env: string[]; Labels: Record<string, string> }
          HostConfig: Record<string, unknown>
          State: { Running: boolean }
        }>
        expect(inspected.Config.Labels[VERIFY_LABEL]).toBe(runId)
        const keys = [
          'CapAdd',
          'CapDrop',
          'SecurityOpt',
          'Privileged',
          'Memory',
          'MemorySwap',
          'NanoCpus',
          'PidsLimit',
          'ReadonlyRootfs',
          'Tmpfs',
          'NetworkMode',
          'AutoRemove'
        ]
        seen.push({
          user: inspected.Config.User,
          // Sorted: Docker 20.10's CLI sometimes reorders `--env NAME` entries (seen 1 in 8 creates).
          env: inspected.Config.Env.filter(line => /^(PORT|SECRET_LOOKING)=/.test(line)).sort(),
          host: Object.fromEntries(keys.map(key => [key, inspected.HostConfig[key] ?? null]))
        })
        // It runs, and the engine reports on it.
        let state = await engine.state(container)
        for (let tries = 0; !state.running && tries < 50; tries++) {
          await sleep(100)
          state = await engine.state(container)
        }
        expect(state.running).toBe(true)
        expect((await engine.processes(container))?.[0]).toMatch(/nc -ll -p 18000/)
      } finally {
        await engine.remove(container)
      }
      expect(await labelled(runId)).toEqual([])
    }
    expect(seen[0]).toEqual(seen[1])
    expect(seen[0]).toMatchObject({
      user: '10001:10001',
      env: ['PORT=18000', 'SECRET_LOOKING=a value with spaces; and $symbols'],
      host: {
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges'],
        Privileged: false,
        Memory: 64 * 1024 ** 2,
        MemorySwap: 64 * 1024 ** 2,
        NanoCpus: 5e8,
        PidsLimit: 32,
        ReadonlyRootfs: true,
        Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=64m' },
        NetworkMode: 'host'
      }
    })
  })

  it("removeRunContainers through the API removes this run's containers, running or not, and only them", async () => {
    const [[, api]] = verifyEngines()
    const runId = runIdOfSuite()
    const other = runIdOfSuite()
    const mine = [
      (await docker(['create', '--label', labelFor(runId), testBench().baseImage, 'true'])).trim(),
      (
        await docker(['run', '--detach', '--label', labelFor(runId), testBench().baseImage, 'sleep', '600'])
      ).trim()
    ]
    const theirs = (
      await docker(['create', '--label', labelFor(other), testBench().baseImage, 'true'])
    ).trim()
    try {
      expect((await removeRunContainers(api, runId)).sort()).toEqual([...mine].sort())
      expect(await labelled(runId)).toEqual([])
      expect(await labelled(other)).toEqual([theirs.slice(0, 12)])
      expect(await removeRunContainers(api, runId)).toEqual([])
    } finally {
      await docker(['rm', '--force', theirs])
    }
  })
})
