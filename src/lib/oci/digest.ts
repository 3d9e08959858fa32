import { createHash } from 'node:crypto'

export type DigestAlgorithm = 'sha256' | 'sha512'
const ALGORITHMS: readonly string[] = ['sha256', 'sha512'] satisfies DigestAlgorithm[]

/** The content digest of `data` (`sha256:<hex>`): how OCI names every manifest and blob. */
export function digestOf(data: Buffer | string, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(data).digest('hex')}`
}

/** Does `data` have this digest? False for an algorithm this code cannot compute. */
export function matchesDigest(data: Buffer, digest: string): boolean {
  const algorithm = digest.slice(0, digest.indexOf(':'))
  return ALGORITHMS.includes(algorithm) && digestOf(data, algorithm as DigestAlgorithm) === digest
}
