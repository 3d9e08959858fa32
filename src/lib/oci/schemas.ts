/**
 * The OCI documents a registry sends, as schemas (checked where they arrive) and the types they
 * give. Objects are loose: fields this code does not read are kept, so a document written back (a
 * referrers index) loses nothing another tool put there.
 */
import { z } from 'zod'
import { isValidDigest } from '../image/reference.js'
import { INDEX_TYPES } from './media-types.js'

export const DigestSchema = z
  .string()
  .refine(isValidDigest, { error: 'not a digest (<algorithm>:<hex>, e.g. sha256:<64 hex>)' })

const Annotations = z.record(z.string(), z.string())

export const PlatformSchema = z.looseObject({
  os: z.string().optional(),
  architecture: z.string().optional(),
  variant: z.string().optional()
})

/** A content descriptor: what a manifest says about a blob or another manifest. */
export const DescriptorSchema = z.looseObject({
  mediaType: z.string(),
  digest: DigestSchema,
  size: z.number().int().nonnegative(),
  /** Foreign layers live at these URLs, not in the registry. */
  urls: z.array(z.string()).optional(),
  artifactType: z.string().optional(),
  annotations: Annotations.optional(),
  platform: PlatformSchema.optional()
})
export type Descriptor = z.infer<typeof DescriptorSchema>

/** Any manifest document: an image manifest (config, layers), an index (manifests), an artifact (subject). */
export const ManifestSchema = z.looseObject({
  schemaVersion: z.number().optional(),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  config: DescriptorSchema.optional(),
  layers: z.array(DescriptorSchema).optional(),
  manifests: z.array(DescriptorSchema).optional(),
  subject: DescriptorSchema.optional(),
  annotations: Annotations.optional()
})
export type ManifestDocument = z.infer<typeof ManifestSchema>

/** Is a manifest an index (by its media type, or by listing manifests)? */
export function isIndex(document: ManifestDocument, mediaType: string): boolean {
  return INDEX_TYPES.includes(mediaType) || document.manifests !== undefined
}

/** The parts of an image config this code reads. */
export const ImageConfigSchema = z.looseObject({
  architecture: z.string().optional(),
  os: z.string().optional(),
  config: z
    .looseObject({
      Labels: z.record(z.string(), z.string()).nullish(),
      User: z.string().optional(),
      Entrypoint: z.array(z.string()).nullish(),
      Cmd: z.array(z.string()).nullish()
    })
    .nullish(),
  rootfs: z.looseObject({ diff_ids: z.array(z.string()).nullish() }).optional()
})
export type ImageConfig = z.infer<typeof ImageConfigSchema>

/** A registry's error body (`{"errors": [{"code", "message"}]}`). */
export const ErrorBodySchema = z.looseObject({
  errors: z.array(z.looseObject({ code: z.unknown(), message: z.unknown() })).min(1)
})

/** A token service's answer (Docker's token spec: `token`, or OAuth's `access_token`). */
export const TokenAnswerSchema = z.looseObject({
  token: z.string().optional(),
  access_token: z.string().optional(),
  expires_in: z.number().optional()
})

export const TagListSchema = z.looseObject({ tags: z.array(z.string()).nullish() })
