import { localLayers, pushImage } from '../docker/push.js'
import { errorMessage } from '../errors.js'
import { parseReference, withDigest } from '../image/reference.js'
import { type RegistryOptions, fetchImageConfig, loadDockerConfigCredentials } from '../registry/index.js'
import { promoteImage } from '../registry/promote.js'
import { parsePlatform } from '../platform/index.js'
import { uploadImageByDigest } from './upload-image.js'

/** Platform mode: one platform's production image, built locally or already pushed by buildx. */
export interface PlatformImage {
  platform: string
  /** The local image (plain BuildKit, or buildx without push), uploaded by digest. */
  imageId?: string
  /** The digest buildx pushed at build time. */
  pushedDigest?: string
}

/** The `platform-digests` output: each platform's image manifest digest in the production repository. */
export interface PlatformDigest {
  platform: string
  digest: string
}

export interface PublishRequest {
  docker: string
  builderTags: string[]
  productionTags: string[]
  /** false: a builder that differs from the registry is listed in `builderPending`, not pushed. */
  pushBuilder: boolean
  /**
   * Builder references whose build ran steps (not all came from cache): their new layers cannot be
   * in the registry, so it is not asked (a `docker image inspect` and a registry read saved).
   */
  rebuiltBuilders?: string[]
  log: (message: string) => void
  /** Default: the docker config's credentials, read now (after any login). */
  registry?: RegistryOptions
  /**
   * Platform mode: the production images, pushed to `productionRepository` by digest; the
   * production tags are not written (the merge and the promotion write them, after the gate).
   */
  platformImages?: PlatformImage[]
  productionRepository?: string
}

export interface Published {
  /** The production image's digest (of the first repository's push). */
  digest?: string
  /** The builder's digest: pushed, or the registry's identical image. */
  builderDigest?: string
  /** Every reference written, in order. */
  pushed: string[]
  /** Builder references whose registry content differs, left to push after the gate. */
  builderPending: string[]
  /** Platform mode: each platform's production digest, in the order built. */
  platformDigests?: PlatformDigest[]
}

/**
 * Publishes a build: the builder references first (an unchanged builder is not re-pushed), then
 * one `docker push` per production repository, its other tags written through the registry API.
 */
export async function publishBuild(request: PublishRequest): Promise<Published> {
  // Read after any login, so the credentials the build just logged in with are the ones used.
  const registry = request.registry ?? { credentials: loadDockerConfigCredentials() }
  const published: Published = { pushed: [], builderPending: [] }
  for (const ref of request.builderTags) {
    const rebuilt = request.rebuiltBuilders?.includes(ref) ?? false
    const unchanged = rebuilt ? undefined : await unchangedInRegistry(request.docker, ref, registry)
    if (unchanged) {
      // Re-pushing an image that came entirely from cache rewrites its inline cache metadata,
      // and Docker 20.10's BuildKit loses records doing so (moby/buildkit#1981): the next build
      // would miss. The registry already holds these exact layers, so the tag stays as it is.
      request.log(`${ref} already holds these layers: not re-pushed, its cache metadata stays intact`)
      published.builderDigest = unchanged
      continue
    }
    if (!request.pushBuilder) {
      request.log(`${ref} differs from the registry: left to push once the gate passed`)
      published.builderPending.push(ref)
      continue
    }
    published.builderDigest = await pushImage(request.docker, ref, request.log)
    published.pushed.push(ref)
  }
  if (request.platformImages) {
    published.platformDigests = await publishPlatformImages(request, registry)
    published.pushed.push(
      ...published.platformDigests.map(({ digest }) => `${request.productionRepository}@${digest}`)
    )
    return published
  }
  for (const refs of groupByRepository(request.productionTags)) {
    const digest = await pushImage(request.docker, refs[0], request.log)
    published.digest ??= digest
    published.pushed.push(refs[0])
    const others = refs.slice(1)
    const source = withDigest(parseReference(refs[0]), digest)
    await tagInRegistry(request.docker, source, others, registry, request.log)
    published.pushed.push(...others)
  }
  return published
}

/** Platform mode: each platform's production image, by digest (uploaded, or as buildx pushed it). */
async function publishPlatformImages(
  request: PublishRequest,
  registry: RegistryOptions
): Promise<PlatformDigest[]> {
  const repository = request.productionRepository
  if (!repository) throw new Error('platform images need a production repository')
  const digests: PlatformDigest[] = []
  for (const image of request.platformImages ?? []) {
    if (image.pushedDigest) {
      request.log(`${image.platform}: ${repository}@${image.pushedDigest} (pushed by digest by buildx)`)
      digests.push({ platform: image.platform, digest: image.pushedDigest })
      continue
    }
    if (!image.imageId) throw new Error(`no image for ${image.platform}`)
    const started = Date.now()
    const uploaded = await uploadImageByDigest({
      docker: request.docker,
      image: image.imageId,
      repository,
      platform: parsePlatform(image.platform),
      registry
    })
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    request.log(
      `${image.platform}: ${repository}@${uploaded.digest} (uploaded by digest, untagged: ${uploaded.bytesUploaded} bytes of new layers, ${seconds} s)`
    )
    digests.push({ platform: image.platform, digest: uploaded.digest })
  }
  return digests
}

/**
 * The digest of `ref` in the registry when it already has exactly the layers of the local image
 * `ref`; undefined when it differs, does not exist or cannot be read (then it is pushed).
 */
export async function unchangedInRegistry(
  docker: string,
  ref: string,
  registry: RegistryOptions
): Promise<string | undefined> {
  try {
    const [local, remote] = await Promise.all([localLayers(docker, ref), fetchImageConfig(ref, registry)])
    const layers = remote.config.rootfs?.diff_ids ?? []
    const same = layers.length === local.length && layers.every((layer, index) => layer === local[index])
    return same ? remote.manifestDigest : undefined
  } catch {
    return undefined
  }
}

/** References grouped by repository, in their order: one push per repository, the rest are tags. */
export function groupByRepository(refs: string[]): string[][] {
  const groups = new Map<string, string[]>()
  for (const ref of refs) {
    const { registry, repository } = parseReference(ref)
    const key = `${registry}/${repository}`
    groups.set(key, [...(groups.get(key) ?? []), ref])
  }
  return [...groups.values()]
}

/**
 * Points the other tags of a repository at the image just pushed: a manifest PUT each through the
 * registry API (tens of milliseconds) instead of another `docker push` each (a CLI run and a HEAD per
 * layer). Falls back to `docker push` when the registry client cannot (e.g. no credentials it can read).
 */
export async function tagInRegistry(
  docker: string,
  source: string,
  refs: string[],
  registry: RegistryOptions,
  log: (message: string) => void
): Promise<void> {
  if (refs.length === 0) return
  try {
    // Branch and commit tags move with every build.
    await promoteImage({ source, targets: refs, allowOverwrite: true, registry })
    for (const ref of refs) log(`${ref}: tagged in the registry (manifest PUT)`)
  } catch (error) {
    log(`registry tagging failed (${errorMessage(error)}); pushing with docker instead`)
    for (const ref of refs) await pushImage(docker, ref, log)
  }
}
