import { createHash } from 'node:crypto'
import { UserError } from '../errors.js'
import { parseRegistryJson } from '../registry/limits.js'

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
  /** When the verdict was produced, as the producer claims: shown to people, never used to order records. */
  scannedAt: string
  /** Where the verdict was produced (the GitHub run, or `local`). */
  producer: { repository?: string; sha?: string; runUrl?: string }
  /**
   * True when the verdict was computed from a report file someone supplied (`scanner: report`), not
   * from a scanner this pipeline ran against the digest. Records without the field (written before it
   * existed) are treated as self-reported: their provenance cannot be told.
   */
  selfReported?: boolean
  /** With `selfReported`: the sha256 of the report file the verdict was computed from. */
  reportSha256?: string
}

/** Whether a record's verdict came from a supplied report rather than a scanner run (unknown = yes). */
export const isSelfReported = (record: GateRecord): boolean => record.selfReported !== false

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
    ? (parseRegistryJson(existing.body, `The referrers index ${tag}`) as { manifests?: Descriptor[] })
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
      ? ((parseRegistryJson(index.body, `The referrers index of ${subject}`) as { manifests?: Descriptor[] })
          .manifests ?? [])
      : []
  }
  return descriptors.filter(descriptor => descriptor.artifactType === GATE_ARTIFACT_TYPE)
}

/**
 * A record blob, checked field by field. A record that cannot be read is an error, not skipped: a
 * failing verdict must never be dropped because its blob is odd.
 */
export function parseGateRecord(blob: Buffer, where: string): GateRecord {
  let value: unknown
  try {
    value = JSON.parse(blob.toString('utf8'))
  } catch {
    value = undefined
  }
  const record = value as Partial<GateRecord> | undefined
  const valid =
    typeof record === 'object' &&
    record !== null &&
    typeof record.subject === 'string' &&
    typeof record.passed === 'boolean' &&
    typeof record.scanner === 'string' &&
    typeof record.severityThreshold === 'string' &&
    typeof record.scannedAt === 'string' &&
    Array.isArray(record.reasons) &&
    record.reasons.every(reason => typeof reason === 'string') &&
    (record.selfReported === undefined || typeof record.selfReported === 'boolean') &&
    (record.reportSha256 === undefined || typeof record.reportSha256 === 'string')
  if (!valid)
    throw new UserError(`The gate record ${where} is not a valid record, so the gate cannot be judged.`)
  return record as GateRecord
}

/**
 * Every gate record stored for `subject`, in registry order: the order of the fallback index, which is
 * only ever appended to, or the order the referrers API lists them in. Each is verified against its
 * manifest. The records' own `scannedAt` is not used: it is whatever the writer claimed, and a record
 * dated 9999 must not outrank a failure written after it.
 */
export async function findGateRecords(registry: GateRegistry, subject: string): Promise<GateRecord[]> {
  const records: GateRecord[] = []
  for (const descriptor of await gateDescriptors(registry, subject)) {
    const manifest = await registry.getManifest(descriptor.digest)
    if (!manifest) continue
    const parsed = parseRegistryJson(manifest.body, `Gate record ${descriptor.digest}`) as {
      subject?: Descriptor
      layers?: Descriptor[]
    }
    // The record must be about this very digest, and its blob must hash to what the manifest says.
    if (parsed.subject?.digest !== subject || !parsed.layers?.[0]) continue
    const blob = await registry.getBlob(parsed.layers[0].digest)
    if (sha256(blob) !== parsed.layers[0].digest) continue
    const record = parseGateRecord(blob, `${registry.name}@${descriptor.digest}`)
    if (record.subject === subject) records.push(record)
  }
  return records
}

export interface GateRequirement {
  /** Accept passing records computed from a supplied report (`scanner: report`). */
  allowSelfReported?: boolean
}

/**
 * The record that decides: the last one in registry order among the records that count. A failing
 * record always counts (whoever wrote it); a passing self-reported one only when allowed.
 */
export function decidingRecord(
  records: GateRecord[],
  requirement: GateRequirement = {}
): GateRecord | undefined {
  return records
    .filter(record => !record.passed || requirement.allowSelfReported || !isSelfReported(record))
    .at(-1)
}

/**
 * The promotion guard: the deciding gate record for the digest must say passed. Throws a UserError that
 * says what is missing and how to produce it.
 */
export async function requirePassedGate(
  registry: GateRegistry,
  subject: string,
  requirement: GateRequirement = {}
): Promise<GateRecord> {
  const records = await findGateRecords(registry, subject)
  if (records.length === 0) {
    throw new UserError(
      `${registry.name}@${subject} has no vulnerability gate record, so it is not promoted. Build it with the ` +
        'pipeline (scan-image with record-gate: true writes the record), or set require-gate: false to promote ungated images.'
    )
  }
  const decisive = decidingRecord(records, requirement)
  if (!decisive) {
    const report = records.find(record => record.reportSha256)?.reportSha256
    throw new UserError(
      `${registry.name}@${subject} has only self-reported gate records (computed from a report file given to ` +
        `scan-image with scanner: report${report ? `, sha256 ${report}` : ''}, not from a scanner run on this digest), ` +
        'so it is not promoted. Scan it with snyk, trivy or grype, or set allow-self-reported: true to trust the report.'
    )
  }
  if (!decisive.passed) {
    throw new UserError(
      `${registry.name}@${subject} failed its vulnerability gate (${decisive.scanner}, threshold ${decisive.severityThreshold}, ` +
        `${decisive.scannedAt}): ${decisive.reasons.join('; ') || 'see the scan summary'}. It is not promoted.`
    )
  }
  return decisive
}

/**
 * Copies an image's gate records to another repository (after a promotion), in their order, so the
 * next stage can check them and reaches the same verdict.
 */
export async function copyGateRecords(
  source: GateRegistry,
  target: GateRegistry,
  subject: Descriptor
): Promise<number> {
  const records = await findGateRecords(source, subject.digest)
  const existing = (await findGateRecords(target, subject.digest)).map(record => JSON.stringify(record))
  let copied = 0
  for (const record of records) {
    if (existing.includes(JSON.stringify(record))) continue
    await attachGateRecord(target, subject, record)
    existing.push(JSON.stringify(record))
    copied++
  }
  // The target may already have held some of them in another order: attaching the source's last
  // record again appends it last (the fallback index moves an entry it already lists to the end).
  const last = records.at(-1)
  if (last && existing.at(-1) !== JSON.stringify(last)) await attachGateRecord(target, subject, last)
  return copied
}
