import pLimit from 'p-limit'
import { errorMessage } from '../errors.js'
import { type ImageReference, parseReference, withTag } from '../image/reference.js'
import { type RegistryOptions, openRepository, resolveDigest } from '../registry/index.js'
import { untrustedText } from '../untrusted-text.js'
import { type PlatformImage, imageForPlatform, platformImages } from './images.js'
import { BASE_DIGEST_LABEL, BASE_NAME_LABEL } from './labels.js'
import { type NewerVersionOptions, newestVersion, parseVersionTag } from './versions.js'

export const SOURCE_LABEL = 'org.opencontainers.image.source'
/** overlay2 and some other storage drivers refuse images with more than this many layers. */
export const LAYER_LIMIT = 127

export interface BaseCheckTarget {
  /** The derived image to check (as deployed/built: e.g. ghcr.io/acme/app:main). */
  image: string
  /** The base to assume when the image carries no base label (from its Dockerfile's FROM). */
  base?: string
  /** Where the target came from (a Dockerfile path), for the report. */
  dockerfile?: string
}

/**
 * `stale`: the base tag moved since the image was built (a rebuild picks it up); `outdated`: the image
 * is on what its pinned version tag is, but a newer version is published (the FROM must change).
 */
export type BaseStatus = 'current' | 'stale' | 'outdated' | 'unknown' | 'error'

export interface LabelChange {
  name: string
  /** The pinned base's value (undefined: the newer base added the label). */
  from?: string
  /** The newer base's value (undefined: the newer base dropped it). */
  to?: string
}

/** A newer version of a base pinned by a version tag, allowed by the update policy. */
export interface NewerBase {
  tag: string
  /** The newer base: the same repository with the newer tag. */
  base: string
  digest: string
  /** The base's labels that differ between the pinned version and this one. */
  labelChanges: LabelChange[]
  /** Layers of the pinned base, of the newer base, and of the image once rebuilt on it (estimated). */
  layers: { pinned: number; newer: number; image?: number }
}

/** One platform's verdict, for an image that is an index. */
export interface PlatformResult {
  platform: string
  status: Exclude<BaseStatus, 'outdated'>
  recordedDigest?: string
  method?: 'label' | 'layers'
  layers: number
  detail: string
}

export interface BaseCheckResult {
  image: string
  dockerfile?: string
  status: BaseStatus
  base?: string
  /** The base digest the image was built from (its label), if recorded. */
  recordedDigest?: string
  /** What the base reference resolves to now. */
  currentDigest?: string
  /** `label`: compared the recorded digest; `layers`: no label, compared the base's layers with the image's. */
  method?: 'label' | 'layers'
  layers?: number
  /** The repository that builds the image (from org.opencontainers.image.source), as owner/name on GitHub. */
  repository?: string
  /** With a base pinned by version tag: the newest version the update policy allows, when newer. */
  newer?: NewerBase
  /** For an image that is an index: each platform's verdict (the image's status is the worst of them). */
  platforms?: PlatformResult[]
  detail: string
  warnings: string[]
}

/** owner/name from a GitHub (or GHES) source URL; undefined for anything else. */
export function githubRepositoryOf(
  source: string | undefined,
  serverUrl = 'https://github.com'
): string | undefined {
  if (!source) return undefined
  const server = serverUrl.replace(/\/+$/, '')
  const match = /^(https?:\/\/[^/]+)\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(source)
  if (!match || match[1] !== server) return undefined
  return `${match[2]}/${match[3]}`
}

function isPrefix(prefix: string[], list: string[]): boolean {
  return (
    prefix.length > 0 && prefix.length <= list.length && prefix.every((item, index) => list[index] === item)
  )
}

function sameImage(a: string, b: string): boolean {
  const [left, right] = [parseReference(a), parseReference(b)]
  return (
    left.registry === right.registry &&
    left.repository === right.repository &&
    (left.tag ?? 'latest') === (right.tag ?? 'latest') &&
    left.digest === right.digest
  )
}

const short = (digest: string | undefined): string => digest?.slice(0, 19) ?? '?'

export interface CheckBaseOptions {
  registry?: RegistryOptions
  /** Warn when an image has at least this many layers. */
  layerWarning?: number
  serverUrl?: string
  /** Look for newer versions of bases pinned by a version tag, with this policy (not looked for without it). */
  versions?: NewerVersionOptions
}

/** Registry answers shared by the checks of one run: every service on the same base asks the same. */
class Lookups {
  private readonly digests = new Map<string, Promise<string>>()
  private readonly tagLists = new Map<string, Promise<string[]>>()

  constructor(private readonly registry: RegistryOptions | undefined) {}

  digest(reference: string): Promise<string> {
    let found = this.digests.get(reference)
    if (!found) this.digests.set(reference, (found = resolveDigest(reference, this.registry)))
    return found
  }

  tags(ref: ImageReference): Promise<string[]> {
    const key = `${ref.registry}/${ref.repository}`
    let found = this.tagLists.get(key)
    if (!found) this.tagLists.set(key, (found = openRepository(ref, this.registry).listTags()))
    return found
  }
}

/** What one image (or one platform's image of an index) says about its base. */
interface Judgement {
  status: Exclude<BaseStatus, 'outdated'>
  base?: string
  recordedDigest?: string
  currentDigest?: string
  method?: 'label' | 'layers'
  repository?: string
  detail: string
}

/**
 * Is the image still built on what its base tag points at now? Compares the base digest recorded
 * at build time (org.opencontainers.image.base.* labels) with a fresh resolve; images without the
 * labels are compared by layers (the base's layers must be the first layers of the image).
 */
async function judge(
  image: PlatformImage,
  target: BaseCheckTarget,
  lookups: Lookups,
  options: CheckBaseOptions
): Promise<Judgement> {
  const labels = image.config.config?.Labels ?? {}
  // Labels are inherited: an image built FROM a labelled base without docker-actions carries the
  // base's own base labels. When the Dockerfile names another base, its FROM wins.
  const labelled = labels[BASE_NAME_LABEL] || undefined
  const inherited = labelled !== undefined && target.base !== undefined && !sameImage(labelled, target.base)
  const base = inherited ? target.base : (labelled ?? target.base)
  const judgement: Judgement = {
    status: 'unknown',
    base,
    recordedDigest: inherited ? undefined : labels[BASE_DIGEST_LABEL] || undefined,
    // the source label came from the base, too, when the base labels did
    repository: inherited ? undefined : githubRepositoryOf(labels[SOURCE_LABEL], options.serverUrl),
    detail: ''
  }
  const note = inherited
    ? `its base label names ${labelled}, inherited (the Dockerfile says FROM ${target.base}); `
    : ''
  if (!base) {
    judgement.detail = `no ${BASE_NAME_LABEL} label and no Dockerfile FROM to compare with (build it with build-with-cache, or list its Dockerfile)`
    return judgement
  }
  if (parseReference(base).digest) {
    judgement.status = 'current'
    judgement.detail = `the base is pinned by digest (${base}): it cannot move; update the pin to rebuild`
    return judgement
  }
  judgement.currentDigest = await lookups.digest(base)
  if (judgement.recordedDigest) {
    judgement.method = 'label'
    judgement.status = judgement.recordedDigest === judgement.currentDigest ? 'current' : 'stale'
    judgement.detail =
      judgement.status === 'current'
        ? `built on ${base} = ${short(judgement.currentDigest)}, still current`
        : `built on ${base} = ${short(judgement.recordedDigest)}; it is now ${short(judgement.currentDigest)}`
    return judgement
  }
  const baseImage = await imageForPlatform(base, image.platform, options.registry)
  const baseLayers = baseImage.config.rootfs?.diff_ids ?? []
  const imageLayers = image.config.rootfs?.diff_ids ?? []
  judgement.method = 'layers'
  judgement.status = isPrefix(baseLayers, imageLayers) ? 'current' : 'stale'
  judgement.detail =
    judgement.status === 'current'
      ? `${note || 'no base label; '}its first ${baseLayers.length} layer(s) are ${base} = ${short(judgement.currentDigest)}`
      : `${note || 'no base label; '}its layers do not start with those of ${base} = ${short(judgement.currentDigest)}`
  return judgement
}

/** The worst first: an index is as bad as its worst platform. */
const SEVERITY: Array<Judgement['status']> = ['error', 'stale', 'unknown', 'current']

/** The labels whose values differ between two images (added, changed, removed), by name. */
export function labelChanges(pinned: Record<string, string>, newer: Record<string, string>): LabelChange[] {
  const names = [...new Set([...Object.keys(pinned), ...Object.keys(newer)])].sort()
  return names
    .filter(name => pinned[name] !== newer[name])
    .map(name => ({ name, from: pinned[name], to: newer[name] }))
}

/** A newer version of the base, when its tag is a version and the policy allows one. */
async function findNewer(
  base: string,
  image: PlatformImage,
  lookups: Lookups,
  options: CheckBaseOptions
): Promise<NewerBase | undefined> {
  const ref = parseReference(base)
  if (!options.versions || ref.digest || !ref.tag || !parseVersionTag(ref.tag)) return undefined
  const newest = newestVersion(ref.tag, await lookups.tags(ref), options.versions)
  if (!newest) return undefined
  const reference = withTag(ref, newest.tag)
  const [digest, pinned, newer] = await Promise.all([
    lookups.digest(reference),
    imageForPlatform(base, image.platform, options.registry),
    imageForPlatform(reference, image.platform, options.registry)
  ])
  return {
    tag: newest.tag,
    base: reference,
    digest,
    labelChanges: labelChanges(pinned.config.config?.Labels ?? {}, newer.config.config?.Labels ?? {}),
    layers: {
      pinned: pinned.layers,
      newer: newer.layers,
      image: image.layers >= pinned.layers ? image.layers - pinned.layers + newer.layers : undefined
    }
  }
}

async function check(
  target: BaseCheckTarget,
  lookups: Lookups,
  options: CheckBaseOptions
): Promise<BaseCheckResult> {
  const result: BaseCheckResult = {
    image: target.image,
    dockerfile: target.dockerfile,
    status: 'unknown',
    detail: '',
    warnings: []
  }
  try {
    parseReference(target.image)
    const images = await platformImages(target.image, options.registry)
    const judgements = await Promise.all(images.map(image => judge(image, target, lookups, options)))
    const first = judgements[0]
    Object.assign(result, {
      status: SEVERITY.find(status => judgements.some(judgement => judgement.status === status)),
      base: first.base,
      recordedDigest: first.recordedDigest,
      currentDigest: first.currentDigest,
      method: first.method,
      repository: first.repository,
      layers: Math.max(...images.map(image => image.layers))
    })
    if (images.length === 1 && images[0].platform === undefined) result.detail = first.detail
    else {
      result.platforms = images.map((image, index) => ({
        platform: image.platform as string,
        status: judgements[index].status,
        recordedDigest: judgements[index].recordedDigest,
        method: judgements[index].method,
        layers: image.layers,
        detail: judgements[index].detail
      }))
      result.detail = result.platforms.map(platform => `${platform.platform}: ${platform.detail}`).join('; ')
    }
    const warnAt = options.layerWarning ?? 100
    for (const image of images)
      if (image.layers >= warnAt)
        result.warnings.push(
          `${image.platform ? `${image.platform}: ` : ''}${image.layers} layers: close to the limit of ${LAYER_LIMIT} some storage drivers enforce; squash the base or the Dockerfile's steps`
        )
    if (result.base && result.status !== 'error' && result.status !== 'unknown') {
      try {
        result.newer = await findNewer(result.base, images[0], lookups, options)
      } catch (error) {
        // The moved-tag verdict stands; only the search for versions failed (a huge or private tag list).
        result.warnings.push(
          `could not look for newer versions of ${result.base}: ${untrustedText(errorMessage(error))}`
        )
      }
      if (result.newer) {
        if (result.status === 'current') result.status = 'outdated'
        result.detail += `; a newer version is published: ${result.newer.tag} = ${short(result.newer.digest)} (update: ${options.versions?.update})`
      }
    }
    return result
  } catch (error) {
    result.status = 'error'
    // The message may quote registry answers or label values (a fork controls both): one safe line.
    result.detail = untrustedText(errorMessage(error))
    return result
  }
}

/** Checks one target (see checkBases). */
export function checkBase(target: BaseCheckTarget, options: CheckBaseOptions = {}): Promise<BaseCheckResult> {
  return check(target, new Lookups(options.registry), options)
}

/**
 * Checks every target, a few at a time (each is a handful of registry requests): has its base tag
 * moved on since it was built (stale), and, for a base pinned by a version tag, is a newer version
 * published that the policy allows (outdated)? An index is judged on every platform.
 */
export async function checkBases(
  targets: BaseCheckTarget[],
  options: CheckBaseOptions = {},
  concurrency = 4
): Promise<BaseCheckResult[]> {
  const limit = pLimit(concurrency)
  const lookups = new Lookups(options.registry)
  return Promise.all(targets.map(target => limit(() => check(target, lookups, options))))
}
