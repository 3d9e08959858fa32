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
 *     [--bundle <path to index.js>] [--compare <path to another index.js>] [--platforms]
 * --compare runs the same sequence with another bundle (e.g. a copy of the last commit's dist) in
 * each run, in alternating order, each on its own repository, and prints the paired ratio per case.
 * --trace logs every docker CLI call of each run (through a timing wrapper: adds a few ms each); pulls
 * and pushes that go to the Engine API on the engine's socket are not CLI calls, and are not listed.
 * --platforms adds two platforms (amd64 + arm64 under QEMU) of a small app, cold and a code-only
 * change, each platform's cached steps reported (slow: emulated RUN steps).
 */
import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  type BenchTable,
  formatMs,
  median,
  printTables,
  spread,
  isMain,
  flagValue,
  runnerEnvironment
} from '../stats.js'
import { inputEnvironment } from '../../src/cli/action-runner.js'
import { smallApp } from '../../test/support/example-app.js'
import { writePushEvent } from '../../test/support/compute-tags-run.js'
import { engineSocket } from '../../src/lib/docker/engine-api.js'
import { pullThroughEngine } from '../../src/lib/docker/engine-images.js'
import { emulatorCost, withoutArm64Emulation } from './emulation.js'

export interface BenchOptions {
  runs?: number
  /** The bundle to run (default dist/build-with-cache/index.js). */
  bundle?: string
  /** Log every docker CLI call (through a timing wrapper). */
  trace?: boolean
  /** Another bundle to run the same sequences with, paired run by run. */
  compare?: string
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
  /** ms since spawn of the first `::group::` line and of the last `::endgroup::` line. */
  firstGroupMs?: number
  lastEndMs?: number
  /** The engine's CPU time (ms, dockerd and the processes it ran and reaped) during the pull groups. */
  pullCpuMs?: number
  /** The images the run pulled (its "pulled …" lines), for the layer accounting. */
  pulledRefs: string[]
  layers?: LayerCount
  platforms?: Record<string, Counts>
  trace: string[]
  /** With trace: the process's output, each line with its ms since spawn. */
  lines: string[]
}

/**
 * What the pulls unpacked: Docker 20.10 applies each layer it pulls in a process of its own (a
 * re-exec of dockerd), so a pull costs about its number of new layers.
 */
interface LayerCount {
  /** Layers of the pulled images the engine did not hold before the run (each unpacked once). */
  unpacked: number
  /** Of those, the layers the built builder and production images are made of (cache hits, the base). */
  used: number
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
  const enginePid = process.env.TESTBENCH_ENGINE_PID
  /** dockerd's CPU time in ms, with the children it reaped (the layer re-execs); undefined if unreadable. */
  const engineCpuMs = (): number | undefined => {
    try {
      const fields = readFileSync(`/proc/${enginePid}/stat`, 'utf8').split(') ')[1].split(' ')
      // utime, stime, cutime, cstime (fields 14-17; 12-15 after the command), in clock ticks of 10 ms.
      return fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0) * 10
    } catch {
      return undefined
    }
  }
  const work = mkdtempSync(join(tmpdir(), 'bench-build-cache-'))
  const docker = (args: string[]): string => execFileSync(client, args, { encoding: 'utf8' })
  const wipeEngine = (): void => {
    docker(['system', 'prune', '--all', '--force'])
    docker(['builder', 'prune', '--all', '--force'])
  }
  /** The layers (diff IDs) of a local image; none when the engine has no such image. */
  const imageLayers = (ref: string): string[] => {
    try {
      return JSON.parse(docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', ref])) as string[]
    } catch {
      return []
    }
  }
  /** Every layer the engine holds. */
  const engineLayers = (): Set<string> => {
    const ids = docker(['image', 'ls', '--all', '--quiet', '--no-trunc']).split('\n').filter(Boolean)
    return new Set([...new Set(ids)].flatMap(imageLayers))
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
  const runAction = async (
    branch: string,
    inputs: Record<string, string>,
    which = bundle
  ): Promise<Timed> => {
    const event = writePushEvent(work, branch)
    for (const file of [join(work, 'out'), join(work, 'summary'), join(work, 'state'), traceFile])
      writeFileSync(file, '')
    const env = {
      ...runnerEnvironment(),
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
    let open: { phase?: Phase; at: number; cpu?: number } | undefined
    let pullCpuMs: number | undefined
    let firstGroupMs: number | undefined
    let lastEndMs: number | undefined
    const pulledRefs: string[] = []
    let output = ''
    const started = performance.now()
    const child = spawn(process.execPath, [which], { env, stdio: ['ignore', 'pipe', 'pipe'] })
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
        const pulled = /^pulled (?:base image )?(\S+)/.exec(line)
        if (pulled) pulledRefs.push(pulled[1])
        if (group) {
          firstGroupMs ??= now - started
          const phase = phaseOf(group[1])
          open = { phase, at: now, cpu: phase === 'pulls' ? engineCpuMs() : undefined }
        } else if (line.startsWith('::endgroup::') && open) {
          lastEndMs = now - started
          if (open.phase) phases[open.phase] += now - open.at
          const cpu = engineCpuMs()
          if (open.cpu !== undefined && cpu !== undefined) pullCpuMs = (pullCpuMs ?? 0) + cpu - open.cpu
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
    return {
      ms,
      phases,
      pullCpuMs,
      pulledRefs,
      firstGroupMs,
      lastEndMs,
      cached: cache.cached,
      total: cache.total,
      platforms: cache.platforms,
      trace,
      lines
    }
  }

  /** The bundle's start-up alone: it fails on the missing `images` input before any work. */
  const startUp = async (): Promise<number> => {
    const started = performance.now()
    await new Promise<void>(done => {
      const child = spawn(process.execPath, [bundle], {
        env: runnerEnvironment({ GITHUB_STATE: join(work, 'state'), GITHUB_OUTPUT: join(work, 'out') }),
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
  const compared = Object.fromEntries(CASES.map(name => [name, [] as Timed[]])) as Record<Case, Timed[]>
  const compare = options.compare && resolve(options.compare)
  const startUps: number[] = []
  /** cold, code change (fresh), next code change (fresh), code change (warm), with one bundle. */
  const sequence = async (run: number, which: string, into: Record<Case, Timed[]>): Promise<string> => {
    const app = join(work, `app-${run}-${into === results ? 'a' : 'b'}`)
    cpSync(resolve('examples/app'), app, { recursive: true })
    const repository = `bench/build-cache-${Date.now().toString(36)}-${run}`
    const inputs = appInputs(app, repository)
    const change = (version: string): void => writeFileSync(join(app, 'src', 'VERSION'), `${version}\n`)
    const image = inputs.images
    /** Runs one case and counts the layers its pulls unpacked, and which of them the built images hold. */
    const counted = async (branch: string): Promise<Timed> => {
      const held = engineLayers()
      const candidates = [
        base,
        ...['builder-main', `builder-${branch}`, 'main', branch].map(tag => `${image}:${tag}`)
      ]
      const before = new Map(
        await Promise.all(candidates.map(async ref => [ref, await registryLayers(ref)] as const))
      )
      const timed = await runAction(branch, inputs, which)
      const pulled = new Set(
        timed.pulledRefs.flatMap(ref => before.get(ref) ?? []).filter(layer => !held.has(layer))
      )
      const built = new Set([`builder-${branch}`, branch].flatMap(tag => imageLayers(`${image}:${tag}`)))
      timed.layers = { unpacked: pulled.size, used: [...pulled].filter(layer => built.has(layer)).length }
      return timed
    }
    wipeEngine()
    into.cold.push(await counted('main'))
    change(`1.0.${run + 1}-bench`)
    wipeEngine()
    into.fresh.push(await counted('feature-x'))
    change(`1.1.${run + 1}-bench`)
    wipeEngine()
    into.nextFresh.push(await counted('feature-x'))
    change(`1.2.${run + 1}-bench`)
    into.warm.push(await counted('feature-x'))
    if (into === results) {
      // The floor of a fresh runner: the builder cache alone, pulled into a wiped engine.
      wipeEngine()
      const started = performance.now()
      await enginePull(`${image}:builder-main`)
      builderCachePulls.push(performance.now() - started)
    }
    return app
  }
  const builderCachePulls: number[] = []
  let lastApp = ''
  /** One run's sequences, with the bundle and (alternating order) the compared one. */
  const oneRun = async (run: number): Promise<void> => {
    // Alternating order, so neither bundle always runs first after the other's pushes.
    if (compare && run % 2 === 1) await sequence(run, compare, compared)
    lastApp = await sequence(run, bundle, results)
    if (compare && run % 2 === 0) await sequence(run, compare, compared)
    startUps.push(await startUp())
    const show = (timed: Timed): string => `${formatMs(timed.ms)} (${timed.cached}/${timed.total} cached)`
    log(
      `run ${run + 1}/${runs}: cold ${show(results.cold[run])}, fresh ${show(results.fresh[run])}, ` +
        `next fresh ${show(results.nextFresh[run])}, warm ${show(results.warm[run])}, ` +
        `start-up ${formatMs(startUps[run])}`
    )
    if (compare)
      log(
        `  compared: cold ${show(compared.cold[run])}, fresh ${show(compared.fresh[run])}, ` +
          `next fresh ${show(compared.nextFresh[run])}, warm ${show(compared.warm[run])}`
      )
    if (options.trace)
      for (const name of CASES) {
        log(`  docker calls (${name}):\n    ${results[name][run].trace.join('\n    ')}`)
        log(`  log (${name}):\n    ${results[name][run].lines.join('\n    ')}`)
      }
  }
  const timedWithoutEmulator = await withoutArm64Emulation(async switchedOff => {
    for (let run = 0; run < runs; run++) await oneRun(run)
    return switchedOff
  })

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
    note:
      'Build + push + provenance of the builder and production images. Target: a code-only change on a fresh runner ≤ 0.2 of a cold build. ' +
      (timedWithoutEmulator
        ? 'Timed with the arm64 emulator the test bench registers switched off, as on a runner that did not register QEMU (what it costs each build: the table “Docker 20.10’s emulator checks”).'
        : 'Timed with the arm64 emulator registered (it could not be switched off here): each build pays its emulator checks (see bench/build-cache/emulation.ts).')
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
  const unpacked: BenchTable = {
    title: 'What the pulls unpacked (medians; the engine applies each new layer in a process of its own)',
    headers: [
      'case',
      'images pulled',
      'layers unpacked',
      'of them in the built images',
      'engine CPU in pulls',
      'per layer',
      'pulls (wall)'
    ],
    rows: CASES.map(name => {
      const timed = results[name]
      const layers = median(timed.map(one => one.layers?.unpacked ?? 0))
      const cpu = timed.every(one => one.pullCpuMs !== undefined)
        ? median(timed.map(one => one.pullCpuMs as number))
        : undefined
      return [
        CASE_SHORT[name],
        String(median(timed.map(one => one.pulledRefs.length))),
        String(layers),
        String(median(timed.map(one => one.layers?.used ?? 0))),
        cpu === undefined ? 'n/a' : formatMs(cpu),
        cpu === undefined || layers === 0 ? '–' : formatMs(cpu / layers),
        formatMs(median(timed.map(one => one.phases.pulls)))
      ]
    }),
    note: 'images pulled: base and cache images (a warm runner already holds them); layers unpacked: their layers the engine did not hold; of them in the built images: the layers the new builder and production images share with them (the cache hits, the base, an empty WORKDIR layer); engine CPU: dockerd and the processes it ran and reaped (the layer re-execs), from /proc, during the pull group.'
  }
  const other: BenchTable = {
    title: '"other", split (medians)',
    headers: ['case', 'before the first group', 'between groups', 'after the last group'],
    rows: CASES.map(name => {
      const timed = results[name]
      const before = median(timed.map((one, run) => (one.firstGroupMs ?? 0) - startUps[run]))
      const after = median(timed.map(one => one.ms - (one.lastEndMs ?? one.ms)))
      const between = median(
        timed.map(
          one =>
            (one.lastEndMs ?? 0) -
            (one.firstGroupMs ?? 0) -
            PHASES.reduce((sum, key) => sum + one.phases[key], 0)
        )
      )
      return [
        CASE_SHORT[name],
        formatMs(Math.max(0, before)),
        formatMs(Math.max(0, between)),
        formatMs(after)
      ]
    }),
    note: 'before the first group: after process start, reading the inputs, the front-end detection (`docker version` and `docker buildx inspect`, at once) beside the tag plan, and the plan; between groups: the base-image labels note, the build results; after the last group: outputs, summary, the process exit.'
  }
  const cold = (run: number): number => results.cold[run].ms
  const floorOf = (run: number): number => builderCachePulls[run] + results.warm[run].ms
  const beforePulls = median(
    results.fresh.map((timed, run) => ((timed.firstGroupMs ?? 0) - startUps[run]) / cold(run))
  ).toFixed(2)
  const floor: BenchTable = {
    title:
      'The floor of a fresh runner on this engine (medians; ratios paired with the same run’s cold build)',
    headers: ['what', 'time', 'ratio to cold'],
    rows: [
      [
        'the builder cache image alone (builder-main: the base and 6 layers), pulled into a wiped engine',
        formatMs(median(builderCachePulls)),
        median(builderCachePulls.map((ms, run) => ms / cold(run))).toFixed(2)
      ],
      [
        'code-only change, warm runner (nothing to pull)',
        formatMs(median(results.warm.map(timed => timed.ms))),
        ratio('warm')
      ],
      [
        'their sum: about the least a code-only change on a fresh runner costs here',
        formatMs(median(builderCachePulls.map((_, run) => floorOf(run)))),
        median(builderCachePulls.map((_, run) => floorOf(run) / cold(run))).toFixed(2)
      ]
    ],
    note: `The builder build cannot start before its cache image is in the engine, and Docker 20.10 applies an image’s layers one after another, each in a re-exec of dockerd (0.2–0.3 s each on this VM kind): the 4 layers above the base the build reuses and the 2 it replaces are applied before the image exists. The pull goes through the Engine API, as build-with-cache pulls. About: what comes before the pulls (inputs, front-end detection, the plan: “before the first group” in “other”, split) could overlap them, which would take ${beforePulls} of cold off the sum at most.`
  }
  const tables = [summary, breakdown, unpacked, other, floor]
  const emulator = await emulatorTable(client, lastApp, base)
  if (emulator) tables.push(emulator)
  if (compare) tables.push(comparison(results, compared, compare.replace(`${process.cwd()}/`, '')))
  if (options.platforms) tables.push(await benchPlatforms(runs, runAction, wipeEngine, work, log))
  return tables
}

/**
 * Pulls `ref` (from the bench's loopback registry, no credentials) through the Engine API on the
 * bench engine's socket, with build-with-cache's own puller; resolves once the engine has the image.
 */
async function enginePull(ref: string): Promise<void> {
  const socket = engineSocket()
  if (!socket) throw new Error('run inside the bench (DOCKER_HOST=unix://…)')
  const pulled = await pullThroughEngine(socket, ref)
  if (!pulled.ok) throw new Error(`pull ${ref}: ${pulled.error}`)
}

/**
 * What Docker 20.10's emulator checks cost a build here: a fully cached `docker build` of the app's
 * production target (all its steps in the engine after the warm case), with the arm64 emulator on and
 * off, alternately.
 */
async function emulatorTable(client: string, app: string, base: string): Promise<BenchTable | undefined> {
  const pairs = 5
  const build = async (): Promise<number> => {
    const started = performance.now()
    execFileSync(
      client,
      [
        'build',
        '--quiet',
        '--network',
        'host',
        '--target',
        'production',
        '--build-arg',
        `BASE_IMAGE=${base}`,
        app
      ],
      { env: { ...process.env, DOCKER_BUILDKIT: '1' }, stdio: 'ignore' }
    )
    return performance.now() - started
  }
  const cost = await emulatorCost(build, pairs)
  if (!cost) return undefined
  return {
    title: `Docker 20.10's emulator checks: a fully cached \`docker build\` of examples/app's production target, median (min–max) of ${pairs} alternating pairs`,
    headers: ['QEMU arm64 emulator', 'docker build', 'paired difference'],
    rows: [
      [
        'registered (the test bench registers it)',
        spread(cost.on),
        formatMs(median(cost.on.map((on, pair) => on - cost.off[pair])))
      ],
      ['not registered (a runner without QEMU)', spread(cost.off), '–']
    ],
    note: "Docker 20.10's BuildKit (v0.8) looks for emulators on every build, running a test binary per architecture a dozen times; with QEMU's arm64 interpreter registered each arm64 test starts QEMU (moby/buildkit#3120; BuildKit 0.14, in Docker 27, keeps the answer for 20 s). build-with-cache runs two builds per run. The cases above are timed with the emulator switched off, unless their note says otherwise."
  }
}

/**
 * The layers (diff IDs) of an image in the bench's registry (loopback, no credentials), from its
 * config; none when the tag does not exist yet.
 */
async function registryLayers(ref: string): Promise<string[]> {
  const match = /^([^/]+)\/(.+):([^:/]+)$/.exec(ref)
  if (!match) return []
  const [, registry, repository, tag] = match
  const get = (path: string, accept: string): Promise<Response> =>
    fetch(`http://${registry}/v2/${repository}/${path}`, { headers: { Accept: accept } })
  const manifest = await get(
    `manifests/${tag}`,
    'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json'
  )
  if (!manifest.ok) return []
  const { config } = (await manifest.json()) as { config?: { digest: string } }
  if (!config) return []
  const blob = await get(`blobs/${config.digest}`, '*/*')
  const { rootfs } = (await blob.json()) as { rootfs?: { diff_ids?: string[] } }
  return rootfs?.diff_ids ?? []
}

/** Each case's time against the compared bundle's in the same run (paired), and both ratios to cold. */
function comparison(ours: Record<Case, Timed[]>, theirs: Record<Case, Timed[]>, name: string): BenchTable {
  const toCold = (results: Record<Case, Timed[]>, which: Case): string =>
    median(results[which].map((timed, run) => timed.ms / results.cold[run].ms)).toFixed(2)
  return {
    title: `Paired against ${name} (same sequences, each run on its own repository, alternating order)`,
    headers: ['case', 'this bundle', 'compared', 'this / compared (paired)', 'ratio to cold: this, compared'],
    rows: CASES.map(which => [
      CASE_SHORT[which],
      `${formatMs(median(ours[which].map(timed => timed.ms)))} (${ours[which][0].cached}/${ours[which][0].total})`,
      `${formatMs(median(theirs[which].map(timed => timed.ms)))} (${theirs[which][0].cached}/${theirs[which][0].total})`,
      median(ours[which].map((timed, run) => timed.ms / theirs[which][run].ms)).toFixed(2),
      which === 'cold' ? '1, 1' : `${toCold(ours, which)}, ${toCold(theirs, which)}`
    ])
  }
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
    compare: value('--compare'),
    trace: args.includes('--trace'),
    platforms: args.includes('--platforms')
  })
  printTables(tables)
}
