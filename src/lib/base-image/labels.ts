import { errorMessage } from '../errors.js'
import { type Dockerfile, finalBase } from '../dockerfile/parse.js'
import { parseReference } from '../image/reference.js'
import { type RegistryOptions, resolveDigest } from '../registry/index.js'
import { untrustedText } from '../untrusted-text.js'

export const BASE_NAME_LABEL = 'org.opencontainers.image.base.name'
export const BASE_DIGEST_LABEL = 'org.opencontainers.image.base.digest'

/**
 * The OCI base-image labels for a target: the final FROM's image (following stage aliases) and the
 * digest it resolves to now, so check-base can later tell whether the base moved on.
 */
export async function baseImageLabels(
  dockerfile: Dockerfile,
  target: string | undefined,
  options?: RegistryOptions
): Promise<{ labels: Record<string, string>; note: string }> {
  const base = finalBase(dockerfile, target)
  if (!base) return { labels: {}, note: 'built FROM scratch: no base image labels' }
  try {
    const ref = parseReference(base.image)
    const digest = ref.digest ?? (await resolveDigest(base.image, options))
    return {
      labels: { [BASE_NAME_LABEL]: base.image, [BASE_DIGEST_LABEL]: digest },
      note: `base image ${untrustedText(base.image)} is ${digest}`
    }
  } catch (error) {
    // The note is logged; the error may quote a registry's answer or a fork's FROM line.
    return { labels: {}, note: `base image labels skipped: ${untrustedText(errorMessage(error))}` }
  }
}
