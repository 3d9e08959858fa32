/**
 * The registry library: one client per registry (client.ts), bound to a repository for the OCI API
 * (repository.ts), and the operations built on it (resolve, image configs, promotion).
 */
import { UserError } from '../errors.js'
import { parseReference } from '../image/reference.js'
import { parseJson } from '../oci/json.js'
import { isIndex } from '../oci/media-types.js'
import { type ImageConfig, ImageConfigSchema } from '../oci/schemas.js'
import { type Manifest, type RegistryOptions, type Repository, openRepository } from './client.js'
import { InvalidResponseError } from './limits.js'

export * from './client.js'
export * from './credentials.js'
export { InvalidResponseError, ResponseTooLargeError } from './limits.js'
export { MANIFEST_ACCEPT, MEDIA_TYPES, INDEX_TYPES } from '../oci/media-types.js'
export type { Descriptor, ImageConfig } from '../oci/schemas.js'
export {
  type PromoteOptions,
  type PromotionResult,
  PromotionError,
  type ResolvedSource,
  promoteImage,
  resolveSource
} from './promote.js'

/** What `look` finds in the reference's repository, under its digest, tag or `latest`; a UserError when nothing. */
async function lookUp<T>(
  reference: string,
  options: RegistryOptions | undefined,
  look: (repository: Repository, reference: string) => Promise<T | undefined>
): Promise<T> {
  const ref = parseReference(reference)
  const found = await look(openRepository(ref, options), ref.digest ?? ref.tag ?? 'latest')
  if (!found) throw new UserError(`${reference} does not exist in the registry (no such tag or digest).`)
  return found
}

/** The manifest (or index) a reference points at; a UserError when it does not exist. */
export function fetchManifest(reference: string, options?: RegistryOptions): Promise<Manifest> {
  return lookUp(reference, options, (repository, tagOrDigest) => repository.getManifest(tagOrDigest))
}

/** The digest a reference resolves to now (by digest references resolve to themselves, once checked). */
export async function resolveDigest(reference: string, options?: RegistryOptions): Promise<string> {
  const head = await lookUp(reference, options, (repository, tagOrDigest) =>
    repository.headManifest(tagOrDigest)
  )
  return head.digest
}

/** The image config of a reference; for an index, the linux/amd64 image (or the first one). */
export async function fetchImageConfig(
  reference: string,
  options?: RegistryOptions
): Promise<{ config: ImageConfig; manifestDigest: string; layers: number }> {
  const ref = parseReference(reference)
  const repository = openRepository(ref, options)
  let manifest = await fetchManifest(reference, options)
  if (isIndex(manifest.document, manifest.mediaType)) {
    const children = (manifest.document.manifests ?? []).filter(child => child.platform?.os !== 'unknown')
    const chosen =
      children.find(child => child.platform?.os === 'linux' && child.platform.architecture === 'amd64') ??
      children[0]
    if (!chosen) throw new UserError(`${reference} is an index without any image in it.`)
    const child = await repository.getManifest(chosen.digest)
    if (!child)
      throw new UserError(`${reference}: the index names ${chosen.digest}, which the registry does not have.`)
    manifest = child
  }
  const { config, layers } = manifest.document
  if (!config) throw new UserError(`${reference} is not an image (its manifest has no config).`)
  const configBlob = await repository.getBlob(config.digest)
  return {
    config: parseJson(ImageConfigSchema, configBlob, `the image config of ${reference}`, {
      error: InvalidResponseError
    }),
    manifestDigest: manifest.digest,
    layers: layers?.length ?? 0
  }
}
