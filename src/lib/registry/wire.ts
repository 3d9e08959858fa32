/**
 * Blob downloads read through one reused buffer (issue 17). node's HTTP client hands every 64 KiB of
 * a body over in a freshly allocated Buffer; on a VM that charges for each page first touched, a
 * 30 MiB layer then costs ~8,000 page faults and more CPU than the copy itself. Here the socket reads
 * into one window (net/tls `onread`), and each piece is handed to the reader while it is valid, so a
 * layer of any size touches the same few pages. The HTTP/1.1 this needs of a GET is here: the
 * status line and headers (capped), bodies framed by Content-Length, chunked or by the connection's
 * end, redirects (credentials never follow to another origin, never from https to http), TLS with
 * the default certificate checks, and the idle timeout of the other requests. One connection per
 * download, closed at its end: a layer is worth a connection.
 */
import { type Socket, connect as connectPlain } from 'node:net'
import type { ConnectionOptions } from 'node:tls'
import { IDLE_TIMEOUT_MS, type HttpResponse, REDIRECTS, redirectHop } from './http.js'

/** The most a status line and its headers may weigh (node's own limit is 16 KiB). */
const MAX_HEAD_BYTES = 64 * 1024
/** The most a chunk-size line (with extensions) or a trailer line may weigh. */
const MAX_LINE_BYTES = 4 * 1024
/**
 * The size of a window (what one socket read fills at most) and of each upload slot. Measured on a
 * 30 MiB cross-registry copy: the same CPU from 64 to 256 KiB, and the lowest peak memory here.
 */
export const WINDOW_BYTES = 128 * 1024

/**
 * Windows no longer in use, kept for the next download or upload: their pages are already touched,
 * so a promotion of many layers costs the pages of its few concurrent copies, not of every layer.
 */
const spare: Buffer[] = []
/** A window, reused when one is free. */
export const takeWindow = (): Buffer => spare.pop() ?? Buffer.allocUnsafeSlow(WINDOW_BYTES)
/** Gives a window back; its holder must not touch it again. */
export const giveWindow = (window: Buffer): void => {
  if (spare.length < 32) spare.push(window)
}

/**
 * A body read through the window. `read` hands each piece to `onPiece`, valid only during that call
 * (the next read overwrites it); `onPiece` returns false to stop the reading until `resume()`.
 */
export interface WindowedBody {
  /** Content-Length, when the answer declared one (not chunked). */
  readonly declaredLength?: number
  /** Resolves at the body's end; rejects when the connection fails or closes before it. */
  read(onPiece: (piece: Buffer) => boolean): Promise<void>
  resume(): void
  /** Stops reading and closes the connection (idempotent). */
  cancel(): void
}

export interface WindowedResponse extends HttpResponse {
  /** The body through the window (also readable, with copies, as `body`, for error answers). */
  window: WindowedBody | null
}

type Framing = { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'close' }

class HeadError extends Error {}

/** The status and headers of an answer's head; throws a HeadError when they are not HTTP/1.x. */
function parseHead(head: string): { status: number; headers: Map<string, string> } {
  const lines = head.split('\r\n')
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0])
  if (!status) throw new HeadError('the answer is not HTTP/1.x')
  const headers = new Map<string, string>()
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    // No folded lines, no names with white space (RFC 9112 5.1, 5.2).
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(line.slice(0, colon)))
      throw new HeadError('the answer has a malformed header line')
    const name = line.slice(0, colon).toLowerCase()
    const value = line.slice(colon + 1).trim()
    const before = headers.get(name)
    headers.set(name, before === undefined ? value : `${before}, ${value}`)
  }
  return { status: Number(status[1]), headers }
}

/** How the body is delimited (RFC 9112 6.3); throws a HeadError on a Content-Length it cannot trust. */
function framingOf(status: number, headers: Map<string, string>): Framing {
  if (status === 204 || status === 304) return { kind: 'length', remaining: 0 }
  const coding = headers.get('transfer-encoding')
  if (coding !== undefined) {
    const last = coding.split(',').at(-1)?.trim().toLowerCase()
    return last === 'chunked' ? { kind: 'chunked' } : { kind: 'close' }
  }
  const length = headers.get('content-length')
  if (length === undefined) return { kind: 'close' }
  const values = new Set(length.split(',').map(value => value.trim()))
  const [only] = values
  if (values.size !== 1 || !/^\d{1,15}$/.test(only))
    throw new HeadError('the answer has an invalid Content-Length')
  return { kind: 'length', remaining: Number(only) }
}

/**
 * Reads one answer off a connection: the head (then `headRead` resolves), then the body, each piece
 * handed to the reader. While the reader is paused, bytes still arriving (a TLS socket hands over
 * the records it has already decrypted even after it was told to stop) and the rest of a read the
 * reader paused in are parked in spare windows, not fresh memory, until `resume()`.
 */
class Exchange implements WindowedBody {
  declaredLength?: number
  private head?: Buffer
  private framing?: Framing
  /** Chunked: what is read now, and the bytes left of the current chunk. */
  private chunkState: 'size' | 'data' | 'data-end' | 'trailer' = 'size'
  private chunkLeft = 0
  private line = ''
  /** Bytes received but not handed over yet (the reader paused, or has not started), in order. */
  private parked: Array<{ data: Buffer; own?: Buffer }> = []
  /** The connection ended while bytes were parked: judged once they are read. */
  private eof = false
  private paused = false
  private onPiece?: (piece: Buffer) => boolean
  private finished = false
  private failure?: Error
  private settle?: { resolve: () => void; reject: (error: Error) => void }
  private answered!: {
    resolve: (head: { status: number; headers: Map<string, string> }) => void
    reject: (error: Error) => void
  }
  readonly headRead: Promise<{ status: number; headers: Map<string, string> }>
  socket!: Socket

  constructor(private readonly window: Buffer) {
    this.headRead = new Promise((resolve, reject) => (this.answered = { resolve, reject }))
    this.headRead.catch(() => undefined) // awaited by getOnce; a failure after it is the body's
  }

  /** The socket's onread callback: false stops the socket reading. */
  onRead(length: number): boolean {
    if (this.finished) return false
    try {
      let data = this.window.subarray(0, length)
      if (this.paused) {
        this.park(data)
        return false
      }
      if (!this.framing) {
        const rest = this.readHead(data)
        if (!rest) return !this.finished
        if (!this.onPiece) {
          // Nobody reads yet: keep what came with the head and wait for the reader.
          if (rest.length > 0 && !this.finished) this.park(rest)
          this.paused = true
          return false
        }
        data = rest
      }
      return this.feed(data)
    } catch (error) {
      this.fail(error as Error)
      return false
    }
  }

  /** Keeps a copy of `data` (valid only now) in a spare window. */
  private park(data: Buffer): void {
    if (data.length > WINDOW_BYTES) return void this.parked.push({ data: Buffer.from(data) })
    const own = takeWindow()
    data.copy(own)
    this.parked.push({ data: own.subarray(0, data.length), own })
  }

  /** Collects the head; the bytes after it once it is complete. */
  private readHead(data: Buffer): Buffer | undefined {
    const all = this.head ? Buffer.concat([this.head, data]) : data
    const end = all.indexOf('\r\n\r\n')
    if (end < 0 || end > MAX_HEAD_BYTES) {
      if (all.length > MAX_HEAD_BYTES)
        throw new HeadError(`the answer's head is over ${MAX_HEAD_BYTES} bytes`)
      this.head = all === data ? Buffer.from(data) : all
      return undefined
    }
    this.head = undefined
    const parsed = parseHead(all.subarray(0, end).toString('latin1'))
    const rest = all.subarray(end + 4)
    // 1xx (100 Continue, 103 Early Hints) is informational: the answer follows.
    if (parsed.status < 200) return rest.length > 0 ? this.readHead(rest) : undefined
    this.framing = framingOf(parsed.status, parsed.headers)
    if (this.framing.kind === 'length') this.declaredLength = this.framing.remaining
    this.answered.resolve(parsed)
    if (this.framing.kind === 'length' && this.framing.remaining === 0) this.end()
    return rest
  }

  /** Hands the body bytes in `data` (the window's) over; what is left when the reader pauses is parked. */
  private feed(data: Buffer): boolean {
    let at = 0
    while (at < data.length && !this.finished) {
      if (this.paused) {
        this.park(data.subarray(at))
        return false
      }
      at = this.step(data, at)
    }
    return !this.paused && !this.finished
  }

  /** Reads one piece of body, or one framing line, from `data` at `at`; returns where it stopped. */
  private step(data: Buffer, at: number): number {
    const framing = this.framing as Framing
    if (framing.kind === 'close') {
      this.pass(data.subarray(at))
      return data.length
    }
    if (framing.kind === 'length') {
      const piece = data.subarray(at, at + Math.min(framing.remaining, data.length - at))
      framing.remaining -= piece.length
      this.pass(piece)
      if (framing.remaining === 0) this.end()
      return data.length // bytes beyond the declared length are not the body's
    }
    if (this.chunkState === 'data') {
      const take = Math.min(this.chunkLeft, data.length - at)
      this.chunkLeft -= take
      if (this.chunkLeft === 0) this.chunkState = 'data-end'
      this.pass(data.subarray(at, at + take))
      return at + take
    }
    // A line: a chunk size, the CRLF after a chunk's data, or a trailer line.
    const newline = data.indexOf(10, at)
    const upTo = newline < 0 ? data.length : newline + 1
    this.line += data.toString('latin1', at, upTo)
    if (this.line.length > MAX_LINE_BYTES) throw new HeadError('a chunk-size or trailer line is too long')
    if (newline < 0) return upTo
    const line = this.line.replace(/\r?\n$/, '')
    this.line = ''
    if (this.chunkState === 'data-end') {
      if (line !== '') throw new HeadError('a chunk does not end where its size says')
      this.chunkState = 'size'
    } else if (this.chunkState === 'size') {
      const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(line)
      if (!size) throw new HeadError('the answer has a malformed chunk size')
      this.chunkLeft = Number.parseInt(size[1], 16)
      this.chunkState = this.chunkLeft === 0 ? 'trailer' : 'data'
    } else if (line === '') this.end()
    return upTo
  }

  private pass(piece: Buffer): void {
    if (piece.length === 0) return
    if ((this.onPiece as (piece: Buffer) => boolean)(piece) === false) this.paused = true
  }

  /** Stops everything: the connection closed, the parked windows given back. */
  private finish(): void {
    this.finished = true
    this.socket.destroy()
    for (const { own } of this.parked.splice(0)) if (own) giveWindow(own)
  }

  private end(): void {
    if (this.finished) return
    this.finish()
    this.settle?.resolve()
  }

  fail(error: Error): void {
    if (this.finished) return
    this.failure = error
    this.finish()
    this.answered.reject(error)
    this.settle?.reject(error)
  }

  /** The connection ended: the end of a body read to the close, an error otherwise. */
  closed(): void {
    if (this.finished) return
    if (this.parked.length > 0) this.eof = true
    else if (this.framing?.kind === 'close') this.end()
    else this.fail(new Error('the connection closed before the answer ended'))
  }

  read(onPiece: (piece: Buffer) => boolean): Promise<void> {
    if (this.onPiece) return Promise.reject(new Error('the body is already being read'))
    this.onPiece = onPiece
    return new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject }
      if (this.failure) reject(this.failure)
      else if (this.finished) resolve()
      else this.resume()
    })
  }

  resume(): void {
    if (this.finished || !this.onPiece || !this.paused) return
    this.paused = false
    try {
      while (this.parked.length > 0) {
        const entry = this.parked[0]
        let at = 0
        while (at < entry.data.length && !this.paused) {
          at = this.step(entry.data, at)
          if (this.finished) return // finish() gave the parked windows back
        }
        if (at < entry.data.length) {
          entry.data = entry.data.subarray(at) // paused within it: the rest stays parked
          return
        }
        this.parked.shift()
        if (entry.own) giveWindow(entry.own)
        if (this.paused) return
      }
    } catch (error) {
      return this.fail(error as Error)
    }
    if (this.eof) return this.closed()
    this.socket.resume()
  }

  cancel(): void {
    if (this.finished) return
    this.finish()
    this.settle?.reject(new Error('the download was cancelled'))
  }
}

/** The host to connect to: URL.hostname keeps IPv6 brackets. */
const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1')

/** One GET on a connection of its own. */
async function getOnce(
  url: URL,
  headers: Record<string, string>,
  tlsOptions?: ConnectionOptions
): Promise<{ exchange: Exchange; status: number; headers: Map<string, string> }> {
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, 'connection: close']
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(name + value)) throw new Error(`the header ${name} holds a line break`)
    lines.push(`${name}: ${value}`)
  }
  const window = takeWindow()
  const exchange = new Exchange(window)
  const host = hostOf(url)
  const onread = { buffer: window, callback: (length: number) => exchange.onRead(length) }
  let socket: Socket
  if (url.protocol === 'https:') {
    const [tls, { isIP }] = await Promise.all([import('node:tls'), import('node:net')])
    // `onread` works on TLS sockets too (node's types omit it).
    socket = tls.connect({
      host,
      port: Number(url.port || 443),
      servername: isIP(host) ? undefined : host,
      ALPNProtocols: ['http/1.1'],
      onread,
      ...tlsOptions
    } as ConnectionOptions)
  } else socket = connectPlain({ host, port: Number(url.port || 80), onread })
  exchange.socket = socket
  socket.setTimeout(IDLE_TIMEOUT_MS, () =>
    exchange.fail(new Error(`no answer for ${IDLE_TIMEOUT_MS / 1000} s`))
  )
  socket.on('error', error => exchange.fail(error))
  socket.on('end', () => exchange.closed())
  socket.on('close', () => {
    exchange.closed()
    giveWindow(window) // nothing reads into it any more
  })
  // Not end(): a server may take a half-closed connection for a client that went away.
  socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1')
  return { exchange, ...(await exchange.headRead) }
}

/**
 * A GET whose body is read through a reused window; redirects followed as sendHttp follows them
 * (the Authorization header only to the origin it was meant for, never from https to http). The
 * answer's `body` reads the same bytes as copies, for the error paths that read an answer whole.
 * Rejects only when no answer came (refused, reset, timed out, not HTTP).
 */
export async function getWindowed(
  target: string | URL,
  request: { headers?: Record<string, string>; tls?: ConnectionOptions } = {}
): Promise<WindowedResponse> {
  let url = new URL(target)
  let headers = { ...request.headers }
  for (let redirects = 0; ; redirects++) {
    const answer = await getOnce(url, headers, request.tls)
    const location = answer.headers.get('location')
    if (REDIRECTS.has(answer.status) && location) {
      answer.exchange.cancel()
      const hop = redirectHop(url, location, headers, redirects)
      url = hop.url
      headers = hop.headers
      continue
    }
    const { exchange, status } = answer
    const empty = exchange.declaredLength === 0
    const value = (name: string): string | null => answer.headers.get(name.toLowerCase()) ?? null
    let copies: ReadableStream<Uint8Array> | undefined
    return {
      status,
      ok: status >= 200 && status < 300,
      url: url.href,
      headers: { get: value, has: name => value(name) !== null },
      window: empty ? null : exchange,
      get body() {
        if (empty) return null
        return (copies ??= copiesOf(exchange))
      }
    }
  }
}

/** The body as a web stream of copies (error answers, small bodies); cancelling closes the connection. */
function copiesOf(body: WindowedBody): ReadableStream<Uint8Array> {
  let started = false
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (started) return body.resume()
      started = true
      body
        .read(piece => {
          controller.enqueue(new Uint8Array(Buffer.from(piece)))
          return (controller.desiredSize ?? 0) > 0
        })
        .then(
          () => controller.close(),
          (error: Error) => controller.error(error)
        )
    },
    cancel() {
      body.cancel()
    }
  })
}
