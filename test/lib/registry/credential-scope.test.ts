/**
 * Credentials stay with their registry: a hostile registry on loopback points uploads, redirects
 * and token requests at a second server (another port: another origin), which must never see the
 * credential. Different ports are different origins, exactly as different hosts are.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { type ServerResponse } from 'node:http'
import { DEFAULT_RETRY, RegistryClient, type RegistryOptions } from '../../../src/lib/registry/client.js'
import {
  type HostileServer,
  basicHeader,
  sha256,
  startHostileServer
} from '../../support/hostile-registry.js'

const USER = 'promoter'
const PASSWORD = 's3cr3t-Pa55'
const BASIC = basicHeader(USER, PASSWORD)
const TOKEN = 'registry-token'
const fastRetry = { ...DEFAULT_RETRY, baseDelayMs: 5 }

type Auth = 'basic' | 'bearer'

const servers: HostileServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()))
})

async function server(handler: Parameters<typeof startHostileServer>[0]): Promise<HostileServer> {
  const started = await startHostileServer(handler)
  servers.push(started)
  return started
}

/** A registry that wants credentials (Basic, or Bearer from its own /token) and sends uploads to `uploadTo()`. */
function registry(auth: Auth, uploadTo: () => string, realm?: () => string) {
  return server((req, res, self) => {
    const url = new URL(req.url ?? '/', self.origin)
    if (url.pathname === '/token') {
      if (req.headers.authorization !== BASIC) return void res.writeHead(401).end()
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ token: TOKEN }))
    }
    // Its upload URLs take whatever comes (that is where a leaked credential would land).
    if (url.pathname.startsWith('/upload/'))
      return void res.writeHead(req.method === 'DELETE' ? 204 : 201).end()
    const expected = auth === 'basic' ? BASIC : `Bearer ${TOKEN}`
    if (req.headers.authorization !== expected) {
      const challenge =
        auth === 'basic'
          ? 'Basic realm="hostile"'
          : `Bearer realm="${realm ? realm() : `${self.origin}/token`}",service="hostile"`
      return void res.writeHead(401, { 'www-authenticate': challenge }).end()
    }
    if (req.method === 'HEAD') return void res.writeHead(404).end()
    if (req.method === 'POST' && url.pathname.endsWith('/blobs/uploads/'))
      return void res.writeHead(202, { location: uploadTo() }).end()
    res.writeHead(201).end()
  })
}

/** The other origin: takes every upload and DELETE without asking for anything. */
const collector = (): Promise<HostileServer> =>
  server((req, res) => void res.writeHead(req.method === 'DELETE' ? 204 : 201).end())

const options = (host: string): RegistryOptions => ({
  credentials: new Map([[host, { username: USER, password: PASSWORD }]]),
  retry: fastRetry
})

async function uploadEverything(client: RegistryClient): Promise<void> {
  const repository = client.repository('team/app')
  const data = Buffer.from('a layer')
  await repository.putBlob(data)
  const streamed = Buffer.from('a streamed layer')
  await repository.uploadBlob(sha256(streamed), streamed.length, async () => new Blob([streamed]).stream())
  // A mount the registry turns into an upload session (202): the client closes it with a DELETE.
  expect(await repository.mountBlob(sha256('mounted'), 'team/other')).toBe(false)
}

describe('credentials are attached only to the registry’s own origin', () => {
  it.each<Auth>(['basic', 'bearer'])(
    '%s: blob PUTs and the mount-session DELETE at another origin carry no Authorization',
    async auth => {
      const other = await collector()
      const hostile = await registry(auth, () => `${other.origin}/upload/1?_state=abc`)
      await uploadEverything(new RegistryClient(hostile.host, options(hostile.host)))

      expect(other.requests.map(request => request.method)).toEqual(['PUT', 'PUT', 'DELETE'])
      expect(other.authorized()).toEqual([])
      // The credential was in play: the registry itself got it.
      expect(hostile.authorized().length).toBeGreaterThan(0)
    }
  )

  it('the same port under another host name is another origin, too', async () => {
    const hostile: HostileServer = await registry(
      'basic',
      () => `http://localhost:${hostile.host.split(':')[1]}/upload/1`
    )
    await uploadEverything(new RegistryClient(hostile.host, options(hostile.host)))
    const uploads = hostile.requests.filter(request => request.url.startsWith('/upload/'))
    expect(uploads.map(request => request.method)).toEqual(['PUT', 'PUT', 'DELETE'])
    expect(uploads.filter(request => request.headers.authorization)).toEqual([])
  })

  it('an upload on the registry’s own origin still carries the credential', async () => {
    const hostile = await registry('basic', () => '/upload/1?_state=abc')
    await uploadEverything(new RegistryClient(hostile.host, options(hostile.host)))
    const uploads = hostile.requests.filter(request => request.url.startsWith('/upload/'))
    expect(uploads.map(request => request.method)).toEqual(['PUT', 'PUT', 'DELETE'])
    expect(uploads.every(request => request.headers.authorization === BASIC)).toBe(true)
  })

  it('another origin that answers 401 gets no say: no token request, no credential, a clear error', async () => {
    const other = await server((req, res, self) => {
      if (req.url?.startsWith('/token')) return void res.writeHead(200).end('{"token":"stolen"}')
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${self.origin}/token"` }).end()
    })
    const hostile = await registry('basic', () => `${other.origin}/upload/1`)
    const client = new RegistryClient(hostile.host, options(hostile.host))
    await expect(client.repository('team/app').putBlob(Buffer.from('x'))).rejects.toThrow(
      /not the registry's origin\) was refused \(401\); credentials are only sent to http:\/\/127\.0\.0\.1/
    )
    expect(other.requests.map(request => `${request.method} ${request.url.split('?')[0]}`)).toEqual([
      'PUT /upload/1'
    ])
    expect(other.authorized()).toEqual([])
  })

  it('a blob GET redirected to another origin arrives there without the Authorization header', async () => {
    const content = Buffer.from('{"architecture":"amd64"}')
    const other = await server((_req, res) => void res.writeHead(200).end(content))
    const hostile = await server((req, res) => {
      if (req.headers.authorization !== BASIC)
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="hostile"' }).end()
      res.writeHead(307, { location: `${other.origin}/storage/blob` }).end()
    })
    const client = new RegistryClient(hostile.host, options(hostile.host))
    expect(await client.repository('team/app').getBlob(sha256(content))).toEqual(content)
    expect(other.requests).toHaveLength(1)
    expect(other.authorized()).toEqual([])
  })
})

describe('layers read through the reused window (wire.ts) for a cross-registry copy', () => {
  it('after a 401 the credential goes to the registry; its redirect to storage does not carry it', async () => {
    const content = Buffer.from('layer bytes')
    const other = await server((_req, res) => void res.writeHead(200).end(content))
    const hostile = await server((req, res) => {
      if (req.headers.authorization !== BASIC)
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="hostile"' }).end('log in')
      res.writeHead(307, { location: `${other.origin}/storage/blob` }).end()
    })
    const client = new RegistryClient(hostile.host, options(hostile.host))
    const { window } = await client.repository('team/app').openWindowed(sha256(content))
    const pieces: Buffer[] = []
    await window.read(piece => {
      pieces.push(Buffer.from(piece))
      return true
    })
    expect(Buffer.concat(pieces)).toEqual(content)
    expect(hostile.requests.map(request => Boolean(request.headers.authorization))).toEqual([false, true])
    expect(other.requests).toHaveLength(1)
    expect(other.authorized()).toEqual([])
  })
})

describe('token realms (HTTP level; every policy case is in trust.test.ts)', () => {
  it('a loopback registry may name a plain-HTTP realm on another loopback port: it gets the credential', async () => {
    const tokens = await server((req, res) => {
      if (req.headers.authorization !== BASIC) return void res.writeHead(401).end()
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: TOKEN }))
    })
    const hostile = await registry(
      'bearer',
      () => '/upload/1',
      () => `${tokens.origin}/token`
    )
    const client = new RegistryClient(hostile.host, options(hostile.host))
    await client.repository('team/app').putBlob(Buffer.from('x'))
    // One token per scope set (pull for the HEAD, push for the upload), each asked for with the credential.
    expect(tokens.requests.length).toBeGreaterThan(0)
    expect(tokens.requests.every(request => request.headers.authorization === BASIC)).toBe(true)
  })

  it('a realm the policy refuses is never contacted', async () => {
    const tokens = await server((_req, res: ServerResponse) => void res.writeHead(200).end('{"token":"x"}'))
    const port = tokens.host.split(':')[1]
    // [::ffff:127.0.0.1] is not on the loopback list (127.0.0.0/8, localhost, [::1]) nor the
    // registry's host: refused, although it would reach this machine.
    const hostile = await registry(
      'bearer',
      () => '/upload/1',
      () => `http://[::ffff:127.0.0.1]:${port}/token`
    )
    const client = new RegistryClient(hostile.host, options(hostile.host))
    await expect(client.repository('team/app').putBlob(Buffer.from('x'))).rejects.toThrow(
      /plain-HTTP token realm on another host/
    )
    expect(tokens.requests).toEqual([])
  })
})
