import { UserError, errorMessage } from '../errors.js'
import { type ImageReference, parseReference, withDigest } from '../image/reference.js'
import { isIndex } from '../oci/media-types.js'
import type { Descriptor } from '../oci/schemas.js'
import { type Manifest, type RegistryOptions, fetchManifest } from '../registry/index.js'
import { indexImages } from '../platform/index-images.js'

/** One platform image of an index: what verify-image pulls and checks on its own. */
export interface PlatformImage {
  /** `os/architecture[/variant]`, as `docker pull --platform` takes it. */
  platform: string
  /** The platform's image manifest digest. */
  digest: string
  /** `<repository>@<digest>` of that image. */
  reference: string
}

/** The platform images an index lists, in its order; two entries for one platform are refused. */
export function platformImages(
  ref: Pick<ImageReference, 'registry' | 'repository'>,
  manifests: Descriptor[]
): PlatformImage[] {
  const images: PlatformImage[] = []
  for (const { platform, descriptor } of indexImages(manifests)) {
    if (images.some(image => image.platform === platform))
      throw new UserError(`The index lists ${platform} twice: which one to verify is ambiguous.`)
    images.push({
      platform,
      digest: descriptor.digest,
      reference: withDigest(ref, descriptor.digest)
    })
  }
  return images
}

export type RegistryLookup = (reference: string, options?: RegistryOptions) => Promise<Manifest>

/**
 * What the registry holds under a reference: the platform images when it is an index, `single` for
 * one image, `unknown` when the registry cannot say (no such tag, a name only the engine has, no
 * network): the caller then verifies what the engine has, as for any single image.
 */
export async function lookUpPlatforms(
  reference: string,
  options: { registry?: RegistryOptions; fetch?: RegistryLookup; log?: (message: string) => void } = {}
): Promise<
  | { kind: 'index'; digest: string; images: PlatformImage[] }
  | { kind: 'single'; digest: string }
  | { kind: 'unknown' }
> {
  const ref = parseReference(reference)
  let manifest: Manifest
  try {
    manifest = await (options.fetch ?? fetchManifest)(reference, options.registry)
  } catch (error) {
    options.log?.(
      `the registry does not answer for ${reference} (${errorMessage(error)}): verifying the engine's image`
    )
    return { kind: 'unknown' }
  }
  if (!isIndex(manifest.document, manifest.mediaType)) return { kind: 'single', digest: manifest.digest }
  const images = platformImages(ref, manifest.document.manifests ?? [])
  if (images.length === 0) throw new UserError(`${reference} is an index without an image of any platform.`)
  return { kind: 'index', digest: manifest.digest, images }
}
