/**
 * What a build step calls after its push: the provenance of each pushed image (one, or one per
 * platform) attached in the registry by digest, and, when asked, recorded as a GitHub attestation.
 */
import { errorMessage } from '../errors.js'
import { parseReference } from '../image/reference.js'
import { type RegistryOptions, openRepository, resolveDigest } from '../registry/index.js'
import { untrustedText } from '../untrusted-text.js'
import { attachProvenance } from './attach.js'
import { recordGitHubAttestation } from './attest.js'
import type { BuildFacts } from './statement.js'

export interface ProvenanceRequest {
  /** The pushed images: the repository (`<registry>/<name>`, a tag is ignored), digest, and platform in platform mode. */
  images: Array<{ repository: string; digest: string; platform?: string }>
  /** The facts of the build; `platform` is set per image. */
  facts: Omit<BuildFacts, 'platform'>
  /** Also record a GitHub artifact attestation (`attest: true`) with this token. */
  attest?: { token: string }
  registry?: RegistryOptions
  log?: (message: string) => void
  warn?: (message: string) => void
}

export interface AttachedProvenance {
  digest: string
  /** The provenance artifact's digest, when it was attached. */
  artifact?: string
  attestationId?: string
}

/**
 * Attaches provenance to every image. Attaching never fails the build (the image is fine; promote with
 * require-provenance refuses it later): a registry that refuses is a warning. A GitHub attestation
 * that was asked for and fails (no `id-token: write`, say) is an error.
 */
export async function attachBuildProvenance(request: ProvenanceRequest): Promise<AttachedProvenance[]> {
  const attached: AttachedProvenance[] = []
  for (const image of request.images) {
    const ref = parseReference(image.repository)
    const name = `${ref.registry}/${ref.repository}`
    const result: AttachedProvenance = { digest: image.digest }
    attached.push(result)
    let statement
    try {
      const repository = openRepository(ref, request.registry)
      const manifest = await repository.getManifest(image.digest)
      if (!manifest) throw new Error(`${name}@${image.digest} is not in the registry`)
      const facts: BuildFacts = { ...request.facts, ...(image.platform ? { platform: image.platform } : {}) }
      const subject = { mediaType: manifest.mediaType, digest: image.digest, size: manifest.body.length }
      const done = await attachProvenance(repository, { name, subject, facts })
      result.artifact = done.digest
      statement = done.statement
      request.log?.(`provenance ${done.digest} attached to ${name}@${image.digest}`)
    } catch (error) {
      request.warn?.(
        `The provenance of ${name}@${image.digest} could not be attached (promote with require-provenance will refuse it): ${untrustedText(errorMessage(error))}`
      )
      continue
    }
    if (request.attest) {
      const attestation = await recordGitHubAttestation(statement, request.attest.token)
      result.attestationId = attestation.attestationId
      request.log?.(
        `GitHub attestation ${attestation.attestationId ?? '(not stored)'} recorded for ${name}@${image.digest}`
      )
    }
  }
  return attached
}

/**
 * The digests base images resolve to now (a reference by digest is its own), for
 * `resolvedDependencies`. One that cannot be resolved is left out with a note (it is named in the
 * image labels when it is the final base).
 */
export async function resolveBaseImages(
  references: string[],
  options?: RegistryOptions,
  log?: (message: string) => void
): Promise<Array<{ reference: string; digest: string }>> {
  const resolved = []
  for (const reference of [...new Set(references)]) {
    try {
      const digest = parseReference(reference).digest ?? (await resolveDigest(reference, options))
      resolved.push({ reference, digest })
    } catch (error) {
      log?.(
        `provenance: base image ${untrustedText(reference)} not resolved (${untrustedText(errorMessage(error))})`
      )
    }
  }
  return resolved
}
