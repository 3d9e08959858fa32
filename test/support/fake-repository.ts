/**
 * Tiny images for registry tests: a manifest with a config and no layers, pushed through the real
 * client or written raw into an in-memory registry. Their descriptors are what referrers, gate records
 * and provenance name as their subject.
 */
import { MEDIA_TYPES } from '../../src/lib/oci/media-types.js'
import type { Repository } from '../../src/lib/registry/client.js'

/** A manifest's descriptor: the subject of an attached artifact, or an entry of an index. */
export type ImageDescriptor = { mediaType: string; digest: string; size: number }

/** The bytes of an OCI image manifest with no layers whose config blob is `digest` (`size` bytes). */
export function tinyManifest(config: { digest: string; size: number }): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: []
    })
  )
}

/** Pushes a tiny image whose config is `config` to `repository` under `tag`, through the client. */
export async function pushTinyImage(
  repository: Repository,
  config: object,
  tag = 'dev-1'
): Promise<ImageDescriptor> {
  const configBytes = Buffer.from(JSON.stringify(config))
  const manifest = tinyManifest({ digest: await repository.putBlob(configBytes), size: configBytes.length })
  const { digest } = await repository.putManifest(tag, manifest, MEDIA_TYPES.ociManifest)
  return { mediaType: MEDIA_TYPES.ociManifest, digest, size: manifest.length }
}
