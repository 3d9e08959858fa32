import { spawn, spawnSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'
export { formatBytes } from '../src/lib/format.js'

/** Small statistics helpers shared by the benchmarks (medians, not means: CI machines are noisy). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The wall time of each of `runs` runs of `work`, in ms; with `warmUp`, after one untimed run. */
export async function timeRuns(
  runs: number,
  work: () => Promise<unknown> | unknown,
  { warmUp = false }: { warmUp?: boolean } = {}
): Promise<number[]> {
  if (warmUp) await work()
  const times: number[] = []
  for (let run = 0; run < runs; run++) {
    const started = performance.now()
    await work()
    times.push(performance.now() - started)
  }
  return times
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`
}

/** Prints a Markdown table, so bench output can be pasted into the README as is. */
export function printTable(headers: string[], rows: string[][]): void {
  console.log(`| ${headers.join(' | ')} |`)
  console.log(`| ${headers.map(() => '---').join(' | ')} |`)
  for (const row of rows) console.log(`| ${row.join(' | ')} |`)
}

/** One table of a bench's results, as `npm run bench` writes it into the README. */
export interface BenchTable {
  title: string
  headers: string[]
  rows: string[][]
  /** How the figures were taken (runs, machine, command): printed under the table. */
  note?: string
}

/** `median (min–max)` of a list of times in ms. */
export function spread(times: number[]): string {
  return `${formatMs(median(times))} (${formatMs(Math.min(...times))}–${formatMs(Math.max(...times))})`
}

/** The median of the run-by-run ratios ours[i] / theirs[i]: paired runs share the machine's mood. */
export function pairedRatio(ours: number[], theirs: number[]): string {
  const ratios = ours.map((time, index) => time / theirs[index])
  return `${median(ratios).toFixed(2)}x`
}

/**
 * Runs `a` and `b` alternately (A B A B …, the order flipped every other pair so neither always
 * runs on a warmer machine) and returns the times they measured (e.g. timeProcess), in ms.
 */
export async function pairedTimes(
  runs: number,
  a: () => Promise<number>,
  b: () => Promise<number>
): Promise<{ a: number[]; b: number[] }> {
  const times = { a: [] as number[], b: [] as number[] }
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      times.a.push(await a())
      times.b.push(await b())
    } else {
      times.b.push(await b())
      times.a.push(await a())
    }
  }
  return times
}

/** Prints a bench's tables (when a bench file is run on its own). */
export function printTables(tables: BenchTable[]): void {
  for (const table of tables) {
    console.log(`\n### ${table.title}\n`)
    printTable(table.headers, table.rows)
    if (table.note) console.log(`\n${table.note}`)
  }
}

/** Whether a bench module is the file node was asked to run (not imported by bench/run-all.ts). */
export function isMain(moduleUrl: string): boolean {
  return moduleUrl === pathToFileURL(process.argv[1] ?? '').href
}

/** The value after `flag` on the command line (`--runs 5`), or undefined. */
export function flagValue(flag: string, args = process.argv.slice(2)): string | undefined {
  const index = args.indexOf(flag)
  return index >= 0 ? args[index + 1] : undefined
}

/**
 * The environment a workflow step's process gets on a GitHub-hosted runner: this one's, less what a
 * runner does not set and node acts on before any of our code runs. NODE_EXTRA_CA_CERTS (set on this
 * machine kind) makes node parse ~140 CA certificates at every start: 531 M instructions for `node -e ""`
 * instead of 108 M (callgrind), ~50 ms of CPU. NODE_OPTIONS may carry a test runner's flags.
 */
export function runnerEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  delete env.NODE_EXTRA_CA_CERTS
  delete env.NODE_OPTIONS
  return env
}

/**
 * The starter: how a runner starts a step's process. posix_spawn (glibc: clone with CLONE_VM and
 * CLONE_VFORK; the runner is .NET, which starts processes so on Linux), timed from the call to the
 * reaped exit; the time and exit status go to fd 3, so the command's own output passes untouched.
 * node's spawn forks instead, copying the bench process's page tables (130+ MiB here: 7–12 ms per
 * start on this VM kind), a cost a step never pays. The starter's own start is outside the time.
 */
const STARTER = `
import os, sys, time
argv = sys.argv[1:]
started = time.perf_counter()
pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[(os.POSIX_SPAWN_CLOSE, 3)])
_, status = os.waitpid(pid, 0)
os.write(3, f"{(time.perf_counter() - started) * 1000} {os.waitstatus_to_exitcode(status)}".encode())
`

let starterWorks: boolean | undefined

/**
 * Whether processes are started as a runner starts them (python3 with posix_spawn is here); else
 * with node's spawn, fork cost included. DOCKER_ACTIONS_BENCH_NODE_SPAWN=1 asks for node's spawn.
 */
export function startsLikeARunner(): boolean {
  if (process.env.DOCKER_ACTIONS_BENCH_NODE_SPAWN === '1') return false
  starterWorks ??=
    spawnSync('python3', ['-c', 'import os; os.posix_spawnp; os.waitstatus_to_exitcode'], {
      stdio: 'ignore'
    }).status === 0
  return starterWorks
}

/** How the benches started processes, for a table's note. */
export function howStarted(): string {
  return startsLikeARunner()
    ? 'Every process is started as the runner starts a step (posix_spawn: vfork, no copy of the bench process).'
    : "Every process was started with node's spawn (a fork of the bench process: python3 missing, or DOCKER_ACTIONS_BENCH_NODE_SPAWN=1), which adds tens of ms to each time."
}

export interface ProcessRun {
  /** Wall time from the start to the reaped exit, in ms. */
  ms: number
  status: number | null
  /** stdout and stderr, interleaved. */
  output: string
}

/** Runs `argv` to its end, started as a runner starts a step (see startsLikeARunner). */
export function runProcess(argv: string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  const starter = startsLikeARunner()
  return new Promise((done, fail) => {
    const started = performance.now()
    const child = starter
      ? spawn('python3', ['-c', STARTER, ...argv], { env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] })
      : spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    let reported = ''
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stdio[3]?.on('data', (chunk: Buffer) => (reported += chunk.toString()))
    child.on('error', fail)
    // Every pipe closed: the output, and the starter's report, are complete.
    child.on('close', code => {
      if (!starter) return done({ ms: performance.now() - started, status: code, output })
      const [ms, status] = reported.split(' ').map(Number)
      if (code !== 0 || !Number.isFinite(ms))
        fail(new Error(`the starter failed (${code}) for ${argv.join(' ')}:\n${output.slice(-2000)}`))
      else done({ ms, status, output })
    })
  })
}

/** The wall time of `argv` in ms (see runProcess); fails unless it exits with `expectStatus` (default 0). */
export async function timeProcess(argv: string[], env: NodeJS.ProcessEnv, expectStatus = 0): Promise<number> {
  const run = await runProcess(argv, env)
  if (run.status !== expectStatus)
    throw new Error(
      `${argv.join(' ')} exited ${run.status}, expected ${expectStatus}:\n${run.output.slice(-2000)}`
    )
  return run.ms
}
