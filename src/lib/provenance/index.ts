/** Supply-chain provenance: the SLSA statement of a build, attached by digest, and the promotion policy on it. */
export * from './attach.js'
export * from './attest.js'
export * from './policy.js'
export * from './statement.js'
export * from './build.js'
