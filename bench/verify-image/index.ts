/**
 * verify-image as a workflow step feels it: the real bundle (`node dist/verify-image/index.js` with
 * INPUT_* env, as the runner starts it) on examples/app, whole process, paired run by run (A B A B …)
 * with the engine's floor, a bare `docker run --rm <image> true` of the same image:
 *   all checks     the 7 static checks, then the container started, probed and removed (15 checks)
 *   static checks  config and files only, no container started
 *   npx tsx scripts/testbench.ts run -- npx tsx bench/verify-image/index.ts [--runs N]
 *     [--bundle <path to index.js>] [--compare <another index.js>]
 * --compare pairs a second bundle (e.g. an earlier build) with the same runs, for before/after figures.
 */
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import {
  type BenchTable,
  formatMs,
  pairedRatio,
  printTables,
  spread,
  isMain,
  flagValue,
  runnerEnvironment,
  timeProcess,
  howStarted
} from '../stats.js'
import { inputEnvironment } from '../../src/cli/action-runner.js'
import { exampleAppBuildArgs } from '../../test/support/example-app.js'

export interface BenchOptions {
  runs?: number
  /** The bundle to run (default dist/verify-image/index.js). */
  bundle?: string
  /** Another bundle, paired with the same runs (before/after figures). */
  compare?: string
  log?: (line: string) => void
}

const IMAGE = 'bench/verify-app:1'
const COMMIT = '0123456789abcdef0123456789abcdef01234567'

function figures(name: string, times: number[], floor: number[]): string[] {
  return [name, spread(times), pairedRatio(times, floor)]
}

export async function bench(options: BenchOptions = {}): Promise<BenchTable[]> {
  const runs = options.runs ?? 7
  const log = options.log ?? (line => console.log(line))
  const baseImage = process.env.TESTBENCH_BASE_IMAGE
  if (!baseImage)
    throw new Error(
      'run inside the bench: npx tsx scripts/testbench.ts run -- npx tsx bench/verify-image/index.ts'
    )
  // The client a workflow's `docker run` would use: the one on PATH.
  const docker = process.env.BENCH_DOCKER ?? 'docker'
  execFileSync(
    process.env.TESTBENCH_DOCKER_CLIENT ?? '/usr/bin/docker',
    [
      'build',
      '--quiet',
      '--network',
      'host',
      ...exampleAppBuildArgs(baseImage, { version: 'bench', commit: COMMIT, build: '' }),
      '--tag',
      IMAGE,
      resolve('examples/app')
    ],
    { env: { ...process.env, DOCKER_BUILDKIT: '1' } }
  )
  const bundles = [resolve(options.bundle ?? 'dist/verify-image/index.js')]
  if (options.compare) bundles.push(resolve(options.compare))
  const environment = (checks: string): NodeJS.ProcessEnv =>
    runnerEnvironment({
      ...inputEnvironment('verify-image', { image: IMAGE, commit: COMMIT, checks }),
      GITHUB_OUTPUT: '',
      GITHUB_STATE: '',
      GITHUB_STEP_SUMMARY: ''
    })
  const all = environment('all')
  const staticOnly = environment('static')
  const floor = (): Promise<number> => timeProcess([docker, 'run', '--rm', IMAGE, 'true'], process.env)
  // One untimed round: images, page cache and the engine warmed alike for every contestant.
  await floor()
  for (const bundle of bundles) await timeProcess(['node', bundle], all)

  const times = { floor: [] as number[], all: bundles.map(() => [] as number[]), static: [] as number[] }
  for (let run = 0; run < runs; run++) {
    times.floor.push(await floor())
    for (const [index, bundle] of bundles.entries())
      times.all[index].push(await timeProcess(['node', bundle], all))
    times.static.push(await timeProcess(['node', bundles[0]], staticOnly))
    log(
      `run ${run + 1}/${runs}: docker run ${formatMs(times.floor[run])}, ` +
        times.all
          .map((list, index) => `all checks${index ? ' (compare)' : ''} ${formatMs(list[run])}`)
          .join(', ') +
        `, static ${formatMs(times.static[run])}`
    )
  }
  const rows = [
    figures('`docker run --rm <image> true` (the floor)', times.floor, times.floor),
    figures('verify-image, all checks (15)', times.all[0], times.floor),
    ...(options.compare
      ? [figures(`verify-image, all checks, ${options.compare}`, times.all[1], times.floor)]
      : []),
    figures('verify-image, static checks only (7)', times.static, times.floor)
  ]
  return [
    {
      title: `verify-image on examples/app, whole process, paired with a bare docker run, ${runs} runs`,
      headers: ['what', 'median (min–max)', 'paired ratio to docker run'],
      rows,
      note: `Paired ratio: the median of each run’s ratio to the docker run timed right before it. ${howStarted()}`
    }
  ]
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2)
  const value = (flag: string): string | undefined => flagValue(flag, args)
  const tables = await bench({
    runs: Number(value('--runs') ?? 7),
    bundle: value('--bundle'),
    compare: value('--compare')
  })
  printTables(tables)
}
