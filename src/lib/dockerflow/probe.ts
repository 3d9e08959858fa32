import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { errorMessage } from '../errors.js'
import { runCommand, tail } from '../exec.js'
import { labelFor, removeOnSignal } from './cleanup.js'
import { DEFAULT_SANDBOX, FALLBACK_USER, type Sandbox, sandboxArgs } from './sandbox.js'
import { ENDPOINTS, type Endpoint, type HttpObservation, type RuntimeObservations } from './runtime-checks.js'

export interface ProbeOptions {
  docker: string
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

export async function httpGet(port: number, path: string, timeoutMs = 5000): Promise<HttpObservation> {
  try {
    const response = await fetch(`http://${HOST}:${port}${path}`, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual'
    })
    const body = (await response.text()).slice(0, 1024 * 1024)
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body }
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code
    return { error: cause ? `${cause} on port ${port}` : errorMessage(error) }
  }
}

async function containerState(
  docker: string,
  name: string
): Promise<{ running: boolean; exitCode: number; oomKilled: boolean }> {
  const result = await runCommand(
    docker,
    ['inspect', '--format', '{{.State.Running}} {{.State.ExitCode}} {{.State.OOMKilled}}', name],
    { silent: true }
  )
  const [running, code, oom] = result.stdout.trim().split(' ')
  return { running: running === 'true', exitCode: Number(code), oomKilled: oom === 'true' }
}

/** Commands of the container's processes; transient children (a request being served) are waited out. */
async function steadyProcesses(docker: string, name: string): Promise<string[] | undefined> {
  let fewest: string[] | undefined
  for (let attempt = 0; attempt < 4; attempt++) {
    const top = await runCommand(docker, ['top', name], { silent: true })
    if (top.exitCode !== 0) return fewest
    // ps -ef columns: UID PID PPID C STIME TTY TIME CMD (CMD may contain spaces).
    const commands = top.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map(line => line.trim().split(/\s+/).slice(7).join(' '))
    if (!fewest || commands.length < fewest.length) fewest = commands
    if (fewest.length <= 1) break
    await sleep(500)
  }
  return fewest
}

/**
 * Runs the image as a service would be run (PORT from the environment, nothing else), confined
 * (sandbox.ts) and labelled with the run id, waits for it to answer, calls the Dockerflow
 * endpoints, reads its logs and processes, and always removes the container: also when the
 * process is told to stop (cleanup.ts).
 */
export async function observeContainer(options: ProbeOptions): Promise<RuntimeObservations> {
  const { docker, image } = options
  const log = options.log ?? (() => {})
  const port = options.port ?? (await freePort())
  const name = `dockerflow-verify-${randomBytes(6).toString('hex')}`
  const env = options.env ?? new Map<string, string>()
  const envArgs = [...env.keys()].flatMap(key => ['--env', key])
  const sandbox = options.sandbox ?? DEFAULT_SANDBOX
  const user = options.user ?? FALLBACK_USER
  const confine = sandboxArgs(sandbox, user, labelFor(options.runId))
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
  // Host networking: the engine may have no bridge, and a free loopback port is how $PORT is tested.
  let starting: ReturnType<typeof runCommand> | undefined = runCommand(
    docker,
    [
      'run',
      '--detach',
      '--network',
      'host',
      '--name',
      name,
      ...confine,
      '--env',
      `PORT=${port}`,
      ...envArgs,
      ...(options.platform ? ['--platform', options.platform] : []),
      image
    ],
    { silent: true, env: Object.fromEntries(env) }
  )
  const unguard = removeOnSignal(docker, options.runId, { log, inFlight: () => starting })
  try {
    const started = await starting
    starting = undefined
    if (started.exitCode !== 0) {
      observed.startError = tail(started.stderr, 3).replace(/^docker: /, '')
      return observed
    }
    log(`started ${name} as user ${user} with PORT=${port} (${describeSandbox(sandbox)})`)
    await probe(docker, name, options, observed)
  } finally {
    await runCommand(docker, ['rm', '--force', '--volumes', name], { silent: true })
    unguard()
    log(`removed ${name}`)
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
  docker: string,
  name: string,
  options: ProbeOptions,
  observed: RuntimeObservations
): Promise<void> {
  const { port } = observed
  const begin = Date.now()
  const slowdown = options.emulated ? EMULATION_SLOWDOWN : 1
  const deadline = begin + (options.startupTimeoutMs ?? 30_000) * slowdown
  while (Date.now() < deadline) {
    const answer = await httpGet(port, '/__lbheartbeat__', 2000 * slowdown)
    if (!('error' in answer)) {
      observed.listening = true
      break
    }
    const state = await containerState(docker, name)
    if (!state.running) {
      observed.exitCode = state.exitCode
      observed.oomKilled = state.oomKilled
      break
    }
    await sleep(250)
  }
  observed.waitedMs = Date.now() - begin
  if (observed.listening) {
    observed.processes = await steadyProcesses(docker, name)
    for (const endpoint of ENDPOINTS)
      observed.responses[endpoint as Endpoint] = await httpGet(port, endpoint, 5000 * slowdown)
  } else if (observed.exitCode === undefined) {
    for (const candidate of new Set([...(options.exposedPorts ?? []), 8000, 8080])) {
      if (candidate === port) continue
      if (!('error' in (await httpGet(candidate, '/__lbheartbeat__', 1000 * slowdown)))) {
        observed.answeredOn = candidate
        break
      }
    }
  }
  // Give the app a moment to write the log lines of the last request.
  await sleep(200)
  const logs = await runCommand(docker, ['logs', name], { silent: true })
  observed.stdout = logs.stdout
  observed.stderr = logs.stderr
}
