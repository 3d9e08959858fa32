/**
 * What the registry client asks of its credentials, found as credentials.ts finds them (the given
 * ones over the docker config's, a credential helper run when its registry first asks), with one
 * short cut: with no docker config, the given credentials are all there is, and credentials.ts (the
 * config's schema, zod, and the credential helpers) is not loaded at all. A promotion's first
 * requests then go out before any of it (issue 17).
 */
import { existsSync } from 'node:fs'
import { type Credential, GivenCredentials, dockerConfigPath } from './credential-inputs.js'

export interface CredentialLookup {
  /** The credential for `host` if known without running a helper; undefined when one must run first. */
  peek(host: string): { credential?: Credential } | undefined
  /** The credential for `host`, running its credential helper if it has one. */
  resolve(host: string): Promise<Credential | undefined>
}

/**
 * `given`: the client's `credentials` option (undefined: the docker config's alone). A
 * GivenCredentials map, or none, is read with the docker config under it when there is one; any
 * other source is used as it is (see withDockerConfig).
 */
export async function credentialLookup(
  given: ReadonlyMap<string, Credential> | undefined
): Promise<CredentialLookup> {
  const overConfig = given === undefined || given instanceof GivenCredentials
  if (overConfig && !existsSync(dockerConfigPath())) {
    const known = given ?? new Map<string, Credential>()
    return { peek: host => ({ credential: known.get(host) }), resolve: async host => known.get(host) }
  }
  const { loadDockerConfigCredentials, lookupCredential, peekCredential } = await import('./credentials.js')
  const source = given ?? loadDockerConfigCredentials()
  return { peek: host => peekCredential(source, host), resolve: host => lookupCredential(source, host) }
}
