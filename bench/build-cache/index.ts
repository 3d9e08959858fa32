/**
 * The cache strategy as a workflow step feels it: the real build-with-cache bundle
 * (`node dist/build-with-cache/index.js` with INPUT_* env, as the runner starts it) on examples/app
 * (its real Dockerfile, on the bench's busybox base), whole process, paired run by run:
 *   cold        a new repository on branch main, wiped engine: no cache anywhere (the alternative)
 *   fresh       a code-only change (src/VERSION) on a feature branch, wiped engine (a fresh runner):
 *               the cache comes from the registry (builder-main, builder-<branch>, main, <branch>)
 *   next fresh  another code-only change, wiped engine: its cache comes from images that were
 *               themselves built from cache (where Docker 20.10's inline cache used to lose records)
 *   warm        another code-only change on the same runner, nothing wiped (for reference)
 * "Wiped" is `docker system prune --all --force` + `docker builder prune --all --force`.
 * Each run's log groups are timestamped as the process prints them, so the breakdown table shows
 * where a run's time goes: process start-up (the bundle failing on a missing input, timed beside
 * it), pulls (base and cache images), the builds, the pushes, provenance, and the rest.
 *   npx tsx scripts/testbench.ts run -- npx tsx bench/build-cache/index.ts [--runs N] [--trace]
 *     [--bundle <path to index.js>] [--platforms]
 * --trace logs every docker CLI call of each run (through a timing wrapper: adds a few ms each); pulls
 * and pushes that go to the Engine API on the engine's socket are not CLI calls, and are not listed.
 * --platforms adds two platforms (amd64 + arm64 under QEMU) of a small app, cold and a code-only
 * change, each platform's cached steps reported (slow: emulated RUN steps).
 */
import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type BenchTable, formatMs, median, printTables, spread, isMain, flagValue } from '../stats.js'
import { inputEnvironment } from '../../src/cli/action-runner.js'
import { smallApp } from '../../test/support/example-app.js'

export interface BenchOptions {
  runs?: number
  /** The bundle to run (default dist/build-with-cache/index.js). */
  bundle?: string
  /** Log every docker CLI call (through a timing wrapper). */
  trace?: boolean
  /** Also the two-platform cases (slow). */
  platforms?: boolean
  log?: (line: string) => void
}

interface Counts {
  cached: number
  total: number
}

/** One whole-process run: its wall time, where it went, and the cache counts it reported. */
interface Timed extends Counts {
  ms: number
  /** ms per log group kind (pulls, build, push, provenance), from the group timestamps. */
  phases: Record<Phase, number>
  platforms?: Record<string, Counts>
  trace: string[]
  /** With trace: the process's output, each line with its ms since spawn. */
  lines: string[]
}

const PHASES = ['pulls', 'build', 'push', 'provenance'] as const
type Phase = (typeof PHASES)[number]

function phaseOf(group: string): Phase | undefined {
  if (/^Pull /.test(group)) return 'pulls'
  if (/^Build /.test(group)) return 'build'
  if (/^Push/.test(group)) return 'push'
  if (/^Provenance/.test(group)) return 'provenance'
  return undefined
}

const CASES = ['cold', 'fresh', 'nextFresh', 'warm'] as const
type Case = (typeof CASES)[number]
/** Short names, for the breakdown table. */
const CASE_SHORT: Record<Case, string> = {
  cold: 'cold',
  fresh: 'code change, fresh runner',
  nextFresh: 'next change, fresh runner',
  warm: 'code change, warm runner'
}
const CASE_NAMES: Record<Case, string> = {
  cold: 'cold: new repository, wiped engine, no cache',
  fresh: 'code-only change, fresh runner (cache from the registry)',
  nextFresh: 'the next code-only change, fresh runner',
  warm: 'code-only change, same runner (warm engine)'
}

export async function bench(options: BenchOptions = {}): Promise<BenchTable[]> {
  const runs = options.runs ?? 3
  const log = options.log ?? (line => console.log(line))
  const registry = process.env.TESTBENCH_REGISTRY
  const base = process.env.TESTBENCH_BASE_IMAGE
  const client = process.env.TESTBENCH_DOCKER_CLIENT ?? '/usr/bin/docker'
  if (!registry || !base)
    throw new Error(
      'run inside the bench: npx tsx scripts/testbench.ts run -- npx tsx bench/build-cache/index.ts'
    )
  const bundle = resolve(options.bundle ?? 'dist/build-with-cache/index.js')
  const work = mkdtempSync(join(tmpdir(), 'bench-build-cache-'))
  const docker = (args: string[]): string => execFileSync(client, args, { encoding: 'utf8' })
  const wipeEngine = (): void => {
    docker(['system', 'prune', '--all', '--force'])
    docker(['builder', 'prune', '--all', '--force'])
  }
  const traceFile = join(work, 'docker-calls.log')
  const wrapper = join(work, 'docker')
  writeFileSync(
    wrapper,
    [
      '#!/bin/bash',
      's=$(date +%s%N)',
      `"${client}" "$@"`,
      'rc=$?',
      `printf '%5d ms  exit %d  docker %s\\n' $(( ($(date +%s%N) - s) / 1000000 )) $rc "$*" | cut -c1-160 >> "${traceFile}"`,
      'exit $rc'
    ].join('\n')
  )
  chmodSync(wrapper, 0o755)

  /** Runs the bundle once as the runner does; `inputs` as a workflow would give them. */
  const runAction = async (branch: string, inputs: Record<string, string>): Promise<Timed> => {
    const event = join(work, 'event.json')
    writeFileSync(
      event,
      JSON.stringify({
        ref: `refs/heads/${branch}`,
        repository: { full_name: 'acme/app', default_branch: 'main' }
      })
    )
    for (const file of [join(work, 'out'), join(work, 'summary'), join(work, 'state'), traceFile])
      writeFileSync(file, '')
    const env = {
      ...process.env,
      DOCKER_ACTIONS_DOCKER: options.trace ? wrapper : client,
      ...inputEnvironment('build-with-cache', inputs),
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: `refs/heads/${branch}`,
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_EVENT_PATH: event,
      GITHUB_OUTPUT: join(work, 'out'),
      GITHUB_STEP_SUMMARY: join(work, 'summary'),
      GITHUB_STATE: join(work, 'state')
    }
    const phases = Object.fromEntries(PHASES.map(phase => [phase, 0])) as Record<Phase, number>
    let open: { phase?: Phase; at: number } | undefined
    let output = ''
    const started = performance.now()
    const child = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let pending = ''
    const lines: string[] = []
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const now = performance.now()
      output += chunk
      pending += chunk
      const chunkLines = pending.split('\n')
      pending = chunkLines.pop() ?? ''
      for (const line of chunkLines) {
        if (options.trace) lines.push(`${(now - started).toFixed(0).padStart(6)} ${line.slice(0, 150)}`)
        const group = /^::group::(.*)$/.exec(line)
        if (group) open = { phase: phaseOf(group[1]), at: now }
        else if (line.startsWith('::endgroup::') && open) {
          if (open.phase) phases[open.phase] += now - open.at
          open = undefined
        }
      }
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    const code = await new Promise<number>(done => child.on('close', exit => done(exit ?? 1)))
    const ms = performance.now() - started
    if (code !== 0) throw new Error(`build failed:\n${output.slice(-3000)}`)
    const cache = JSON.parse(
      /cache<<(\S+)\n([\s\S]*?)\n\1/.exec(readFileSync(join(work, 'out'), 'utf8'))?.[2] ?? '{}'
    ) as Counts & { platforms?: Record<string, Counts> }
    const trace = options.trace ? readFileSync(traceFile, 'utf8').split('\n').filter(Boolean) : []
    return { ms, phases, cached: cache.cached, total: cache.total, platforms: cache.platforms, trace, lines }
  }

  /** The bundle's start-up alone: it fails on the missing `images` input before any work. */
  const startUp = async (): Promise<number> => {
    const started = performance.now()
    await new Promise<void>(done => {
      const child = spawn(process.execPath, [bundle], {
        env: { ...process.env, GITHUB_STATE: join(work, 'state'), GITHUB_OUTPUT: join(work, 'out') },
        stdio: 'ignore'
      })
      child.on('close', () => done())
    })
    return performance.now() - started
  }

  const appInputs = (context: string, repository: string): Record<string, string> => ({
    images: `${registry}/${repository}`,
    context,
    network: 'host',
    'build-args': `BASE_IMAGE=${base}`
  })

  const results = Object.fromEntries(CASES.map(name => [name, [] as Timed[]])) as Record<Case, Timed[]>
  const startUps: number[] = []
  for (let run = 0; run < runs; run++) {
    const app = join(work, `app-${run}`)
    cpSync(resolve('examples/app'), app, { recursive: true })
    const repository = `bench/build-cache-${Date.now().toString(36)}-${run}`
    const inputs = appInputs(app, repository)
    const change = (version: string): void => writeFileSync(join(app, 'src', 'VERSION'), `${version}\n`)
    wipeEngine()
    results.cold.push(await runAction('main', inputs))
    change(`1.0.${run + 1}-bench`)
    wipeEngine()
    results.fresh.push(await runAction('feature-x', inputs))
    change(`1.1.${run + 1}-bench`)
    wipeEngine()
    results.nextFresh.push(await runAction('feature-x', inputs))
    change(`1.2.${run + 1}-bench`)
    results.warm.push(await runAction('feature-x', inputs))
    startUps.push(await startUp())
    const show = (timed: Timed): string => `${formatMs(timed.ms)} (${timed.cached}/${timed.total} cached)`
    log(
      `run ${run + 1}/${runs}: cold ${show(results.cold[run])}, fresh ${show(results.fresh[run])}, ` +
        `next fresh ${show(results.nextFresh[run])}, warm ${show(results.warm[run])}, ` +
        `start-up ${formatMs(startUps[run])}`
    )
    if (options.trace)
      for (const name of CASES) {
        log(`  docker calls (${name}):\n    ${results[name][run].trace.join('\n    ')}`)
        log(`  log (${name}):\n    ${results[name][run].lines.join('\n    ')}`)
      }
  }

  // Paired: each run's change against the same run's cold build.
  const ratio = (name: Case): string =>
    median(results[name].map((timed, run) => timed.ms / results.cold[run].ms)).toFixed(2)
  const summary: BenchTable = {
    title: `build-with-cache on examples/app, whole process (node ${bundle.replace(`${process.cwd()}/`, '')}), median (min–max) of ${runs} paired runs`,
    headers: ['case', 'time', 'steps cached', 'ratio to cold (paired)'],
    rows: CASES.map(name => [
      CASE_NAMES[name],
      spread(results[name].map(timed => timed.ms)),
      `${results[name][0].cached}/${results[name][0].total}`,
      name === 'cold' ? '1' : ratio(name)
    ]),
    note: 'Build + push + provenance of the builder and production images. Target: a code-only change on a fresh runner ≤ 0.2 of a cold build.'
  }
  const startMs = median(startUps)
  const breakdown: BenchTable = {
    title: 'Where the time goes (medians; from the timestamps of the action log groups)',
    headers: ['case', 'total', 'process start', 'pulls', 'build', 'push', 'provenance', 'other'],
    rows: CASES.map(name => {
      const phase = (key: Phase): number => median(results[name].map(timed => timed.phases[key]))
      const total = median(results[name].map(timed => timed.ms))
      const other = median(
        results[name].map(
          (timed, run) => timed.ms - startUps[run] - PHASES.reduce((sum, key) => sum + timed.phases[key], 0)
        )
      )
      return [
        CASE_SHORT[name],
        formatMs(total),
        formatMs(startMs),
        formatMs(phase('pulls')),
        formatMs(phase('build')),
        formatMs(phase('push')),
        formatMs(phase('provenance')),
        formatMs(Math.max(0, other))
      ]
    }),
    note: 'process start: the bundle failing on a missing input (node start-up and module loading), timed beside each run; pulls: base and cache images; build: both `docker build`s (builder, production); push: builder and production references, tags written through the registry API; provenance: base digests and the statement attached by digest; other: inputs, front-end detection, tag plan, base-image labels, outputs and summary.'
  }
  const tables = [summary, breakdown]
  if (options.platforms) tables.push(await benchPlatforms(runs, runAction, wipeEngine, work, log))
  return tables
}

/** Two platforms of the small app (arm64 under QEMU), cold and a code-only change, each platform's cached steps. */
async function benchPlatforms(
  runs: number,
  runAction: (branch: string, inputs: Record<string, string>) => Promise<Timed>,
  wipeEngine: () => void,
  work: string,
  log: (line: string) => void
): Promise<BenchTable> {
  const multiarchBase = process.env.TESTBENCH_MULTIARCH_BASE_IMAGE
  if (!multiarchBase) throw new Error('the bench has no TESTBENCH_MULTIARCH_BASE_IMAGE (arm64 emulation)')
  const registry = process.env.TESTBENCH_REGISTRY as string
  const platforms = 'linux/amd64,linux/arm64'
  const perPlatform = (timed: Timed): string =>
    Object.entries(timed.platforms ?? {})
      .map(([platform, counts]) => `${platform} ${counts.cached}/${counts.total}`)
      .join(', ')
  const cold: Timed[] = []
  const change: Timed[] = []
  for (let run = 0; run < runs; run++) {
    const app = smallApp(join(work, `small-${run}`))
    const inputs = {
      images: `${registry}/bench/build-cache-platforms-${Date.now().toString(36)}-${run}`,
      context: app,
      network: 'host',
      'build-args': `BASE_IMAGE=${multiarchBase}`,
      platforms
    }
    wipeEngine()
    cold.push(await runAction('main', inputs))
    writeFileSync(join(app, 'src', 'VERSION'), `2.0.${run + 1}-bench\n`)
    wipeEngine()
    change.push(await runAction('main', inputs))
    log(
      `platforms run ${run + 1}/${runs}: cold ${formatMs(cold[run].ms)} (${perPlatform(cold[run])}), ` +
        `code change ${formatMs(change[run].ms)} (${perPlatform(change[run])})`
    )
  }
  const row = (name: string, timed: Timed[]): string[] => [
    name,
    formatMs(median(timed.map(r => r.ms))),
    perPlatform(timed[0]),
    median(timed.map((r, run) => r.ms / cold[run].ms)).toFixed(2)
  ]
  return {
    title: `small app for ${platforms} (arm64 under QEMU), wiped engine before every build, median of ${runs} runs`,
    headers: ['case', 'median', 'per platform cached', 'ratio to cold'],
    rows: [row('two platforms, cold', cold), row('two platforms, code-only change, cache-from', change)]
  }
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2)
  const value = (flag: string): string | undefined => flagValue(flag, args)
  const tables = await bench({
    runs: Number(value('--runs') ?? 3),
    bundle: value('--bundle'),
    trace: args.includes('--trace'),
    platforms: args.includes('--platforms')
  })
  printTables(tables)
}
