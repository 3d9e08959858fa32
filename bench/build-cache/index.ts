/**
 * The cache strategy, measured on examples/app with the build-with-cache bundle, on a wiped engine
 * every time (no local images, no build cache: a fresh CI runner):
 *   (a) cold: a new repository, nothing to pull cache from
 *   (b) the same commit rebuilt with cache-from only
 *   (c) a code-only change (src/), with cache-from
 *   (d) a second code-only change right after (c): its cache comes from images that were themselves
 *       built from cache (where Docker 20.10's inline cache used to lose its records)
 * Median of N runs each; ratios b/a and c/a. Then two platforms (linux/amd64 + linux/arm64, arm64
 * under the bench's QEMU emulation) of a small app (emulated RUN steps are slow), each platform's
 * cached steps reported:
 *   (e) cold, two platforms
 *   (f) a code-only change, two platforms, cache-from (each platform from its own cache refs)
 *   npx tsx scripts/testbench.ts run -- npx tsx bench/build-cache/index.ts [runs] [--platforms-only]
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { formatMs, median, printTable } from '../stats.js'
import { inputEnvironment } from '../../src/cli/action-runner.js'
import { smallApp } from '../../test/support/example-app.js'

const args = process.argv.slice(2)
const platformsOnly = args.includes('--platforms-only')
const runs = Number(args.find(arg => /^\d+$/.test(arg)) ?? 3)
const registry = process.env.TESTBENCH_REGISTRY
const base = process.env.TESTBENCH_BASE_IMAGE
const multiarchBase = process.env.TESTBENCH_MULTIARCH_BASE_IMAGE
const client = process.env.TESTBENCH_DOCKER_CLIENT ?? '/usr/bin/docker'
if (!registry || !base)
  throw new Error(
    'run inside the bench: npx tsx scripts/testbench.ts run -- npx tsx bench/build-cache/index.ts'
  )

const docker = (args: string[]): string => execFileSync(client, args, { encoding: 'utf8' })
function wipeEngine(): void {
  const ids = docker(['images', '--all', '--quiet']).split('\n').filter(Boolean)
  if (ids.length > 0) docker(['rmi', '--force', ...new Set(ids)])
  docker(['builder', 'prune', '--all', '--force'])
}

const work = mkdtempSync(join(tmpdir(), 'bench-build-cache-'))
const event = join(work, 'event.json')
writeFileSync(
  event,
  JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/app', default_branch: 'main' } })
)

interface Counts {
  cached: number
  total: number
}
interface Timed extends Counts {
  ms: number
  /** Per platform, when platforms were built. */
  platforms?: Record<string, Counts>
}

function build(context: string, repository: string, platforms = ''): Timed {
  wipeEngine()
  for (const file of ['out', 'summary', 'state']) writeFileSync(join(work, file), '')
  const started = performance.now()
  const result = spawnSync(process.execPath, [resolve('dist/build-with-cache/index.js')], {
    env: {
      ...process.env,
      DOCKER_ACTIONS_DOCKER: client,
      ...inputEnvironment('build-with-cache', {
        images: `${registry}/${repository}`,
        context,
        network: 'host',
        'build-args': `BASE_IMAGE=${platforms ? multiarchBase : base}`,
        ...(platforms ? { platforms } : {})
      }),
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_EVENT_PATH: event,
      GITHUB_OUTPUT: join(work, 'out'),
      GITHUB_STEP_SUMMARY: join(work, 'summary'),
      GITHUB_STATE: join(work, 'state')
    },
    encoding: 'utf8'
  })
  const ms = performance.now() - started
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout.slice(-3000)}`)
  const cache = JSON.parse(
    /cache<<(\S+)\n([\s\S]*?)\n\1/.exec(
      execFileSync('cat', [join(work, 'out')], { encoding: 'utf8' })
    )?.[2] ?? '{}'
  ) as Timed
  return { ms, cached: cache.cached, total: cache.total, platforms: cache.platforms }
}

const PLATFORMS = 'linux/amd64,linux/arm64'
const perPlatform = (timed: Timed): string =>
  Object.entries(timed.platforms ?? {})
    .map(([platform, counts]) => `${platform} ${counts.cached}/${counts.total}`)
    .join(', ')

if (platformsOnly) {
  benchPlatforms()
  process.exit(0)
}

const results: Record<'cold' | 'cacheOnly' | 'codeChange' | 'nextChange', Timed[]> = {
  cold: [],
  cacheOnly: [],
  codeChange: [],
  nextChange: []
}
for (let run = 0; run < runs; run++) {
  const app = join(work, `app-${run}`)
  cpSync(resolve('examples/app'), app, { recursive: true })
  const repository = `bench/build-cache-${Date.now().toString(36)}-${run}`
  results.cold.push(build(app, repository))
  results.cacheOnly.push(build(app, repository))
  writeFileSync(join(app, 'src', 'VERSION'), `1.0.${run + 1}-bench\n`)
  results.codeChange.push(build(app, repository))
  writeFileSync(join(app, 'src', 'VERSION'), `1.1.${run + 1}-bench\n`)
  results.nextChange.push(build(app, repository))
  const show = (timed: Timed): string => `${formatMs(timed.ms)} (${timed.cached}/${timed.total} cached)`
  console.log(
    `run ${run + 1}/${runs}: cold ${show(results.cold[run])}, cache-from ${show(results.cacheOnly[run])}, ` +
      `code change ${show(results.codeChange[run])}, next change ${show(results.nextChange[run])}`
  )
}

const cold = median(results.cold.map(r => r.ms))
const row = (name: string, timed: Timed[]): string[] => {
  const ms = median(timed.map(r => r.ms))
  return [name, formatMs(ms), `${timed[0].cached}/${timed[0].total}`, (ms / cold).toFixed(2)]
}
console.log(
  `\nexamples/app, wiped engine before every build, median of ${runs} runs (build + push, whole action process)\n`
)
printTable(
  ['case', 'median', 'steps cached', 'ratio to cold'],
  [
    row('(a) cold, no cache', results.cold),
    row('(b) same commit, cache-from only', results.cacheOnly),
    row('(c) code-only change, cache-from', results.codeChange),
    row('(d) the next code-only change', results.nextChange)
  ]
)

benchPlatforms()

/** (e) and (f): two platforms of the small app, each platform's cached steps. */
function benchPlatforms(): void {
  if (!multiarchBase) throw new Error('the bench has no TESTBENCH_MULTIARCH_BASE_IMAGE (arm64 emulation)')
  const cold: Timed[] = []
  const change: Timed[] = []
  for (let run = 0; run < runs; run++) {
    const app = smallApp(join(work, `small-${run}`))
    const repository = `bench/build-cache-platforms-${Date.now().toString(36)}-${run}`
    cold.push(build(app, repository, PLATFORMS))
    writeFileSync(join(app, 'src', 'VERSION'), `2.0.${run + 1}-bench\n`)
    change.push(build(app, repository, PLATFORMS))
    console.log(
      `platforms run ${run + 1}/${runs}: cold ${formatMs(cold[run].ms)} (${perPlatform(cold[run])}), ` +
        `code change ${formatMs(change[run].ms)} (${perPlatform(change[run])})`
    )
  }
  const coldMs = median(cold.map(r => r.ms))
  const row = (name: string, timed: Timed[]): string[] => {
    const ms = median(timed.map(r => r.ms))
    return [
      name,
      formatMs(ms),
      `${timed[0].cached}/${timed[0].total}`,
      perPlatform(timed[0]),
      (ms / coldMs).toFixed(2)
    ]
  }
  console.log(
    `\nsmall app for ${PLATFORMS} (arm64 under QEMU), wiped engine before every build, median of ${runs} runs\n`
  )
  printTable(
    ['case', 'median', 'steps cached', 'per platform', 'ratio to cold'],
    [row('(e) two platforms, cold', cold), row('(f) two platforms, code-only change, cache-from', change)]
  )
}
