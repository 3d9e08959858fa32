/**
 * Where the wall time of a cross-registry promotion goes, from both sides: bundles and skopeo run
 * alternately (each started as a runner starts a step) on the bench's image (one 30 MiB layer), a
 * fresh target registry per run, and every request is placed in time from the registries' own logs
 * (docker-registry logs each answer's end and duration). Per tool, the medians of:
 * process start -> first request, first request -> start of the layer's upload, the upload itself,
 * its end -> the process's exit, and requests, CPU (user+sys) and minor page faults (/usr/bin/time);
 * with two bundles, also the per-run differences of the second against the first. A tool for
 * looking, not a bench (the README's table comes from index.ts).
 *   npx tsx bench/promote/phases.ts [--runs N] [--bundles A,B] [--no-skopeo] [--verbose] [--trace]
 * (--verbose prints each run's requests: start-end in ms from the process start, method, path;
 * --trace starts each bundle with a preload that notes, from the client's side, when each request
 * was issued, its new connection seen open (only then is the request written), its answer or first
 * bytes seen, and each GC: where the process itself waits, in ms from node's own time origin, some
 * ms after the start the registry-side times count from. The preload costs a few ms per run.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startRegistry } from '../../scripts/testbench/registry.js'
import { rawPushImage, rawPutManifest } from '../../test/support/registries.js'
import { flagValue, median, runProcess, runnerEnvironment } from '../stats.js'

const args = process.argv.slice(2)
const runs = Number(flagValue('--runs', args) ?? 9)
const bundles = (flagValue('--bundles', args) ?? 'dist/promote/index.js').split(',').map(b => resolve(b))
const verbose = args.includes('--verbose')
const trace = args.includes('--trace')

/** The --trace preload (CommonJS, for `node -r`): its lines go to stderr at exit, each `trace <ms> <event>`. */
const CLIENT_TRACE = `
const http = require('node:http'), net = require('node:net'), { writeSync } = require('node:fs')
const { PerformanceObserver } = require('node:perf_hooks')
const events = []
const note = what => events.push([performance.now(), what])
const short = path => path.replace(/sha256[:-]([0-9a-f]{12})[0-9a-f]+/g, '$1').replace(/[?].*/, '')
const request = http.request
http.request = function (url, options, ...rest) {
  const what = options.method + ' ' + short(new URL(url).pathname)
  note('issued ' + what)
  const sent = request.call(this, url, options, ...rest)
  sent.once('socket', socket => socket.connecting && socket.once('connect', () => note('connected ' + what)))
  sent.once('response', () => note('answered ' + what))
  return sent
}
const connect = net.connect
net.connect = function (options, ...rest) {
  const what = { text: 'windowed GET :' + options.port }
  if (options.onread) {
    const callback = options.onread.callback
    let first = true
    options.onread.callback = length => {
      if (first) note('first bytes ' + what.text)
      first = false
      return callback(length)
    }
  }
  const socket = connect.call(this, options, ...rest)
  const write = socket.write
  socket.write = function (data, ...more) {
    if (typeof data === 'string' && data.startsWith('GET ')) {
      what.text = 'windowed GET ' + short(data.split(' ')[1])
      note('issued ' + what.text)
    }
    return write.call(this, data, ...more)
  }
  socket.once('connect', () => note('connected ' + what.text))
  return socket
}
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) events.push([entry.startTime, 'GC ' + entry.duration.toFixed(1) + ' ms'])
}).observe({ entryTypes: ['gc'] })
process.on('exit', () => {
  note('exit')
  events.sort((a, b) => a[0] - b[0])
  writeSync(2, events.map(([ms, what]) => 'trace ' + ms.toFixed(1) + ' ' + what + '\\n').join(''))
})
`
const tools = [...bundles.map((_, n) => `bundle ${n}`), ...(args.includes('--no-skopeo') ? [] : ['skopeo'])]

interface Answer {
  start: number
  end: number
  method: string
  path: string
}

/** The answers a registry logged since `since` (epoch ms), each placed by its end and duration. */
function answers(log: string, since: number): Answer[] {
  const units: Record<string, number> = { s: 1000, ms: 1, µs: 0.001, ns: 0.000001 }
  const found: Answer[] = []
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const time = /time="([^"]+)"/.exec(line)?.[1]
    const duration = /http\.response\.duration=([\d.]+)(s|ms|µs|ns)\b/.exec(line)
    const method = /http\.request\.method=(\S+)/.exec(line)?.[1]
    if (!line.includes('response completed') || !time || !duration || !method) continue
    const end = Date.parse(time.replace(/(\.\d{3})\d*Z$/, '$1Z'))
    // logrus quotes a value only when it holds characters such as `:` or `?` (blob digests, upload
    // states); a manifest's or a POST's path comes bare.
    const path = /http\.request\.uri="?([^"?\s]*)/.exec(line)?.[1] ?? ''
    if (end < since || path === '/v2/') continue
    found.push({ start: end - Number(duration[1]) * units[duration[2]], end, method, path })
  }
  return found
}

const scratch = mkdtempSync(join(tmpdir(), 'promote-phases-'))
const preload = join(scratch, 'client-trace.cjs')
if (trace) writeFileSync(preload, CLIENT_TRACE)
const source = await startRegistry({ dir: join(scratch, 'source') })
const rows = new Map<string, number[][]>(tools.map(tool => [tool, []]))
try {
  const repository = 'phases/app'
  const image = await rawPushImage(source.host, repository, { size: 30 * 1024 * 1024, layers: 1 })
  await rawPutManifest(source.host, repository, 'v1', image.manifest)
  for (let run = 0; run < runs; run++) {
    for (const tool of run % 2 === 0 ? tools : [...tools].reverse()) {
      const dir = join(scratch, `target-${run}-${tool.replace(' ', '-')}`)
      const target = await startRegistry({ dir })
      const from = `${source.host}/${repository}:v1`
      const to = `${target.host}/${repository}:v1`
      const argv = tool.startsWith('bundle')
        ? ['node', ...(trace ? ['-r', preload] : []), bundles[Number(tool.split(' ')[1])]]
        : ['skopeo', 'copy', '--quiet', '--preserve-digests', '--src-tls-verify=false'].concat([
            '--dest-tls-verify=false',
            `docker://${from}`,
            `docker://${to}`
          ])
      const env = runnerEnvironment({
        INPUT_SOURCE: from,
        INPUT_TARGETS: to,
        'INPUT_REQUIRE-GATE': 'false',
        GITHUB_OUTPUT: '/dev/null',
        GITHUB_STEP_SUMMARY: '/dev/null'
      })
      const times = join(scratch, 'time')
      const since = Date.now()
      const done = await runProcess(['/usr/bin/time', '-f', '%U %S %R', '-o', times, ...argv], env)
      // The process started `ms` before it was reaped (a few ms before `ended`, for the pipes to close).
      const ended = Date.now()
      const started = ended - done.ms
      if (done.status !== 0) throw new Error(`${tool} failed:\n${done.output.slice(-2000)}`)
      const [user, system, faults] = (readFileSync(times, 'utf8').trim().split('\n').at(-1) ?? '')
        .split(' ')
        .map(Number)
      await new Promise(settle => setTimeout(settle, 50)) // the registries' last log lines
      const targetAnswers = answers(join(dir, 'registry.log'), since)
      const all = [...answers(join(scratch, 'source', 'registry.log'), since), ...targetAnswers].sort(
        (a, b) => a.start - b.start
      )
      const upload = targetAnswers
        .filter(a => /^(PUT|PATCH)$/.test(a.method) && a.path.includes('/blobs/uploads/'))
        .sort((a, b) => b.end - b.start - (a.end - a.start))[0]
      rows
        .get(tool)
        ?.push([
          done.ms,
          all[0].start - started,
          upload.start - all[0].start,
          upload.end - upload.start,
          ended - upload.end,
          all.length,
          (user + system) * 1000,
          faults
        ])
      if (verbose)
        console.log(
          `${tool}, run ${run}:\n${all.map(a => `  ${(a.start - started).toFixed(0)}-${(a.end - started).toFixed(0)} ${a.method} ${a.path}`).join('\n')}`
        )
      if (trace && tool.startsWith('bundle')) {
        const seen = done.output.split('\n').filter(line => line.startsWith('trace '))
        console.log(
          `${tool}, run ${run}, as the process saw it:\n${seen.map(line => `  ${line.slice(6)}`).join('\n')}`
        )
      }
      await target.stop()
    }
  }
} finally {
  await source.stop()
  rmSync(scratch, { recursive: true, force: true })
}

const columns = ['wall', 'start→1st request', '1st request→upload', 'upload', 'upload end→exit']
console.log(`| tool | ${[...columns, 'requests', 'CPU', 'minor faults'].join(' | ')} |`)
console.log(`| --- |${' --- |'.repeat(columns.length + 3)}`)
const medians = (table: number[][]): string[] =>
  table[0].map((_, column) => median(table.map(row => row[column])).toFixed(0))
for (const [tool, table] of rows) console.log(`| ${tool} | ${medians(table).join(' | ')} |`)
const first = rows.get(tools[0]) ?? []
for (const [tool, table] of rows) {
  if (tool === tools[0]) continue
  const ratios = table.map((row, run) => row[0] / first[run][0]).sort((a, b) => a - b)
  // The quartiles say how far one set of runs can be trusted: on a shared 2-core machine a few
  // percent either way is often within them.
  const half = Math.floor(ratios.length / 2)
  const [low, high] = [ratios.slice(0, half), ratios.slice(ratios.length - half)].map(part =>
    median(part.length > 0 ? part : ratios)
  )
  const differences = table.map((row, run) => row.map((value, column) => value - first[run][column]))
  console.log(
    `${tool} / ${tools[0]}: paired ratio ${median(ratios).toFixed(3)} (quartiles ${low.toFixed(3)}–${high.toFixed(3)}); medians of the per-run differences: ${medians(differences).join(' | ')}`
  )
}
