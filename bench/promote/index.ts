/**
 * promote as a workflow step costs it, paired with `skopeo copy --preserve-digests`: the bundle
 * (`node dist/promote/index.js` with INPUT_* variables, require-gate off: skopeo checks nothing
 * either) and skopeo, run by run (A B A B …, who goes first alternating), on an image of one 30 MiB
 * layer, a fresh target each run, no blob cache (a fresh registry per run across registries):
 * - same repository (a new tag), another repository of the same registry, another registry;
 * - three targets in one other registry (ours: one promotion; skopeo: three copies).
 * Each process is started as the runner starts a step (bench/stats.ts runProcess: posix_spawn).
 * Blob bytes uploaded, requests, peak memory (RSS), CPU time and minor page faults (`/usr/bin/time`)
 * are measured on one more run per tool and case, through a proxy in front of the target registry
 * that counts requests and upload request bodies (POST/PATCH/PUT under /blobs/uploads/); the timed
 * runs go straight to the registry.
 * `--large`: one promotion of a 1 GiB image (4 layers of 256 MiB) across registries, peak RSS only.
 * Rebuild the bundle first (`npx tsx scripts/build-dist.ts promote`) when the sources changed.
 *   npx tsx scripts/testbench.ts run -- npx tsx bench/promote/index.ts [--runs N] [--large]
 *   (DOCKER_ACTIONS_BENCH_NODE_SPAWN=1: start processes with node's spawn, to see what its fork costs)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type RunningRegistry, startRegistry } from '../../scripts/testbench/registry.js'
import { RegistryProxy, rawPushImage, rawPutManifest } from '../../test/support/registries.js'
import {
  formatBytes,
  formatMs,
  median,
  printTable,
  type BenchTable,
  isMain,
  flagValue,
  howStarted,
  runnerEnvironment,
  timeProcess
} from '../stats.js'

/** The shape bench/run-all.ts collects (bench/stats.ts BenchTable). */
export interface BenchOptions {
  /** Pairs per case (default 5). */
  runs?: number
  /** Also the 1 GiB peak-memory case. */
  large?: boolean
  /** The bundle (default dist/promote/index.js). */
  bundle?: string
}

const TIME = '/usr/bin/time'
const LAYER_BYTES = 30 * 1024 * 1024

interface Outcome {
  ms: number
  /** Peak RSS in bytes, when measured. */
  rss?: number
  /** User + system CPU time in ms, when measured (steadier than wall time on a shared machine). */
  cpu?: number
  /** Minor page faults, when measured: memory touched for the first time, dear on this VM kind. */
  faults?: number
  /** Blob bytes uploaded, when measured (through the counting proxy). */
  bytes?: number
  /** Requests the target registry received (within one registry: every request), when measured. */
  requests?: number
}

/**
 * Runs a command to its end (started as a runner starts a step: bench/stats.ts runProcess); its
 * wall time, and with `measureMemory` its peak RSS, CPU time and minor page faults (GNU time %M %U %S %R).
 */
async function timed(
  command: string[],
  env: NodeJS.ProcessEnv,
  measureMemory = false
): Promise<{ ms: number; rss?: number; cpu?: number; faults?: number }> {
  const dir = measureMemory ? mkdtempSync(join(tmpdir(), 'bench-promote-time-')) : undefined
  const argv = dir ? [TIME, '-f', '%M %U %S %R', '-o', join(dir, 'rss'), ...command] : command
  const ms = await timeProcess(argv, env)
  if (!dir) return { ms }
  const [kib, user, system, faults] = (readFileSync(join(dir, 'rss'), 'utf8').trim().split('\n').at(-1) ?? '')
    .split(' ')
    .map(Number)
  rmSync(dir, { recursive: true, force: true })
  return { ms, rss: kib * 1024, cpu: (user + system) * 1000, faults }
}

/** The digest a reference points at, read with skopeo (not with the code under test). */
async function digestOf(reference: string): Promise<string> {
  const { spawnSync } = await import('node:child_process')
  const inspect = spawnSync(
    'skopeo',
    ['inspect', '--tls-verify=false', '--format', '{{.Digest}}', `docker://${reference}`],
    { encoding: 'utf8' }
  )
  return inspect.stdout.trim()
}

type Tool = 'ours' | 'skopeo'

function promoteCommand(
  bundle: string,
  source: string,
  targets: string[]
): { argv: string[]; env: NodeJS.ProcessEnv } {
  const env = runnerEnvironment({
    INPUT_SOURCE: source,
    INPUT_TARGETS: targets.join('\n'),
    'INPUT_REQUIRE-GATE': 'false',
    GITHUB_OUTPUT: '/dev/null',
    GITHUB_STEP_SUMMARY: '/dev/null'
  })
  return { argv: ['node', bundle], env }
}

const skopeoCopy = (source: string, target: string): string[] => [
  'skopeo',
  'copy',
  '--quiet',
  '--preserve-digests',
  '--src-tls-verify=false',
  '--dest-tls-verify=false',
  `docker://${source}`,
  `docker://${target}`
]

/** `median (min–max)` of timings in ms. */
const spread = (values: number[]): string =>
  `${formatMs(median(values))} (${formatMs(Math.min(...values))}–${formatMs(Math.max(...values))})`

interface Case {
  name: string
  /** A fresh target: the references to write and, when the case made one, a registry to stop after. */
  target(
    tool: Tool,
    run: string
  ): Promise<{ registry: string; repositories: string[]; stop?: () => Promise<void> }>
}

export async function bench(options: BenchOptions = {}): Promise<BenchTable[]> {
  // 9 pairs: across registries ours and skopeo's medians are within a few percent of each other,
  // about what 5 pairs on this 2-core machine could tell apart.
  const runs = options.runs ?? 9
  const bundle = resolve(options.bundle ?? 'dist/promote/index.js')
  const dev = process.env.TESTBENCH_REGISTRY
  if (!dev)
    throw new Error(
      'run inside the bench: npx tsx scripts/testbench.ts run -- npx tsx bench/promote/index.ts'
    )
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: npx tsx scripts/build-dist.ts promote`)
  const scratch = mkdtempSync(join(tmpdir(), 'bench-promote-'))
  const freshRegistry = async (): Promise<RunningRegistry> =>
    startRegistry({ dir: mkdtempSync(join(scratch, 'registry-')) })

  const repository = `bench/promote-${Date.now().toString(36)}`
  const image = await rawPushImage(dev, repository, { size: LAYER_BYTES, layers: 1 })
  await rawPutManifest(dev, repository, 'v1', image.manifest)
  const source = `${dev}/${repository}:v1`

  const cases: Case[] = [
    {
      name: 'same repository (new tag)',
      target: async (tool, run) => ({ registry: dev, repositories: [`${repository}:${tool}-${run}`] })
    },
    {
      name: 'cross repository (same registry)',
      target: async (tool, run) => ({ registry: dev, repositories: [`${repository}-${tool}-${run}:v1`] })
    },
    {
      name: 'cross registry (30 MiB layer)',
      target: async () => {
        const registry = await freshRegistry()
        return { registry: registry.host, repositories: [`${repository}:v1`], stop: registry.stop }
      }
    },
    {
      name: 'cross registry, 3 targets in it',
      target: async () => {
        const registry = await freshRegistry()
        const repositories = ['a', 'b', 'c'].map(name => `${repository}-${name}:v1`)
        return { registry: registry.host, repositories, stop: registry.stop }
      }
    }
  ]

  /** One run of a tool on a fresh target, checked afterwards (the target must read the source's digest). */
  const once = async (kind: Case, tool: Tool, run: string, measure: boolean): Promise<Outcome> => {
    const target = await kind.target(tool, run)
    const proxy = measure ? await new RegistryProxy(target.registry).start() : undefined
    const host = proxy?.host ?? target.registry
    const references = target.repositories.map(name => `${host}/${name}`)
    // Within one registry the source goes through the proxy too: the same host, as the tools must see it.
    const from = proxy && target.registry === dev ? `${proxy.host}/${repository}:v1` : source
    try {
      let outcome: Outcome
      if (tool === 'ours') {
        const { argv, env } = promoteCommand(bundle, from, references)
        outcome = await timed(argv, env, measure)
      } else {
        // skopeo copies one reference at a time: several targets are several copies.
        outcome = { ms: 0, rss: 0, cpu: 0, faults: 0 }
        for (const reference of references) {
          const one = await timed(skopeoCopy(from, reference), process.env, measure)
          outcome.ms += one.ms
          outcome.rss = Math.max(outcome.rss ?? 0, one.rss ?? 0)
          outcome.cpu = (outcome.cpu ?? 0) + (one.cpu ?? 0)
          outcome.faults = (outcome.faults ?? 0) + (one.faults ?? 0)
        }
      }
      if (proxy) {
        outcome.bytes = proxy.uploadedBytes
        outcome.requests = proxy.requests.length
      }
      for (const name of target.repositories) {
        const digest = await digestOf(`${target.registry}/${name}`)
        if (digest !== image.digest)
          throw new Error(`${tool} wrote ${digest || 'nothing'} to ${name}, not ${image.digest}`)
      }
      return outcome
    } finally {
      await proxy?.stop()
      await target.stop?.()
    }
  }

  const rows: string[][] = []
  try {
    for (const kind of cases) {
      const ours: number[] = []
      const theirs: number[] = []
      const ratios: number[] = []
      for (let run = 0; run < runs; run++) {
        const order: Tool[] = run % 2 === 0 ? ['ours', 'skopeo'] : ['skopeo', 'ours']
        const pair: Partial<Record<Tool, number>> = {}
        for (const tool of order) pair[tool] = (await once(kind, tool, String(run), false)).ms
        ours.push(pair.ours as number)
        theirs.push(pair.skopeo as number)
        ratios.push((pair.ours as number) / (pair.skopeo as number))
      }
      const measured = {
        ours: await once(kind, 'ours', 'measured', true),
        skopeo: await once(kind, 'skopeo', 'measured', true)
      }
      rows.push([
        kind.name,
        spread(ours),
        spread(theirs),
        `${median(ratios).toFixed(2)}x`,
        `${formatBytes(measured.ours.bytes ?? 0)} / ${formatBytes(measured.skopeo.bytes ?? 0)}`,
        `${measured.ours.requests ?? 0} / ${measured.skopeo.requests ?? 0}`,
        `${formatBytes(measured.ours.rss ?? 0)} / ${formatBytes(measured.skopeo.rss ?? 0)}`,
        `${formatMs(measured.ours.cpu ?? 0)} / ${formatMs(measured.skopeo.cpu ?? 0)}`,
        `${measured.ours.faults ?? 0} / ${measured.skopeo.faults ?? 0}`
      ])
    }
    const tables: BenchTable[] = [
      {
        title: `promote whole process (node dist/promote/index.js) paired with skopeo copy --preserve-digests, median (min–max) of ${runs} pairs`,
        headers: [
          'case',
          'promote',
          'skopeo copy',
          'paired ratio',
          'blob bytes uploaded (ours / skopeo)',
          'requests to the target registry (ours / skopeo)',
          'peak RSS (ours / skopeo)',
          'CPU user+sys (ours / skopeo)',
          'minor page faults (ours / skopeo)'
        ],
        rows,
        note:
          'Image: one 30 MiB layer; a fresh target each run (a fresh registry per run across registries, so nothing is cached). ' +
          'Paired ratio: the median of the per-pair ratios. Bytes, requests, peak RSS, CPU time and page faults come from one more run per tool, through a proxy that counts requests and upload request bodies, and /usr/bin/time ' +
          '(within one registry the source is read through the proxy too: every request counts). ' +
          'With 3 targets skopeo makes three copies (the time, CPU and faults are their sums). ' +
          howStarted()
      }
    ]
    if (options.large) tables.push(await largeImage(bundle, dev, freshRegistry))
    return tables
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** Peak RSS of one promotion of a 1 GiB image across registries (blobs must be streamed). */
async function largeImage(
  bundle: string,
  dev: string,
  freshRegistry: () => Promise<RunningRegistry>
): Promise<BenchTable> {
  const repository = `bench/promote-large-${Date.now().toString(36)}`
  const image = await rawPushImage(dev, repository, { size: 256 * 1024 * 1024, layers: 4 })
  await rawPutManifest(dev, repository, 'v1', image.manifest)
  const registry = await freshRegistry()
  const proxy = await new RegistryProxy(registry.host).start()
  try {
    const { argv, env } = promoteCommand(bundle, `${dev}/${repository}:v1`, [
      `${proxy.host}/${repository}:v1`
    ])
    const { ms, rss } = await timed(argv, env, true)
    const digest = await digestOf(`${registry.host}/${repository}:v1`)
    if (digest !== image.digest) throw new Error(`the large promotion wrote ${digest}, not ${image.digest}`)
    return {
      title: 'promote of a 1 GiB image (4 layers of 256 MiB) across registries: peak memory',
      headers: ['case', 'wall time', 'blob bytes uploaded', 'peak RSS (VmHWM)'],
      rows: [
        ['cross registry, 1 GiB', formatMs(ms), formatBytes(proxy.uploadedBytes), formatBytes(rss ?? 0)]
      ],
      note: 'One run; the blobs go registry to registry as streams, never held whole.'
    }
  } finally {
    await proxy.stop()
    await registry.stop()
  }
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2)
  const value = (flag: string): string | undefined => flagValue(flag, args)
  const runs = value('--runs')
  const tables = await bench({
    runs: runs ? Number(runs) : undefined,
    large: args.includes('--large'),
    bundle: value('--bundle')
  })
  for (const table of tables) {
    console.log(`\n${table.title}\n`)
    printTable(table.headers, table.rows)
    if (table.note) console.log(`\n${table.note}`)
  }
}
