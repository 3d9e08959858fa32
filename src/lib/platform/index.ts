import { UserError } from '../errors.js'
import { untrustedText } from '../untrusted-text.js'

/** An OCI platform: what an image index says each of its images runs on. */
export interface Platform {
  os: string
  architecture: string
  variant?: string
}

const COMPONENT = /^[a-z0-9][a-z0-9_.-]*$/

/** `linux/arm64[/v8]` -> its parts; a UserError naming `what` when it is not one. */
export function parsePlatform(text: string, what = 'platform'): Platform {
  const parts = text.trim().toLowerCase().split('/')
  if (parts.length < 2 || parts.length > 3 || !parts.every(part => COMPONENT.test(part))) {
    throw new UserError(
      `${what}: "${untrustedText(text, 80)}" is not a platform; write <os>/<architecture>[/<variant>], e.g. linux/amd64 or linux/arm64.`
    )
  }
  const [os, architecture, variant] = parts
  return variant ? { os, architecture, variant } : { os, architecture }
}

/** `linux/arm64[/v8]`: how Docker and buildx name a platform. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/')
}

/** `linux-arm64[-v8]`: the platform as a tag suffix (per-platform cache tags). */
export function platformSlug(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('-')
}

/**
 * The `platforms` input, normalised (`linux/ARM64` -> `linux/arm64`); a platform named twice is an
 * error, not silently one build: two matrix entries would otherwise publish one image twice.
 */
export function parsePlatforms(list: string[], what = 'The platform list'): Platform[] {
  const platforms = list.map(item => parsePlatform(item, what))
  const seen = new Set<string>()
  for (const platform of platforms) {
    const name = formatPlatform(platform)
    if (seen.has(name)) throw new UserError(`${what} names ${name} twice.`)
    seen.add(name)
  }
  return platforms
}
