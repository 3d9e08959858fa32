import { UserError } from '../errors.js'

/**
 * Image references, following the grammar of distribution/reference (what `docker` accepts):
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [domain "/"] path-component ("/" path-component)*
 * A first component is a registry host only when it contains "." or ":" or is "localhost",
 * exactly as Docker decides; otherwise the image lives on Docker Hub.
 */
export const DOCKER_HUB = 'docker.io'

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/
const PORT = /^[0-9]+$/
const IPV6_HOST = /^\[[0-9a-fA-F:.]+\]$/
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
const DIGEST_PATTERN = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/
const MAX_NAME_LENGTH = 255

export interface ImageReference {
  /** Registry host as written, with port; `docker.io` for Docker Hub. */
  registry: string
  /** Repository path inside the registry (`library/nginx` for official Docker Hub images). */
  repository: string
  tag?: string
  digest?: string
}

export function isValidTag(tag: string): boolean {
  return TAG_PATTERN.test(tag)
}

export function isValidDigest(digest: string): boolean {
  return DIGEST_PATTERN.test(digest) && (!digest.startsWith('sha256:') || SHA256_DIGEST.test(digest))
}

function isDomain(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost'
}

function validateDomain(domain: string, input: string): void {
  let host = domain
  let port: string | undefined
  if (domain.startsWith('[')) {
    const close = domain.indexOf(']')
    host = domain.slice(0, close + 1)
    port = domain.slice(close + 1).replace(/^:/, '') || undefined
    if (!IPV6_HOST.test(host)) throw invalid(input, `"${domain}" is not a valid registry host`)
  } else {
    const colon = domain.lastIndexOf(':')
    if (colon >= 0) {
      host = domain.slice(0, colon)
      port = domain.slice(colon + 1)
    }
    if (!host.split('.').every(part => DOMAIN_COMPONENT.test(part))) {
      throw invalid(input, `"${host}" is not a valid registry host name`)
    }
  }
  if (port !== undefined && (!PORT.test(port) || Number(port) > 65535 || Number(port) === 0)) {
    throw invalid(input, `"${port}" is not a valid registry port`)
  }
}

function invalid(input: string, why: string): UserError {
  return new UserError(
    `Invalid image reference "${input}": ${why}. ` +
      'Expected [registry[:port]/]repository[:tag][@sha256:digest], e.g. ghcr.io/acme/app or 127.0.0.1:5000/team/app:1.0.'
  )
}

/** Parses and validates a reference; fails with a message that says what is wrong and how to write it. */
export function parseReference(input: string): ImageReference {
  const text = input.trim()
  if (text === '') throw invalid(input, 'it is empty')
  if (/\s/.test(text)) throw invalid(input, 'it contains white space')

  let rest = text
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!isValidDigest(digest)) throw invalid(input, `"${digest}" is not a valid digest (sha256:<64 hex>)`)
  }

  let tag: string | undefined
  const lastSlash = rest.lastIndexOf('/')
  const lastColon = rest.lastIndexOf(':')
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1)
    rest = rest.slice(0, lastColon)
    if (!isValidTag(tag)) {
      throw invalid(
        input,
        `"${tag}" is not a valid tag (letters, digits, _ . -; at most 128; not starting with . or -)`
      )
    }
  }

  const components = rest.split('/')
  let registry = DOCKER_HUB
  if (components.length > 1 && isDomain(components[0])) {
    registry = components.shift() as string
    validateDomain(registry, input)
  }
  for (const component of components) {
    if (!PATH_COMPONENT.test(component)) {
      const hint = component !== component.toLowerCase() ? ' (repository names must be lowercase)' : ''
      throw invalid(input, `"${component}" is not a valid repository path component${hint}`)
    }
  }
  let repository = components.join('/')
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`
  const fullName = `${registry}/${repository}`
  if (fullName.length > MAX_NAME_LENGTH)
    throw invalid(input, `the name is longer than ${MAX_NAME_LENGTH} characters`)
  return { registry, repository, tag, digest }
}

/**
 * Parses an image *name* (no tag, no digest), as given in `images:` inputs.
 * A tag there is almost always a mistake (tags are computed), so it is refused with a hint.
 */
export function parseImageName(input: string): ImageReference {
  const ref = parseReference(input)
  if (ref.tag || ref.digest) {
    throw new UserError(
      `Image "${input}" must be a name without tag or digest (tags are computed by the action). ` +
        `Write "${formatName(ref, input)}".`
    )
  }
  return ref
}

/**
 * An image name as registries accept it: lowercase. `ghcr.io/${{ github.repository }}` keeps the
 * owner's capitals (`DFE-Digital/app`), which every registry refuses; host names are case-insensitive.
 */
export function lowercaseImageName(input: string): string {
  return input.trim().toLowerCase()
}

/** The repository name as the user wrote it (Docker Hub names keep their short form). */
function formatName(ref: ImageReference, original: string): string {
  const trimmed = original.trim().replace(/@.*$/, '')
  const slash = trimmed.lastIndexOf('/')
  const colon = trimmed.lastIndexOf(':')
  return colon > slash ? trimmed.slice(0, colon) : `${ref.registry}/${ref.repository}`
}

/** `registry/repository` in the short form Docker prints (no `docker.io/library/` prefix). */
export function familiarName(ref: Pick<ImageReference, 'registry' | 'repository'>): string {
  if (ref.registry === DOCKER_HUB) {
    return ref.repository.startsWith('library/') ? ref.repository.slice('library/'.length) : ref.repository
  }
  return `${ref.registry}/${ref.repository}`
}

export function formatReference(ref: ImageReference): string {
  let out = familiarName(ref)
  if (ref.tag) out += `:${ref.tag}`
  if (ref.digest) out += `@${ref.digest}`
  return out
}

/** `name:tag` for a validated image name and a tag; the tag is validated too. */
export function withTag(ref: Pick<ImageReference, 'registry' | 'repository'>, tag: string): string {
  if (!isValidTag(tag)) throw new UserError(`"${tag}" is not a valid Docker tag.`)
  return `${familiarName(ref)}:${tag}`
}

export function withDigest(ref: Pick<ImageReference, 'registry' | 'repository'>, digest: string): string {
  if (!isValidDigest(digest)) throw new UserError(`"${digest}" is not a valid digest.`)
  return `${familiarName(ref)}@${digest}`
}

/** Whether a registry host is on the loopback network (spoken to over plain HTTP, as Docker does). */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.startsWith('[')
    ? registry.slice(0, registry.indexOf(']') + 1)
    : registry.replace(/:\d+$/, '')
  return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '[::1]'
}
