import { createHash } from 'node:crypto'
import { TAG_PATTERN } from './reference.js'

/** Longest sanitized branch name; leaves room for prefixes such as `builder-` within Docker's 128. */
export const MAX_BRANCH_TAG_LENGTH = 100
const HASH_LENGTH = 8

export function shortHash(text: string, length = HASH_LENGTH): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length)
}

/**
 * Turns any branch name into a readable, valid tag component ([A-Za-z0-9_.-], not starting with . or -):
 * accents are folded (`é` -> `e`), every other run of invalid characters becomes one `-`, and names
 * longer than `maxLength` are cut and suffixed with a hash of the whole original name, so two long
 * branches that share a prefix never get the same tag. A name with nothing usable left becomes
 * `branch-<hash>`.
 */
export function sanitizeTagComponent(name: string, maxLength = MAX_BRANCH_TAG_LENGTH): string {
  const folded = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
  let clean = folded
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+/, '')
    .replace(/[.-]+$/, '')
  if (clean === '') return `branch-${shortHash(name)}`
  if (clean.length > maxLength) {
    const keep = maxLength - HASH_LENGTH - 1
    clean = `${clean.slice(0, keep).replace(/[.-]+$/, '')}-${shortHash(name)}`
  }
  return clean
}

/** Joins a prefix and a component into a tag, re-checking the grammar (defence in depth). */
export function joinTag(...parts: string[]): string {
  const tag = parts.filter(part => part !== '').join('-')
  if (!TAG_PATTERN.test(tag)) throw new Error(`internal error: computed tag "${tag}" is not valid`)
  return tag
}
