/**
 * Start-up as a workflow step feels it: `node dist/<name>/index.js` as a whole process, failing on a
 * missing input (what every run pays before doing anything), paired run by run with a bare
 * `node -e ""`; and compute-tags' whole successful run, which does no I/O beyond the runner's files.
 *   npx tsx bench/startup/index.ts [--runs N]
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { computeTagsRunEnvironment } from '../../test/support/compute-tags-run.js'
import {
  type BenchTable,
  howStarted,
  pairedRatio,
  pairedTimes,
  printTables,
  spread,
  timeProcess
} from '../stats.js'
import { startupBytes } from '../../scripts/startup-graph.js'

const ACTIONS = readdirSync('dist', { withFileTypes: true })
  .filter(entry => entry.isDirectory() && entry.name !== 'cli')
  .map(entry => entry.name)
  .sort()

/** The wall time of one node process, in ms (started as a runner starts a step). */
const run = (args: string[], env: NodeJS.ProcessEnv, expectStatus = 0): Promise<number> =>
  timeProcess([process.execPath, ...args], env, expectStatus)

const bareNode = (): Promise<number> => run(['-e', ''], { PATH: process.env.PATH })

/** The bundle with no inputs at all: it must fail (exit 1) on the first required input. */
const missingInput = (name: string) => (): Promise<number> =>
  run([resolve('dist', name, 'index.js')], { PATH: process.env.PATH }, 1)

function computeTagsRun(dir: string): () => Promise<number> {
  return () =>
    run(
      [resolve('dist/compute-tags/index.js')],
      computeTagsRunEnvironment(dir, 'ghcr.io/acme/app\nacme/app', 'feature/x'),
      0
    )
}

export async function bench({ runs = 15 }: { runs?: number } = {}): Promise<BenchTable[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'))
  try {
    const rows: string[][] = []
    const cases: Array<[string, () => Promise<number>]> = [
      ...ACTIONS.map((name): [string, () => Promise<number>] => [
        `${name} (missing input)`,
        missingInput(name)
      ]),
      ['compute-tags (whole run, two images)', computeTagsRun(dir)]
    ]
    for (const [label, work] of cases) {
      await work() // warm the file cache
      const times = await pairedTimes(runs, work, bareNode)
      const name = label.split(' ')[0]
      rows.push([label, spread(times.a), spread(times.b), pairedRatio(times.a, times.b), startupBytes(name)])
    }
    return [
      {
        title: 'Start-up: every action against a bare `node -e ""`',
        headers: ['action', 'whole process', '`node -e ""`', 'ratio (paired)', 'loaded at start'],
        rows,
        note: `Median (min–max) of ${runs} paired runs, A B A B. "Loaded at start": the bundle files node reads before the first input is checked (the pipeline is a separate bundle, loaded after the inputs are read). Each bundle ends its process with process.exit once nothing is left to do, skipping node's heap teardown. ${howStarted()}`
      }
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = process.argv.includes('--runs')
    ? Number(process.argv[process.argv.indexOf('--runs') + 1])
    : undefined
  printTables(await bench({ runs }))
}
