/**
 * What the registry client checks registries' JSON with: the OCI schemas and the check against them
 * (zod). Loaded through documents() (limits.ts), never imported directly: see there.
 */
export { parseJson } from '../oci/json.js'
export { ErrorBodySchema, ManifestSchema, TagListSchema, TokenAnswerSchema } from '../oci/schemas.js'
