/**
 * Referrers through the real client against in-memory registries, one without the referrers API
 * (the fallback tag, as distribution 2.8) and one with it (paged): listing, attaching, and copying
 * everything attached to a digest, and nothing else, to another registry.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { MEDIA_TYPES } from '../../../src/lib/oci/media-types.js'
import { DEFAULT_RETRY, type Repository, openRepository } from '../../../src/lib/registry/client.js'
import { promoteImage } from '../../../src/lib/registry/promote.js'
import {
  attachArtifact,
  copyReferrers,
  fallbackReferrers,
  listReferrers,
  referrersTag
} from '../../../src/lib/registry/referrers.js'
import { pushTinyImage } from '../../support/fake-repository.js'
import {
  type MemoryRegistry,
  startHostileServer,
  startMemoryRegistry
} from '../../support/hostile-registry.js'

const options = { credentials: new Map(), retry: { ...DEFAULT_RETRY, attempts: 1 } }
const SIGNATURE = 'application/vnd.example.signature'
const SBOM = 'application/vnd.example.sbom'

let plain: MemoryRegistry
let paged: MemoryRegistry
beforeAll(async () => {
  plain = await startMemoryRegistry()
  paged = await startMemoryRegistry({ referrersApi: { pageSize: 2 } })
})
afterAll(async () => {
  await plain.close()
  await paged.close()
})

let images = 0
async function image(registry: MemoryRegistry, tag = 'dev-1') {
  const name = `ref/app-${images++}`
  const repository = openRepository({ registry: registry.host, repository: name }, options)
  return {
    name,
    repository,
    subject: await pushTinyImage(repository, { architecture: 'amd64', os: 'linux', name }, tag)
  }
}

const sign = (
  repository: Repository,
  subject: { mediaType: string; digest: string; size: number },
  text: string
) => attachArtifact(repository, { artifactType: SIGNATURE, blob: Buffer.from(text), subject })

/** A copier that moves blobs only (what TreeCopier does for an artifact manifest). */
const blobCopier = (from: Repository, to: Repository) => ({
  async copyContents(manifest: {
    document: { config?: { digest: string }; layers?: Array<{ digest: string }> }
  }) {
    for (const blob of [manifest.document.config, ...(manifest.document.layers ?? [])])
      if (blob) await to.putBlob(await from.getBlob(blob.digest))
  }
})

describe('listing referrers', () => {
  it('reads the fallback index without the referrers API, and follows pages of the API', async () => {
    const a = await image(plain)
    await sign(a.repository, a.subject, 'one')
    await sign(a.repository, a.subject, 'two')
    expect((await listReferrers(a.repository, a.subject.digest)).map(d => d.artifactType)).toEqual([
      SIGNATURE,
      SIGNATURE
    ])
    expect(plain.tagged(a.name, referrersTag(a.subject.digest))).toBeDefined()

    const b = await image(paged)
    for (const text of ['1', '2', '3', '4', '5']) await sign(b.repository, b.subject, text)
    // The registry indexes them itself (OCI-Subject): no fallback tag is written.
    expect(paged.tagged(b.name, referrersTag(b.subject.digest))).toBeUndefined()
    expect(await listReferrers(b.repository, b.subject.digest)).toHaveLength(5)
    expect(
      paged.requests.filter(r => r.url.includes(`/referrers/${b.subject.digest}`)).length
    ).toBeGreaterThanOrEqual(3)
  })

  it('refuses a next page on another origin', async () => {
    const elsewhere = await startHostileServer((_req, res) => {
      res
        .writeHead(200, {
          'content-type': MEDIA_TYPES.ociIndex,
          link: '<http://attacker.example/v2/x/referrers/y?last=1>; rel="next"'
        })
        .end(JSON.stringify({ schemaVersion: 2, manifests: [] }))
    })
    try {
      const repository = openRepository({ registry: elsewhere.host, repository: 'x' }, options)
      await expect(repository.getReferrers(`sha256:${'a'.repeat(64)}`)).rejects.toThrow(
        /next page of referrers is on http:\/\/attacker\.example, not the registry/
      )
    } finally {
      await elsewhere.close()
    }
  })
})

describe('copyReferrers', () => {
  it('copies what is attached (and referrers of referrers) in order, merges the target fallback index, skips the rest', async () => {
    const source = await image(plain)
    const target = await image(plain)
    const { subject } = source
    const first = await sign(source.repository, subject, 'signature 1')
    const sbom = await attachArtifact(source.repository, {
      artifactType: SBOM,
      blob: Buffer.from('{"sbom":1}'),
      subject
    })
    // A signature of the SBOM: a referrer of a referrer.
    const sbomManifest = await source.repository.getManifest(sbom)
    const sbomSignature = await sign(
      source.repository,
      { mediaType: MEDIA_TYPES.ociManifest, digest: sbom, size: sbomManifest?.body.length ?? 0 },
      'sbom signature'
    )
    // An artifact about another image, listed under this one by someone: not attached, not copied.
    const other = await image(plain)
    const stray = await sign(other.repository, other.subject, 'about another image')
    const strayManifest = await other.repository.getManifest(stray)
    plain.putRawManifest(source.name, strayManifest?.body ?? Buffer.alloc(0), MEDIA_TYPES.ociManifest)
    const listed = await fallbackReferrers(source.repository, subject.digest)
    plain.putRawManifest(
      source.name,
      {
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociIndex,
        manifests: [
          ...listed,
          { mediaType: MEDIA_TYPES.ociManifest, digest: stray, size: 10, artifactType: SIGNATURE }
        ]
      },
      MEDIA_TYPES.ociIndex,
      referrersTag(subject.digest)
    )
    // Another tool already listed something of its own on the target.
    const foreign = await sign(target.repository, subject, 'the target tool')

    const copy = await copyReferrers(
      source.repository,
      target.repository,
      blobCopier(source.repository, target.repository),
      [subject.digest]
    )
    expect(Object.fromEntries(copy.copied)).toEqual({ [SIGNATURE]: 2, [SBOM]: 1 })
    expect((await fallbackReferrers(target.repository, subject.digest)).map(d => d.digest)).toEqual([
      foreign,
      first,
      sbom
    ])
    expect((await fallbackReferrers(target.repository, sbom)).map(d => d.digest)).toEqual([sbomSignature])
    expect(await target.repository.getManifest(stray)).toBeUndefined()

    // Again: nothing new, the index unchanged.
    const again = await copyReferrers(
      source.repository,
      target.repository,
      blobCopier(source.repository, target.repository),
      [subject.digest]
    )
    expect(again.copied.size).toBe(0)
    expect(again.present).toBe(3)
    expect((await fallbackReferrers(target.repository, subject.digest)).map(d => d.digest)).toEqual([
      foreign,
      first,
      sbom
    ])
  })

  it('to a registry with the referrers API: no fallback tag, the API lists them', async () => {
    const source = await image(plain)
    await sign(source.repository, source.subject, 'signed')
    const target = openRepository({ registry: paged.host, repository: 'ref/api-target' }, options)
    const copy = await copyReferrers(source.repository, target, blobCopier(source.repository, target), [
      source.subject.digest
    ])
    expect(copy.copied.get(SIGNATURE)).toBe(1)
    expect(paged.tagged('ref/api-target', referrersTag(source.subject.digest))).toBeUndefined()
    expect((await target.getReferrers(source.subject.digest))?.map(d => d.artifactType)).toEqual([SIGNATURE])
  })

  it('promoteImage carries referrers to another registry before the tag, and logs what it copied', async () => {
    const source = await image(plain)
    await sign(source.repository, source.subject, 'promoted signature')
    const lines: string[] = []
    const result = await promoteImage({
      source: `${plain.host}/${source.name}:dev-1`,
      targets: [`${paged.host}/ref/promoted:1.0`],
      registry: options,
      log: line => lines.push(line)
    })
    expect(result.targets[0]).toMatchObject({ action: 'created', referrers: { copied: 1, present: 0 } })
    expect(lines).toContain(`copied 1 other referrer(s) (${SIGNATURE}) to ${paged.host}/ref/promoted`)
    const target = openRepository({ registry: paged.host, repository: 'ref/promoted' }, options)
    expect((await target.getReferrers(source.subject.digest))?.map(d => d.artifactType)).toEqual([SIGNATURE])
    // The referrer went first: its PUT came before the tag's.
    const puts = paged.requests.filter(
      r => r.method === 'PUT' && r.url.includes('/v2/ref/promoted/manifests/')
    )
    expect(puts.at(-1)?.url).toMatch(/manifests\/1\.0$/)
  })

  it('a referrer that cannot be copied fails the promotion before the tag is written', async () => {
    const source = await image(plain)
    await sign(source.repository, source.subject, 'will be lost')
    // The artifact's blob is gone from the source: the copy cannot complete.
    const [listed] = await fallbackReferrers(source.repository, source.subject.digest)
    const manifest = await source.repository.getManifest(listed.digest)
    const layer = manifest?.document.layers?.[0]?.digest as string
    plain.putRawBlob(source.name, Buffer.from('not it'), layer)
    await expect(
      promoteImage({
        source: `${plain.host}/${source.name}:dev-1`,
        targets: [`${paged.host}/ref/broken:1.0`],
        registry: options
      })
    ).rejects.toThrow(/failed/)
    expect(paged.tagged('ref/broken', '1.0')).toBeUndefined()
  })
})
