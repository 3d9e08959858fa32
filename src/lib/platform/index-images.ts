import type { Descriptor } from '../oci/schemas.js'
import { formatPlatform, parsePlatform } from './index.js'

/** One entry of an image index that is an image of a platform, with that platform's name. */
export interface IndexImage {
  /** `os/architecture[/variant]`, normalised (as `docker pull --platform` takes it). */
  platform: string
  descriptor: Descriptor
}

/**
 * `linux/arm64/v8` from an index descriptor's platform; undefined for entries that are not images
 * of a platform (BuildKit's attestation manifests, `unknown/unknown` and annotated so; artifacts).
 * A platform text that is not one (an option, a workflow command) is refused (the one platform
 * grammar of src/lib/platform).
 */
export function platformOf(descriptor: Descriptor): string | undefined {
  if (descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') return undefined
  if (descriptor.artifactType !== undefined) return undefined
  const { os, architecture, variant } = descriptor.platform ?? {}
  if (!os || !architecture || os === 'unknown' || architecture === 'unknown') return undefined
  return formatPlatform(parsePlatform([os, architecture, variant].filter(Boolean).join('/'), 'The index'))
}

/** The platform images an index lists, in its order, each with its platform (see platformOf). */
export function indexImages(manifests: Descriptor[]): IndexImage[] {
  const images: IndexImage[] = []
  for (const descriptor of manifests) {
    const platform = platformOf(descriptor)
    if (platform) images.push({ platform, descriptor })
  }
  return images
}
