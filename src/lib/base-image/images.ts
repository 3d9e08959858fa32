import { UserError } from '../errors.js'
import { parseReference } from '../image/reference.js'
import { parseJson } from '../oci/json.js'
import { isIndex } from '../oci/media-types.js'
import { type Descriptor, type ImageConfig, ImageConfigSchema } from '../oci/schemas.js'
import {
  InvalidResponseError,
  type Manifest,
  type RegistryOptions,
  type Repository,
  openRepository
} from '../registry/index.js'

/*
 * The images behind a reference: one for a single image, one per platform for an index (OCI image
 * index or Docker manifest list), so check-base can judge every platform of a multi-platform image.
 */

/** The most platforms read from one index (a real one has a handful). */
export const MAX_PLATFORMS = 32

export interface PlatformImage {
  /** `os/arch[/variant]` from the index; undefined for a single image. */
  platform?: string
  manifestDigest: string
  config: ImageConfig
  layers: number
}

export function platformOf(descriptor: Pick<Descriptor, 'platform'>): string | undefined {
  const platform = descriptor.platform
  if (!platform?.os || !platform.architecture) return undefined
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/')
}

/** The platform images an index lists: attestation manifests (`unknown/unknown`) are not images. */
function imageDescriptors(index: Manifest): Descriptor[] {
  return (index.document.manifests ?? []).filter(child => child.platform?.os !== 'unknown')
}

async function imageOf(
  repository: Repository,
  manifest: Manifest,
  reference: string,
  platform?: string
): Promise<PlatformImage> {
  const { config, layers } = manifest.document
  if (!config) throw new UserError(`${reference} is not an image (its manifest has no config).`)
  const blob = await repository.getBlob(config.digest)
  return {
    platform,
    manifestDigest: manifest.digest,
    config: parseJson(ImageConfigSchema, blob, `the image config of ${reference}`, {
      error: InvalidResponseError
    }),
    layers: layers?.length ?? 0
  }
}

async function childManifest(
  repository: Repository,
  reference: string,
  child: Descriptor
): Promise<Manifest> {
  const manifest = await repository.getManifest(child.digest)
  if (!manifest)
    throw new UserError(`${reference}: the index names ${child.digest}, which the registry does not have.`)
  return manifest
}

/** Every image of a reference: [the image], or each platform's image of an index, in the index's order. */
export async function platformImages(reference: string, options?: RegistryOptions): Promise<PlatformImage[]> {
  const ref = parseReference(reference)
  const repository = openRepository(ref, options)
  const manifest = await repository.getManifest(ref.digest ?? ref.tag ?? 'latest')
  if (!manifest) throw new UserError(`${reference} does not exist in the registry (no such tag or digest).`)
  if (!isIndex(manifest.document, manifest.mediaType)) return [await imageOf(repository, manifest, reference)]
  const children = imageDescriptors(manifest)
  if (children.length === 0) throw new UserError(`${reference} is an index without any image in it.`)
  if (children.length > MAX_PLATFORMS)
    throw new UserError(
      `${reference} is an index of ${children.length} images; at most ${MAX_PLATFORMS} are read.`
    )
  const images: PlatformImage[] = []
  for (const child of children) {
    const platform = platformOf(child) ?? child.digest.slice(0, 19)
    images.push(
      await imageOf(repository, await childManifest(repository, reference, child), reference, platform)
    )
  }
  return images
}

/**
 * The image of `reference` for one platform: for an index, the child of that platform (else
 * linux/amd64, else the first); a single image is itself whatever the platform.
 */
export async function imageForPlatform(
  reference: string,
  platform: string | undefined,
  options?: RegistryOptions
): Promise<PlatformImage> {
  const ref = parseReference(reference)
  const repository = openRepository(ref, options)
  const manifest = await repository.getManifest(ref.digest ?? ref.tag ?? 'latest')
  if (!manifest) throw new UserError(`${reference} does not exist in the registry (no such tag or digest).`)
  if (!isIndex(manifest.document, manifest.mediaType)) return imageOf(repository, manifest, reference)
  const children = imageDescriptors(manifest)
  const chosen =
    children.find(child => platform !== undefined && platformOf(child) === platform) ??
    children.find(child => platformOf(child) === 'linux/amd64') ??
    children[0]
  if (!chosen) throw new UserError(`${reference} is an index without any image in it.`)
  return imageOf(
    repository,
    await childManifest(repository, reference, chosen),
    reference,
    platformOf(chosen)
  )
}
