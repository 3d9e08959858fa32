/**
 * Provenance as an OCI referrer of the image digest (artifactType `application/vnd.in-toto+json`,
 * the statement as its one layer), attached with the same machinery as the gate records, and read
 * back for the promotion policy.
 */
import * as z from 'zod/mini'
import { UserError } from '../errors.js'
import { parseJson } from '../oci/json.js'
import { ARTIFACT_TYPES } from '../oci/media-types.js'
import type { Descriptor } from '../oci/schemas.js'
import { type ReferrerRepository, attachArtifact, attachedReferrers } from '../registry/referrers.js'
import {
  type BuildFacts,
  SLSA_PROVENANCE_TYPE,
  type Statement,
  StatementSchema,
  provenanceStatement
} from './statement.js'

export const PROVENANCE_ARTIFACT_TYPE = ARTIFACT_TYPES.inToto
const PREDICATE_ANNOTATION = 'in-toto.io/predicate-type'

export interface AttachProvenanceOptions {
  /** The image repository (`<registry>/<name>`, no tag): the statement's subject name. */
  name: string
  /** The image manifest (or platform manifest) the statement is about. */
  subject: Pick<Descriptor, 'mediaType' | 'digest' | 'size'>
  facts: BuildFacts
  now?: Date
}

/**
 * Builds the SLSA provenance statement for `subject` and attaches it to it in `repository`; returns
 * the artifact's digest and the statement (to record as a GitHub attestation too, if asked).
 */
export async function attachProvenance(
  repository: ReferrerRepository,
  options: AttachProvenanceOptions
): Promise<{ digest: string; statement: Statement }> {
  const statement = provenanceStatement({ name: options.name, digest: options.subject.digest }, options.facts)
  const blob = Buffer.from(JSON.stringify(statement, null, 2))
  const digest = await attachArtifact(repository, {
    artifactType: PROVENANCE_ARTIFACT_TYPE,
    blob,
    subject: options.subject,
    annotations: {
      [PREDICATE_ANNOTATION]: SLSA_PROVENANCE_TYPE,
      'org.opencontainers.image.created': (options.now ?? new Date()).toISOString()
    }
  })
  return { digest, statement }
}

/** Just enough of a statement to tell what it states (SBOMs, other predicates are not provenance). */
const PredicateTypeSchema = z.looseObject({ predicateType: z.string() })

/** A provenance statement found attached to a digest, with where it is. */
export interface FoundProvenance {
  /** The artifact's digest. */
  artifact: string
  statement: Statement
}

/**
 * The SLSA provenance statements attached to `subject`, in registry order. An artifact whose layer
 * does not match its digest is an error (the client checks every blob); one whose statement is not
 * SLSA provenance is not counted; one that is, but malformed, is an error naming the field.
 */
export async function findProvenance(
  repository: ReferrerRepository,
  subject: string
): Promise<FoundProvenance[]> {
  const found: FoundProvenance[] = []
  for (const { descriptor, manifest } of await attachedReferrers(repository, subject)) {
    if (descriptor.artifactType !== PROVENANCE_ARTIFACT_TYPE) continue
    const layer = manifest.document.layers?.[0]
    if (!layer) continue
    const blob = await repository.getBlob(layer.digest)
    const where = `The provenance ${repository.name}@${descriptor.digest}`
    const statement = parseJson(PredicateTypeSchema, blob, where, { expected: 'an in-toto statement' })
    if (statement.predicateType !== SLSA_PROVENANCE_TYPE) continue
    found.push({
      artifact: descriptor.digest,
      statement: parseJson(StatementSchema, blob, where, {
        expected: 'SLSA provenance v1',
        consequence: 'so it cannot be checked'
      })
    })
  }
  return found
}

/** Thrown where provenance is required and missing, so callers can tell it from a registry failure. */
export class ProvenanceRefused extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'ProvenanceRefused'
  }
}
