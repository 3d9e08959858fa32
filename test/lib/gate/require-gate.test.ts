/**
 * The promotion guard against an in-memory registry, through the real client: what it refuses, and
 * the records it does not count because they are not what they claim (tampered blobs, records about
 * another image, index entries that lead nowhere). Also copyGateRecords.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { UserError } from '../../../src/lib/errors.js'
import {
  GATE_ARTIFACT_TYPE,
  type GateRepository,
  attachGateRecord,
  copyGateRecords,
  findGateRecords,
  referrersTag,
  requirePassedGate
} from '../../../src/lib/gate/record.js'
import { EMPTY_DESCRIPTOR, MEDIA_TYPES } from '../../../src/lib/oci/media-types.js'
import { DEFAULT_RETRY, type Repository, openRepository } from '../../../src/lib/registry/client.js'
import { type MemoryRegistry, sha256, startMemoryRegistry } from '../../support/hostile-registry.js'
import { type ImageDescriptor, pushTinyImage } from '../../support/fake-repository.js'
import { sampleRecord } from '../../support/gate-records.js'

const options = { credentials: new Map(), retry: { ...DEFAULT_RETRY, attempts: 1 } }
let registry: MemoryRegistry
beforeAll(async () => {
  registry = await startMemoryRegistry()
})
afterAll(() => registry.close())

let images = 0
/** A tiny image in a repository of its own; its descriptor is the gate's subject. */
async function image(): Promise<{ name: string; repository: Repository; subject: ImageDescriptor }> {
  const name = `gate/app-${images++}`
  const repository = openRepository({ registry: registry.host, repository: name }, options)
  return {
    name,
    repository,
    subject: await pushTinyImage(repository, { architecture: 'amd64', os: 'linux', name })
  }
}

const verdict = sampleRecord

/**
 * A gate artifact written by hand, as anyone with push rights could: `about` is the subject its
 * manifest names, `blob` the record bytes, stored under `blobDigest` (default: their digest).
 */
function forgeArtifact(name: string, about: string, blob: Buffer, blobDigest = sha256(blob)): string {
  registry.putRawBlob(name, blob, blobDigest)
  return registry.putRawManifest(
    name,
    {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      artifactType: GATE_ARTIFACT_TYPE,
      config: EMPTY_DESCRIPTOR,
      layers: [{ mediaType: GATE_ARTIFACT_TYPE, digest: blobDigest, size: blob.length }],
      subject: { mediaType: MEDIA_TYPES.ociManifest, digest: about, size: 100 }
    },
    MEDIA_TYPES.ociManifest
  )
}

/** Lists `artifacts` (digests) as the subject's referrers in its fallback index. */
function listReferrers(name: string, subject: string, artifacts: string[]): void {
  registry.putRawManifest(
    name,
    {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: artifacts.map(digest => ({
        mediaType: MEDIA_TYPES.ociManifest,
        digest,
        size: 500,
        artifactType: GATE_ARTIFACT_TYPE
      }))
    },
    MEDIA_TYPES.ociIndex,
    referrersTag(subject)
  )
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))

describe('require-gate refuses', () => {
  it('an image without any gate record', async () => {
    const { repository, subject } = await image()
    await expect(requirePassedGate(repository, subject.digest)).rejects.toThrow(
      /has no vulnerability gate record, so it is not promoted/
    )
  })

  it('an image whose last record failed, and accepts it once a pass follows', async () => {
    const { repository, subject } = await image()
    await attachGateRecord(repository, subject, verdict(subject.digest, false))
    await expect(requirePassedGate(repository, subject.digest)).rejects.toThrow(
      /failed its vulnerability gate \(trivy, threshold high, .*\): 1 high finding \(allowed: 0\)\. It is not promoted\./
    )
    await attachGateRecord(repository, subject, verdict(subject.digest, true))
    expect((await requirePassedGate(repository, subject.digest)).passed).toBe(true)
  })

  it('an image with only self-reported passes, unless they are allowed', async () => {
    const { repository, subject } = await image()
    const report = `sha256:${'b'.repeat(64)}`
    await attachGateRecord(
      repository,
      subject,
      verdict(subject.digest, true, { selfReported: true, reportSha256: report })
    )
    await expect(requirePassedGate(repository, subject.digest)).rejects.toThrow(
      new RegExp(`only self-reported gate records .*sha256 ${report}.*allow-self-reported: true`)
    )
    const allowed = await requirePassedGate(repository, subject.digest, { allowSelfReported: true })
    expect(allowed.selfReported).toBe(true)
  })

  it('a record without `reasons`: a UserError that names the field, not a crash', async () => {
    const { name, repository, subject } = await image()
    const { reasons: _reasons, ...withoutReasons } = verdict(subject.digest, false)
    listReferrers(name, subject.digest, [forgeArtifact(name, subject.digest, json(withoutReasons))])
    const refusal = await requirePassedGate(repository, subject.digest).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(UserError)
    expect((refusal as Error).message).toMatch(
      new RegExp(
        `^The gate record ${registry.host}/${name}@sha256:[0-9a-f]{64} is not a valid record \\(reasons: .*expected array.*\\), so the gate cannot be judged\\.$`
      )
    )
  })

  it('a record whose other fields have the wrong type, naming each', async () => {
    const { name, repository, subject } = await image()
    const odd = { ...verdict(subject.digest, true), passed: 'yes', scanner: 7 }
    listReferrers(name, subject.digest, [forgeArtifact(name, subject.digest, json(odd))])
    await expect(requirePassedGate(repository, subject.digest)).rejects.toThrow(
      /is not a valid record \(passed: .*expected boolean.*; scanner: .*expected string.*\)/
    )
  })
})

describe('records that are not what they claim do not count', () => {
  it('a record whose blob does not match the digest its manifest names', async () => {
    const { name, repository, subject } = await image()
    const honest = json(verdict(subject.digest, false))
    const forged = json(verdict(subject.digest, true))
    // The manifest names the failing record's digest; the registry holds a passing one under it.
    listReferrers(name, subject.digest, [forgeArtifact(name, subject.digest, forged, sha256(honest))])
    // The client checks every blob against its digest: the gate cannot be judged, nothing passes.
    await expect(requirePassedGate(repository, subject.digest)).rejects.toThrow(/arrived corrupted/)
    // A repository that hands over the bytes unchecked: the record is not counted.
    const unchecked: GateRepository = {
      name: repository.name,
      getManifest: reference => repository.getManifest(reference),
      putManifest: (reference, body, mediaType) => repository.putManifest(reference, body, mediaType),
      putBlob: data => repository.putBlob(data),
      getReferrers: digest => repository.getReferrers(digest),
      getBlob: async () => forged
    }
    expect(await findGateRecords(unchecked, subject.digest)).toEqual([])
    await expect(requirePassedGate(unchecked, subject.digest)).rejects.toThrow(
      /has no vulnerability gate record/
    )
  })

  it('a passing record about another image, listed among this one’s referrers', async () => {
    const { name, repository, subject } = await image()
    const other = await image()
    const aboutOther = verdict(other.subject.digest, true)
    // Its manifest names the other image as subject…
    const byManifest = forgeArtifact(name, other.subject.digest, json(aboutOther))
    // …or its manifest names this image, but the record inside is about the other one.
    const byRecord = forgeArtifact(name, subject.digest, json(aboutOther))
    listReferrers(name, subject.digest, [byManifest, byRecord])
    expect(await findGateRecords(repository, subject.digest)).toEqual([])
    await expect(requirePassedGate(repository, subject.digest)).rejects.toThrow(
      /has no vulnerability gate record/
    )
  })

  it('an index entry pointing at a manifest the registry does not have', async () => {
    const { name, repository, subject } = await image()
    listReferrers(name, subject.digest, [sha256('no such manifest')])
    await expect(requirePassedGate(repository, subject.digest)).rejects.toThrow(
      /has no vulnerability gate record/
    )
    // And it does not hide a real failure listed after it.
    await attachGateRecord(repository, subject, verdict(subject.digest, false))
    expect((await findGateRecords(repository, subject.digest)).map(record => record.passed)).toEqual([false])
  })

  it('a referrers index whose entries are not descriptors: refused, never read as empty', async () => {
    const { name, repository, subject } = await image()
    registry.putRawManifest(
      name,
      { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [{ digest: 'sha256:nope', size: -1 }] },
      MEDIA_TYPES.ociIndex,
      referrersTag(subject.digest)
    )
    await expect(requirePassedGate(repository, subject.digest)).rejects.toThrow(
      /the manifest sha256-[0-9a-f]{64} is not valid \(manifests\[0\]\.mediaType: .*; manifests\[0\]\.digest: not a digest/
    )
  })
})

describe('copyGateRecords', () => {
  it('copies every record in order, once; the target reaches the same verdict', async () => {
    const source = await image()
    const target = await image()
    const subject = source.subject
    const pass = verdict(subject.digest, true, { scannedAt: '9999-01-01T00:00:00.000Z' })
    const failure = verdict(subject.digest, false)
    await attachGateRecord(source.repository, subject, pass)
    await attachGateRecord(source.repository, subject, failure)

    expect(await copyGateRecords(source.repository, target.repository, subject)).toBe(2)
    expect(await findGateRecords(target.repository, subject.digest)).toEqual([pass, failure])
    await expect(requirePassedGate(target.repository, subject.digest)).rejects.toThrow(
      /failed its vulnerability gate/
    )
    // Again: nothing new to copy, and nothing reordered.
    expect(await copyGateRecords(source.repository, target.repository, subject)).toBe(0)
    expect(await findGateRecords(target.repository, subject.digest)).toEqual([pass, failure])
  })

  it('a target that already holds the last record in another order gets it appended last again', async () => {
    const source = await image()
    const target = await image()
    const subject = source.subject
    const failure = verdict(subject.digest, false)
    const pass = verdict(subject.digest, true)
    await attachGateRecord(source.repository, subject, failure)
    await attachGateRecord(source.repository, subject, pass)
    await attachGateRecord(target.repository, subject, pass)

    expect(await copyGateRecords(source.repository, target.repository, subject)).toBe(1)
    expect((await findGateRecords(target.repository, subject.digest)).map(record => record.passed)).toEqual([
      false,
      true
    ])
    expect((await requirePassedGate(target.repository, subject.digest)).passed).toBe(true)
  })
})
