/**
 * The provenance recorded as a GitHub artifact attestation too (signed with the workflow's OIDC
 * identity through Sigstore, stored by GitHub): the one form of it that is a signature. Needs
 * `id-token: write` and `attestations: write`. `@actions/attest` is imported only when asked for, so
 * runs without attestations do not load it.
 */
import type { Statement } from './statement.js'

export interface GitHubAttestation {
  /** GitHub's id of the stored attestation, when it stored one. */
  attestationId?: string
  /** The Sigstore transparency log entry, when one was written (public repositories). */
  tlogId?: string
}

/** Signs the statement's predicate for its subjects and stores it with GitHub; `token` is GITHUB_TOKEN. */
export async function recordGitHubAttestation(
  statement: Statement,
  token: string
): Promise<GitHubAttestation> {
  const { attest } = await import('@actions/attest')
  const attestation = await attest({
    subjects: statement.subject.map(subject => ({ name: subject.name ?? '', digest: subject.digest })),
    predicateType: statement.predicateType,
    predicate: statement.predicate,
    token
  })
  return { attestationId: attestation.attestationID, tlogId: attestation.tlogID }
}
