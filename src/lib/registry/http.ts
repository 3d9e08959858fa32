/**
 * The registry client's HTTP transport, on node:http(s) rather than the global fetch: fetch loads
 * node's bundled undici (and compiles its WASM parser) on first use, which costs a promotion more CPU
 * than all its requests together (issue 17). What the client needs of fetch is kept: a status,
 * headers, a web-stream body read on demand, redirects followed for GET/HEAD with the Authorization
 * header dropped when they leave the origin, streamed request bodies with backpressure (so a layer
 * goes registry to registry without being held), and kept-alive connections.
 */
import {
  Agent as HttpAgent,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request as httpRequest
} from 'node:http'
import { Readable, Transform, type Writable } from 'node:stream'

/** What the client reads of an answer (a subset of fetch's Response). */
export interface HttpResponse {
  status: number
  ok: boolean
  /** The URL that answered (after redirects). */
  url: string
  headers: { get(name: string): string | null; has(name: string): boolean }
  /** The body, read on demand; null for HEAD and empty answers. */
  body: ReadableStream<Uint8Array> | null
  /**
   * The same body as pieces on demand, without a web stream (whose module and objects cost a short
   * process more than its few small bodies: issue 17); null when there is none. Use one of the two.
   */
  pieces?(): BodyPieces | null
}

/** A body read piece by piece: `read` resolves undefined at its end; `cancel` lets go of the rest. */
export interface BodyPieces {
  read(): Promise<Uint8Array | undefined>
  cancel(): Promise<void>
}

/** A response's body as pieces, through `pieces` when it has it, else through its web stream. */
export function bodyPieces(response: Pick<HttpResponse, 'body' | 'pieces'>): BodyPieces | null {
  if (response.pieces) return response.pieces()
  const reader = response.body?.getReader()
  if (!reader) return null
  return {
    read: async () => {
      const { done, value } = await reader.read()
      return done ? undefined : value
    },
    cancel: () => reader.cancel()
  }
}

/** Lets go of a body nobody reads (a short one is drained, so its connection serves the next request). */
export async function discardBody(response: Pick<HttpResponse, 'body' | 'pieces'>): Promise<void> {
  await bodyPieces(response)?.cancel()
}

/**
 * A request body that writes itself into the request (blob copies through reused buffers, see
 * blob-copy.ts); it settles once all is written, rejects (the request is then destroyed) otherwise.
 */
export interface BodyWriter {
  writeTo(request: Writable): Promise<void>
  /** Lets go of the content when the request is not sent. */
  cancel(): void
}

export interface HttpRequest {
  method: string
  headers?: Record<string, string>
  body?: Buffer | ReadableStream<Uint8Array> | BodyWriter
  /** GET/HEAD only: follow 301/302/303/307/308 (default), hand them back (`manual`), or fail (`error`). */
  redirect?: 'follow' | 'manual' | 'error'
}

/** The most redirects followed for one request (fetch's limit). */
const MAX_REDIRECTS = 20
/** A request with no bytes moving for this long is given up (undici's default body/headers timeout). */
export const IDLE_TIMEOUT_MS = 300_000
/** A body at most this long that nobody reads is drained, keeping its connection for the next request. */
const DRAIN_BYTES = 64 * 1024
/** Chunks buffered ahead of the reader: backpressure reaches the socket beyond this. */
const READ_AHEAD_CHUNKS = 4

// Kept-alive connections, reused across requests (idle sockets do not hold the process open).
const plainAgent = new HttpAgent({ keepAlive: true })
/** node:https (and TLS) loaded on the first https request: a loopback registry never needs it. */
let tls: Promise<{ agent: import('node:https').Agent; request: typeof httpRequest }> | undefined
const loadTls = (): NonNullable<typeof tls> =>
  (tls ??= import('node:https').then(https => ({
    agent: new https.Agent({ keepAlive: true }),
    request: https.request
  })))

export const REDIRECTS = new Set([301, 302, 303, 307, 308])

/**
 * The request a redirect from `url` to `location` leads to, the `followed`-th: http(s) only, never from
 * https down to http, at most MAX_REDIRECTS, and the Authorization header only to the origin it was
 * meant for (dropped for good once the chain leaves it).
 */
export function redirectHop(
  url: URL,
  location: string,
  headers: Record<string, string>,
  followed: number
): { url: URL; headers: Record<string, string> } {
  if (followed === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`)
  const next = new URL(location, url)
  if (next.protocol !== 'http:' && next.protocol !== 'https:')
    throw new Error(`redirected to a ${next.protocol} URL; only http(s) is followed`)
  if (url.protocol === 'https:' && next.protocol === 'http:')
    throw new Error('redirected from https to plain http; refusing the downgrade')
  if (next.origin === url.origin) return { url: next, headers }
  const kept = Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization')
  return { url: next, headers: Object.fromEntries(kept) }
}

function headersOf(message: IncomingMessage): HttpResponse['headers'] {
  const { headers } = message
  const value = (name: string): string | null => {
    const found = headers[name.toLowerCase()]
    if (found === undefined) return null
    return Array.isArray(found) ? found.join(', ') : found
  }
  return { get: value, has: name => value(name) !== null }
}

/**
 * A response's body, pulled by its reader (paused otherwise, at most READ_AHEAD_CHUNKS ahead).
 * Cancelling a short body drains it so its connection is reused; a long one closes the connection
 * instead of reading it.
 */
class MessageBody implements BodyPieces {
  private readonly chunks: Buffer[] = []
  /** Ended, failed or cancelled: nothing more arrives. */
  private settled = false
  private failure?: Error
  private waiting?: () => void
  private stream?: ReadableStream<Uint8Array>

  constructor(private readonly message: IncomingMessage) {
    message.pause()
    message.on('data', (chunk: Buffer) => {
      if (this.settled) return
      this.chunks.push(chunk)
      if (this.chunks.length >= READ_AHEAD_CHUNKS) message.pause()
      this.wake()
    })
    message.on('end', () => this.settle())
    message.on('error', error => this.settle(error))
    message.on('close', () => this.settle(new Error('the connection closed before the body ended')))
  }

  private settle(error?: Error): void {
    if (this.settled) return
    this.settled = true
    this.failure = error
    this.wake()
  }

  private wake(): void {
    const waiting = this.waiting
    this.waiting = undefined
    waiting?.()
  }

  async read(): Promise<Uint8Array | undefined> {
    for (;;) {
      const chunk = this.chunks.shift()
      if (chunk) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      if (this.failure) throw this.failure
      if (this.settled) return undefined
      this.message.resume()
      await new Promise<void>(resolve => (this.waiting = resolve))
    }
  }

  async cancel(): Promise<void> {
    const unread = !this.settled
    this.settle()
    this.chunks.length = 0
    if (!unread) return
    const declared = Number(this.message.headers['content-length'] ?? Number.NaN)
    if (declared <= DRAIN_BYTES) this.message.resume()
    else this.message.destroy()
  }

  /** The body as a web stream (made on first use: most bodies are read as pieces). */
  webStream(): ReadableStream<Uint8Array> {
    return (this.stream ??= new ReadableStream<Uint8Array>({
      pull: async controller => {
        const piece = await this.read()
        if (piece) controller.enqueue(piece)
        else controller.close()
      },
      cancel: () => this.cancel()
    }))
  }
}

/**
 * Passes a body on while it keeps to its declared length: more or fewer bytes fail the request (as
 * fetch does) instead of leaving the server waiting for bytes that never come.
 */
function exactLength(length: number): Transform {
  let seen = 0
  const mismatch = (): Error =>
    new Error(`the request body was ${seen} bytes where Content-Length declared ${length}`)
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length
      done(seen > length ? mismatch() : undefined, chunk)
    },
    flush(done) {
      done(seen === length ? undefined : mismatch())
    }
  })
}

/** One exchange, no redirects. */
async function exchange(url: URL, request: HttpRequest): Promise<IncomingMessage> {
  const { agent, request: send } =
    url.protocol === 'https:' ? await loadTls() : { agent: plainAgent, request: httpRequest }
  const headers: OutgoingHttpHeaders = { ...request.headers }
  const { body } = request
  if (Buffer.isBuffer(body)) headers['content-length'] = String(body.length)
  return new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = send(url, { method: request.method, headers, agent })
    outgoing.setTimeout(IDLE_TIMEOUT_MS, () =>
      outgoing.destroy(new Error(`no answer for ${IDLE_TIMEOUT_MS / 1000} s`))
    )
    outgoing.on('response', resolve)
    outgoing.on('error', reject)
    // Buffers first: naming the global ReadableStream loads node's web streams, which a run whose
    // requests carry no stream never needs.
    if (body === undefined || Buffer.isBuffer(body)) outgoing.end(body)
    else if ('writeTo' in body) {
      body
        .writeTo(outgoing)
        .then(() => outgoing.end())
        .catch((error: unknown) => {
          outgoing.destroy(error as Error)
          reject(error as Error)
        })
    } else {
      // Backpressure end to end: the next chunk is read only when the socket took the last one.
      const declared = request.headers?.['content-length']
      const source = Readable.fromWeb(body as import('node:stream/web').ReadableStream)
      const stages = declared === undefined ? [source] : [source, exactLength(Number(declared))]
      // node:stream/promises is loaded by the first stream body only.
      import('node:stream/promises')
        .then(({ pipeline }) => pipeline([...stages, outgoing]))
        .catch((error: unknown) => {
          outgoing.destroy(error as Error)
          reject(error as Error)
        })
    }
  })
}

/**
 * A request, with redirects of GET/HEAD followed (never from https to http; the Authorization header
 * only to the origin it was meant for). Rejects only when no answer came (refused, reset, timed out).
 */
export async function sendHttp(target: string | URL, request: HttpRequest): Promise<HttpResponse> {
  let url = new URL(target)
  let headers = { ...request.headers }
  const follows = request.method === 'GET' || request.method === 'HEAD'
  for (let redirects = 0; ; redirects++) {
    const message = await exchange(url, { ...request, headers })
    const status = message.statusCode ?? 0
    const location = message.headers.location
    if (REDIRECTS.has(status) && location && follows && request.redirect !== 'manual') {
      message.resume()
      if (request.redirect === 'error') throw new Error(`redirected (HTTP ${status}) where none is followed`)
      const hop = redirectHop(url, location, headers, redirects)
      url = hop.url
      headers = hop.headers
      continue
    }
    if (request.redirect === 'error' && REDIRECTS.has(status)) {
      message.resume()
      throw new Error(`redirected (HTTP ${status}) where none is followed`)
    }
    const empty =
      request.method === 'HEAD' ||
      status === 204 ||
      status === 304 ||
      message.headers['content-length'] === '0'
    if (empty) message.resume()
    const body = empty ? null : new MessageBody(message)
    return {
      status,
      ok: status >= 200 && status < 300,
      url: url.href,
      headers: headersOf(message),
      get body() {
        return body?.webStream() ?? null
      },
      pieces: () => body
    }
  }
}
