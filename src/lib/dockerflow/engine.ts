import { spawn } from 'node:child_process'
import { errorMessage } from '../errors.js'
import { runCommand, tail } from '../exec.js'
import { type ContainerEntry, tarEntries } from '../docker/container-files.js'
import { EngineApi, EngineApiError, demultiplexLogs, engineSocket, readBuffer } from '../docker/engine-api.js'
import { detectDockerClient } from '../docker/frontend.js'
import { pullImage } from '../docker/pull.js'
import { type Sandbox, sandboxArgs, sandboxHostConfig } from './sandbox.js'
import type { ImageRuntimeConfig } from './static-checks.js'

/** What `docker image inspect` says of an image, as far as verify-image reads it. */
export interface InspectedImage {
  Id: string
  Os?: string
  Architecture?: string
  Variant?: string
  Config?: ImageRuntimeConfig
}

/** The container that runs the image under test: what `docker run --detach` is given. */
export interface RunSpec {
  name: string
  image: string
  /** `key=value` label by which a cancelled run's containers are found (cleanup.ts). */
  label: string
  user: string
  sandbox: Sandbox
  /** The whole environment (PORT first); values reach the engine outside any argv. */
  env: Array<[string, string]>
  platform?: string
}

/**
 * The engine calls a verify run makes, in two ways: the Engine API over the engine's unix socket (a
 * request costs about a millisecond) or the docker CLI (a process each). Both ask the engine for the
 * same containers: same user, limits, labels, network; tests run both.
 */
export interface VerifyEngine {
  /** How the post step finds this engine again (saved state). */
  readonly address: { socket: string } | { docker: string }
  inspectImage(image: string): Promise<InspectedImage | undefined>
  /** Pulls with the docker CLI (it owns registry credentials); undefined, or the error's last lines. */
  pull(image: string, platform?: string): Promise<string | undefined>
  /** Creates a container that is never started (files are read from it); its ID. */
  createStopped(image: string, label: string): Promise<string>
  /**
   * The tar of `path` in a container (`docker cp`), listed, with the content of the files `keep`
   * names (default: up to 1 MiB); undefined when the path does not exist. Each call costs the engine
   * a mount and a helper process (Docker 20.10 re-executes itself: 250-800 ms here): read a tree
   * once rather than its files one by one. `stop` ends the copy at the first entry it names (left
   * out): the rest is never read, and the engine's copy is cut off.
   */
  copyOut(
    container: string,
    path: string,
    keep?: (entry: ContainerEntry) => boolean,
    stop?: (entry: ContainerEntry) => boolean
  ): Promise<ContainerEntry[] | undefined>
  /** Creates the container (not started); undefined, or why the engine refused. */
  create(spec: RunSpec): Promise<string | undefined>
  /** Starts a created container; undefined, or why it did not start. */
  start(name: string): Promise<string | undefined>
  state(container: string): Promise<{ running: boolean; exitCode: number; oomKilled: boolean }>
  /** Commands of the container's processes; undefined when it cannot be asked (not running). */
  processes(container: string): Promise<string[] | undefined>
  /** Its output (each stream capped), all of it or only what was logged from `since` (Unix seconds) on. */
  logs(container: string, since?: number): Promise<{ stdout: string; stderr: string }>
  /** Removes a container and its anonymous volumes, running or not; no error when it is gone. */
  remove(container: string): Promise<void>
  /** IDs of every container (running or not) carrying the label. */
  labelled(label: string): Promise<string[]>
}

/** Most log bytes read per stream (a chatty app must not fill the runner's memory). */
const MAX_LOG_BYTES = 4 * 1024 * 1024

/** The engine through its API; the docker CLI (found when first needed) only pulls. */
export function apiEngine(socket: string, docker?: string): VerifyEngine {
  const api = new EngineApi(socket)
  let client: Promise<string> | undefined = docker ? Promise.resolve(docker) : undefined
  const id = encodeURIComponent
  return {
    address: { socket },
    async inspectImage(image) {
      try {
        return await api.json<InspectedImage>({ path: `/images/${image}/json` })
      } catch (error) {
        if (error instanceof EngineApiError && error.status === 404) return undefined
        throw error
      }
    },
    async pull(image, platform) {
      client ??= detectDockerClient()
      const pulled = await pullImage(await client, image, platform)
      return pulled.exitCode === 0 ? undefined : tail(pulled.stderr, 5)
    },
    async createStopped(image, label) {
      const [key, value] = splitLabel(label)
      // An entrypoint override keeps create working for images without ENTRYPOINT or CMD.
      const created = await api.json<{ Id: string }>({
        method: 'POST',
        path: '/containers/create',
        body: { Image: image, Entrypoint: ['/'], Labels: { [key]: value } }
      })
      return (created as { Id: string }).Id
    },
    async copyOut(container, path, keep, stop) {
      try {
        const tar = await api.stream({ path: `/containers/${id(container)}/archive?path=${id(path)}` })
        return await tarEntries(tar, keep, stop)
      } catch (error) {
        if (error instanceof EngineApiError && error.status === 404) return undefined
        throw error
      }
    },
    async create(spec) {
      const [key, value] = splitLabel(spec.label)
      const query = `name=${id(spec.name)}${spec.platform ? `&platform=${id(spec.platform)}` : ''}`
      return daemonError(
        api.json({
          method: 'POST',
          path: `/containers/create?${query}`,
          body: {
            Image: spec.image,
            User: spec.user,
            Env: spec.env.map(([name, text]) => `${name}=${text}`),
            Labels: { [key]: value },
            AttachStdin: false,
            AttachStdout: false,
            AttachStderr: false,
            Tty: false,
            OpenStdin: false,
            // Host networking: the engine may have no bridge, and a free loopback port is how $PORT is tested.
            HostConfig: { NetworkMode: 'host', ...sandboxHostConfig(spec.sandbox) }
          }
        })
      )
    },
    start: name => daemonError(api.json({ method: 'POST', path: `/containers/${id(name)}/start` })),
    async state(container) {
      const inspected = await api.json<{
        State?: { Running?: boolean; ExitCode?: number; OOMKilled?: boolean }
      }>({ path: `/containers/${id(container)}/json` })
      const state = inspected?.State ?? {}
      return {
        running: state.Running === true,
        exitCode: state.ExitCode ?? 0,
        oomKilled: state.OOMKilled === true
      }
    },
    async processes(container) {
      try {
        const top = await api.json<{ Titles?: string[]; Processes?: string[][] }>({
          path: `/containers/${id(container)}/top`
        })
        const column = top?.Titles?.indexOf('CMD') ?? -1
        return (top?.Processes ?? []).map(row => (column >= 0 ? row[column] : row[row.length - 1]) ?? '')
      } catch (error) {
        if (error instanceof EngineApiError) return undefined
        throw error
      }
    },
    async logs(container, since) {
      const from = since === undefined ? '' : `&since=${since}`
      const stream = await api.stream({ path: `/containers/${id(container)}/logs?stdout=1&stderr=1${from}` })
      // Frames carry 8 header bytes each: room for them on top of both streams' caps.
      return demultiplexLogs(await readBuffer(stream, 3 * MAX_LOG_BYTES), MAX_LOG_BYTES)
    },
    async remove(container) {
      try {
        await api.json({ method: 'DELETE', path: `/containers/${id(container)}?force=1&v=1` })
      } catch (error) {
        if (!(error instanceof EngineApiError && error.status === 404)) throw error
      }
    },
    async labelled(label) {
      const filters = id(JSON.stringify({ label: [label] }))
      const listed = await api.json<Array<{ Id: string }>>({
        path: `/containers/json?all=1&filters=${filters}`
      })
      return (listed ?? []).map(container => container.Id)
    }
  }
}

/** Undefined when the call succeeds; else the engine's refusal, in the CLI's words (details read the same). */
async function daemonError(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call
    return undefined
  } catch (error) {
    if (error instanceof EngineApiError) return `Error response from daemon: ${error.message}`
    return errorMessage(error)
  }
}

function splitLabel(label: string): [string, string] {
  const at = label.indexOf('=')
  return at < 0 ? [label, ''] : [label.slice(0, at), label.slice(at + 1)]
}

/** The CLI's own error, without its `docker: ` prefix and usage hint. */
function cliError(stderr: string): string {
  return tail(stderr, 3)
    .replace(/^docker: /, '')
    .replace(/\n?See 'docker [a-z]+ --help'\.?\s*$/, '')
}

/** The engine through the docker CLI: a process per call (where the engine has no local socket). */
export function cliEngine(docker: string): VerifyEngine {
  return {
    address: { docker },
    async inspectImage(image) {
      const result = await runCommand(docker, ['image', 'inspect', image], { silent: true })
      return result.exitCode === 0 ? (JSON.parse(result.stdout) as InspectedImage[])[0] : undefined
    },
    async pull(image, platform) {
      const pulled = await pullImage(docker, image, platform)
      return pulled.exitCode === 0 ? undefined : tail(pulled.stderr, 5)
    },
    async createStopped(image, label) {
      const created = await runCommand(docker, ['create', '--label', label, '--entrypoint', '/', image], {
        silent: true
      })
      if (created.exitCode !== 0) throw new Error(tail(created.stderr, 5))
      return created.stdout.trim()
    },
    async copyOut(container, path, keep, stop) {
      const child = spawn(docker, ['cp', `${container}:${path}`, '-'], { stdio: ['ignore', 'pipe', 'pipe'] })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
      const exited = new Promise<number>((resolve, reject) => {
        child.once('error', reject)
        child.once('close', code => resolve(code ?? 1))
      })
      let stopped = false
      const listed = tarEntries(child.stdout, keep, entry => (stopped ||= stop?.(entry) ?? false))
      listed.catch(() => undefined) // awaited below; an empty tar is no news when the copy failed
      // Stopped: the rest is not wanted, and docker cp fails on the pipe it can no longer write.
      void listed.then(
        () => stopped && child.kill(),
        () => undefined
      )
      const code = await exited
      if (code === 0 || stopped) return await listed
      if (/no such file or directory|could not find the file|no such container:path/i.test(stderr))
        return undefined
      throw new Error(`docker cp ${path} out of the image failed: ${tail(stderr, 5)}`)
    },
    async create(spec) {
      const created = await runCommand(
        docker,
        [
          'create',
          // Host networking: the engine may have no bridge, and a free loopback port is how $PORT is tested.
          '--network',
          'host',
          '--name',
          spec.name,
          ...sandboxArgs(spec.sandbox, spec.user, spec.label),
          // Names only: docker reads the values from its environment, so they never reach an argv.
          ...spec.env.flatMap(([name]) => ['--env', name]),
          ...(spec.platform ? ['--platform', spec.platform] : []),
          spec.image
        ],
        { silent: true, env: Object.fromEntries(spec.env) }
      )
      return created.exitCode === 0 ? undefined : cliError(created.stderr)
    },
    async start(name) {
      const started = await runCommand(docker, ['start', name], { silent: true })
      return started.exitCode === 0 ? undefined : cliError(started.stderr)
    },
    async state(container) {
      const result = await runCommand(
        docker,
        ['inspect', '--format', '{{.State.Running}} {{.State.ExitCode}} {{.State.OOMKilled}}', container],
        { silent: true }
      )
      const [running, code, oom] = result.stdout.trim().split(' ')
      return { running: running === 'true', exitCode: Number(code), oomKilled: oom === 'true' }
    },
    async processes(container) {
      const top = await runCommand(docker, ['top', container], { silent: true })
      if (top.exitCode !== 0) return undefined
      // ps -ef columns: UID PID PPID C STIME TTY TIME CMD (CMD may contain spaces).
      return top.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map(line => line.trim().split(/\s+/).slice(7).join(' '))
    },
    async logs(container, since) {
      const from = since === undefined ? [] : ['--since', String(since)]
      const logs = await runCommand(docker, ['logs', ...from, container], { silent: true })
      return { stdout: logs.stdout, stderr: logs.stderr }
    },
    async remove(container) {
      const removed = await runCommand(docker, ['rm', '--force', '--volumes', container], { silent: true })
      if (removed.exitCode !== 0 && !/no such container/i.test(removed.stderr))
        throw new Error(tail(removed.stderr, 3))
    },
    async labelled(label) {
      const listed = await runCommand(
        docker,
        ['ps', '--all', '--quiet', '--no-trunc', '--filter', `label=${label}`],
        {
          silent: true
        }
      )
      if (listed.exitCode !== 0) throw new Error(`could not list containers: ${tail(listed.stderr, 3)}`)
      return listed.stdout
        .split('\n')
        .map(line => line.trim())
        .filter(Boolean)
    }
  }
}

/**
 * The engine the docker CLI would use: its API when it listens on a local unix socket (the default,
 * or DOCKER_HOST=unix://…, no other context), else the CLI itself (tcp/ssh hosts, TLS, contexts).
 * `docker` is the CLI to use; found (as for every action) when needed and not given.
 */
export async function connectEngine(
  docker?: string,
  env: NodeJS.ProcessEnv = process.env
): Promise<VerifyEngine> {
  const socket = engineSocket(env)
  if (socket) return apiEngine(socket, docker)
  return cliEngine(docker ?? (await detectDockerClient(env)))
}

/** The engine a saved address names (the post step's, from the main step's state). */
export function engineAt(address: { socket?: unknown; docker?: unknown }): VerifyEngine | undefined {
  if (typeof address.socket === 'string') return apiEngine(address.socket)
  if (typeof address.docker === 'string') return cliEngine(address.docker)
  return undefined
}
