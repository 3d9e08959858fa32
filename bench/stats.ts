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
