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
  if (clean.length > maxLength) clean = withHashSuffix(clean, name, maxLength)
  return clean
}

/** `<clean cut to fit>-<hash of the original name>`, within `maxLength`. */
function withHashSuffix(clean: string, original: string, maxLength: number): string {
  const keep = maxLength - HASH_LENGTH - 1
  return `${clean.slice(0, keep).replace(/[.-]+$/, '')}-${shortHash(original)}`
}

/**
 * Tags that belong to something other than a branch: the builder and registry-cache tags, the unique
 * build tags, `latest`, commit hashes, versions and the referrers tag schema. A branch whose name
 * sanitizes to one of these would overwrite it.
 */
const RESERVED_TAG = [
  /^(builder|buildcache|dev|review-pr|sha256)-/,
  /^latest$/,
  /^[0-9a-f]{7,40}$/,
  /^v?\d+(\.\d+){0,2}([-+].*)?$/
]

/**
 * The tag of a branch. The default branch keeps its sanitized name. Any other branch keeps its name
 * when it is already a valid tag that is neither the default branch's tag nor a reserved one; when
 * sanitizing changed it (`main-`, `maín`, `main@` all clean to `main`) or it would collide, it gets the
 * hash of its real name as a suffix, so no other branch ever writes the default branch's tags or cache.
 */
export function branchTag(branch: string, defaultBranchTag: string, isDefaultBranch: boolean): string {
  const clean = sanitizeTagComponent(branch)
  if (isDefaultBranch) return clean
  const collides =
    clean !== branch || clean === defaultBranchTag || RESERVED_TAG.some(pattern => pattern.test(clean))
  if (!collides) return clean
  // Already suffixed (too long, or nothing usable left): that hash is of the real name too.
  if (clean.startsWith('branch-') && clean.length === 'branch-'.length + HASH_LENGTH) return clean
  if (clean.length > MAX_BRANCH_TAG_LENGTH - HASH_LENGTH - 1 && clean.endsWith(`-${shortHash(branch)}`))
    return clean
  return withHashSuffix(clean, branch, Math.min(MAX_BRANCH_TAG_LENGTH, clean.length + HASH_LENGTH + 1))
}

/** Joins a prefix and a component into a tag, re-checking the grammar (defence in depth). */
export function joinTag(...parts: string[]): string {
  const tag = parts.filter(part => part !== '').join('-')
  if (!TAG_PATTERN.test(tag)) throw new Error(`internal error: computed tag "${tag}" is not valid`)
  return tag
}
