import { UserError } from '../errors.js'
import { parseImageName, withDigest } from '../image/reference.js'
import { type IndexEntry, annotationsFromLabels, imageIndex } from '../oci/image-index.js'
import { parseJson } from '../oci/json.js'
import { MEDIA_TYPES } from '../oci/media-types.js'
import { isIndex } from '../oci/media-types.js'
import { ImageConfigSchema } from '../oci/schemas.js'
import { InvalidResponseError, type RegistryOptions, openRepository } from '../registry/index.js'
import type { MergeSource } from './digests.js'
import { type Platform, formatPlatform } from './index.js'

export interface MergeResult {
  /** The index's digest, and `<repository>@<digest>`. */
  digest: string
  image: string
  platforms: Array<{ platform: string; digest: string }>
  annotations: Record<string, string>
}

/** What the registry holds under a digest: its descriptor, platform (from its config) and labels. */
async function readPlatformImage(
  repository: ReturnType<typeof openRepository>,
  source: MergeSource
): Promise<{ entry: IndexEntry; labels: Record<string, string> }> {
  const manifest = await repository.getManifest(source.digest)
  if (!manifest)
    throw new UserError(
      `${repository.name}@${source.digest} does not exist: was the build pushed to ${repository.name}?`
    )
  if (isIndex(manifest.document, manifest.mediaType) || !manifest.document.config)
    throw new UserError(
      `${repository.name}@${source.digest} is not a platform image (an index or an artifact).`
    )
  const blob = await repository.getBlob(manifest.document.config.digest)
  const config = parseJson(ImageConfigSchema, blob, `the config of ${repository.name}@${source.digest}`, {
    error: InvalidResponseError
  })
  const variant = (config as { variant?: unknown }).variant
  const actual: Platform = {
    os: config.os ?? 'unknown',
    architecture: config.architecture ?? 'unknown',
    ...(typeof variant === 'string' && variant ? { variant } : {})
  }
  const declared = source.platform
  if (
    declared &&
    (declared.os !== actual.os ||
      declared.architecture !== actual.architecture ||
      (declared.variant !== undefined && declared.variant !== actual.variant))
  ) {
    throw new UserError(
      `${repository.name}@${source.digest} is given as ${formatPlatform(declared)}, but its config says ${formatPlatform(actual)}.`
    )
  }
  return {
    entry: {
      mediaType: manifest.mediaType || MEDIA_TYPES.dockerManifest,
      digest: manifest.digest,
      size: manifest.body.length,
      // A declared variant (linux/arm64/v8) is kept even when the config omits it.
      platform: declared ?? actual
    },
    labels: config.config?.Labels ?? {}
  }
}

/**
 * Writes one OCI image index over platform images of `repository`, by digest (no tag): each image is
 * read (it must exist, be an image, and be the platform it is said to be), the index annotations
 * default to the first platform's OCI labels (description, source, revision, created) under the
 * caller's, and the index is PUT under its own digest. The same images give the same index.
 */
export async function mergePlatformImages(options: {
  repository: string
  sources: MergeSource[]
  annotations: Map<string, string>
  registry: RegistryOptions
  log?: (message: string) => void
}): Promise<MergeResult> {
  const name = parseImageName(options.repository)
  const repository = openRepository(name, options.registry)
  const images = []
  for (const source of options.sources) images.push(await readPlatformImage(repository, source))
  const index = imageIndex(images.map(image => image.entry))
  // The defaults come from the first platform in index order, so the order of the inputs does not matter.
  const first = images.find(image => image.entry.digest === index.entries[0].digest)
  const annotations = { ...annotationsFromLabels(first?.labels), ...Object.fromEntries(options.annotations) }
  const { body, digest, entries } = imageIndex(index.entries, annotations)
  await repository.putManifest(digest, body, MEDIA_TYPES.ociIndex)
  const platforms = entries.map(entry => ({ platform: formatPlatform(entry.platform), digest: entry.digest }))
  for (const { platform, digest: child } of platforms) options.log?.(`${platform}: ${child}`)
  options.log?.(`index ${withDigest(name, digest)} written (untagged)`)
  return { digest, image: withDigest(name, digest), platforms, annotations }
}
