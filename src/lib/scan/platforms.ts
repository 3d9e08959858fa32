import { UserError, errorMessage } from '../errors.js'
import { parseReference, withDigest } from '../image/reference.js'
import { isIndex } from '../oci/media-types.js'
import { indexImages } from '../platform/index-images.js'
import { type RegistryOptions, openRepository } from '../registry/client.js'
import { untrustedText } from '../untrusted-text.js'

/** One image to scan: by digest, with its platform when it came out of an index. */
export interface ScanTarget {
  image: string
  platform?: string
}

export interface ScanPlan {
  /** Set when the image is an index: its reference by digest. Each platform is scanned and judged. */
  index?: { image: string; digest: string }
  targets: ScanTarget[]
}

const LOCAL_IMAGE_ID = /^sha256:[a-f0-9]{64}$/

/**
 * What to scan for an image reference. An image index (a multi-platform image) is scanned platform
 * by platform: each manifest of it is its own image, and each gets its own verdict and gate record.
 * A single image (or a local image ID, or an image the registry cannot tell about) is scanned as it is.
 */
export async function planScan(
  image: string,
  options: { registry?: RegistryOptions; log?: (message: string) => void } = {}
): Promise<ScanPlan> {
  if (LOCAL_IMAGE_ID.test(image)) return { targets: [{ image }] }
  const ref = parseReference(image)
  let manifest
  try {
    manifest = await openRepository(ref, options.registry).getManifest(ref.digest ?? ref.tag ?? 'latest')
  } catch (error) {
    options.log?.(
      `could not read ${image} from its registry (${errorMessage(error)}); scanning it as one image`
    )
    return { targets: [{ image }] }
  }
  if (!manifest || !isIndex(manifest.document, manifest.mediaType)) return { targets: [{ image }] }
  const index = { image: withDigest(ref, manifest.digest), digest: manifest.digest }
  const entries = indexImages(manifest.document.manifests ?? [])
  if (entries.length === 0)
    throw new UserError(`${image} is an image index without any platform image in it.`)
  const targets = entries.map(({ platform, descriptor }) => ({
    image: withDigest(ref, descriptor.digest),
    platform
  }))
  options.log?.(
    `${index.image} is an index of ${targets.length} platform images: ${targets.map(target => untrustedText(target.platform ?? '', 60)).join(', ')}; each is scanned and gets its own verdict`
  )
  return { index, targets }
}
