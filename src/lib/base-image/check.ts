import pLimit from 'p-limit'
import { errorMessage } from '../errors.js'
import { parseReference } from '../image/reference.js'
import { type RegistryOptions, fetchImageConfig, resolveDigest } from '../registry/index.js'
import { untrustedText } from '../untrusted-text.js'
import { BASE_DIGEST_LABEL, BASE_NAME_LABEL } from './labels.js'

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

export type BaseStatus = 'current' | 'stale' | 'unknown' | 'error'

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
}

/**
 * Is the image still built on what its base tag points at now? Compares the base digest recorded
 * at build time (org.opencontainers.image.base.* labels) with a fresh resolve; images without the
 * labels are compared by layers (the base's layers must be the first layers of the image).
 */
export async function checkBase(
  target: BaseCheckTarget,
  options: CheckBaseOptions = {}
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
    const image = await fetchImageConfig(target.image, options.registry)
    const labels = image.config.config?.Labels ?? {}
    result.layers = image.layers
    result.repository = githubRepositoryOf(labels[SOURCE_LABEL], options.serverUrl)
    const warnAt = options.layerWarning ?? 100
    if (image.layers >= warnAt)
      result.warnings.push(
        `${image.layers} layers: close to the limit of ${LAYER_LIMIT} some storage drivers enforce; squash the base or the Dockerfile's steps`
      )
    // Labels are inherited: an image built FROM a labelled base without docker-actions carries the
    // base's own base labels. When the Dockerfile names another base, its FROM wins.
    const labelled = labels[BASE_NAME_LABEL] || undefined
    const inherited = labelled !== undefined && target.base !== undefined && !sameImage(labelled, target.base)
    result.base = inherited ? target.base : (labelled ?? target.base)
    result.recordedDigest = inherited ? undefined : labels[BASE_DIGEST_LABEL] || undefined
    if (inherited) result.repository = undefined // the source label came from the base, too
    const note = inherited
      ? `its base label names ${labelled}, inherited (the Dockerfile says FROM ${target.base}); `
      : ''
    if (!result.base) {
      result.detail = `no ${BASE_NAME_LABEL} label and no Dockerfile FROM to compare with (build it with build-with-cache, or list its Dockerfile)`
      return result
    }
    if (parseReference(result.base).digest) {
      result.status = 'current'
      result.detail = `the base is pinned by digest (${result.base}): it cannot move; update the pin to rebuild`
      return result
    }
    result.currentDigest = await resolveDigest(result.base, options.registry)
    if (result.recordedDigest) {
      result.method = 'label'
      result.status = result.recordedDigest === result.currentDigest ? 'current' : 'stale'
      result.detail =
        result.status === 'current'
          ? `built on ${result.base} = ${short(result.currentDigest)}, still current`
          : `built on ${result.base} = ${short(result.recordedDigest)}; it is now ${short(result.currentDigest)}`
      return result
    }
    const base = await fetchImageConfig(result.base, options.registry)
    const baseLayers = base.config.rootfs?.diff_ids ?? []
    const imageLayers = image.config.rootfs?.diff_ids ?? []
    result.method = 'layers'
    result.status = isPrefix(baseLayers, imageLayers) ? 'current' : 'stale'
    result.detail =
      result.status === 'current'
        ? `${note || 'no base label; '}its first ${baseLayers.length} layer(s) are ${result.base} = ${short(result.currentDigest)}`
        : `${note || 'no base label; '}its layers do not start with those of ${result.base} = ${short(result.currentDigest)}`
    return result
  } catch (error) {
    result.status = 'error'
    // The message may quote registry answers or label values (a fork controls both): one safe line.
    result.detail = untrustedText(errorMessage(error))
    return result
  }
}

/** Checks every target, a few at a time (each is a handful of registry requests). */
export async function checkBases(
  targets: BaseCheckTarget[],
  options: CheckBaseOptions = {},
  concurrency = 4
): Promise<BaseCheckResult[]> {
  const limit = pLimit(concurrency)
  return Promise.all(targets.map(target => limit(() => checkBase(target, options))))
}
