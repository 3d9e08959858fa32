/**
 * Extra real registries for tests: one behind htpasswd Basic auth, one behind the Bearer token flow
 * (with a small token server written here), and an HTTP proxy that counts blob bytes and injects
 * faults (500/429 answers, connections cut mid-body).
 */
import { execFileSync } from 'node:child_process'
import { createHash, createSign } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import {
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer,
  request as httpRequest
} from 'node:http'
import { type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningRegistry, startRegistry } from '../../scripts/testbench/registry.js'
import { sha256 } from './hostile-registry.js'

export const USER = 'promoter'
export const PASSWORD = 's3cr3t-Pa55'

function listen(server: Server): Promise<number> {
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  )
}
const close = (server: Server): Promise<void> => new Promise(resolve => server.close(() => resolve()))

export async function startBasicRegistry(): Promise<RunningRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'reg-basic-'))
  const htpasswd = join(dir, 'htpasswd')
  execFileSync('htpasswd', ['-Bbc', htpasswd, USER, PASSWORD], { stdio: 'ignore' })
  return startRegistry({ dir, htpasswd })
}

export interface TokenRequest {
  scopes: string[]
  user?: string
}

export interface TokenRegistry extends RunningRegistry {
  /** Every token request the token server answered, in order. */
  tokenRequests: TokenRequest[]
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url')

/**
 * A registry with `auth.token`, and a token server that issues RS256 JWTs (x5c: a self-signed
 * certificate the registry trusts) to the test user for any scope, and pull-only tokens anonymously.
 */
export async function startTokenRegistry(): Promise<TokenRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'reg-token-'))
  const key = join(dir, 'key.pem')
  const cert = join(dir, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=token-issuer'
    ],
    { stdio: 'ignore' }
  )
  const privateKey = readFileSync(key, 'utf8')
  const der = Buffer.from(
    readFileSync(cert, 'utf8')
      .replace(/-----[^-]+-----/g, '')
      .replace(/\s+/g, ''),
    'base64'
  )
  const service = 'test-registry'
  const issuer = 'test-token-issuer'
  const tokenRequests: TokenRequest[] = []

  const tokenServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const scopes = url.searchParams
      .getAll('scope')
      .flatMap(scope => scope.split(' '))
      .filter(Boolean)
    const auth = req.headers.authorization
    let user: string | undefined
    if (auth?.startsWith('Basic ')) {
      const [name, password] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')
      if (name !== USER || password !== PASSWORD) {
        res.writeHead(401).end('{"details":"bad credentials"}')
        return
      }
      user = name
    }
    tokenRequests.push({ scopes, user })
    const access = scopes.map(scope => {
      const [type, name, actions] = scope.split(':')
      const granted = actions.split(',').filter(action => user || action === 'pull')
      return { type, name, actions: granted }
    })
    const now = Math.floor(Date.now() / 1000)
    const header = { typ: 'JWT', alg: 'RS256', x5c: [der.toString('base64')] }
    const claims = {
      iss: issuer,
      sub: user ?? '',
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: createHash('sha1').update(String(Math.random())).digest('hex'),
      access
    }
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`
    const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey)
    const token = `${signingInput}.${base64url(signature)}`
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token, access_token: token, expires_in: 300 }))
  })
  const tokenPort = await listen(tokenServer)
  const registry = await startRegistry({
    dir,
    token: { realm: `http://127.0.0.1:${tokenPort}/token`, service, issuer, rootCertBundle: cert }
  })
  return {
    ...registry,
    tokenRequests,
    stop: async () => {
      await registry.stop()
      await close(tokenServer)
    }
  }
}

export interface Fault {
  /** Which requests: method and a path pattern. */
  method?: string
  path: RegExp
  /** Answer with this status instead of forwarding… */
  status?: number
  /** …or forward, but cut the connection after this many response (GET) or request (PUT) bytes. */
  cutAfterBytes?: number
  /** How many matching requests to affect. */
  times: number
}

/**
 * An HTTP proxy in front of a registry on loopback. It counts blob bytes uploaded through it and
 * can inject faults; everything else passes through untouched (Location headers are rewritten so
 * clients stay on the proxy).
 */
export class RegistryProxy {
  uploadedBytes = 0
  faultsInjected = 0
  readonly requests: string[] = []
  private faults: Fault[] = []
  private server?: Server
  host = ''

  constructor(private readonly upstream: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res))
    this.host = `127.0.0.1:${await listen(this.server)}`
    return this
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault })
  }

  reset(): void {
    this.uploadedBytes = 0
    this.faultsInjected = 0
    this.faults = []
    this.requests.length = 0
  }

  private takeFault(req: IncomingMessage): Fault | undefined {
    const fault = this.faults.find(
      candidate =>
        candidate.times > 0 &&
        (!candidate.method || candidate.method === req.method) &&
        candidate.path.test(req.url ?? '')
    )
    if (fault) {
      fault.times--
      this.faultsInjected++
    }
    return fault
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests.push(`${req.method} ${req.url}`)
    const fault = this.takeFault(req)
    if (fault?.status) {
      req.resume()
      res.writeHead(fault.status, { 'content-type': 'application/json', 'retry-after': '0' })
      res.end(JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'injected fault' }] }))
      return
    }
    const isUpload =
      /\/blobs\/uploads\//.test(req.url ?? '') &&
      (req.method === 'PUT' || req.method === 'PATCH' || req.method === 'POST')
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: Number(this.upstream.split(':')[1]),
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: this.upstream }
      },
      upstreamResponse => {
        const headers = { ...upstreamResponse.headers }
        if (typeof headers.location === 'string')
          headers.location = headers.location.replace(this.upstream, this.host)
        res.writeHead(upstreamResponse.statusCode ?? 502, headers)
        let sent = 0
        upstreamResponse.on('data', (chunk: Buffer) => {
          sent += chunk.length
          if (fault?.cutAfterBytes !== undefined && req.method === 'GET' && sent > fault.cutAfterBytes) {
            res.socket?.destroy()
            upstreamResponse.destroy()
            return
          }
          res.write(chunk)
        })
        upstreamResponse.on('end', () => res.end())
      }
    )
    upstream.on('error', () => res.socket?.destroy())
    let received = 0
    req.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (isUpload) this.uploadedBytes += chunk.length
      if (fault?.cutAfterBytes !== undefined && req.method !== 'GET' && received > fault.cutAfterBytes) {
        req.socket.destroy()
        upstream.destroy()
        return
      }
      upstream.write(chunk)
    })
    req.on('end', () => upstream.end())
  }

  async stop(): Promise<void> {
    if (this.server) {
      this.server.closeAllConnections()
      await close(this.server)
    }
  }
}

/** Raw distribution API calls for setting up fixtures independently of the client under test. */
export async function rawPushBlob(
  host: string,
  repository: string,
  data: Buffer,
  auth?: string
): Promise<string> {
  const digest = sha256(data)
  const headers: Record<string, string> = auth ? { authorization: auth } : {}
  const session = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers })
  if (session.status !== 202) throw new Error(`blob upload start: ${session.status} ${await session.text()}`)
  const location = new URL(session.headers.get('location') as string, `http://${host}`)
  location.searchParams.set('digest', digest)
  const response = await fetch(location, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: data
  })
  if (response.status !== 201) throw new Error(`blob upload: ${response.status} ${await response.text()}`)
  return digest
}

export async function rawPutManifest(
  host: string,
  repository: string,
  reference: string,
  body: object,
  auth?: string
): Promise<string> {
  const data = Buffer.from(JSON.stringify(body))
  const mediaType = (body as { mediaType: string }).mediaType
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    headers: { 'content-type': mediaType, ...(auth ? { authorization: auth } : {}) },
    body: data
  })
  if (response.status !== 201) throw new Error(`manifest put: ${response.status} ${await response.text()}`)
  return sha256(data)
}

/** A tiny single-layer OCI image (random content of `size` bytes) for `platform`; returns its manifest. */
export async function rawPushImage(
  host: string,
  repository: string,
  options: { size?: number; platform?: { os: string; architecture: string }; layers?: number } = {}
): Promise<{ manifest: object; digest: string; size: number }> {
  const { randomBytes } = await import('node:crypto')
  const platform = options.platform ?? { os: 'linux', architecture: 'amd64' }
  const layers = []
  for (let i = 0; i < (options.layers ?? 1); i++) {
    const data = randomBytes(options.size ?? 4096)
    layers.push({
      mediaType: 'application/vnd.oci.image.layer.v1.tar',
      digest: await rawPushBlob(host, repository, data),
      size: data.length
    })
  }
  const config = Buffer.from(
    JSON.stringify({
      ...platform,
      rootfs: { type: 'layers', diff_ids: layers.map(layer => layer.digest) },
      config: {}
    })
  )
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: await rawPushBlob(host, repository, config),
      size: config.length
    },
    layers
  }
  const body = Buffer.from(JSON.stringify(manifest))
  return { manifest, digest: sha256(body), size: body.length }
}

/**
 * An artifact attached to `subject` written with the raw API, as another tool would (cosign, oras):
 * the empty config, one layer, the manifest by digest, and the `sha256-<hex>` fallback index
 * (read, appended to, written back). Returns the artifact manifest's digest.
 */
export async function rawAttachArtifact(
  host: string,
  repository: string,
  subject: { mediaType: string; digest: string; size: number },
  artifactType: string,
  content: Buffer,
  auth?: string
): Promise<string> {
  const empty = Buffer.from('{}')
  await rawPushBlob(host, repository, empty, auth)
  const layer = await rawPushBlob(host, repository, content, auth)
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType,
    config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(empty), size: empty.length },
    layers: [{ mediaType: artifactType, digest: layer, size: content.length }],
    subject
  }
  const digest = sha256(Buffer.from(JSON.stringify(manifest)))
  await rawPutManifest(host, repository, digest, manifest, auth)
  const tag = subject.digest.replace(':', '-')
  const existing = await rawReferrersIndex(host, repository, subject.digest, auth)
  await rawPutManifest(
    host,
    repository,
    tag,
    {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        ...existing,
        {
          mediaType: manifest.mediaType,
          digest,
          size: Buffer.byteLength(JSON.stringify(manifest)),
          artifactType
        }
      ]
    },
    auth
  )
  return digest
}

/** The entries of a digest's fallback referrers index (`sha256-<hex>` tag), read with the raw API; [] when none. */
export async function rawReferrersIndex(
  host: string,
  repository: string,
  digest: string,
  auth?: string
): Promise<Array<{ digest: string; artifactType?: string; mediaType: string; size: number }>> {
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${digest.replace(':', '-')}`, {
    headers: {
      accept: 'application/vnd.oci.image.index.v1+json',
      ...(auth ? { authorization: auth } : {})
    }
  })
  if (response.status === 404) return []
  if (response.status !== 200) throw new Error(`referrers index: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { manifests?: [] }).manifests ?? []
}

/** A manifest or blob read with the raw API (bytes), or undefined on 404. */
export async function rawGet(
  host: string,
  repository: string,
  kind: 'manifests' | 'blobs',
  reference: string,
  auth?: string
): Promise<Buffer | undefined> {
  const response = await fetch(`http://${host}/v2/${repository}/${kind}/${reference}`, {
    headers: {
      accept:
        'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
      ...(auth ? { authorization: auth } : {})
    }
  })
  if (response.status === 404) return undefined
  if (response.status !== 200) throw new Error(`${kind} ${reference}: ${response.status}`)
  return Buffer.from(await response.arrayBuffer())
}
