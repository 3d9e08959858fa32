import { parse } from 'yaml'
import { UserError } from '../errors.js'
import type { Finding } from './model.js'

export interface IgnoreRule {
  id: string
  reason?: string
  /** ISO date; after it the rule stops applying. */
  expires?: string
  /** Snyk path scope (`*` = everywhere). */
  path: string
  source: string
}

/**
 * Snyk's `.snyk` policy (`ignore: { <id>: [ { '<path>': { reason, expires } } ] }`) or Trivy's
 * `.trivyignore` (one id per line, optional `exp:YYYY-MM-DD`, `#` comments). Detected from content.
 */
export function parseIgnoreFile(content: string, source = 'ignore file'): IgnoreRule[] {
  const looksLikeSnyk = /^\s*(version|ignore|patch)\s*:/m.test(content)
  if (!looksLikeSnyk) {
    return content
      .split(/\r?\n/)
      .map(line => line.replace(/#.*$/, '').trim())
      .filter(Boolean)
      .map(line => {
        const [id, ...rest] = line.split(/\s+/)
        const expires = rest.find(word => word.startsWith('exp:'))?.slice(4)
        return { id, expires, path: '*', source }
      })
  }
  let policy: { ignore?: Record<string, Array<Record<string, { reason?: string; expires?: string | Date }>>> }
  try {
    policy = (parse(content) ?? {}) as typeof policy
  } catch (error) {
    throw new UserError(`${source} is not valid YAML: ${(error as Error).message}`)
  }
  const rules: IgnoreRule[] = []
  for (const [id, entries] of Object.entries(policy.ignore ?? {})) {
    for (const entry of entries ?? []) {
      for (const [path, details] of Object.entries(entry ?? {})) {
        const expires = details?.expires instanceof Date ? details.expires.toISOString() : details?.expires
        rules.push({ id, reason: details?.reason, expires, path, source })
      }
    }
  }
  return rules
}

export function isExpired(rule: IgnoreRule, now: Date): boolean {
  if (!rule.expires) return false
  const when = new Date(rule.expires)
  return !Number.isNaN(when.getTime()) && when.getTime() < now.getTime()
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
