/**
 * One test bench per jest worker, so integration suites can run side by side: several of them wipe
 * the whole engine (every image, all build cache) to stand for a fresh runner, which would pull the
 * ground from under any suite running beside them on the same engine.
 *
 * Worker 1 uses the bench `npm test` started (scripts/testbench.ts run); for each further worker the
 * integration project's globalSetup starts another complete bench (`scripts/testbench.ts up`: its own
 * engine, registry, base images and Docker config) in the background, and test/support/bench-environment.js
 * switches that worker to it before its first integration suite. globalTeardown stops them.
 *
 * Plain JavaScript: jest loads global setup and test environments with Node's own import, untransformed.
 */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

/** Where globalSetup tells the workers about the extra benches: a JSON array of their log files. */
const BENCH_LOGS = 'TESTBENCH_WORKER_LOGS'
/** A bench starts in ~10 s on a quiet machine; under load and on a cold package cache it takes longer. */
const START_TIMEOUT_MS = 300_000

/** The bench processes this jest process started (globalSetup and globalTeardown share the process). */
const started = (globalThis.__workerBenches ??= [])

/** The `export KEY=value` lines of a bench's log, once it has printed them. */
function exportedEnv(log) {
  const lines = readFileSync(log, 'utf8').split('\n')
  const env = {}
  for (const line of lines) {
    const match = /^export ([A-Z0-9_]+)=(.*)$/.exec(line)
    if (match) env[match[1]] = match[2]
  }
  return env.DOCKER_HOST && env.TESTBENCH_REGISTRY ? env : undefined
}

const sleep = ms => new Promise(done => setTimeout(done, ms))

/** Whether the bench process of `log` has ended (globalSetup notes its exit beside the log). */
const benchEnded = log => existsSync(`${log}.exit`)

async function waitForBench(log) {
  const exited = () => benchEnded(log)
  const deadline = Date.now() + START_TIMEOUT_MS
  for (;;) {
    const env = exportedEnv(log)
    // The export lines are written in one synchronous loop: a moment later they are all there.
    if (env) return (await sleep(200), exportedEnv(log))
    if (exited()) break
    if (Date.now() > deadline) break
    await sleep(250)
  }
  const tail = readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')
  throw new Error(
    `The test bench of jest worker ${process.env.JEST_WORKER_ID} did not start (log ${log}):\n${tail}`
  )
}

/**
 * Starts `count` extra benches in the background (globalSetup: nothing waits for them here, so the
 * first suites start at once) and tells the workers where their logs are.
 */
export function startWorkerBenches(count) {
  if (count < 1 || !process.env.TESTBENCH_REGISTRY) return
  const dir = mkdtempSync(join(tmpdir(), 'da-worker-benches-'))
  const env = { ...process.env }
  // A bench of its own: nothing of the first bench's environment, and no jest flags for tsx.
  for (const key of Object.keys(env))
    if (key.startsWith('TESTBENCH_') || ['DOCKER_HOST', 'DOCKER_CONFIG', 'NODE_OPTIONS'].includes(key))
      delete env[key]
  const logs = []
  for (let i = 0; i < count; i++) {
    const log = join(dir, `bench-${i + 2}.log`)
    const fd = openSync(log, 'w')
    const child = spawn(resolve('node_modules/.bin/tsx'), [resolve('scripts/testbench.ts'), 'up'], {
      env,
      stdio: ['ignore', fd, fd]
    })
    closeSync(fd)
    const bench = { log, child, exitCode: undefined }
    child.on('exit', code => {
      bench.exitCode = code ?? 1
      writeFileSync(`${log}.exit`, String(bench.exitCode))
    })
    started.push(bench)
    logs.push(log)
  }
  process.env[BENCH_LOGS] = JSON.stringify(logs)
}

/** Stops the benches startWorkerBenches started (each tears its engine and registry down on SIGTERM). */
export async function stopWorkerBenches() {
  const benches = started.splice(0)
  await Promise.all(
    benches.map(async bench => {
      // A bench stopped while it starts would leave its engine behind: let it finish starting first.
      await waitForBench(bench.log).catch(() => undefined)
      if (bench.exitCode !== undefined) return
      const exited = new Promise(done => bench.child.once('exit', done))
      bench.child.kill('SIGTERM')
      // (unref: a bench that does not stop in time must not keep jest from exiting either)
      await Promise.race([exited, new Promise(done => setTimeout(done, 60_000).unref())])
    })
  )
  for (const dir of new Set(benches.map(bench => dirname(bench.log))))
    rmSync(dir, { recursive: true, force: true })
}

/**
 * The environment of the bench for this jest worker (JEST_WORKER_ID 2, 3, …), waiting for it to be up;
 * undefined for worker 1 and when no extra benches were started (in band, or a unit-only run).
 */
export async function workerBenchEnv() {
  const logs = JSON.parse(process.env[BENCH_LOGS] ?? '[]')
  const log = logs[Number(process.env.JEST_WORKER_ID ?? '1') - 2]
  return log ? waitForBench(log) : undefined
}
