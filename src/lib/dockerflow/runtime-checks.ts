import { isDeepStrictEqual } from 'node:util'
import { type CheckResult, type RequirementId, judge, skipped } from './requirements.js'
import { parseVersionJson } from './static-checks.js'

export const ENDPOINTS = ['/__version__', '/__lbheartbeat__', '/__heartbeat__'] as const
export type Endpoint = (typeof ENDPOINTS)[number]

export type HttpObservation = { status: number; contentType: string; body: string } | { error: string }

/** Everything seen while the container ran; the checks below judge it without I/O. */
export interface RuntimeObservations {
  port: number
  listening: boolean
  /** How long it took to answer, or how long we waited. */
  waitedMs: number
  /** Set when `docker run` itself failed (e.g. no command to run). */
  startError?: string
  /** Set when the container stopped on its own. */
  exitCode?: number
  /** The engine killed it for exceeding the memory limit of the verify run. */
  oomKilled?: boolean
  /** The memory limit it ran under (docker syntax, e.g. 512m). */
  memoryLimit?: string
  /** Another port that answered HTTP while $PORT did not (a hint that $PORT is ignored). */
  answeredOn?: number
  responses: Partial<Record<Endpoint, HttpObservation>>
  stdout: string
  stderr: string
  /** Commands of the container's processes (`docker top`), once it answered. */
  processes?: string[]
  /** /app/version.json as read from the image (undefined when absent). */
  versionJson?: string
}

const MOZLOG_FIELDS = ['Timestamp', 'Type', 'Logger', 'Fields'] as const

export function isMozlogLine(line: string): boolean {
  try {
    const value = JSON.parse(line) as unknown
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
    return MOZLOG_FIELDS.every(field => field in value)
  } catch {
    return false
  }
}

function lines(text: string): string[] {
  return text.split('\n').filter(line => line.trim() !== '')
}

function clip(text: string, length = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > length ? `${flat.slice(0, length)}…` : flat
}

function describe(response: HttpObservation | undefined): string {
  if (!response) return 'not requested'
  if ('error' in response) return response.error
  return `${response.status} (${response.contentType || 'no content type'}) ${clip(response.body, 80)}`
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function checkListening(observed: RuntimeObservations): CheckResult {
  const seconds = (observed.waitedMs / 1000).toFixed(1)
  if (observed.listening)
    return judge('listens-on-port', true, `answered on PORT=${observed.port} after ${seconds}s`)
  if (observed.startError)
    return judge('listens-on-port', false, `the container did not start: ${observed.startError}`)
  const why =
    observed.exitCode !== undefined
      ? `the container exited with code ${observed.exitCode} before answering on PORT=${observed.port}` +
        (observed.oomKilled
          ? ` (killed for exceeding its memory limit${observed.memoryLimit ? ` of ${observed.memoryLimit}` : ''})`
          : '') +
        (lines(observed.stdout + '\n' + observed.stderr).length
          ? `; last output: ${clip(lines(`${observed.stdout}\n${observed.stderr}`).slice(-3).join(' | '), 200)}`
          : '')
      : `nothing answered HTTP on PORT=${observed.port} within ${seconds}s`
  const hint =
    observed.answeredOn !== undefined
      ? `; port ${observed.answeredOn} answered instead: the app ignores $PORT`
      : observed.port < 1024
        ? '; ports below 1024 need a capability the verify container is not given: use a higher port'
        : ''
  return judge('listens-on-port', false, why + hint)
}

function checkVersionEndpoint(observed: RuntimeObservations): CheckResult {
  const response = observed.responses['/__version__']
  if (!response || 'error' in response || response.status !== 200)
    return judge('version-endpoint', false, `GET /__version__: ${describe(response)}`)
  const served = parseJson(response.body)
  const { value: file } = parseVersionJson(observed.versionJson)
  if (served === undefined) return judge('version-endpoint', false, 'GET /__version__ is not JSON')
  if (!file)
    return judge('version-endpoint', false, 'the image has no readable /app/version.json to compare with')
  return judge(
    'version-endpoint',
    isDeepStrictEqual(served, file),
    isDeepStrictEqual(served, file)
      ? 'same content as /app/version.json'
      : `GET /__version__ differs from /app/version.json: ${clip(response.body, 100)}`
  )
}

function checkLbHeartbeat(observed: RuntimeObservations): CheckResult {
  const response = observed.responses['/__lbheartbeat__']
  const ok = response !== undefined && !('error' in response) && response.status === 200
  return judge('lbheartbeat', ok, `GET /__lbheartbeat__: ${describe(response)}`)
}

/** Names of the backing checks a Dockerflow heartbeat body reports as not ok. */
export function failedBackingChecks(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return []
  const checks = (body as { checks?: unknown }).checks
  if (typeof checks !== 'object' || checks === null) return []
  return Object.entries(checks as Record<string, unknown>)
    .filter(([, state]) => {
      const value =
        typeof state === 'object' && state !== null ? (state as { status?: unknown }).status : state
      return String(value).toLowerCase() !== 'ok'
    })
    .map(([name]) => name)
}

function checkHeartbeat(observed: RuntimeObservations): CheckResult[] {
  const response = observed.responses['/__heartbeat__']
  if (!response || 'error' in response)
    return [
      judge('heartbeat', false, `GET /__heartbeat__: ${describe(response)}`),
      skipped('heartbeat-healthy', 'no heartbeat answer')
    ]
  if (response.status === 200)
    return [
      judge('heartbeat', true, 'GET /__heartbeat__: 200'),
      judge('heartbeat-healthy', true, 'all checks ok')
    ]
  const body = parseJson(response.body)
  if (response.status >= 500 && response.status < 600 && body !== undefined) {
    const failing = failedBackingChecks(body)
    return [
      judge('heartbeat', true, `GET /__heartbeat__: ${response.status} with a JSON body`),
      judge(
        'heartbeat-healthy',
        false,
        failing.length
          ? `failing backing checks: ${failing.join(', ')}`
          : `${response.status} without naming a failing check: ${clip(response.body, 100)}`
      )
    ]
  }
  return [
    judge(
      'heartbeat',
      false,
      `GET /__heartbeat__: ${describe(response)}; expected 200, or 5xx with a JSON body naming the failing checks`
    ),
    skipped('heartbeat-healthy', 'the heartbeat answer is not a Dockerflow heartbeat')
  ]
}

function checkLogs(observed: RuntimeObservations): CheckResult[] {
  const out = lines(observed.stdout)
  const err = lines(observed.stderr)
  const all = [...out, ...err]
  const logs = judge(
    'logs-stdout',
    all.length > 0,
    all.length
      ? `${out.length} line(s) on stdout, ${err.length} on stderr`
      : 'nothing on stdout/stderr while starting and serving requests: does it log to files?'
  )
  if (all.length === 0) return [logs, skipped('mozlog', 'no log lines to inspect')]
  const other = all.filter(line => !isMozlogLine(line))
  return [
    logs,
    judge(
      'mozlog',
      other.length === 0,
      other.length === 0
        ? `all ${all.length} line(s) are mozlog JSON`
        : `${all.length - other.length} of ${all.length} line(s) are mozlog JSON; e.g. ${clip(other[0])}`
    )
  ]
}

function checkProcesses(observed: RuntimeObservations): CheckResult {
  if (!observed.processes) return skipped('one-process', 'the container was not running to inspect')
  const count = observed.processes.length
  return judge(
    'one-process',
    count === 1,
    count === 1
      ? `one process: ${clip(observed.processes[0], 80)}`
      : `${count} processes: ${observed.processes.map(command => clip(command, 40)).join(' | ')}`
  )
}

const HTTP_CHECKS: RequirementId[] = ['version-endpoint', 'lbheartbeat', 'heartbeat', 'heartbeat-healthy']

/** Judges every runtime requirement from what was observed. */
export function runtimeChecks(observed: RuntimeObservations): CheckResult[] {
  const listening = checkListening(observed)
  const http = observed.listening
    ? [checkVersionEndpoint(observed), checkLbHeartbeat(observed), ...checkHeartbeat(observed)]
    : HTTP_CHECKS.map(id => skipped(id, `the app did not answer on PORT=${observed.port}`))
  if (observed.startError)
    return [
      listening,
      ...http,
      ...(['logs-stdout', 'mozlog', 'one-process'] as RequirementId[]).map(id =>
        skipped(id, 'the container did not start')
      )
    ]
  return [listening, ...http, ...checkLogs(observed), checkProcesses(observed)]
}
