/**
 * Hostile HTTP servers on 127.0.0.1 for the registry client's security tests: each records every
 * request it saw (with headers, so a test can tell whether a credential arrived) and answers with
 * whatever the test's handler decides, including bodies of any size generated on the fly.
 */
import { createHash } from 'node:crypto'
import {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer
} from 'node:http'
import { type AddressInfo } from 'node:net'

export interface SeenRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
}

export interface HostileServer {
  /** host:port, as a registry name (loopback, so the client speaks plain HTTP to it). */
  host: string
  /** http://host:port */
  origin: string
  requests: SeenRequest[]
  /** Requests that carried an Authorization header. */
  authorized(): SeenRequest[]
  close(): Promise<void>
}

export type Handler = (req: IncomingMessage, res: ServerResponse, server: HostileServer) => void

export async function startHostileServer(handler: Handler): Promise<HostileServer> {
  const requests: SeenRequest[] = []
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    // Request bodies (blob uploads) are drained so the client's PUT completes.
    req.resume()
    handler(req, res, hostile)
  })
  const hostile: HostileServer = {
    host: '',
    origin: '',
    requests,
    authorized: () => requests.filter(request => request.headers.authorization !== undefined),
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  const port = await new Promise<number>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  )
  hostile.host = `127.0.0.1:${port}`
  hostile.origin = `http://${hostile.host}`
  return hostile
}

const FILLER = Buffer.alloc(64 * 1024, 'a')

/**
 * Writes `total` bytes (Infinity: without end) generated on the fly, nothing staged in memory or on
 * disk, honouring back-pressure; stops when the client goes away. Resolves with the bytes written.
 */
export function streamBytes(res: ServerResponse, total: number, chunk: Buffer = FILLER): Promise<number> {
  return new Promise(resolve => {
    let sent = 0
    let closed = false
    res.on('close', () => {
      closed = true
      resolve(sent)
    })
    const pump = (): void => {
      while (!closed && sent < total) {
        const piece = total - sent >= chunk.length ? chunk : chunk.subarray(0, total - sent)
        sent += piece.length
        if (!res.write(piece)) {
          res.once('drain', pump)
          return
        }
      }
      if (!closed) res.end()
    }
    pump()
  })
}

/** A registry-style JSON error answer. */
export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ errors: [{ code, message }] }))
}

export const sha256 = (data: Buffer | string): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`

export const basicHeader = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

/** Resident memory now, after a collection when the test process allows one (--expose-gc). */
export function residentBytes(): number {
  ;(globalThis as { gc?: () => void }).gc?.()
  return process.memoryUsage().rss
}
