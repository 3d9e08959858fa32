/**
 * What a promotion asks a registry, and when: the source's manifests read by digest once however
 * many steps use them (gate, referrers copy), the referrers API asked once per repository, its
 * fallback tag read alongside while the answer is unknown, the blob content opened while the upload
 * session is opened (and let go when the session is refused), a blob's HEAD sent with its upload
 * session (closed again when the blob is there), reads at once kept in their order.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { checkPromotionGate } from '../../../src/lib/gate/promotion.js'
import { attachGateRecord } from '../../../src/lib/gate/record.js'
import { MEDIA_TYPES } from '../../../src/lib/oci/media-types.js'
import { DEFAULT_RETRY, openRepository } from '../../../src/lib/registry/client.js'
import { promoteImage, resolveSource } from '../../../src/lib/registry/promote.js'
import { listReferrers, readInOrder, referrersTag } from '../../../src/lib/registry/referrers.js'
import {
  type MemoryRegistry,
  putTinyImage,
  sendError,
  sha256,
  startHostileServer,
  startMemoryRegistry
} from '../../support/hostile-registry.js'

const options = { credentials: new Map(), retry: { ...DEFAULT_RETRY, attempts: 1 } }

let plain: MemoryRegistry
let withApi: MemoryRegistry
beforeAll(async () => {
  plain = await startMemoryRegistry()
  withApi = await startMemoryRegistry({ referrersApi: { pageSize: 10 } })
})
afterAll(async () => {
  await plain.close()
  await withApi.close()
})

let images = 0
/** An image of one tiny layer tagged dev-1, with a passing gate record attached. */
async function gatedImage(registry: MemoryRegistry) {
  const name = `trips/app-${images++}`
  const { digest, size } = putTinyImage(registry, name)
  const repository = openRepository({ registry: registry.host, repository: name }, options)
  const record = await attachGateRecord(
    repository,
    { mediaType: MEDIA_TYPES.ociManifest, digest, size },
    {
      subject: digest,
      passed: true,
      scanner: 'trivy',
      severityThreshold: 'high',
      reasons: [],
      scannedAt: '2026-01-01T00:00:00.000Z',
      selfReported: false
    }
  )
  return { name, digest, record, reference: `${registry.host}/${name}:dev-1` }
}

/** The requests `registry` saw from `since` on, as `METHOD path` (query dropped). */
const seen = (registry: MemoryRegistry, since: number): string[] =>
  registry.requests.slice(since).map(request => `${request.method} ${request.url.replace(/\?.*$/, '')}`)

describe('a promotion reads the source once', () => {
  it('the gate record read for the gate is not read again to copy it; the referrers API is asked once', async () => {
    const { name, digest, record, reference } = await gatedImage(plain)
    const before = plain.requests.length
    const source = await resolveSource(reference, options)
    expect(await checkPromotionGate(source, { required: true, allowSelfReported: false })).toMatch(
      /passed trivy/
    )
    const result = await promoteImage({
      source,
      targets: [`${plain.host}/${name}-prod:v1`],
      registry: options
    })
    expect(result.targets[0]).toMatchObject({ action: 'created', referrers: { copied: 1 } })
    const requests = seen(plain, before)
    expect(requests.filter(line => line === `GET /v2/${name}/manifests/${record}`)).toHaveLength(1)
    expect(requests.filter(line => line.startsWith(`GET /v2/${name}/referrers/`))).toHaveLength(1)
    // Listed again for the copy (a record attached since travels too): the fallback tag, not the API.
    expect(
      requests.filter(line => line === `GET /v2/${name}/manifests/${referrersTag(digest)}`)
    ).toHaveLength(2)
    expect(plain.tagged(`${name}-prod`, 'v1')).toBe(digest)
  })

  it('a manifest by digest is read once per repository object; a tag each time', async () => {
    const { name, digest } = await gatedImage(plain)
    const repository = openRepository({ registry: plain.host, repository: name }, options)
    const before = plain.requests.length
    const [first, second] = await Promise.all([
      repository.getManifest(digest),
      repository.getManifest(digest)
    ])
    expect(second).toBe(first)
    expect((await repository.getManifest(digest))?.digest).toBe(digest)
    await repository.getManifest('dev-1')
    await repository.getManifest('dev-1')
    expect(seen(plain, before)).toEqual([
      `GET /v2/${name}/manifests/${digest}`,
      `GET /v2/${name}/manifests/dev-1`,
      `GET /v2/${name}/manifests/dev-1`
    ])
  })

  it('a missing manifest is asked for again (only what was found is kept)', async () => {
    const repository = openRepository({ registry: plain.host, repository: 'trips/none' }, options)
    const missing = sha256('not pushed yet')
    expect(await repository.getManifest(missing)).toBeUndefined()
    const before = plain.requests.length
    expect(await repository.getManifest(missing)).toBeUndefined()
    expect(seen(plain, before)).toEqual([`GET /v2/trips/none/manifests/${missing}`])
  })
})

describe('listing referrers', () => {
  it('without the API: the fallback tag is read alongside the first asking, the API is not asked again', async () => {
    const { name, digest, record } = await gatedImage(plain)
    const repository = openRepository({ registry: plain.host, repository: name }, options)
    const before = plain.requests.length
    expect((await listReferrers(repository, digest)).map(entry => entry.digest)).toEqual([record])
    expect(repository.hasReferrersApi).toBe(false)
    expect((await listReferrers(repository, digest)).map(entry => entry.digest)).toEqual([record])
    expect(seen(plain, before).sort()).toEqual(
      [
        `GET /v2/${name}/referrers/${digest}`,
        `GET /v2/${name}/manifests/${referrersTag(digest)}`,
        `GET /v2/${name}/manifests/${referrersTag(digest)}`
      ].sort()
    )
  })

  it('with the API: its answer counts, and once known, the fallback tag is no longer read', async () => {
    const { name, digest, record } = await gatedImage(withApi)
    // A fallback index naming something else: what the API lists wins, as before.
    withApi.putRawManifest(
      name,
      { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [] },
      MEDIA_TYPES.ociIndex,
      referrersTag(digest)
    )
    const repository = openRepository({ registry: withApi.host, repository: name }, options)
    const before = withApi.requests.length
    expect((await listReferrers(repository, digest)).map(entry => entry.digest)).toEqual([record])
    expect(repository.hasReferrersApi).toBe(true)
    await listReferrers(repository, digest)
    const fallbackReads = seen(withApi, before).filter(line => line.includes(referrersTag(digest)))
    expect(fallbackReads).toHaveLength(1)
  })
})

describe('uploads', () => {
  it('the content is opened while the upload session is opened, and let go when the session is refused', async () => {
    let opened = false
    let openedAtPost: boolean | undefined
    const server = await startHostileServer((req, res) => {
      openedAtPost = opened
      req.resume()
      sendError(res, 403, 'DENIED', 'no push here')
    })
    try {
      const repository = openRepository({ registry: server.host, repository: 'trips/denied' }, options)
      let cancelled = false
      const content = new ReadableStream<Uint8Array>({
        pull: controller => controller.enqueue(new Uint8Array(16)),
        cancel: () => void (cancelled = true)
      })
      await expect(
        repository.uploadBlob(sha256('x'), 16, async () => {
          opened = true
          return content
        })
      ).rejects.toThrow(/HTTP 403/)
      expect(openedAtPost).toBe(true)
      expect(cancelled).toBe(true)
    } finally {
      await server.close()
    }
  })
})

describe('uploads unless present', () => {
  /** A target that has the blob (HEAD 200) or not (404), opening sessions at /upload/<n>. */
  const target = (has: boolean | 'fails') =>
    startHostileServer((req, res) => {
      if (req.method === 'HEAD') {
        if (has === 'fails') return sendError(res, 500, 'UNKNOWN', 'broken')
        return void res.writeHead(has ? 200 : 404).end()
      }
      if (req.method === 'POST')
        return void res
          .writeHead(202, { location: `/v2/trips/t/blobs/uploads/s1`, 'content-length': '0' })
          .end()
      if (req.method === 'DELETE') return void res.writeHead(204).end()
      if (req.method === 'PUT') return void res.writeHead(201, { 'content-length': '0' }).end()
      sendError(res, 404, 'UNKNOWN', 'no')
    })
  const content = (state: { cancelled: boolean; opened: number }) => async () => {
    state.opened++
    return new ReadableStream<Uint8Array>({
      pull: controller => {
        controller.enqueue(new Uint8Array(Buffer.from('x')))
        controller.close()
      },
      cancel: () => void (state.cancelled = true)
    })
  }

  it('HEAD, POST and the content are asked for at once; a blob found closes the session, uploads nothing', async () => {
    const server = await target(true)
    try {
      const repository = openRepository({ registry: server.host, repository: 'trips/t' }, options)
      const state = { cancelled: false, opened: 0 }
      expect(await repository.uploadBlob(sha256('x'), 1, content(state), { unlessPresent: true })).toBe(false)
      expect(
        server.requests.map(request => `${request.method} ${request.url.replace(/\?.*$/, '')}`).sort()
      ).toEqual(
        [
          'HEAD /v2/trips/t/blobs/' + sha256('x'),
          'POST /v2/trips/t/blobs/uploads/',
          'DELETE /v2/trips/t/blobs/uploads/s1'
        ].sort()
      )
      expect(state).toEqual({ cancelled: true, opened: 1 })
      expect(repository.client.bytesUploaded).toBe(0)
    } finally {
      await server.close()
    }
  })

  it('a blob not found is uploaded in the session opened alongside', async () => {
    const server = await target(false)
    try {
      const repository = openRepository({ registry: server.host, repository: 'trips/t' }, options)
      const state = { cancelled: false, opened: 0 }
      expect(await repository.uploadBlob(sha256('x'), 1, content(state), { unlessPresent: true })).toBe(true)
      expect(server.requests.map(request => request.method).sort()).toEqual(['HEAD', 'POST', 'PUT'])
      expect(repository.client.bytesUploaded).toBe(1)
    } finally {
      await server.close()
    }
  })

  it('a HEAD that fails fails the upload: the session is closed, nothing is sent, no new attempt', async () => {
    const server = await target('fails')
    try {
      const repository = openRepository(
        { registry: server.host, repository: 'trips/t' },
        { ...options, retry: { ...DEFAULT_RETRY, attempts: 2, baseDelayMs: 1 } }
      )
      const state = { cancelled: false, opened: 0 }
      await expect(
        repository.uploadBlob(sha256('x'), 1, content(state), { unlessPresent: true })
      ).rejects.toThrow(/HEAD .* failed with HTTP 500/)
      expect(server.requests.filter(request => request.method === 'PUT')).toEqual([])
      expect(server.requests.filter(request => request.method === 'DELETE')).toHaveLength(1)
      expect(state).toEqual({ cancelled: true, opened: 1 })
    } finally {
      await server.close()
    }
  })
})

describe('readInOrder', () => {
  const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

  it('keeps the items’ order whatever order the reads end in, a few at a time', async () => {
    let running = 0
    let most = 0
    const results = await readInOrder([30, 5, 20, 1, 10, 2], async ms => {
      most = Math.max(most, ++running)
      await wait(ms)
      running--
      return ms * 2
    })
    expect(results).toEqual([60, 10, 40, 2, 20, 4])
    expect(most).toBe(4)
  })

  it('fails with the first failure in order, as a loop would', async () => {
    await expect(
      readInOrder([1, 2, 3], async n => {
        await wait(n === 2 ? 20 : 1)
        if (n >= 2) throw new Error(`item ${n}`)
        return n
      })
    ).rejects.toThrow('item 2')
  })
})
