import { existsSync, readFileSync, statSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'

/**
 * A small client of the Docker Engine API over the engine's unix socket: one HTTP request costs
 * about a millisecond, where each `docker` CLI run costs 50-100 ms of process start (more on a busy
 * runner). Used where a step makes many small engine calls (verify-image), and for build-with-cache's
 * pulls and pushes (engine-images.ts, which hands the engine each registry's own credential); builds
 * stay with the CLI, which owns BuildKit.
 */

const DEFAULT_SOCKET = '/var/run/docker.sock'

/**
 * The engine's unix socket, when the docker CLI would talk to it too: DOCKER_HOST unset (the default
 * socket) or `unix://…`, and no other context selected (DOCKER_CONTEXT, or `currentContext` in the
 * CLI's config). Undefined otherwise (tcp/ssh hosts, TLS, contexts): the caller keeps the CLI.
 */
export function engineSocket(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default') return undefined
  const host = env.DOCKER_HOST
  let socket: string
  if (!host) {
    if (currentContext(env) !== undefined) return undefined
    socket = DEFAULT_SOCKET
  } else if (host.startsWith('unix://')) socket = host.slice('unix://'.length)
  else return undefined
  try {
    return statSync(socket).isSocket() ? socket : undefined
  } catch {
    return undefined
  }
}

/** The CLI's selected context other than `default`, from its config file. */
function currentContext(env: NodeJS.ProcessEnv): string | undefined {
  const file = join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json')
  if (!existsSync(file)) return undefined
  try {
    const context = (JSON.parse(readFileSync(file, 'utf8')) as { currentContext?: unknown }).currentContext
    return typeof context === 'string' && context !== '' && context !== 'default' ? context : undefined
  } catch {
    // The CLI refuses an unreadable config too; let it say why.
    return 'unreadable config'
  }
}

/** An answer of the engine that is not 2xx: its status and the engine's message. */
export class EngineApiError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
    this.name = 'EngineApiError'
  }
}

export interface EngineRequest {
  method?: 'GET' | 'POST' | 'DELETE' | 'HEAD'
  /** Path and query, e.g. `/containers/abc/json`; the query values must be encoded by the caller. */
  path: string
  body?: unknown
  /** More request headers (e.g. X-Registry-Auth). */
  headers?: Record<string, string>
  /** The longest silence on the connection, answer included (default 2 minutes). */
  timeoutMs?: number
}

/** Most bytes of an engine answer read into memory (JSON answers; streams are read by the caller). */
const MAX_JSON_BYTES = 16 * 1024 * 1024

export class EngineApi {
  constructor(readonly socket: string) {}

  /** Sends a request; resolves with the response stream on 2xx, rejects with EngineApiError otherwise. */
  stream(options: EngineRequest): Promise<Readable> {
    const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body))
    return new Promise((resolve, reject) => {
      const req = request(
        {
          // Our own connection, not the default agent's: the agent checks the Host header for an IP
          // address first (17-38 ms of CPU on a process's first request); a Unix socket needs no pool.
          createConnection: () => connect(this.socket),
          method: options.method ?? 'GET',
          path: options.path,
          headers: {
            Host: 'docker',
            ...options.headers,
            ...(body ? { 'Content-Type': 'application/json', 'Content-Length': body.length } : {})
          },
          timeout: options.timeoutMs ?? 120_000
        },
        response => {
          const status = response.statusCode ?? 0
          if (status >= 200 && status < 300) return resolve(response)
          readAll(response, 64 * 1024).then(
            text => reject(new EngineApiError(status, engineMessage(text) || `HTTP ${status}`)),
            reject
          )
        }
      )
      req.on('timeout', () => req.destroy(new Error(`the engine did not answer ${options.path} in time`)))
      req.on('error', reject)
      req.end(body)
    })
  }

  /** Sends a request and parses its JSON answer (undefined for an empty one, e.g. 204). */
  async json<T>(options: EngineRequest): Promise<T | undefined> {
    const text = await readAll(await this.stream(options), MAX_JSON_BYTES)
    return text.trim() === '' ? undefined : (JSON.parse(text) as T)
  }
}

/** The engine's `{"message": …}`, or the text itself. */
function engineMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message
    if (typeof message === 'string') return message
  } catch {
    // Not JSON: the text itself.
  }
  return text.trim().slice(0, 1000)
}

async function readAll(stream: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    size += (chunk as Buffer).length
    if (size > maxBytes) {
      stream.destroy()
      throw new Error(`the engine's answer is larger than ${maxBytes} bytes`)
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Splits a container's log stream (no TTY) into stdout and stderr: frames of an 8-byte header
 * (stream 1 or 2, three zero bytes, a big-endian length) and the payload. At most `maxBytes` of each
 * stream are kept.
 */
export function demultiplexLogs(data: Buffer, maxBytes = 1024 * 1024): { stdout: string; stderr: string } {
  const parts: Record<'stdout' | 'stderr', Buffer[]> = { stdout: [], stderr: [] }
  const sizes = { stdout: 0, stderr: 0 }
  let offset = 0
  while (offset + 8 <= data.length) {
    const kind = data[offset]
    const length = data.readUInt32BE(offset + 4)
    const payload = data.subarray(offset + 8, Math.min(offset + 8 + length, data.length))
    offset += 8 + length
    const name = kind === 2 ? 'stderr' : kind === 1 ? 'stdout' : undefined
    if (!name || sizes[name] >= maxBytes) continue
    const kept = payload.subarray(0, maxBytes - sizes[name])
    parts[name].push(kept)
    sizes[name] += kept.length
  }
  return {
    stdout: Buffer.concat(parts.stdout).toString('utf8'),
    stderr: Buffer.concat(parts.stderr).toString('utf8')
  }
}

/** Reads a stream into one buffer, up to `maxBytes` (the rest is read and dropped). */
export async function readBuffer(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    const buffer = chunk as Buffer
    if (size < maxBytes) chunks.push(buffer.subarray(0, maxBytes - size))
    size += buffer.length
  }
  return Buffer.concat(chunks)
}
