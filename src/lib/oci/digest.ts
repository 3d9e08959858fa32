export type DigestAlgorithm = 'sha256' | 'sha512'
const ALGORITHMS: readonly string[] = ['sha256', 'sha512'] satisfies DigestAlgorithm[]

let cryptoModule: typeof import('node:crypto') | undefined
/**
 * node:crypto, loaded on first use rather than with the bundle: loading it costs about a loopback
 * round trip, so a promotion loads it while its first requests are out (issue 17; see warmCrypto).
 * Not through node:module's createRequire, which would load node's ES module loader instead.
 */
export function nodeCrypto(): typeof import('node:crypto') {
  if (cryptoModule) return cryptoModule
  // process.getBuiltinModule: node >= 20.16; before it, the CommonJS bundle's own require.
  cryptoModule =
    typeof process.getBuiltinModule === 'function'
      ? process.getBuiltinModule('node:crypto')
      : // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle's own require, synchronous
        (require('node:crypto') as typeof import('node:crypto'))
  return cryptoModule
}

/** Loads node:crypto once the requests sent so far are on their way (the next turn of the event loop). */
export function warmCrypto(): void {
  if (!cryptoModule) setImmediate(nodeCrypto)
}

/** The content digest of `data` (`sha256:<hex>`): how OCI names every manifest and blob. */
export function digestOf(data: Buffer | string, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${nodeCrypto().createHash(algorithm).update(data).digest('hex')}`
}

/** Does `data` have this digest? False for an algorithm this code cannot compute. */
export function matchesDigest(data: Buffer, digest: string): boolean {
  const algorithm = digest.slice(0, digest.indexOf(':'))
  return ALGORITHMS.includes(algorithm) && digestOf(data, algorithm as DigestAlgorithm) === digest
}
