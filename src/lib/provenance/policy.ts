/**
 * The promotion policy on provenance (`require-provenance`): the image must carry SLSA provenance
 * about its very digest, built by an allowed workflow from an allowed branch. The statement is not a
 * signature (anyone with push rights can attach one): this catches an image built by the wrong
 * workflow or from the wrong branch, not a forger.
 */
import { untrustedText } from '../untrusted-text.js'
import { type ReferrerRepository } from '../registry/referrers.js'
import { type FoundProvenance, ProvenanceRefused, findProvenance } from './attach.js'

export interface ProvenancePolicy {
  /** Refuse an image without provenance (`require-provenance`). */
  required: boolean
  /**
   * Workflow refs allowed as builder (`owner/repo/.github/workflows/build.yml@refs/heads/main`, or
   * the full `https://github.com/…` id); `*` matches any characters. Empty: any builder.
   */
  allowedBuilders: string[]
  /** Branches the source may come from (`main`, `release/*`), or full refs (`refs/tags/v*`). Empty: any. */
  allowedBranches: string[]
}

/** A glob (`*` = any characters, `/` included) as an anchored regular expression. */
export function globPattern(glob: string): RegExp {
  const escaped = glob
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${escaped}$`)
}

/** The builder id without the server (`https://github.com/owner/repo/…@ref` -> `owner/repo/…@ref`). */
const workflowRef = (id: string): string => id.replace(/^https?:\/\/[^/]+\//, '')

export function builderAllowed(id: string, allowed: string[]): boolean {
  return allowed.some(pattern => globPattern(pattern).test(id) || globPattern(pattern).test(workflowRef(id)))
}

/** Is a source ref (`refs/heads/main`) one of the allowed branches (`main`) or refs (`refs/tags/v*`)? */
export function branchAllowed(ref: string, allowed: string[]): boolean {
  return allowed.some(pattern =>
    globPattern(pattern.startsWith('refs/') ? pattern : `refs/heads/${pattern}`).test(ref)
  )
}

const shown = (text: string): string => `"${untrustedText(text, 200)}"`

/**
 * Why a statement does not let `digest` through (the field that failed), or undefined when it does.
 */
export function provenanceFailure(
  found: FoundProvenance,
  digest: string,
  policy: Pick<ProvenancePolicy, 'allowedBuilders' | 'allowedBranches'>
): string | undefined {
  const { statement } = found
  const hex = digest.replace(/^sha256:/, '')
  if (!statement.subject.some(subject => subject.digest.sha256 === hex)) {
    const named = statement.subject.map(subject => `sha256:${subject.digest.sha256 ?? '?'}`).join(', ')
    return `its subject[].digest names ${untrustedText(named, 300) || 'nothing'}, not ${digest}`
  }
  const builder = statement.predicate.runDetails.builder.id
  if (policy.allowedBuilders.length > 0 && !builderAllowed(builder, policy.allowedBuilders)) {
    return `its runDetails.builder.id is ${shown(builder)}, which is not in allowed-builders (${policy.allowedBuilders.join(', ')})`
  }
  const ref = statement.predicate.buildDefinition.externalParameters.source?.ref
  if (policy.allowedBranches.length > 0) {
    if (ref === undefined)
      return 'its buildDefinition.externalParameters.source.ref is missing, so the branch cannot be checked against allowed-branches'
    if (!branchAllowed(ref, policy.allowedBranches))
      return `its buildDefinition.externalParameters.source.ref is ${shown(ref)}, which is not in allowed-branches (${policy.allowedBranches.join(', ')})`
  }
  return undefined
}

/**
 * The check before a promotion: the last SLSA provenance statement attached to `digest` (registry
 * order, as for gate records) must be about `digest` and pass the builder and branch lists. Throws a
 * ProvenanceRefused naming the field that failed; returns a line to log.
 */
export async function requireProvenance(
  repository: ReferrerRepository,
  digest: string,
  policy: ProvenancePolicy
): Promise<string> {
  const found = await findProvenance(repository, digest)
  const where = `${repository.name}@${digest}`
  const deciding = found.at(-1)
  if (!deciding) {
    throw new ProvenanceRefused(
      `${where} has no provenance (no SLSA provenance referrer of type application/vnd.in-toto+json), so it is not promoted (require-provenance: true). Build it with build-with-cache (provenance: true), or set require-provenance: false.`
    )
  }
  const failure = provenanceFailure(deciding, digest, policy)
  if (failure) {
    throw new ProvenanceRefused(
      `${where}: the provenance ${deciding.artifact} does not allow this promotion: ${failure}. It is not promoted.`
    )
  }
  const { statement } = deciding
  const ref = statement.predicate.buildDefinition.externalParameters.source?.ref ?? 'an unknown ref'
  return `${digest} was built by ${untrustedText(statement.predicate.runDetails.builder.id, 200)} from ${untrustedText(ref, 200)} (provenance ${deciding.artifact})`
}
