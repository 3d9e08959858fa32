/**
 * OCI referrers (distribution 1.1): artifacts whose manifest names another manifest as `subject` (gate
 * records, provenance, SBOMs, signatures). A registry with the referrers API indexes them itself; for
 * the others (e.g. distribution 2.8) the spec's fallback is an image index under the tag
 * `sha256-<hex>` that lists them, kept by whoever attaches one. This module attaches, lists and copies
 * them, the one implementation the gate, provenance and promotion share.
 */
import { UserError } from '../errors.js'
import { digestOf } from '../oci/digest.js'
import { ARTIFACT_TYPES, EMPTY_DESCRIPTOR, MEDIA_TYPES } from '../oci/media-types.js'
import type { Descriptor } from '../oci/schemas.js'
import { untrustedText } from '../untrusted-text.js'
import type { Repository } from './repository.js'

/** What attaching and listing need of a repository (the gate's tests give fakes). */
export type ReferrerRepository = Pick<
  Repository,
  'name' | 'getManifest' | 'putManifest' | 'getBlob' | 'putBlob' | 'getReferrers'
> &
  Partial<Pick<Repository, 'hasReferrersApi'>>

/** Reads run at once per listing (manifests of referrers, gate records), their order kept. */
const READS_AT_ONCE = 4

/**
 * `read` of every item, a few at once, the results in the items' order; a failure is the first
 * failure in that order (as a loop would report it), once every read has settled.
 */
export async function readInOrder<T, R>(items: T[], read: (item: T) => Promise<R>): Promise<R[]> {
  const settled: Array<PromiseSettledResult<R>> = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) {
      try {
        settled[index] = { status: 'fulfilled', value: await read(items[index]) }
      } catch (reason) {
        settled[index] = { status: 'rejected', reason }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, items.length) }, worker))
  return settled.map(result => {
    if (result.status === 'rejected') throw result.reason
    return result.value
  })
}

/** The most referrers read for one subject; more is refused rather than silently cut (a failing record could be the one dropped). */
export const MAX_REFERRERS = 1000
/** How deep referrers of referrers are followed (a signature of an SBOM of an image is depth 2). */
export const MAX_REFERRER_DEPTH = 4

/** The fallback tag that lists a digest's referrers (`sha256:abc…` -> `sha256-abc…`). */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-').slice(0, 128)
}

export interface ArtifactSpec {
  artifactType: string
  /** The one layer: the artifact's content. */
  blob: Buffer
  /** The layer's media type (default: the artifact type). */
  blobMediaType?: string
  /** The manifest the artifact is about. */
  subject: Pick<Descriptor, 'mediaType' | 'digest' | 'size'>
  annotations?: Record<string, string>
}

/** An OCI artifact manifest: an image manifest with `artifactType`, the empty config, one layer, `subject`. */
export function artifactManifest(spec: ArtifactSpec): Buffer {
  const { subject } = spec
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    artifactType: spec.artifactType,
    config: EMPTY_DESCRIPTOR,
    layers: [
      {
        mediaType: spec.blobMediaType ?? spec.artifactType,
        digest: digestOf(spec.blob),
        size: spec.blob.length
      }
    ],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    ...(spec.annotations ? { annotations: spec.annotations } : {})
  }
  return Buffer.from(JSON.stringify(manifest))
}

/** The referrers listed in the fallback index of `subject` (none when it has no such tag). */
export async function fallbackReferrers(
  repository: ReferrerRepository,
  subject: string
): Promise<Descriptor[]> {
  const index = await repository.getManifest(referrersTag(subject))
  return index?.document.manifests ?? []
}

/**
 * Adds descriptors to the fallback referrers index of `subject`, in order (read-modify-write). An
 * entry already listed moves to the end, so the index ends in the order given; entries other tools
 * wrote stay. Nothing is written when the index already reads so.
 */
export async function addToReferrersIndex(
  repository: ReferrerRepository,
  subject: string,
  entries: Descriptor[]
): Promise<void> {
  const existing = await fallbackReferrers(repository, subject)
  const adding = new Set(entries.map(entry => entry.digest))
  const manifests = [...existing.filter(descriptor => !adding.has(descriptor.digest)), ...entries]
  if (JSON.stringify(manifests) === JSON.stringify(existing)) return
  const index = { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests }
  await repository.putManifest(
    referrersTag(subject),
    Buffer.from(JSON.stringify(index)),
    MEDIA_TYPES.ociIndex
  )
}

/** The descriptor of a referrer, as listed in a referrers index (`artifactType` and annotations included). */
export function referrerDescriptor(
  manifest: Buffer,
  artifactType: string,
  annotations?: Record<string, string>
): Descriptor {
  return {
    mediaType: MEDIA_TYPES.ociManifest,
    digest: digestOf(manifest),
    size: manifest.length,
    artifactType,
    ...(annotations ? { annotations } : {})
  }
}

/**
 * Stores an artifact about `spec.subject`; returns the artifact's digest. A registry that answers
 * OCI-Subject indexes it itself; otherwise the fallback tag is kept. `listed` are the annotations
 * the fallback index shows (default: the manifest's).
 */
export async function attachArtifact(
  repository: ReferrerRepository,
  spec: ArtifactSpec,
  listed: Record<string, string> | undefined = spec.annotations
): Promise<string> {
  const manifest = artifactManifest(spec)
  await repository.putBlob(Buffer.from('{}'))
  await repository.putBlob(spec.blob)
  const digest = digestOf(manifest)
  const put = await repository.putManifest(digest, manifest, MEDIA_TYPES.ociManifest)
  if (!put.subjectHeader) {
    await addToReferrersIndex(repository, spec.subject.digest, [
      referrerDescriptor(manifest, spec.artifactType, listed)
    ])
  }
  return digest
}

/**
 * Every referrer of `subject`: the referrers API where the registry has it, the fallback index where
 * it does not. More than MAX_REFERRERS is an error.
 */
export async function listReferrers(repository: ReferrerRepository, subject: string): Promise<Descriptor[]> {
  // Until the registry has said whether it has the API, the fallback tag is read at the same time:
  // one round trip instead of two where it has not (distribution 2.8), an unused read where it has.
  const fallback =
    repository.hasReferrersApi === undefined ? fallbackReferrers(repository, subject) : undefined
  fallback?.catch(() => undefined) // used only when the API is missing, and awaited then
  const descriptors =
    (await repository.getReferrers(subject)) ?? (await (fallback ?? fallbackReferrers(repository, subject)))
  if (descriptors.length > MAX_REFERRERS) {
    throw new UserError(
      `${repository.name}@${subject} has ${descriptors.length} referrers, more than the ${MAX_REFERRERS} this client reads; refusing to judge or copy a partial list.`
    )
  }
  return descriptors
}

/** A referrer as read and checked: its manifest (whose `subject` is the digest it was listed for) and its listing. */
export interface Referrer {
  descriptor: Descriptor
  manifest: NonNullable<Awaited<ReturnType<Repository['getManifest']>>>
}

/**
 * The referrers of `subject` that really are attached to it: each listed manifest must exist, be the
 * bytes its digest names (checked by the client) and name `subject` as its subject. Entries that do
 * not are skipped: a fallback index is writable by anyone with push rights.
 */
export async function attachedReferrers(
  repository: ReferrerRepository,
  subject: string
): Promise<Referrer[]> {
  const referrers: Referrer[] = []
  const descriptors = await listReferrers(repository, subject)
  const manifests = await readInOrder(descriptors, descriptor => repository.getManifest(descriptor.digest))
  for (const [index, descriptor] of descriptors.entries()) {
    const manifest = manifests[index]
    if (!manifest || manifest.digest !== descriptor.digest) continue
    if (manifest.document.subject?.digest !== subject) continue
    const artifactType =
      descriptor.artifactType ?? manifest.document.artifactType ?? manifest.document.config?.mediaType
    referrers.push({ descriptor: { ...descriptor, ...(artifactType ? { artifactType } : {}) }, manifest })
  }
  return referrers
}

/** What copying referrers did on one target repository. */
export interface ReferrerCopy {
  /** Referrer manifests the target did not hold, by artifact type. */
  copied: Map<string, number>
  /** Referrer manifests the target already held. */
  present: number
}

/** What the copy needs of the target besides attaching: blob and manifest transfer (see TreeCopier). */
export interface ManifestCopier {
  /** Copies everything a manifest needs (its blobs; the children of an index), not the manifest itself. */
  copyContents(manifest: Referrer['manifest']): Promise<void>
}

/**
 * Copies every referrer of each of `subjects` (and their referrers, to MAX_REFERRER_DEPTH) from
 * `source` to `target`, in registry order: each referrer's blobs first, then its manifest by digest,
 * then, on a target without the referrers API, the fallback index of its subject (merged with what is
 * there). Nothing is tagged but the fallback tags, and only what is attached to the subjects travels.
 */
export async function copyReferrers(
  source: ReferrerRepository,
  target: ReferrerRepository & Pick<Repository, 'headManifest'>,
  copier: ManifestCopier,
  subjects: string[],
  /** How the source's referrers are read (a promotion to several repositories reads them once). */
  attached: (subject: string) => Promise<Referrer[]> = subject => attachedReferrers(source, subject)
): Promise<ReferrerCopy> {
  const result: ReferrerCopy = { copied: new Map(), present: 0 }
  const seen = new Set<string>()
  // Each listing is asked for once, and the next one while the current referrer is copied (source
  // reads overlapping the target's writes); they are used in the same order as ever.
  const listings = new Map<string, Promise<Referrer[]>>()
  const listing = (subject: string): Promise<Referrer[]> => {
    let found = listings.get(subject)
    if (!found) {
      listings.set(subject, (found = attached(subject)))
      found.catch(() => undefined) // awaited by visit, in order
    }
    return found
  }
  const visit = async (subject: string, depth: number): Promise<void> => {
    if (depth > MAX_REFERRER_DEPTH || seen.has(subject)) return
    seen.add(subject)
    const referrers = await listing(subject)
    if (referrers.length === 0) return
    let indexedByRegistry = true
    for (const { descriptor, manifest } of referrers) {
      if (depth < MAX_REFERRER_DEPTH && !seen.has(descriptor.digest)) void listing(descriptor.digest)
      if (await target.headManifest(descriptor.digest)) result.present++
      else {
        await copier.copyContents(manifest)
        const type = descriptor.artifactType ?? 'unknown'
        result.copied.set(type, (result.copied.get(type) ?? 0) + 1)
      }
      // Put again even when present: the answer says whether the registry indexes it (OCI-Subject).
      const put = await target.putManifest(descriptor.digest, manifest.body, manifest.mediaType)
      if (!put.subjectHeader) indexedByRegistry = false
      await visit(descriptor.digest, depth + 1)
    }
    if (!indexedByRegistry) {
      await addToReferrersIndex(
        target,
        subject,
        referrers.map(({ descriptor }) => descriptor)
      )
    }
  }
  for (const [index, subject] of subjects.entries()) {
    const next = subjects[index + 1]
    if (next !== undefined && !seen.has(next)) void listing(next)
    await visit(subject, 1)
  }
  return result
}

const KNOWN: Record<string, string> = {
  [ARTIFACT_TYPES.gate]: 'gate record(s)',
  [ARTIFACT_TYPES.inToto]: 'in-toto statement(s) (provenance)',
  [ARTIFACT_TYPES.sbom]: 'SBOM(s) (CycloneDX)'
}

/** `copied` in words for the log, e.g. `1 gate record(s)`, `2 other referrer(s) (application/vnd.example.signature)`. */
export function describeCopied(copy: ReferrerCopy): string[] {
  const lines: string[] = []
  for (const [type, words] of Object.entries(KNOWN)) {
    const count = copy.copied.get(type) ?? 0
    if (count > 0) lines.push(`${count} ${words}`)
  }
  const others = [...copy.copied].filter(([type]) => !(type in KNOWN))
  const count = others.reduce((sum, [, n]) => sum + n, 0)
  if (count > 0)
    lines.push(`${count} other referrer(s) (${others.map(([type]) => untrustedText(type, 100)).join(', ')})`)
  return lines
}
