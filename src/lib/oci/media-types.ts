/** OCI and Docker v2 media types, named once for the registry client, promotion and the gate. */
export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json'
} as const

/** The manifest types a registry may answer with (single images and indexes, OCI and Docker v2). */
export const MANIFEST_TYPES: string[] = [
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.dockerList,
  MEDIA_TYPES.dockerManifest
]
/** The Accept header of a manifest request. */
export const MANIFEST_ACCEPT = MANIFEST_TYPES.join(', ')
export const INDEX_TYPES: string[] = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]

/**
 * Is a manifest an index (by its media type, or by listing manifests)? Here, not beside the schemas:
 * it reads no schema, and the registry client loads those only once its first requests are out.
 */
export function isIndex(document: { manifests?: unknown }, mediaType: string): boolean {
  return INDEX_TYPES.includes(mediaType) || document.manifests !== undefined
}

/** The OCI empty descriptor (`{}`), the config of an artifact that has none. */
export const EMPTY_DESCRIPTOR = {
  mediaType: MEDIA_TYPES.ociEmpty,
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
  data: 'e30='
} as const

/** The artifact types of referrers this product writes (and names in its logs). */
export const ARTIFACT_TYPES = {
  /** A vulnerability-gate verdict (src/lib/gate). */
  gate: 'application/vnd.docker-actions.gate.v1+json',
  /** An in-toto statement, e.g. SLSA provenance (src/lib/provenance). */
  inToto: 'application/vnd.in-toto+json',
  /** A CycloneDX SBOM, as the scanner wrote it (src/lib/scan/sbom.ts). */
  sbom: 'application/vnd.cyclonedx+json'
} as const
