import { UserError } from '../errors.js'
import { type ImageReference, parseReference } from '../image/reference.js'
import { INDEX_TYPES, type Manifest, RegistryClient, type RegistryOptions } from './client.js'
import { parseRegistryJson } from './limits.js'

export * from './client.js'
export * from './credentials.js'

/** One client per registry host and options object, so tokens are reused across calls. */
const clients = new WeakMap<RegistryOptions, Map<string, RegistryClient>>()
const defaultOptions: RegistryOptions = {}

export function clientFor(registry: string, options: RegistryOptions = defaultOptions): RegistryClient {
  let byHost = clients.get(options)
  if (!byHost) clients.set(options, (byHost = new Map()))
  let client = byHost.get(registry)
  if (!client) byHost.set(registry, (client = new RegistryClient(registry, options)))
  return client
}

function referenceOf(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? 'latest'
}

/** The manifest (or index) a reference points at; a UserError when it does not exist. */
export async function fetchManifest(reference: string, options?: RegistryOptions): Promise<Manifest> {
  const ref = parseReference(reference)
  const manifest = await clientFor(ref.registry, options).getManifest(ref.repository, referenceOf(ref))
  if (!manifest) throw new UserError(`${reference} does not exist in the registry (no such tag or digest).`)
  return manifest
}

/** The digest a reference resolves to now (by digest references resolve to themselves, once checked). */
export async function resolveDigest(reference: string, options?: RegistryOptions): Promise<string> {
  const ref = parseReference(reference)
  const head = await clientFor(ref.registry, options).headManifest(ref.repository, referenceOf(ref))
  if (!head) throw new UserError(`${reference} does not exist in the registry (no such tag or digest).`)
  return head.digest
}

export interface ImageConfig {
  architecture?: string
  os?: string
  config?: {
    Labels?: Record<string, string> | null
    User?: string
    Entrypoint?: string[] | null
    Cmd?: string[] | null
  }
  rootfs?: { diff_ids?: string[] }
}

/** The image config of a reference; for an index, the linux/amd64 image (or the first one). */
export async function fetchImageConfig(
  reference: string,
  options?: RegistryOptions
): Promise<{ config: ImageConfig; manifestDigest: string; layers: number }> {
  const ref = parseReference(reference)
  const client = clientFor(ref.registry, options)
  let manifest = await fetchManifest(reference, options)
  // parseRegistryJson: a SyntaxError would quote the registry's bytes into the log.
  let parsed = (parseRegistryJson(manifest.body, `the manifest of ${reference}`) ?? {}) as {
    manifests?: Array<{ digest: string; platform?: { os?: string; architecture?: string } }>
    config?: { digest: string }
    layers?: unknown[]
  }
  if (INDEX_TYPES.includes(manifest.mediaType) || parsed.manifests) {
    const children = (parsed.manifests ?? []).filter(child => child.platform?.os !== 'unknown')
    const chosen =
      children.find(child => child.platform?.os === 'linux' && child.platform.architecture === 'amd64') ??
      children[0]
    if (!chosen) throw new UserError(`${reference} is an index without any image in it.`)
    const child = await client.getManifest(ref.repository, chosen.digest)
    if (!child)
      throw new UserError(`${reference}: the index names ${chosen.digest}, which the registry does not have.`)
    manifest = child
    parsed = (parseRegistryJson(child.body, `the manifest ${chosen.digest} of ${reference}`) ??
      {}) as typeof parsed
  }
  if (!parsed.config?.digest)
    throw new UserError(`${reference} is not an image (its manifest has no config).`)
  const config = parseRegistryJson(
    await client.getBlob(ref.repository, parsed.config.digest),
    `the image config of ${reference}`
  ) as ImageConfig
  return { config, manifestDigest: manifest.digest, layers: parsed.layers?.length ?? 0 }
}
