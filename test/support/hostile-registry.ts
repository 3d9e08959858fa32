/**
 * Hostile HTTP servers on 127.0.0.1 for the registry client's security tests: each records every
 * request it saw (with headers, so a test can tell whether a credential arrived) and answers with
 * whatever the test's handler decides, including bodies of any size generated on the fly.
 */
import {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer
} from 'node:http'
import { type AddressInfo } from 'node:net'
import { digestOf } from '../../src/lib/oci/digest.js'

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

/** The sha256 digest of content, as registries name it. */
export const sha256 = digestOf

export const basicHeader = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

/** Resident memory now, after a collection when the test process allows one (--expose-gc). */
export function residentBytes(): number {
  ;(globalThis as { gc?: () => void }).gc?.()
  return process.memoryUsage().rss
}

/**
 * A small OCI distribution registry in memory on 127.0.0.1 (no auth, no referrers API, so the gate
 * uses its fallback tag), for tests of the library and the actions' sources without the bench. It
 * stores what it is sent as sent; `putRaw*` write what a tamperer could (bytes under any digest).
 */
export interface MemoryRegistry extends HostileServer {
  /** Stores a manifest under its digest (and `tag`); returns the digest. */
  putRawManifest(repository: string, body: Buffer | object, mediaType: string, tag?: string): string
  /** Stores bytes as the blob `digest`, whether or not they hash to it. */
  putRawBlob(repository: string, data: Buffer, digest?: string): string
  /** The digest a tag points at, if any. */
  tagged(repository: string, tag: string): string | undefined
}

export interface MemoryRegistryOptions {
  /**
   * Answer the OCI 1.1 referrers API (and OCI-Subject on manifest PUTs), `pageSize` entries a page
   * with Link `rel="next"`; default: no referrers API (404), as distribution 2.8.
   */
  referrersApi?: { pageSize: number }
}

export async function startMemoryRegistry(options: MemoryRegistryOptions = {}): Promise<MemoryRegistry> {
  const manifests = new Map<string, { body: Buffer; mediaType: string }>() // `<repo>@<digest>`
  const tags = new Map<string, string>() // `<repo>:<tag>` -> digest
  const blobs = new Map<string, Buffer>() // `<repo>@<digest>`
  const uploads = new Map<string, string>() // upload id -> repository
  let nextUpload = 0
  const isDigest = (reference: string): boolean => /^sha256:[a-f0-9]{64}$/.test(reference)
  const putManifest = (repository: string, body: Buffer, mediaType: string, tag?: string): string => {
    const digest = sha256(body)
    manifests.set(`${repository}@${digest}`, { body, mediaType })
    if (tag) tags.set(`${repository}:${tag}`, digest)
    return digest
  }
  const server = await startHostileServer((req, res, self) => {
    const url = new URL(req.url ?? '/', self.origin)
    const method = req.method ?? 'GET'
    const read = (): Promise<Buffer> =>
      new Promise(resolve => {
        const chunks: Buffer[] = []
        req.on('data', (chunk: Buffer) => chunks.push(chunk))
        req.on('end', () => resolve(Buffer.concat(chunks)))
        req.resume()
      })
    const upload = /^\/upload\/(\d+)$/.exec(url.pathname)
    if (upload) {
      const repository = uploads.get(upload[1])
      if (!repository) return void res.writeHead(404).end()
      if (method === 'DELETE') return void res.writeHead(204).end()
      return void read().then(data => {
        const digest = url.searchParams.get('digest') ?? ''
        if (sha256(data) !== digest) return void sendError(res, 400, 'DIGEST_INVALID', 'digest mismatch')
        blobs.set(`${repository}@${digest}`, data)
        res.writeHead(201, { 'docker-content-digest': digest }).end()
      })
    }
    const match = /^\/v2\/(.+)\/(manifests|blobs|referrers)\/(.*)$/.exec(url.pathname)
    if (!match) return void res.writeHead(url.pathname === '/v2/' ? 200 : 404).end()
    const [, repository, kind, reference] = match
    if (kind === 'referrers') {
      if (!options.referrersApi) return void sendError(res, 404, 'NOT_FOUND', 'no referrers API')
      const all = [...manifests]
        .filter(([key]) => key.startsWith(`${repository}@`))
        .map(([key, stored]) => ({ digest: key.slice(repository.length + 1), ...stored }))
        .flatMap(({ digest, body, mediaType }) => {
          const document = JSON.parse(body.toString('utf8')) as {
            subject?: { digest?: string }
            artifactType?: string
          }
          return document.subject?.digest === reference
            ? [{ mediaType, digest, size: body.length, artifactType: document.artifactType }]
            : []
        })
      const start = Number(url.searchParams.get('last') ?? 0)
      const { pageSize } = options.referrersApi
      const page = all.slice(start, start + pageSize)
      const headers: Record<string, string> = { 'content-type': 'application/vnd.oci.image.index.v1+json' }
      if (start + pageSize < all.length)
        headers.link = `</v2/${repository}/referrers/${reference}?last=${start + pageSize}>; rel="next"`
      return void res.writeHead(200, headers).end(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: page
        })
      )
    }
    if (kind === 'blobs' && reference === 'uploads/') {
      const from = url.searchParams.get('from')
      const mount = url.searchParams.get('mount')
      if (from && mount && blobs.has(`${from}@${mount}`)) {
        blobs.set(`${repository}@${mount}`, blobs.get(`${from}@${mount}`) as Buffer)
        return void res.writeHead(201, { 'docker-content-digest': mount }).end()
      }
      const id = String(nextUpload++)
      uploads.set(id, repository)
      return void res.writeHead(202, { location: `/upload/${id}` }).end()
    }
    if (kind === 'blobs') {
      const blob = blobs.get(`${repository}@${reference}`)
      if (!blob) return void sendError(res, 404, 'BLOB_UNKNOWN', 'blob unknown')
      res.writeHead(200, { 'content-length': String(blob.length), 'docker-content-digest': reference })
      return void res.end(method === 'HEAD' ? undefined : blob)
    }
    const digest = isDigest(reference) ? reference : tags.get(`${repository}:${reference}`)
    if (method === 'PUT') {
      return void read().then(body => {
        const stored = putManifest(
          repository,
          body,
          String(req.headers['content-type']),
          isDigest(reference) ? undefined : reference
        )
        const subject = options.referrersApi
          ? (JSON.parse(body.toString('utf8')) as { subject?: { digest?: string } }).subject?.digest
          : undefined
        res
          .writeHead(201, { 'docker-content-digest': stored, ...(subject ? { 'oci-subject': subject } : {}) })
          .end()
      })
    }
    if (method === 'DELETE') {
      if (isDigest(reference) || !tags.delete(`${repository}:${reference}`))
        return void sendError(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown')
      return void res.writeHead(202).end()
    }
    const manifest = digest && manifests.get(`${repository}@${digest}`)
    if (!manifest) return void sendError(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown')
    res.writeHead(200, {
      'content-type': manifest.mediaType,
      'content-length': String(manifest.body.length),
      'docker-content-digest': digest
    })
    res.end(method === 'HEAD' ? undefined : manifest.body)
  })
  return Object.assign(server, {
    putRawManifest: (repository: string, body: Buffer | object, mediaType: string, tag?: string) =>
      putManifest(
        repository,
        Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body)),
        mediaType,
        tag
      ),
    putRawBlob: (repository: string, data: Buffer, digest = sha256(data)) => {
      blobs.set(`${repository}@${digest}`, data)
      return digest
    },
    tagged: (repository: string, tag: string) => tags.get(`${repository}:${tag}`)
  })
}

/**
 * A one-layer OCI image written straight into a memory registry, tagged `tag` in `repository`: the
 * smallest image a promotion can copy. Returns its manifest's digest and size.
 */
export function putTinyImage(
  registry: MemoryRegistry,
  repository: string,
  tag = 'dev-1'
): { digest: string; size: number } {
  const descriptor = (mediaType: string, data: Buffer) => ({
    mediaType,
    digest: registry.putRawBlob(repository, data),
    size: data.length
  })
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: descriptor(
        'application/vnd.oci.image.config.v1+json',
        Buffer.from(JSON.stringify({ os: 'linux', name: repository }))
      ),
      layers: [descriptor('application/vnd.oci.image.layer.v1.tar', Buffer.from(`layer of ${repository}`))]
    })
  )
  const digest = registry.putRawManifest(
    repository,
    manifest,
    'application/vnd.oci.image.manifest.v1+json',
    tag
  )
  return { digest, size: manifest.length }
}
