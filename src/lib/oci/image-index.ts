import { UserError } from '../errors.js'
import { type Platform, formatPlatform } from '../platform/index.js'
import { digestOf } from './digest.js'
import { MEDIA_TYPES } from './media-types.js'

/** One platform's image in an index: its manifest's descriptor and the platform it runs on. */
export interface IndexEntry {
  mediaType: string
  digest: string
  size: number
  platform: Platform
}

/** The index labels the merge carries over from the images (`org.opencontainers.image.<key>`). */
export const INDEX_ANNOTATION_LABELS = [
  'org.opencontainers.image.description',
  'org.opencontainers.image.source',
  'org.opencontainers.image.revision',
  'org.opencontainers.image.created'
] as const

/**
 * An OCI image index over platform images, as the exact bytes to PUT and their digest. The same
 * entries and annotations give the same bytes whatever their order (descriptors sorted by platform,
 * annotation keys sorted), so merging the same digests again writes the same index. A platform named
 * twice with different images is an error; the very same entry twice is one.
 */
export function imageIndex(
  entries: IndexEntry[],
  annotations: Record<string, string> = {}
): { body: Buffer; digest: string; entries: IndexEntry[] } {
  if (entries.length === 0) throw new UserError('An image index needs at least one platform image.')
  const byPlatform = new Map<string, IndexEntry>()
  for (const entry of entries) {
    const name = formatPlatform(entry.platform)
    const seen = byPlatform.get(name)
    if (seen && seen.digest !== entry.digest)
      throw new UserError(
        `Two images for ${name}: ${seen.digest} and ${entry.digest}; an index takes one per platform.`
      )
    byPlatform.set(name, entry)
  }
  const sorted = [...byPlatform.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e)
  const keys = Object.keys(annotations).sort()
  const document = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociIndex,
    manifests: sorted.map(entry => ({
      mediaType: entry.mediaType,
      digest: entry.digest,
      size: entry.size,
      platform: {
        architecture: entry.platform.architecture,
        os: entry.platform.os,
        ...(entry.platform.variant ? { variant: entry.platform.variant } : {})
      }
    })),
    ...(keys.length > 0 ? { annotations: Object.fromEntries(keys.map(key => [key, annotations[key]])) } : {})
  }
  const body = Buffer.from(JSON.stringify(document))
  return { body, digest: digestOf(body), entries: sorted }
}

/** The index annotations taken from an image's labels (see INDEX_ANNOTATION_LABELS). */
export function annotationsFromLabels(
  labels: Record<string, string> | null | undefined
): Record<string, string> {
  const found: Record<string, string> = {}
  for (const key of INDEX_ANNOTATION_LABELS) {
    const value = labels?.[key]
    if (value) found[key] = value
  }
  return found
}
