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
 * runs on a warmer machine) and returns their wall times in ms.
 */
export async function pairedRuns(
  runs: number,
  a: () => Promise<unknown> | unknown,
  b: () => Promise<unknown> | unknown
): Promise<{ a: number[]; b: number[] }> {
  const times = { a: [] as number[], b: [] as number[] }
  const timed = async (work: () => Promise<unknown> | unknown): Promise<number> => {
    const started = performance.now()
    await work()
    return performance.now() - started
  }
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      times.a.push(await timed(a))
      times.b.push(await timed(b))
    } else {
      times.b.push(await timed(b))
      times.a.push(await timed(a))
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
