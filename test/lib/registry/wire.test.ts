/**
 * Blob downloads through one reused window (wire.ts): HTTP/1.1 as servers really send it, written
 * byte for byte by raw sockets (Content-Length, chunked with extensions and trailers, read to the
 * close, 1xx first, pieces split anywhere), redirects (the credential stays with its origin), TLS
 * with the certificate checked, and the failures a broken server causes.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createTlsServer } from 'node:tls'
import { type WindowedBody, getWindowed } from '../../../src/lib/registry/wire.js'
import { startHostileServer } from '../../support/hostile-registry.js'

const servers: Array<{ close(): unknown }> = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
})

/** A server that answers every connection by writing `parts` (a pause between each) and then, if `close`, closing. */
async function raw(parts: Array<string | Buffer>, close = true, seen?: string[]): Promise<string> {
  const sockets = new Set<Socket>()
  const server: Server = createServer(socket => {
    sockets.add(socket)
    socket.setNoDelay(true)
    socket.once('data', request => {
      seen?.push(request.toString('latin1'))
      let at = 0
      const next = (): void => {
        if (socket.destroyed) return
        if (at === parts.length) return void (close && socket.end())
        socket.write(parts[at++], () => setTimeout(next, 5))
      }
      next()
    })
    socket.on('error', () => undefined)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  servers.push({
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(resolve)
      })
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Reads a body whole, noting each piece's backing memory; `pauseEvery` pauses the reader now and then. */
async function readAll(
  body: WindowedBody,
  pauseEvery = 0
): Promise<{ data: Buffer; memory: Set<ArrayBufferLike> }> {
  const pieces: Buffer[] = []
  const memory = new Set<ArrayBufferLike>()
  let count = 0
  await body.read(piece => {
    memory.add(piece.buffer)
    pieces.push(Buffer.from(piece))
    if (pauseEvery && ++count % pauseEvery === 0) {
      setTimeout(() => body.resume(), 2)
      return false
    }
    return true
  })
  return { data: Buffer.concat(pieces), memory }
}

const head = (lines: string[]): string => `${lines.join('\r\n')}\r\n\r\n`

describe('framing', () => {
  it('a Content-Length body of 4 MiB arrives whole, every piece in the same reused memory', async () => {
    const content = Buffer.alloc(4 * 1024 * 1024)
    for (let i = 0; i < content.length; i += 4) content.writeUInt32LE(i, i)
    const origin = await raw([head(['HTTP/1.1 200 OK', `Content-Length: ${content.length}`]), content], false)
    const response = await getWindowed(`${origin}/blob`)
    expect(response.status).toBe(200)
    expect(response.window?.declaredLength).toBe(content.length)
    const { data, memory } = await readAll(response.window as WindowedBody, 7)
    expect(data.equals(content)).toBe(true)
    // The window, and at most one copy of what came with the head.
    expect(memory.size).toBeLessThanOrEqual(2)
  })

  it('chunked, with extensions, a trailer and every line split across reads; the reader pausing mid-read', async () => {
    const origin = await raw([
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=va',
      'lue\r\nhello\r',
      '\n0',
      'A\r\n0123456789\r\n1\r\n-\r\n3\r\nend\r\n0\r\nX-Trailer: 1\r',
      '\n\r\n'
    ])
    const response = await getWindowed(`${origin}/blob`)
    expect(response.window?.declaredLength).toBeUndefined()
    const { data } = await readAll(response.window as WindowedBody, 1)
    expect(data.toString()).toBe('hello0123456789-end')
  })

  it('several chunks in one read are handed over one by one across pauses', async () => {
    const origin = await raw([
      head(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked']) +
        '3\r\nabc\r\n3\r\ndef\r\n3\r\nghi\r\n0\r\n\r\n'
    ])
    const response = await getWindowed(`${origin}/blob`)
    expect((await readAll(response.window as WindowedBody, 1)).data.toString()).toBe('abcdefghi')
  })

  it('without a length, the body runs to the connection’s close; 1xx answers before it are skipped', async () => {
    const origin = await raw(['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n', '\r\nsome ', 'bytes'])
    const response = await getWindowed(`${origin}/blob`)
    expect((await readAll(response.window as WindowedBody)).data.toString()).toBe('some bytes')
  })

  it('an empty body: no window, no body', async () => {
    const origin = await raw([head(['HTTP/1.1 200 OK', 'Content-Length: 0'])], false)
    const response = await getWindowed(`${origin}/blob`)
    expect(response.window).toBeNull()
    expect(response.body).toBeNull()
  })

  it('an error answer is readable as copies through `body` (for the error paths)', async () => {
    const origin = await raw([head(['HTTP/1.1 404 Not Found', 'Content-Length: 9']), 'not found'], false)
    const response = await getWindowed(`${origin}/blob`)
    expect(response.ok).toBe(false)
    expect(await new Response(response.body).text()).toBe('not found')
  })

  it('sends the request line, Host and the given headers, one connection per download', async () => {
    const seen: string[] = []
    const origin = await raw([head(['HTTP/1.1 200 OK', 'Content-Length: 1']), 'x'], false, seen)
    const response = await getWindowed(`${origin}/v2/a/blobs/x?y=1`, { headers: { accept: '*/*' } })
    await readAll(response.window as WindowedBody)
    expect(seen[0]).toBe(
      `GET /v2/a/blobs/x?y=1 HTTP/1.1\r\nhost: ${new URL(origin).host}\r\nconnection: close\r\naccept: */*\r\n\r\n`
    )
  })
})

describe('failures', () => {
  it.each([
    [
      'a body cut short',
      [head(['HTTP/1.1 200 OK', 'Content-Length: 10']), '12345'],
      'body',
      /closed before the answer ended/
    ],
    [
      'a chunked body cut short',
      [head(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked']), '5\r\nab'],
      'body',
      /closed before/
    ],
    [
      'a chunk longer than its size',
      [head(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked']), '2\r\nabc\r\n0\r\n\r\n'],
      'body',
      /does not end where its size says/
    ],
    [
      'a malformed chunk size',
      [head(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked']), 'zz\r\n'],
      'body',
      /malformed chunk size/
    ],
    ['no HTTP at all', ['SSH-2.0-OpenSSH\r\n\r\n'], 'head', /not HTTP\/1\.x/],
    ['a folded header', ['HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n'], 'head', /malformed header line/],
    [
      'two Content-Lengths',
      [head(['HTTP/1.1 200 OK', 'Content-Length: 1', 'Content-Length: 2'])],
      'head',
      /invalid Content-Length/
    ],
    ['a head without end', ['HTTP/1.1 200 OK\r\n', `X: ${'a'.repeat(70 * 1024)}`], 'head', /head is over/],
    ['a close before the head ends', ['HTTP/1.1 200 OK\r\n'], 'head', /closed before the answer ended/]
  ])('%s fails', async (_name, parts, stage, message) => {
    const origin = await raw(parts as string[])
    const answer = getWindowed(`${origin}/blob`)
    if (stage === 'head') return void (await expect(answer).rejects.toThrow(message))
    const response = await answer
    await expect(readAll(response.window as WindowedBody)).rejects.toThrow(message)
  })

  it('a refused connection rejects', async () => {
    const origin = await raw([])
    await servers.pop()?.close()
    await expect(getWindowed(`${origin}/blob`)).rejects.toThrow(/ECONNREFUSED/)
  })

  it('a header with a line break is never sent', async () => {
    const origin = await raw([])
    await expect(getWindowed(`${origin}/x`, { headers: { a: 'b\r\nc: d' } })).rejects.toThrow(/line break/)
  })

  it('cancelling stops the download', async () => {
    const origin = await raw([head(['HTTP/1.1 200 OK', 'Content-Length: 100']), 'abc'], false)
    const response = await getWindowed(`${origin}/blob`)
    const reading = (response.window as WindowedBody).read(() => true)
    response.window?.cancel()
    await expect(reading).rejects.toThrow(/cancelled/)
  })
})

describe('redirects', () => {
  it('to another origin: followed without the Authorization header; on the same origin it is kept', async () => {
    const storage = await startHostileServer(
      (_req, res) => void res.writeHead(200, { 'content-length': '4' }).end('blob')
    )
    servers.push(storage)
    const registry = await startHostileServer((req, res) => {
      if (req.url === '/first') return void res.writeHead(307, { location: '/second' }).end()
      res.writeHead(302, { location: `${storage.origin}/stored?sig=1` }).end()
    })
    servers.push(registry)
    const response = await getWindowed(`${registry.origin}/first`, {
      headers: { authorization: 'Basic c2VjcmV0' }
    })
    expect((await readAll(response.window as WindowedBody)).data.toString()).toBe('blob')
    expect(response.url).toBe(`${storage.origin}/stored?sig=1`)
    expect(registry.authorized()).toHaveLength(2)
    expect(storage.requests).toHaveLength(1)
    expect(storage.authorized()).toEqual([])
  })

  it('to anything but http(s) is refused; a loop ends after 20', async () => {
    const odd = await startHostileServer(
      (_req, res) => void res.writeHead(301, { location: 'file:///etc/passwd' }).end()
    )
    const loop = await startHostileServer(
      (_req, res) => void res.writeHead(302, { location: '/again' }).end()
    )
    servers.push(odd, loop)
    await expect(getWindowed(`${odd.origin}/x`)).rejects.toThrow(/only http\(s\) is followed/)
    await expect(getWindowed(`${loop.origin}/x`)).rejects.toThrow(/more than 20 redirects/)
    expect(loop.requests).toHaveLength(21)
  })
})

describe('TLS', () => {
  let dir: string
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('reads over TLS through the window, and refuses a certificate it cannot verify', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wire-tls-'))
    const made = spawnSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem')
    ])
    expect(made.status).toBe(0)
    const cert = readFileSync(join(dir, 'cert.pem'))
    const content = Buffer.alloc(1024 * 1024, 7)
    const server = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, socket => {
      socket.once('data', () =>
        socket.end(
          Buffer.concat([
            Buffer.from(head(['HTTP/1.1 200 OK', `Content-Length: ${content.length}`])),
            content
          ])
        )
      )
      socket.on('error', () => undefined)
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    servers.push({ close: () => new Promise(resolve => server.close(resolve)) })
    const url = `https://localhost:${(server.address() as AddressInfo).port}/blob`
    const response = await getWindowed(url, { tls: { ca: cert } })
    expect((await readAll(response.window as WindowedBody, 3)).data.equals(content)).toBe(true)
    await expect(getWindowed(url)).rejects.toThrow(/self[- ]signed certificate/)
  })
})
