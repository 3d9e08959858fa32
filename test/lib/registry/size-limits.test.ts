/**
 * A hostile registry answers with 1.5 GB generated on the fly (with an honest Content-Length, and
 * chunked without one): every in-memory read is refused within seconds, the test process grows by
 * far less than 200 MB, and the server stops being read almost at once. Layer streams stay unlimited.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { UserError } from '../../../src/lib/errors.js'
import { MEDIA_TYPES } from '../../../src/lib/oci/media-types.js'
import { DEFAULT_RETRY, RegistryClient, type RegistryOptions } from '../../../src/lib/registry/client.js'
import { fetchImageConfig, resolveDigest } from '../../../src/lib/registry/index.js'
import { ResponseTooLargeError } from '../../../src/lib/registry/limits.js'
import { promoteImage } from '../../../src/lib/registry/promote.js'
import {
  type HostileServer,
  residentBytes,
  sha256,
  startHostileServer,
  streamBytes
} from '../../support/hostile-registry.js'

const HUGE = 1.5 * 1024 ** 3
const MiB = 1024 * 1024
const LAYER = 32 * MiB
const LAYER_DIGEST = `sha256:${'1'.repeat(64)}`

/** Bytes the server managed to write per request (resolved when the client hung up). */
const written: number[] = []
let registry: HostileServer
let tokens: HostileServer
let options: RegistryOptions

function huge(
  res: Parameters<typeof streamBytes>[0],
  headers: Record<string, string>,
  length: boolean,
  status = 200
): void {
  res.writeHead(status, { ...headers, ...(length ? { 'content-length': String(HUGE) } : {}) })
  void streamBytes(res, HUGE).then(bytes => written.push(bytes))
}

beforeAll(async () => {
  tokens = await startHostileServer((_req, res) => huge(res, { 'content-type': 'application/json' }, false))
  registry = await startHostileServer((req, res, self) => {
    const url = new URL(req.url ?? '/', self.origin)
    const path = url.pathname
    const manifest = { 'content-type': MEDIA_TYPES.ociManifest }
    if (path.startsWith('/v2/bearer/'))
      return void res
        .writeHead(401, { 'www-authenticate': `Bearer realm="${tokens.origin}/token",service="x"` })
        .end()
    if (path.endsWith('/manifests/with-length')) return huge(res, manifest, true)
    if (path.endsWith('/manifests/chunked')) return huge(res, manifest, false)
    if (path.endsWith('/manifests/no-digest-header')) {
      // HEAD without Docker-Content-Digest: the client falls back to a GET, which is huge.
      if (req.method === 'HEAD') return void res.writeHead(200, manifest).end()
      return huge(res, manifest, false)
    }
    if (path.endsWith('/manifests/error')) return huge(res, { 'content-type': 'text/plain' }, false, 400)
    if (path.endsWith('/manifests/config')) {
      const body = JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256('config'), size: 6 },
        layers: []
      })
      return void res.writeHead(200, manifest).end(body)
    }
    if (path.endsWith(`/blobs/${LAYER_DIGEST}`)) {
      res.writeHead(200, { 'content-length': String(LAYER) })
      return void streamBytes(res, LAYER)
    }
    if (path.includes('/blobs/')) return huge(res, {}, false)
    if (path.endsWith('/tags/list')) return huge(res, { 'content-type': 'application/json' }, true)
    if (path.includes('/referrers/')) return huge(res, { 'content-type': MEDIA_TYPES.ociIndex }, false)
    res.writeHead(404).end()
  })
  options = { credentials: new Map(), retry: { ...DEFAULT_RETRY, baseDelayMs: 5 } }
})

afterAll(async () => {
  await registry.close()
  await tokens.close()
})

/** Runs `attack`, expects it refused; returns the error. Time and memory are bounded either way. */
async function refused(attack: () => Promise<unknown>): Promise<Error> {
  written.length = 0
  const before = residentBytes()
  const started = Date.now()
  const error = await attack().then(
    () => new Error('the huge answer was accepted'),
    (caught: Error) => caught
  )
  const seconds = (Date.now() - started) / 1000
  const growth = residentBytes() - before
  expect(seconds).toBeLessThan(5)
  expect(growth).toBeLessThan(200 * MiB)
  // The server was stopped long before 1.5 GB: at most the cap plus what sat in socket buffers.
  await new Promise(resolve => setTimeout(resolve, 50))
  for (const bytes of written) expect(bytes).toBeLessThan(64 * MiB)
  return error
}

describe('responses read into memory are capped at 4 MiB', () => {
  const client = () => new RegistryClient(registry.host, options).repository('team/app')

  it.each([
    ['with a Content-Length of 1.5 GB', 'with-length', /declared 1610612736 bytes/],
    ['chunked, with no Content-Length', 'chunked', /more than that arrived/]
  ])('a manifest %s is refused', async (_case, tag, how) => {
    const error = await refused(() => client().getManifest(tag))
    expect(error).toBeInstanceOf(ResponseTooLargeError)
    expect(error).toBeInstanceOf(UserError)
    expect(error.message).toMatch(
      new RegExp(`^${registry.host}/team/app: the manifest ${tag} is larger than 4\\.0 MiB, the most`)
    )
    expect(error.message).toMatch(how)
  })

  it('promote of a 1.5 GB source manifest fails cleanly (the reported crash)', async () => {
    const error = await refused(() =>
      promoteImage({
        source: `${registry.host}/team/app:chunked`,
        targets: [`${registry.host}/team/app:staging`],
        registry: options
      })
    )
    // promote resolves its source itself (promote.ts), under the same 4 MiB cap.
    expect(error).toBeInstanceOf(UserError)
    expect(error.message).toMatch(/manifest .*chunked.* (larger than 4\.0 MiB|over the 4194304-byte limit)/)
  })

  it('resolving a tag whose HEAD lacks a digest falls back to a GET, capped too', async () => {
    const error = await refused(() => resolveDigest(`${registry.host}/team/app:no-digest-header`, options))
    expect(error.message).toMatch(/the manifest no-digest-header is larger than 4\.0 MiB/)
  })

  it('an image config blob is refused', async () => {
    const error = await refused(() => fetchImageConfig(`${registry.host}/team/app:config`, options))
    expect(error.message).toMatch(new RegExp(`the blob ${sha256('config')} is larger than 4\\.0 MiB`))
  })

  it('a tag list and a referrers index are refused', async () => {
    expect((await refused(() => client().listTags())).message).toMatch(/the tag list is larger than 4\.0 MiB/)
    expect((await refused(() => client().getReferrers(LAYER_DIGEST))).message).toMatch(
      /the referrers of .* is larger than 4\.0 MiB/
    )
  })

  it('a token service answer is refused', async () => {
    const error = await refused(() =>
      new RegistryClient(registry.host, options).repository('bearer/app').getManifest('latest')
    )
    expect(error.message).toMatch(/the token service's answer is larger than 4\.0 MiB/)
  })

  it('an error body is read only in part: the HTTP error comes through, not the body', async () => {
    const error = await refused(() => client().getManifest('error'))
    expect(error.message).toMatch(/GET \/v2\/team\/app\/manifests\/error failed with HTTP 400 \(a{300} … \(/)
    expect(error.message.length).toBeLessThan(600)
  })

  it('the cap is an option', async () => {
    const small = new RegistryClient(registry.host, { ...options, maxResponseBytes: 100 })
    const error = await refused(() => small.repository('team/app').getManifest('config'))
    expect(error.message).toMatch(/the manifest config is larger than 100 B/)
  })
})

describe('layer blobs are not capped, and stay streamed', () => {
  it('a 32 MiB layer flows through openBlob chunk by chunk', async () => {
    const client = new RegistryClient(registry.host, options)
    const before = residentBytes()
    const stream = await client.repository('team/app').openBlob(LAYER_DIGEST)
    let bytes = 0
    let largest = 0
    for await (const chunk of stream) {
      bytes += chunk.byteLength
      largest = Math.max(largest, chunk.byteLength)
    }
    expect(bytes).toBe(LAYER)
    expect(largest).toBeLessThan(4 * MiB)
    expect(residentBytes() - before).toBeLessThan(200 * MiB)
  })
})
