import { randomBytes } from 'node:crypto'
import { get } from 'node:http'
import { connect, createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { errorMessage } from '../errors.js'
import { labelFor, removeOnSignal } from './cleanup.js'
import type { VerifyEngine } from './engine.js'
import { DEFAULT_SANDBOX, FALLBACK_USER, type Sandbox } from './sandbox.js'
import { ENDPOINTS, type Endpoint, type HttpObservation, type RuntimeObservations } from './runtime-checks.js'

export interface ProbeOptions {
  engine: VerifyEngine
  image: string
  /** Port to give the app as $PORT; default a free loopback port. */
  port?: number
  /** Extra environment for the container; values reach it through docker's environment, never argv. */
  env?: Map<string, string>
  startupTimeoutMs?: number
  /** Ports the image exposes, probed for a hint when $PORT stays silent. */
  exposedPorts?: number[]
  versionJson?: string
  /** The verify run's id: the container carries it as a label (see cleanup.ts). */
  runId: string
  /** `docker run --user`; see runAs() in sandbox.ts. Default app's 10001:10001. */
  user?: string
  /**
   * Called with the container once created, before it starts (its files can be read): the user it
   * must run as, when that depends on its files. When that user is not the one it was created
   * with, the container is removed unstarted and created again with it.
   */
  beforeStart?: (container: string) => Promise<{ user: string }>
  /**
   * Work on the container (reading its files) that need not hold up its start: begun once the app
   * answers (or the wait for it is over, or the engine refused to start it), it runs while the
   * app is probed, and is finished before the container is removed; its failure is thrown.
   */
  alongside?: (container: string) => Promise<void>
  sandbox?: Sandbox
  /** `docker run --platform`, for one platform image of an index (a foreign one runs under emulation). */
  platform?: string
  /** The image runs under emulation (QEMU): every wait is EMULATION_SLOWDOWN times longer. */
  emulated?: boolean
  log?: (message: string) => void
}

const HOST = '127.0.0.1'

/** How much longer an emulated app may take to start and to answer (QEMU runs it several times slower). */
export const EMULATION_SLOWDOWN = 4

/** A port nothing listens on right now (the kernel picks it). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => server.listen(0, HOST, resolve).once('error', reject))
  const address = server.address()
  await new Promise<void>(resolve => server.close(() => resolve()))
  if (typeof address !== 'object' || address === null) throw new Error('could not find a free port')
  return address.port
}

/** Most bytes of an answer kept: an app's endpoint is untrusted, and its answers are reported. */
const MAX_BODY_BYTES = 1024 * 1024

/**
 * One GET on loopback, redirects not followed, one connection each (its own socket, no agent: an
 * agent's servername guess runs node's IP regexes, a few ms on first use). node:http rather than
 * fetch: fetch's first call loads undici (a few hundred ms of a short verify run).
 */
export function httpGet(port: number, path: string, timeoutMs = 5000): Promise<HttpObservation> {
  return new Promise(resolve => {
    let timedOut = false
    const finish = (observation: HttpObservation): void => {
      clearTimeout(timer)
      resolve(timedOut ? { error: `no complete answer within ${timeoutMs} ms` } : observation)
    }
    const request = get({ host: HOST, port, path, createConnection: () => connect(port, HOST) }, response => {
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size))
        size += chunk.length
        if (size >= MAX_BODY_BYTES) response.destroy()
      })
      const done = (): void =>
        finish({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8')
        })
      response.on('end', done)
      response.on('close', done)
      response.on('error', done)
    })
    // The whole exchange, not only the wait for a first byte.
    const timer = setTimeout(() => {
      timedOut = true
      request.destroy()
      finish({ error: 'timed out' })
    }, timeoutMs)
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish({ error: error.code ? `${error.code} on port ${port}` : errorMessage(error) })
    )
  })
}

/**
 * Waits between polls: short at first (an app that starts in milliseconds is seen in milliseconds),
 * growing by `factor` to `maxMs` (a slow one is not polled needlessly).
 */
export function* backoff(firstMs: number, maxMs: number, factor = 2): Generator<number, never> {
  for (let wait = firstMs; ; wait = Math.min(maxMs, wait * factor)) yield Math.round(wait)
}

/** How long the app is given, at most, to write the log lines of its last request before they are read. */
const LOG_SETTLE_MS = 200

/** How long its output must stay the same, once the request lines are in, for it to be complete. */
const LOG_QUIET_MS = 25

/**
 * Waits until the app has logged its requests: its output names each path it answered (`__version__`,
 * without the slash a JSON encoder may escape) and then stays the same for LOG_QUIET_MS. At most
 * `boundMs`: an app that logs late is waited for as long as it was given before, and one that logs
 * nothing, or logs its requests without their paths (or was asked nothing: `paths` empty), waits the
 * whole bound, so what is read of it, and its verdict, stays the same. `since` (Unix seconds) keeps
 * a chatty app's polls small.
 */
export async function requestsLogged(
  engine: Pick<VerifyEngine, 'logs'>,
  name: string,
  paths: readonly string[],
  since: number,
  boundMs: number = LOG_SETTLE_MS
): Promise<void> {
  const deadline = Date.now() + boundMs
  const rest = (): Promise<void> => sleep(Math.max(0, deadline - Date.now()))
  const waits = backoff(10, 40, 1.5)
  /** The output's length when it first named every path. */
  let named: number | undefined
  for (;;) {
    const wait = named === undefined ? waits.next().value : LOG_QUIET_MS
    if (Date.now() + wait >= deadline) return rest()
    await sleep(wait)
    let text: string
    try {
      const logs = await engine.logs(name, since)
      text = logs.stdout + logs.stderr
    } catch {
      // The logs are read once more after the wait, and that read's failure is the one reported.
      return rest()
    }
    if (named !== undefined && text.length === named) return
    const all = paths.length > 0 && paths.every(path => text.includes(path.replace(/^\//, '')))
    named = all ? text.length : undefined
  }
}

/** How long transient children (a request being served) are waited out, at most. */
const STEADY_PROCESSES_MS = 1500

/** Commands of the container's processes; transient children (a request being served) are waited out. */
async function steadyProcesses(engine: VerifyEngine, name: string): Promise<string[] | undefined> {
  let fewest: string[] | undefined
  const deadline = Date.now() + STEADY_PROCESSES_MS
  const waits = backoff(50, 500)
  for (;;) {
    const commands = await engine.processes(name)
    if (!commands) return fewest
    if (!fewest || commands.length < fewest.length) fewest = commands
    const wait = waits.next().value
    if (fewest.length <= 1 || Date.now() + wait > deadline) return fewest
    await sleep(wait)
  }
}

/**
 * Runs the image as a service would be run (PORT from the environment, nothing else), confined
 * (sandbox.ts) and labelled with the run id, waits for it to answer, calls the Dockerflow
 * endpoints, reads its logs and processes, and always removes the container: also when the
 * process is told to stop (cleanup.ts).
 */
export async function observeContainer(options: ProbeOptions): Promise<RuntimeObservations> {
  const { engine, image } = options
  const log = options.log ?? (() => {})
  const port = options.port ?? (await freePort())
  const name = `dockerflow-verify-${randomBytes(6).toString('hex')}`
  const env = options.env ?? new Map<string, string>()
  const sandbox = options.sandbox ?? DEFAULT_SANDBOX
  const observed: RuntimeObservations = {
    port,
    listening: false,
    waitedMs: 0,
    responses: {},
    stdout: '',
    stderr: '',
    versionJson: options.versionJson,
    memoryLimit: sandbox.memory
  }
  const create = (as: string): Promise<string | undefined> =>
    engine.create({
      name,
      image,
      label: labelFor(options.runId),
      user: as,
      sandbox,
      env: [['PORT', String(port)], ...env],
      platform: options.platform
    })
  let user = options.user ?? FALLBACK_USER
  let starting: Promise<string | undefined> | undefined = create(user)
  const unguard = removeOnSignal(engine, options.runId, { log, inFlight: () => starting })
  let alongside: Promise<void> | undefined
  try {
    let startError = await starting
    if (startError === undefined && options.beforeStart) {
      const decided = await options.beforeStart(name)
      if (decided.user !== user) {
        user = decided.user
        starting = engine.remove(name).then(() => create(user))
        startError = await starting
      }
    }
    const created = startError === undefined
    if (created) {
      starting = engine.start(name)
      startError = await starting
    }
    starting = undefined
    const begin = (): void => {
      if (!created || !options.alongside || alongside) return
      alongside = options.alongside(name)
      // Awaited below; a probe that throws first must not leave it unhandled.
      alongside.catch(() => undefined)
    }
    if (startError !== undefined) observed.startError = startError
    else {
      log(`started ${name} as user ${user} with PORT=${port} (${describeSandbox(sandbox)})`)
      // Begun once the app answers (or gave up): the engine locks the container while copying its
      // files, and a copy costs CPU that the app's start would otherwise have.
      await probe(engine, name, options, observed, begin)
    }
    begin()
    await alongside
  } finally {
    try {
      await engine.remove(name)
      log(`removed ${name}`)
    } catch (error) {
      // The post step removes it by its label.
      log(`could not remove ${name}: ${errorMessage(error)}`)
    } finally {
      unguard()
    }
  }
  return observed
}

function describeSandbox(sandbox: Sandbox): string {
  return (
    `no capabilities, no-new-privileges, memory ${sandbox.memory}, cpus ${sandbox.cpus}, ` +
    `pids ${sandbox.pidsLimit}${sandbox.readOnly ? ', read-only root' : ''}`
  )
}

/** Waits for the app on $PORT, then records its answers, processes and logs into `observed`. */
async function probe(
  engine: VerifyEngine,
  name: string,
  options: ProbeOptions,
  observed: RuntimeObservations,
  /** Called once the wait for the app is over: it answered, stopped, or never answered. */
  waited: () => void = () => {}
): Promise<void> {
  const { port } = observed
  const begin = Date.now()
  const slowdown = options.emulated ? EMULATION_SLOWDOWN : 1
  const deadline = begin + (options.startupTimeoutMs ?? 30_000) * slowdown
  // Gently growing waits: an app that listens after 150 ms is seen at about 150 ms, not at 310.
  const waits = backoff(10, 250, 1.25)
  let ready: HttpObservation | undefined
  // Whether it still runs is asked beside the polls, one question at a time: a slow answer (the
  // CLI runs a process per question; a busy engine) must not slow them.
  let asking: Promise<void> | undefined
  let stopped: { exitCode: number; oomKilled: boolean } | undefined
  let stateError: { error: unknown } | undefined
  const ask = (): Promise<void> =>
    (asking ??= engine
      .state(name)
      .then(
        state => void (state.running ? undefined : (stopped = state)),
        (error: unknown) => void (stateError = { error })
      )
      .finally(() => (asking = undefined)))
  while (Date.now() < deadline) {
    const answer = await httpGet(port, '/__lbheartbeat__', 2000 * slowdown)
    if (!('error' in answer)) {
      observed.listening = true
      ready = answer
      break
    }
    if (stateError) throw stateError.error
    if (stopped) {
      observed.exitCode = stopped.exitCode
      observed.oomKilled = stopped.oomKilled
      break
    }
    // The wait is cut short only when the engine says it stopped (or could not say).
    const wait = sleep(waits.next().value)
    await Promise.race([wait, ask().then(() => (stopped || stateError ? undefined : wait))])
  }
  observed.waitedMs = Date.now() - begin
  waited()
  if (ready) {
    // The endpoints at once (a service answers concurrent requests); an lbheartbeat that just
    // answered 200 is that endpoint's answer, any other answer is asked again.
    const answers = await Promise.all(
      ENDPOINTS.map(endpoint =>
        endpoint === '/__lbheartbeat__' && 'status' in ready && ready.status === 200
          ? ready
          : httpGet(port, endpoint, 5000 * slowdown)
      )
    )
    for (const [index, endpoint] of ENDPOINTS.entries())
      observed.responses[endpoint as Endpoint] = answers[index]
    // The requests just made, whose log lines are waited for; when one got no answer, its line
    // (if any) may come late: the whole while, as before.
    const asked = answers.some(answer => 'error' in answer)
      ? []
      : ENDPOINTS.filter((_, index) => answers[index] !== ready)
    // Its processes once the requests are served (transient children waited out), while the app
    // is given a moment to write the log lines of those requests.
    const [processes] = await Promise.all([
      steadyProcesses(engine, name),
      requestsLogged(engine, name, asked, Math.floor(begin / 1000) - 1)
    ])
    observed.processes = processes
  } else {
    if (observed.exitCode === undefined) {
      for (const candidate of new Set([...(options.exposedPorts ?? []), 8000, 8080])) {
        if (candidate === port) continue
        if (!('error' in (await httpGet(candidate, '/__lbheartbeat__', 1000 * slowdown)))) {
          observed.answeredOn = candidate
          break
        }
      }
    }
    await sleep(LOG_SETTLE_MS)
  }
  const logs = await engine.logs(name)
  observed.stdout = logs.stdout
  observed.stderr = logs.stderr
}
