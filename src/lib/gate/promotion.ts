/**
 * What must hold before an image is promoted: its vulnerability gate passed and, when asked, its
 * provenance names an allowed builder and branch. An index is judged on every platform manifest in
 * it (a record on the index alone is not enough). The records and the provenance follow the image
 * to other repositories with every other referrer (src/lib/registry/promote.ts).
 */
import { UserError, errorMessage } from '../errors.js'
import { isIndex } from '../oci/media-types.js'
import type { Descriptor } from '../oci/schemas.js'
import type { ProvenancePolicy } from '../provenance/policy.js'
import type { Repository } from '../registry/client.js'
import type { ResolvedSource } from '../registry/promote.js'
// The gate record and provenance modules (and their schemas) are imported by the checks that use
// them: a promotion that checks neither does not load them.

export interface PromotionGate {
  /** Refuse an image whose deciding gate record is not a pass (`require-gate`). */
  required: boolean
  /** Accept a passing record computed from a supplied report (`allow-self-reported`). */
  allowSelfReported: boolean
}

/** buildx's attestation manifests sit in an index as `unknown/unknown`: they are not platforms to judge. */
function isPlatformImage(child: Descriptor): boolean {
  return (
    child.platform?.os !== 'unknown' &&
    child.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest'
  )
}

const platformName = (child: Descriptor): string =>
  child.platform
    ? [child.platform.os, child.platform.architecture, child.platform.variant].filter(Boolean).join('/')
    : 'no platform given'

/** What a check is run on: the digest itself, or every platform manifest of an index. */
export function platformManifests(source: ResolvedSource): Array<{ digest: string; label: string }> {
  if (!isIndex(source.document, source.mediaType)) return [{ digest: source.digest, label: '' }]
  const children = (source.document.manifests ?? []).filter(isPlatformImage)
  if (children.length === 0)
    throw new UserError(
      `${source.reference} is an index without any platform image in it. Nothing was promoted.`
    )
  return children.map(child => ({
    digest: child.digest,
    label: `platform ${platformName(child)} of the index: `
  }))
}

/** Runs a check on each platform manifest; a refusal names the platform. */
async function onEveryPlatform(
  source: ResolvedSource,
  check: (digest: string) => Promise<string>
): Promise<string[]> {
  const lines: string[] = []
  for (const { digest, label } of platformManifests(source)) {
    try {
      lines.push(label + (await check(digest)))
    } catch (error) {
      if (!label || !(error instanceof UserError)) throw error
      throw new UserError(
        `${source.reference} (${source.digest}) is not promoted: ${label}${errorMessage(error)}`
      )
    }
  }
  return lines
}

/** A failing verdict recorded on the index itself also stops it (a pass there alone is not enough). */
async function refuseFailedIndexRecord(repository: Repository, source: ResolvedSource, gate: PromotionGate) {
  if (!isIndex(source.document, source.mediaType)) return
  const { decidingRecord, findGateRecords, requirePassedGate } = await import('./record.js')
  const deciding = decidingRecord(await findGateRecords(repository, source.digest), gate)
  if (deciding && !deciding.passed) await requirePassedGate(repository, source.digest, gate) // throws the usual failure message
}

/**
 * The check before a promotion, on the digest that will be promoted (resolved once): the deciding
 * gate record of the image (of each platform image of an index) must be a pass (see
 * requirePassedGate), unless the gate is not required. The records are read through the source's
 * repository (source.repository), so the promotion does not read them again to copy them. Throws a
 * UserError that says why not; returns the line(s) to log.
 */
export async function checkPromotionGate(source: ResolvedSource, gate: PromotionGate): Promise<string> {
  if (!gate.required) return 'require-gate: false: the gate record is not checked'
  const { describePass, requirePassedGate } = await import('./record.js')
  const repository = source.repository
  await refuseFailedIndexRecord(repository, source, gate)
  const lines = await onEveryPlatform(source, async digest =>
    describePass(digest, await requirePassedGate(repository, digest, gate))
  )
  return lines.join('\n')
}

/**
 * `require-provenance`: the image (each platform image of an index) must carry SLSA provenance about
 * its digest from an allowed builder and branch (see requireProvenance).
 */
export async function checkPromotionProvenance(
  source: ResolvedSource,
  policy: ProvenancePolicy
): Promise<string> {
  if (!policy.required) return 'require-provenance: false: provenance is not checked'
  const { requireProvenance } = await import('../provenance/policy.js')
  const repository = source.repository
  const lines = await onEveryPlatform(source, digest => requireProvenance(repository, digest, policy))
  return lines.join('\n')
}
