/**
 * Bounded reads of registry responses. Everything the client holds in memory (manifests, indexes,
 * image configs and other JSON blobs, token answers, error bodies) is capped, because a hostile or
 * broken registry can answer with gigabytes; layer blobs are streamed, never read here.
 */
import type { $ZodType } from 'zod/v4/core'
import { type HttpResponse, bodyPieces } from './http.js'
import { UserError } from '../errors.js'
import { formatBytes } from '../format.js'
import { untrustedText } from '../untrusted-text.js'

/**
 * The schemas of what registries send and the check against them (zod): loaded with the first answer
 * to check, or ahead by warmDocuments, not with the bundle, whose start they would slow by ~15 ms and
 * ~1 MiB of fresh memory before the first request could leave (issue 17).
 */
export const documents = (): Promise<typeof import('./documents.js')> => import('./documents.js')

/** Loads documents() once the requests sent so far are on their way (the next turn of the event loop). */
export function warmDocuments(): void {
  setImmediate(() => void documents())
}

/** What is read of an answer (the registry client's, or fetch's). */
type Answer = Pick<HttpResponse, 'headers' | 'body' | 'pieces'>

/** The most a manifest, config, token answer or other JSON document may weigh. */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024
/** Of an error body only the start is shown; the rest is not even read. */
export const ERROR_BODY_BYTES = 64 * 1024

export class ResponseTooLargeError extends UserError {
  constructor(
    readonly what: string,
    readonly limit: number,
    detail: string
  ) {
    super(
      `${what} is larger than ${formatBytes(limit)}, the most this client reads into memory (${detail}); refusing it. A registry that sends this is broken or hostile.`
    )
    this.name = 'ResponseTooLargeError'
  }
}

/**
 * The whole body, refused with a ResponseTooLargeError when it is over `limit`: first by its
 * Content-Length, then (no header, or a chunked body) as soon as more than `limit` bytes arrive, so
 * never more than `limit` plus one chunk is held.
 */
export async function readBody(response: Answer, limit: number, what: string): Promise<Buffer> {
  const declared = response.headers.get('content-length')
  const body = bodyPieces(response)
  if (declared !== null && Number(declared) > limit) {
    await body?.cancel().catch(() => undefined)
    throw new ResponseTooLargeError(what, limit, `the registry declared ${untrustedText(declared, 30)} bytes`)
  }
  if (!body) return Buffer.alloc(0)
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const value = await body.read()
    if (!value) break
    size += value.byteLength
    if (size > limit) {
      await body.cancel().catch(() => undefined)
      throw new ResponseTooLargeError(what, limit, `more than that arrived`)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks, size)
}

/** The first `limit` bytes of a body as text (for error messages); the rest is dropped unread. */
export async function readBodyStart(response: Answer, limit = ERROR_BODY_BYTES): Promise<string> {
  const body = bodyPieces(response)
  if (!body) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < limit) {
      const value = await body.read()
      if (!value) return Buffer.concat(chunks, size).toString('utf8')
      chunks.push(value)
      size += value.byteLength
    }
    await body.cancel().catch(() => undefined)
    return Buffer.concat(chunks, size).subarray(0, limit).toString('utf8')
  } catch {
    // A body cut off mid-way still tells what arrived.
    return Buffer.concat(chunks, size).toString('utf8')
  }
}

/** A registry answer that cannot be used (not JSON, wrong shape). */
export class InvalidResponseError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'InvalidResponseError'
  }
}

/**
 * A JSON answer read under the cap and checked against its schema: a registry that sends something
 * else gets an InvalidResponseError naming what was wrong, never a SyntaxError quoting its bytes.
 */
export async function readJson<T>(
  response: Answer,
  schema: $ZodType<T>,
  limit: number,
  what: string
): Promise<T> {
  const body = await readBody(response, limit, what)
  const { parseJson } = await documents()
  return parseJson(schema, body, what, { error: InvalidResponseError })
}
