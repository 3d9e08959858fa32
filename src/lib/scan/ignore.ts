import * as z from 'zod/mini'
import { UserError } from '../errors.js'
import type { Finding } from './model.js'

export interface IgnoreRule {
  id: string
  reason?: string
  /** ISO 8601 date or date-time, validated when the file is read; after it the rule stops applying. */
  expires?: string
  /** Snyk path scope (`*` = everywhere). */
  path: string
  source: string
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/

/**
 * An ISO 8601 date (`2025-06-30`) or date-time (`2025-06-30T00:00:00.000Z`), checked field by field:
 * `Date` alone reads `2020-02-30` as 1 March and `last year` as NaN, and a NaN expiry would silently
 * never expire. Undefined when the text is not such a date.
 */
export function parseExpiry(text: string): Date | undefined {
  const match = ISO_DATE.exec(text.trim())
  if (!match) return undefined
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map(part => (part === undefined ? undefined : Number(part))) as number[]
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  const date = new Date(text.trim())
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** Fails closed: a rule whose expiry cannot be read would otherwise apply forever. */
function checkedExpiry(value: unknown, id: string, source: string): string | undefined {
  if (value === undefined || value === null) return undefined
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : undefined
  if (text === undefined || !parseExpiry(text)) {
    throw new UserError(
      `${source}: the ignore rule for ${id} has expires ${JSON.stringify(value)}, which is not a date ` +
        '(write an ISO 8601 date such as 2025-06-30 or 2025-06-30T00:00:00.000Z). ' +
        'A rule whose expiry cannot be read is refused rather than applied forever.'
    )
  }
  return text
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)

const kindOf = (value: unknown): string =>
  Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value

/** A YAML mapping (a Date, which YAML may produce, is not one). */
const mapping = <T extends z.ZodMiniType>(values: T) =>
  z.pipe(z.custom<Record<string, unknown>>(isMapping), z.record(z.string(), values))

/** Snyk's `.snyk` policy, as far as the gate reads it: `ignore: { <id>: [ { '<path>': { reason, expires } } ] }`. */
const SnykPolicySchema = z.pipe(
  z.custom<Record<string, unknown>>(isMapping),
  z.looseObject({
    ignore: z.optional(
      mapping(
        z.nullable(
          z.array(mapping(z.nullable(z.looseObject({ reason: z.nullish(z.string()), expires: z.unknown() }))))
        )
      )
    )
  })
)

const SNYK_SHAPE = "ignore: { <id>: [ { '<path>': { reason: …, expires: … } } ] }"

/** The first thing wrong with a `.snyk` policy, in words that say where: the schema gives the path. */
function snykPolicyError(issue: z.core.$ZodIssue, policy: unknown, source: string): UserError {
  const [, id, , path, field] = issue.path.map(String)
  let value: unknown = policy
  for (const key of issue.path)
    value =
      isMapping(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[key] : undefined
  const got = kindOf(value)
  switch (issue.path.length) {
    case 0:
      return new UserError(`${source} is not a .snyk policy (a mapping with ${SNYK_SHAPE}).`)
    case 1:
      return new UserError(`${source}: "ignore" must be a mapping (${SNYK_SHAPE}), got ${got}.`)
    case 2:
      return new UserError(
        `${source}: ignore.${id} must be a list of path entries (e.g. - '*': { reason: …, expires: … }), got ${got}.`
      )
    case 3:
      return new UserError(
        `${source}: each entry of ignore.${id} must map a path to its details (e.g. '*': { reason: … }), got ${got}.`
      )
    case 4:
      return new UserError(
        `${source}: ignore.${id} path '${path}' must have details { reason, expires }, got ${got}.`
      )
    default:
      return new UserError(`${source}: ignore.${id} path '${path}': ${field} must be text.`)
  }
}

/**
 * Snyk's `.snyk` policy, checked against SnykPolicySchema so a malformed file says where it is wrong
 * instead of failing deep inside the gate; every expiry is checked as a date (fails closed).
 */
async function parseSnykPolicy(content: string, source: string): Promise<IgnoreRule[]> {
  // Loaded here, not with the pipeline: ~115 kB that only a run with a .snyk policy reads (issue 17).
  const { parse } = await import('yaml')
  let document: unknown
  try {
    document = parse(content) ?? {}
  } catch (error) {
    throw new UserError(`${source} is not valid YAML: ${(error as Error).message}`)
  }
  const parsed = SnykPolicySchema.safeParse(document)
  if (!parsed.success) throw snykPolicyError(parsed.error.issues[0], document, source)
  const rules: IgnoreRule[] = []
  for (const [id, entries] of Object.entries(parsed.data.ignore ?? {})) {
    // An id with no entries ignores nothing.
    for (const entry of entries ?? []) {
      for (const [path, details] of Object.entries(entry)) {
        rules.push({
          id,
          reason: details?.reason ?? undefined,
          expires: checkedExpiry(details?.expires, id, source),
          path,
          source
        })
      }
    }
  }
  return rules
}

/**
 * Snyk's `.snyk` policy or Trivy's `.trivyignore` (one id per line, optional `exp:YYYY-MM-DD`, `#`
 * comments). Detected from content. An unreadable expiry or a malformed entry is an error.
 */
export async function parseIgnoreFile(content: string, source = 'ignore file'): Promise<IgnoreRule[]> {
  const looksLikeSnyk = /^\s*(version|ignore|patch)\s*:/m.test(content)
  if (looksLikeSnyk) return parseSnykPolicy(content, source)
  return content
    .split(/\r?\n/)
    .map(line => line.replace(/#.*$/, '').trim())
    .filter(Boolean)
    .map(line => {
      const [id, ...rest] = line.split(/\s+/)
      const expires = rest.find(word => word.startsWith('exp:'))?.slice(4)
      return {
        id,
        expires: checkedExpiry(expires, id, source),
        path: '*',
        source
      }
    })
}

export function isExpired(rule: IgnoreRule, now: Date): boolean {
  if (!rule.expires) return false
  const when = parseExpiry(rule.expires)
  // Rules from parseIgnoreFile are already checked; one built elsewhere must not slip through either.
  if (!when) checkedExpiry(rule.expires, rule.id, rule.source)
  return (when as Date).getTime() < now.getTime()
}

export function ruleMatches(rule: IgnoreRule, finding: Finding): boolean {
  if (rule.id !== finding.id && !finding.aliases.includes(rule.id)) return false
  if (rule.path === '*' || rule.path === '') return true
  // Snyk paths are `a > b > c` dependency chains; match by the package at their end.
  const last = rule.path
    .split('>')
    .at(-1)
    ?.trim()
    .replace(/@[^@]*$/, '')
  return last === finding.package || finding.introducedThrough.some(path => path.includes(rule.path))
}

/**
 * The first of `rules` (in file order) that matches each finding, by a look-up of the finding's id
 * and aliases instead of trying every rule on every finding: a rule only matches a finding that has
 * its id, so the rules with those ids are the only candidates.
 */
export function ignoreMatcher(rules: IgnoreRule[]): (finding: Finding) => IgnoreRule | undefined {
  const byId = new Map<string, number[]>()
  rules.forEach((rule, index) => {
    const positions = byId.get(rule.id)
    if (positions) positions.push(index)
    else byId.set(rule.id, [index])
  })
  return finding => {
    if (byId.size === 0) return undefined
    let first = Infinity
    for (const id of [finding.id, ...finding.aliases])
      for (const index of byId.get(id) ?? [])
        if (index < first && ruleMatches(rules[index], finding)) first = index
    return first === Infinity ? undefined : rules[first]
  }
}
