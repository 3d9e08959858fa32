import * as z from 'zod/mini'
import { isValidDigest } from '../image/reference.js'

/**
 * A digest as a schema. In a module of its own: merge's input reader checks digests before the
 * pipeline loads, and importing schemas.ts would build every OCI document schema at start-up.
 */
export const DigestSchema = z
  .string()
  .check(z.refine(isValidDigest, { error: 'not a digest (<algorithm>:<hex>, e.g. sha256:<64 hex>)' }))
