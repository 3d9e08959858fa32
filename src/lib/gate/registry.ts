import { type ImageReference } from '../image/reference.js'
import { type RegistryOptions, clientFor } from '../registry/index.js'
import type { Descriptor, GateRegistry } from './record.js'

/** The gate's view of one repository, over the OCI distribution client. */
export function gateRegistry(
  ref: Pick<ImageReference, 'registry' | 'repository'>,
  options?: RegistryOptions
): GateRegistry {
  const client = clientFor(ref.registry, options)
  return {
    name: `${ref.registry}/${ref.repository}`,
    getManifest: reference => client.getManifest(ref.repository, reference),
    putManifest: (reference, body, mediaType) =>
      client.putManifest(ref.repository, reference, body, mediaType),
    getBlob: digest => client.getBlob(ref.repository, digest),
    putBlob: data => client.putBlob(ref.repository, data),
    getReferrers: async digest =>
      (await client.getReferrers(ref.repository, digest)) as Descriptor[] | undefined
  }
}
