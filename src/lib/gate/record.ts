import * as z from 'zod/mini'
import { UserError } from '../errors.js'
import { matchesDigest } from '../oci/digest.js'
import { checkShape } from '../oci/json.js'
import { ARTIFACT_TYPES } from '../oci/media-types.js'
import type { Descriptor } from '../oci/schemas.js'
import {
  type ArtifactSpec,
  type ReferrerRepository,
  artifactManifest,
  attachArtifact,
  listReferrers,
  readInOrder,
  referrersTag
} from '../registry/referrers.js'

/**
 * How the gate verdict travels with the image. A label cannot be added after the scan without
 * changing the digest, so the verdict is stored in the registry next to the image as an OCI artifact
 * whose `subject` is the image's digest (OCI distribution 1.1 "referrers"). Registries with the
 * referrers API index it themselves; for the others (e.g. distribution 2.8) the spec's fallback is
 * used: an image index under the tag `sha256-<hex>` that lists the referrers.
 */
export const GATE_ARTIFACT_TYPE = ARTIFACT_TYPES.gate
const PASSED_ANNOTATION = 'io.github.docker-actions.gate.passed'

/**
 * A gate record, as written and as read back (checked against this schema: a record is whatever
 * someone with push rights stored, so nothing in it is taken on trust). Unknown fields are kept.
 */
export const GateRecordSchema = z.looseObject({
  /** The image manifest (or index) digest the verdict is about. */
  subject: z.string(),
  passed: z.boolean(),
  scanner: z.string(),
  severityThreshold: z.string(),
  failOn: z.optional(z.string()),
  /** Findings per severity that counted against the gate (after ignores). */
  counts: z.optional(z.record(z.string(), z.number())),
  /** Why it failed, in words (empty when it passed). */
  reasons: z.array(z.string()),
  /** When the verdict was produced, as the producer claims: shown to people, never used to order records. */
  scannedAt: z.string(),
  /** Where the verdict was produced (the GitHub run, or `local`). */
  producer: z.optional(
    z.looseObject({
      repository: z.optional(z.string()),
      sha: z.optional(z.string()),
      runUrl: z.optional(z.string())
    })
  ),
  /**
   * True when the verdict was computed from a report file someone supplied (`scanner: report`), not
   * from a scanner this pipeline ran against the digest. Records without the field (written before it
   * existed) are treated as self-reported: their provenance cannot be told.
   */
  selfReported: z.optional(z.boolean()),
  /** With `selfReported`: the sha256 of the report file the verdict was computed from. */
  reportSha256: z.optional(z.string())
})
export type GateRecord = z.infer<typeof GateRecordSchema>

/** Whether a record's verdict came from a supplied report rather than a scanner run (unknown = yes). */
export const isSelfReported = (record: GateRecord): boolean => record.selfReported !== false

/** One line about the record that let an image through. */
export function describePass(digest: string, record: GateRecord): string {
  return `${digest} passed ${record.scanner}${isSelfReported(record) ? ' (self-reported)' : ''} (threshold ${record.severityThreshold}) at ${record.scannedAt}`
}

/** What the gate needs of a repository: the part of the registry client it uses (tests give fakes). */
export type GateRepository = ReferrerRepository

export { referrersTag }

export function gateArtifact(record: GateRecord, subject: Descriptor): { manifest: Buffer; blob: Buffer } {
  const blob = Buffer.from(JSON.stringify(record, null, 2))
  return { manifest: artifactManifest(gateSpec(record, subject, blob)), blob }
}

function gateSpec(record: GateRecord, subject: Descriptor, blob: Buffer): ArtifactSpec {
  return {
    artifactType: GATE_ARTIFACT_TYPE,
    blob,
    subject,
    annotations: {
      'org.opencontainers.image.created': record.scannedAt,
      [PASSED_ANNOTATION]: String(record.passed)
    }
  }
}

/** Stores a gate record for `subject` in the registry; returns the artifact's digest. */
export async function attachGateRecord(
  repository: GateRepository,
  subject: Descriptor,
  record: GateRecord
): Promise<string> {
  const blob = Buffer.from(JSON.stringify(record, null, 2))
  return attachArtifact(repository, gateSpec(record, subject, blob), {
    [PASSED_ANNOTATION]: String(record.passed)
  })
}

async function gateDescriptors(repository: GateRepository, subject: string): Promise<Descriptor[]> {
  const descriptors = await listReferrers(repository, subject)
  return descriptors.filter(descriptor => descriptor.artifactType === GATE_ARTIFACT_TYPE)
}

/**
 * A record blob, checked against GateRecordSchema. A record that cannot be read is an error, not
 * skipped: a failing verdict must never be dropped because its blob is odd.
 */
export function parseGateRecord(blob: Buffer, where: string): GateRecord {
  let value: unknown
  try {
    value = JSON.parse(blob.toString('utf8'))
  } catch {
    throw new UserError(
      `The gate record ${where} is not a valid record (not JSON), so the gate cannot be judged.`
    )
  }
  return checkShape(GateRecordSchema, value, `The gate record ${where}`, {
    expected: 'a valid record',
    consequence: 'so the gate cannot be judged'
  })
}

/**
 * Every gate record stored for `subject`, in registry order: the order of the fallback index, which is
 * only ever appended to, or the order the referrers API lists them in. Each is verified before it
 * counts: its manifest must be the one the index names, be about this very digest, and its blob must
 * hash to what the manifest says; an entry that fails any of these is not a record of this image. The
 * records' own `scannedAt` is not used: it is whatever the writer claimed, and a record dated 9999
 * must not outrank a failure written after it.
 */
export async function findGateRecords(repository: GateRepository, subject: string): Promise<GateRecord[]> {
  // Read a few at once; judged in registry order (a record that cannot be read fails as it would in turn).
  const found = await readInOrder(
    await gateDescriptors(repository, subject),
    async (descriptor): Promise<GateRecord | undefined> => {
      const manifest = await repository.getManifest(descriptor.digest)
      if (!manifest || manifest.digest !== descriptor.digest) return undefined
      const layer = manifest.document.layers?.[0]
      if (manifest.document.subject?.digest !== subject || !layer) return undefined
      const blob = await repository.getBlob(layer.digest)
      if (!matchesDigest(blob, layer.digest)) return undefined
      const record = parseGateRecord(blob, `${repository.name}@${descriptor.digest}`)
      return record.subject === subject ? record : undefined
    }
  )
  return found.filter(record => record !== undefined)
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
  repository: GateRepository,
  subject: string,
  requirement: GateRequirement = {}
): Promise<GateRecord> {
  const records = await findGateRecords(repository, subject)
  if (records.length === 0) {
    throw new UserError(
      `${repository.name}@${subject} has no vulnerability gate record, so it is not promoted. Build it with the ` +
        'pipeline (scan-image with record-gate: true writes the record), or set require-gate: false to promote ungated images.'
    )
  }
  const decisive = decidingRecord(records, requirement)
  if (!decisive) {
    const report = records.find(record => record.reportSha256)?.reportSha256
    throw new UserError(
      `${repository.name}@${subject} has only self-reported gate records (computed from a report file given to ` +
        `scan-image with scanner: report${report ? `, sha256 ${report}` : ''}, not from a scanner run on this digest), ` +
        'so it is not promoted. Scan it with snyk, trivy or grype, or set allow-self-reported: true to trust the report.'
    )
  }
  if (!decisive.passed) {
    throw new UserError(
      `${repository.name}@${subject} failed its vulnerability gate (${decisive.scanner}, threshold ${decisive.severityThreshold}, ` +
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
  source: GateRepository,
  target: GateRepository,
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
