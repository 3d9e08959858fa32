import { parseReference } from '../image/reference.js'
import { DEFAULT_RETRY, type RegistryOptions, openRepository } from '../registry/index.js'

/**
 * Whether `ref` exists in its registry: one manifest HEAD (milliseconds on the registry's side, where
 * a failing `docker pull` costs a CLI run and the engine's own round trips). Undefined when the
 * registry cannot say (no credentials this client can read, TLS, an insecure registry, an error):
 * then the pull itself decides, as before.
 */
export async function existsInRegistry(
  ref: string,
  registry?: RegistryOptions
): Promise<boolean | undefined> {
  try {
    const parsed = parseReference(ref)
    // No retries: a registry that does not answer at once leaves the decision to the pull.
    const repository = openRepository(parsed, { retry: { ...DEFAULT_RETRY, attempts: 1 }, ...registry })
    const head = await repository.headManifest(parsed.digest ?? parsed.tag ?? 'latest')
    return head !== undefined
  } catch {
    return undefined
  }
}
