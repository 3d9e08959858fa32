/**
 * The OCI documents a registry sends, as schemas (checked where they arrive) and the types they
 * give. Objects are loose: fields this code does not read are kept, so a document written back (a
 * referrers index) loses nothing another tool put there.
 */
import * as z from 'zod/mini'
import { DigestSchema } from './digest-schema.js'

export { DigestSchema }

const Annotations = z.record(z.string(), z.string())

export const PlatformSchema = z.looseObject({
  os: z.optional(z.string()),
  architecture: z.optional(z.string()),
  variant: z.optional(z.string())
})

/** A content descriptor: what a manifest says about a blob or another manifest. */
export const DescriptorSchema = z.looseObject({
  mediaType: z.string(),
  digest: DigestSchema,
  size: z.int().check(z.nonnegative()),
  /** Foreign layers live at these URLs, not in the registry. */
  urls: z.optional(z.array(z.string())),
  artifactType: z.optional(z.string()),
  annotations: z.optional(Annotations),
  platform: z.optional(PlatformSchema)
})
export type Descriptor = z.infer<typeof DescriptorSchema>

/** Any manifest document: an image manifest (config, layers), an index (manifests), an artifact (subject). */
export const ManifestSchema = z.looseObject({
  schemaVersion: z.optional(z.number()),
  mediaType: z.optional(z.string()),
  artifactType: z.optional(z.string()),
  config: z.optional(DescriptorSchema),
  layers: z.optional(z.array(DescriptorSchema)),
  manifests: z.optional(z.array(DescriptorSchema)),
  subject: z.optional(DescriptorSchema),
  annotations: z.optional(Annotations)
})
export type ManifestDocument = z.infer<typeof ManifestSchema>

/** The parts of an image config this code reads. */
export const ImageConfigSchema = z.looseObject({
  architecture: z.optional(z.string()),
  os: z.optional(z.string()),
  config: z.nullish(
    z.looseObject({
      Labels: z.nullish(z.record(z.string(), z.string())),
      User: z.optional(z.string()),
      Entrypoint: z.nullish(z.array(z.string())),
      Cmd: z.nullish(z.array(z.string()))
    })
  ),
  rootfs: z.optional(z.looseObject({ diff_ids: z.nullish(z.array(z.string())) }))
})
export type ImageConfig = z.infer<typeof ImageConfigSchema>

/** A registry's error body (`{"errors": [{"code", "message"}]}`). */
export const ErrorBodySchema = z.looseObject({
  errors: z.array(z.looseObject({ code: z.unknown(), message: z.unknown() })).check(z.minLength(1))
})

/** A token service's answer (Docker's token spec: `token`, or OAuth's `access_token`). */
export const TokenAnswerSchema = z.looseObject({
  token: z.optional(z.string()),
  access_token: z.optional(z.string()),
  expires_in: z.optional(z.number())
})

export const TagListSchema = z.looseObject({ tags: z.nullish(z.array(z.string())) })
