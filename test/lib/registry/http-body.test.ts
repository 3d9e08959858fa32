/**
 * Response bodies of the registry transport (http.ts), read as pieces (no web stream) or as a web
 * stream made on demand: the same bytes either way, a short body let go of is drained so its
 * connection serves the next request, a long one closes its connection unread, and a body cut off
 * fails its reader instead of looking complete.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import { type AddressInfo, type Socket } from 'node:net'
import { bodyPieces, discardBody, sendHttp } from '../../../src/lib/registry/http.js'
import { ResponseTooLargeError, readBody } from '../../../src/lib/registry/limits.js'

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  }
})

/** A server, with the connections it accepted. */
async function serve(
  handle: (req: IncomingMessage, res: ServerResponse) => void
): Promise<{ url: string; connections: Socket[] }> {
  const server = createServer(handle)
  const connections: Socket[] = []
  server.on('connection', socket => connections.push(socket))
  servers.push(server)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections }
}

const bytes = (size: number): Buffer => Buffer.alloc(size, 'x')

describe('registry response bodies', () => {
  it('as pieces and as a web stream: the same bytes', async () => {
    const content = Buffer.from('{"schemaVersion":2}'.repeat(10_000))
    const { url } = await serve((_req, res) => res.end(content))
    const pieces = await sendHttp(url, { method: 'GET' })
    expect(await readBody(pieces, content.length, 'the body')).toEqual(content)
    const streamed = await sendHttp(url, { method: 'GET' })
    const reader = (streamed.body as ReadableStream<Uint8Array>).getReader()
    const chunks: Uint8Array[] = []
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value)
    expect(Buffer.concat(chunks)).toEqual(content)
  })

  it('a short body let go of unread is drained: its connection stays open for the next request', async () => {
    const { url, connections } = await serve((_req, res) => res.end(bytes(1000)))
    await discardBody(await sendHttp(url, { method: 'GET' }))
    const again = await sendHttp(url, { method: 'GET' })
    expect(await readBody(again, 1000, 'the body')).toHaveLength(1000)
    expect(connections[0].destroyed).toBe(false)
  })

  it('a long body let go of closes its connection instead of being read', async () => {
    let sent = 0
    const { url, connections } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(64 * 1024 * 1024) })
      const more = (): void => {
        while (sent < 64 * 1024 * 1024 && res.write(bytes(64 * 1024))) sent += 64 * 1024
        if (sent < 64 * 1024 * 1024) res.once('drain', more)
      }
      res.on('error', () => undefined)
      more()
    })
    await discardBody(await sendHttp(url, { method: 'GET' }))
    await new Promise<void>(resolve =>
      connections[0].destroyed ? resolve() : connections[0].once('close', () => resolve())
    )
    expect(sent).toBeLessThan(64 * 1024 * 1024)
  })

  it('a body cut off before its Content-Length fails its reader', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' })
      res.write(bytes(10), () => res.socket?.destroy())
    })
    const response = await sendHttp(url, { method: 'GET' })
    await expect(readBody(response, 10_000, 'the body')).rejects.toThrow()
  })

  it('a body over the cap is refused as soon as more than the cap arrived (chunked, no length)', async () => {
    const { url } = await serve((_req, res) => {
      res.write(bytes(600))
      res.end(bytes(600))
    })
    const response = await sendHttp(url, { method: 'GET' })
    await expect(readBody(response, 1000, 'the body')).rejects.toBeInstanceOf(ResponseTooLargeError)
  })

  it('HEAD and empty answers have no body to read', async () => {
    const { url } = await serve((_req, res) => res.writeHead(200, { 'content-length': '5' }).end())
    const head = await sendHttp(url, { method: 'HEAD' })
    expect(head.body).toBeNull()
    expect(bodyPieces(head)).toBeNull()
  })
})
