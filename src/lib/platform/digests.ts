import * as z from 'zod/mini'
import { UserError } from '../errors.js'
import { isValidDigest, parseReference } from '../image/reference.js'
import { DigestSchema } from '../oci/digest-schema.js'
import { checkShape } from '../oci/json.js'
import { untrustedText } from '../untrusted-text.js'
import { type Platform, parsePlatform } from './index.js'

/** One image to merge: its digest in the index's repository, and the platform it was built for, if said. */
export interface MergeSource {
  digest: string
  /** Declared (platform-digests JSON); undefined: read from the manifest's config. */
  platform?: Platform
}

const PlatformDigestsSchema = z.array(z.looseObject({ platform: z.string(), digest: DigestSchema }))

/** The end of the JSON array that starts at `start` (brackets inside strings do not count). */
function arrayEnd(text: string, start: number, what: string): number {
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i++) {
    const char = text[i]
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === '[') depth++
    else if (char === ']' && --depth === 0) return i + 1
  }
  throw new UserError(`${what}: a JSON array is not closed.`)
}

/**
 * The `digests` input of merge: build-with-cache's `platform-digests` JSON arrays (one per line, or
 * concatenated, as a matrix's outputs are), and/or `<repository>@sha256:…` lines (the platform is then
 * read from each image's config). Every reference must be in `repository`: the index can only name
 * manifests of its own repository.
 */
export function parseMergeSources(text: string, repository: string, what = 'The digests'): MergeSource[] {
  const sources: MergeSource[] = []
  let i = 0
  while (i < text.length) {
    const char = text[i]
    if (/[\s,]/.test(char)) {
      i++
    } else if (char === '[') {
      const end = arrayEnd(text, i, what)
      let value: unknown
      try {
        value = JSON.parse(text.slice(i, end))
      } catch {
        throw new UserError(`${what}: an array is not JSON (expected platform-digests output).`)
      }
      const items = checkShape(PlatformDigestsSchema, value, what, {
        expected: 'a platform-digests array ([{"platform": "linux/amd64", "digest": "sha256:…"}])'
      })
      for (const item of items)
        sources.push({ digest: item.digest, platform: parsePlatform(item.platform, what) })
      i = end
    } else {
      const newline = text.indexOf('\n', i)
      const line = text.slice(i, newline === -1 ? text.length : newline).trim()
      i = newline === -1 ? text.length : newline + 1
      if (line.startsWith('#')) continue
      sources.push({ digest: digestOfLine(line, repository, what) })
    }
  }
  if (sources.length === 0)
    throw new UserError(
      `${what}: none given; give the platform-digests output of each build (or <repository>@sha256:… lines).`
    )
  return sources
}

function digestOfLine(line: string, repository: string, what: string): string {
  if (isValidDigest(line)) return line
  const ref = parseReference(line)
  const name = `${ref.registry}/${ref.repository}`
  if (!ref.digest)
    throw new UserError(`${what}: ${untrustedText(line, 200)} has no digest; write <repository>@sha256:….`)
  const wanted = parseReference(repository)
  if (name !== `${wanted.registry}/${wanted.repository}`)
    throw new UserError(
      `${what}: ${untrustedText(line, 200)} is in ${name}, not in ${repository}: an index names manifests of its own repository (copy the image there first, e.g. with promote).`
    )
  return ref.digest
}
