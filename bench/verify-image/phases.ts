/**
 * Where a verify run's wall time goes: verifyImages() in-process on the bench image of
 * bench/verify-image/index.ts (run that first: it builds the image), each engine call timed
 * (when it began, how long it took), then the median of each over the runs.
 *   npx tsx scripts/testbench.ts run -- npx tsx bench/verify-image/phases.ts [--runs N] [--checks all|static] [--quiet]
 */
import { type VerifyEngine, connectEngine } from '../../src/lib/dockerflow/engine.js'
import { DEFAULT_SANDBOX } from '../../src/lib/dockerflow/sandbox.js'
import { verifyImages } from '../../src/lib/dockerflow/verify.js'
import { flagValue, formatMs, median } from '../stats.js'

const IMAGE = 'bench/verify-app:1'
const COMMIT = '0123456789abcdef0123456789abcdef01234567'

interface Call {
  name: string
  start: number
  ms: number
}

/** The engine, each call recorded under its method and first arguments (`copyOut /etc`). */
function timed(engine: VerifyEngine, clock: () => number, calls: Call[]): VerifyEngine {
  const wrapped: Record<string, unknown> = { address: engine.address }
  for (const key of Object.keys(engine) as Array<keyof VerifyEngine>) {
    const method = engine[key]
    if (typeof method !== 'function') continue
    wrapped[key] = async (...args: unknown[]) => {
      const start = clock()
      try {
        return await (method as (...a: unknown[]) => Promise<unknown>).apply(engine, args)
      } finally {
        const path = key === 'copyOut' && typeof args[1] === 'string' ? ` ${args[1]}` : ''
        calls.push({ name: `${key}${path}`, start, ms: clock() - start })
      }
    }
  }
  return wrapped as unknown as VerifyEngine
}

/**
 * The run cut at its engine calls, along the critical path: what comes before the container starts
 * (the image's files, when read first), the start, the app's answers (start done to its processes
 * asked), what follows them (processes and logs, to the remove), the remove.
 */
function phasesOf(calls: Call[], total: number): Array<[string, number]> {
  const first = (name: string): Call | undefined => calls.find(call => call.name === name)
  const create = first('create')
  const start = first('start')
  const processes = first('processes')
  const remove = calls.filter(call => call.name === 'remove').at(-1)
  if (!create || !start || !processes || !remove) return []
  const startDone = start.start + start.ms
  return [
    ['to the create (inspect, port)', create.start],
    ['create, files read before the start', start.start - create.start],
    ['start', start.ms],
    ['the app answers (lbheartbeat polls, endpoints)', processes.start - startDone],
    ['after the answers (processes, logs)', remove.start - processes.start],
    ['remove', remove.ms],
    ['after the remove', total - remove.start - remove.ms]
  ]
}

const args = process.argv.slice(2)
const runs = Number(flagValue('--runs', args) ?? 5)
const scope = (flagValue('--checks', args) ?? 'all') as 'all' | 'static'
const engine = await connectEngine()
const totals: number[] = []
const byName = new Map<string, { starts: number[]; ms: number[]; count: number }>()
const byPhase = new Map<string, number[]>()
for (let run = 0; run < runs; run++) {
  const started = performance.now()
  const clock = (): number => performance.now() - started
  const calls: Call[] = []
  const logs: Call[] = []
  const report = await verifyImages({
    engine: timed(engine, clock, calls),
    image: IMAGE,
    commit: COMMIT,
    scope,
    pull: true,
    env: new Map(),
    sandbox: DEFAULT_SANDBOX,
    log: message => logs.push({ name: `log: ${message.slice(0, 60)}`, start: clock(), ms: 0 })
  })
  const total = clock()
  totals.push(total)
  const failed = report.reports.flatMap(r => r.results).filter(r => r.status === 'fail')
  if (failed.length) throw new Error(`run ${run + 1} failed: ${failed.map(f => f.id).join(', ')}`)
  if (!args.includes('--quiet')) {
    console.log(`run ${run + 1}: ${formatMs(total)}`)
    for (const call of [...calls, ...logs].sort((a, b) => a.start - b.start))
      console.log(
        `${formatMs(call.start).padStart(9)} ${call.ms ? `+${formatMs(call.ms)}`.padStart(10) : ''.padStart(10)}  ${call.name}`
      )
  }
  for (const [phase, ms] of phasesOf(calls, total)) byPhase.set(phase, [...(byPhase.get(phase) ?? []), ms])
  for (const call of calls) {
    const entry = byName.get(call.name) ?? { starts: [], ms: [], count: 0 }
    if (!byName.has(call.name) || entry.starts.length <= run) {
      entry.starts.push(call.start)
      entry.ms.push(call.ms)
    }
    entry.count++
    byName.set(call.name, entry)
  }
}
console.log(`\nmedians of ${runs} runs: total ${formatMs(median(totals))}`)
console.log('| engine call (first of each run) | begins at | takes | calls per run |')
console.log('| --- | --- | --- | --- |')
for (const [name, entry] of [...byName].sort((a, b) => median(a[1].starts) - median(b[1].starts)))
  console.log(
    `| ${name} | ${formatMs(median(entry.starts))} | ${formatMs(median(entry.ms))} | ${(entry.count / runs).toFixed(1)} |`
  )
if (byPhase.size) {
  console.log('\n| phase (critical path) | median |')
  console.log('| --- | --- |')
  for (const [phase, times] of byPhase) console.log(`| ${phase} | ${formatMs(median(times))} |`)
}
