import { createHash } from 'node:crypto'
import { UserError } from '../errors.js'

/**
 * How the gate verdict travels with the image. A label cannot be added after the scan without
 * changing the digest, so the verdict is stored in the registry next to the image as an OCI artifact
 * whose `subject` is the image's digest (OCI distribution 1.1 "referrers"). Registries with the
 * referrers API index it themselves; for the others (e.g. distribution 2.8) the spec's fallback is
 * used: an image index under the tag `sha256-<hex>` that lists the referrers.
 */
export const GATE_ARTIFACT_TYPE = 'application/vnd.docker-actions.gate.v1+json'
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
const EMPTY_CONFIG = {
  mediaType: 'application/vnd.oci.empty.v1+json',
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
  data: 'e30='
}
const PASSED_ANNOTATION = 'io.github.docker-actions.gate.passed'

export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  artifactType?: string
  annotations?: Record<string, string>
}

export interface GateRecord {
  /** The image manifest (or index) digest the verdict is about. */
  subject: string
  passed: boolean
  scanner: string
  severityThreshold: string
  failOn: string
  /** Findings per severity that counted against the gate (after ignores). */
  counts: Record<string, number>
  /** Why it failed, in words (empty when it passed). */
  reasons: string[]
  scannedAt: string
  /** Where the verdict was produced (the GitHub run, or `local`). */
  producer: { repository?: string; sha?: string; runUrl?: string }
}

/** The registry operations the gate needs, for one repository (implemented over the OCI client). */
export interface GateRegistry {
  /** The repository as `<registry>/<path>`, for messages. */
  name: string
  getManifest(reference: string): Promise<{ body: Buffer; mediaType: string; digest: string } | undefined>
  putManifest(
    reference: string,
    body: Buffer,
    mediaType: string
  ): Promise<{ digest: string; subjectHeader: boolean }>
  getBlob(digest: string): Promise<Buffer>
  putBlob(data: Buffer): Promise<string>
  /** GET /v2/<name>/referrers/<digest>; undefined when the registry has no referrers API (404). */
  getReferrers(digest: string): Promise<Descriptor[] | undefined>
}

export const sha256 = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`

/** The fallback tag that lists a digest's referrers (`sha256:abc…` -> `sha256-abc…`). */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-').slice(0, 128)
}

export function gateArtifact(record: GateRecord, subject: Descriptor): { manifest: Buffer; blob: Buffer } {
  const blob = Buffer.from(JSON.stringify(record, null, 2))
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: GATE_ARTIFACT_TYPE,
    config: EMPTY_CONFIG,
    layers: [{ mediaType: GATE_ARTIFACT_TYPE, digest: sha256(blob), size: blob.length }],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: {
      'org.opencontainers.image.created': record.scannedAt,
      [PASSED_ANNOTATION]: String(record.passed)
    }
  }
  return { manifest: Buffer.from(JSON.stringify(manifest)), blob }
}

/** Adds a descriptor to the fallback referrers index (read-modify-write; idempotent). */
async function addToReferrersIndex(
  registry: GateRegistry,
  subject: string,
  entry: Descriptor
): Promise<void> {
  const tag = referrersTag(subject)
  const existing = await registry.getManifest(tag)
  const index = existing
    ? (JSON.parse(existing.body.toString('utf8')) as { manifests?: Descriptor[] })
    : { manifests: [] as Descriptor[] }
  const manifests = (index.manifests ?? []).filter(descriptor => descriptor.digest !== entry.digest)
  manifests.push(entry)
  const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }))
  await registry.putManifest(tag, body, OCI_INDEX)
}

/** Stores a gate record for `subject` in the registry; returns the artifact's digest. */
export async function attachGateRecord(
  registry: GateRegistry,
  subject: Descriptor,
  record: GateRecord
): Promise<string> {
  const { manifest, blob } = gateArtifact(record, subject)
  await registry.putBlob(Buffer.from('{}'))
  await registry.putBlob(blob)
  const digest = sha256(manifest)
  const put = await registry.putManifest(digest, manifest, OCI_MANIFEST)
  // A registry that answers OCI-Subject indexes referrers itself; otherwise maintain the fallback tag.
  if (!put.subjectHeader) {
    await addToReferrersIndex(registry, subject.digest, {
      mediaType: OCI_MANIFEST,
      digest,
      size: manifest.length,
      artifactType: GATE_ARTIFACT_TYPE,
      annotations: { [PASSED_ANNOTATION]: String(record.passed) }
    })
  }
  return digest
}

async function gateDescriptors(registry: GateRegistry, subject: string): Promise<Descriptor[]> {
  const fromApi = await registry.getReferrers(subject)
  let descriptors = fromApi
  if (!descriptors) {
    const index = await registry.getManifest(referrersTag(subject))
    descriptors = index
      ? ((JSON.parse(index.body.toString('utf8')) as { manifests?: Descriptor[] }).manifests ?? [])
      : []
  }
  return descriptors.filter(descriptor => descriptor.artifactType === GATE_ARTIFACT_TYPE)
}

/** Every gate record stored for `subject`, newest first, each verified against its manifest. */
export async function findGateRecords(registry: GateRegistry, subject: string): Promise<GateRecord[]> {
  const records: GateRecord[] = []
  for (const descriptor of await gateDescriptors(registry, subject)) {
    const manifest = await registry.getManifest(descriptor.digest)
    if (!manifest) continue
    const parsed = JSON.parse(manifest.body.toString('utf8')) as {
      subject?: Descriptor
      layers?: Descriptor[]
    }
    // The record must be about this very digest, and its blob must hash to what the manifest says.
    if (parsed.subject?.digest !== subject || !parsed.layers?.[0]) continue
    const blob = await registry.getBlob(parsed.layers[0].digest)
    if (sha256(blob) !== parsed.layers[0].digest) continue
    const record = JSON.parse(blob.toString('utf8')) as GateRecord
    if (record.subject === subject) records.push(record)
  }
  return records.sort((a, b) => b.scannedAt.localeCompare(a.scannedAt))
}

/**
 * The promotion guard: the newest gate record for the digest must say passed. Throws a UserError that
 * says what is missing and how to produce it.
 */
export async function requirePassedGate(registry: GateRegistry, subject: string): Promise<GateRecord> {
  const records = await findGateRecords(registry, subject)
  if (records.length === 0) {
    throw new UserError(
      `${registry.name}@${subject} has no vulnerability gate record, so it is not promoted. Build it with the ` +
        'pipeline (scan-image with record-gate: true writes the record), or set require-gate: false to promote ungated images.'
    )
  }
  const [latest] = records
  if (!latest.passed) {
    throw new UserError(
      `${registry.name}@${subject} failed its vulnerability gate (${latest.scanner}, threshold ${latest.severityThreshold}, ` +
        `${latest.scannedAt}): ${latest.reasons.join('; ') || 'see the scan summary'}. It is not promoted.`
    )
  }
  return latest
}

/** Copies an image's gate records to another repository (after a promotion), so the next stage can check them. */
export async function copyGateRecords(
  source: GateRegistry,
  target: GateRegistry,
  subject: Descriptor
): Promise<number> {
  const records = await findGateRecords(source, subject.digest)
  const existing = new Set(
    (await findGateRecords(target, subject.digest)).map(record => JSON.stringify(record))
  )
  let copied = 0
  for (const record of records.reverse()) {
    if (existing.has(JSON.stringify(record))) continue
    await attachGateRecord(target, subject, record)
    copied++
  }
  return copied
}
