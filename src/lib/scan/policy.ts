import { UserError } from '../errors.js'
import { type IgnoreRule, isExpired, ruleMatches } from './ignore.js'
import {
  type Finding,
  SEVERITIES,
  type Severity,
  countBySeverity,
  findingKey,
  severityRank
} from './model.js'

export interface GatePolicy {
  /** Lowest severity that fails the gate. */
  threshold: Severity
  /** `upgradable`: only findings that have a fix count. */
  failOn: 'all' | 'upgradable'
  /** Allowed counts per severity (overrides "none allowed at or above the threshold"). */
  maxFindings: Partial<Record<Severity, number>>
  ignores: IgnoreRule[]
  /** Keys (findingKey) of the baseline's findings: only new ones count. */
  baseline?: Set<string>
  now?: Date
}

export interface GateResult {
  passed: boolean
  reasons: string[]
  /** Findings that count against the gate (after ignores, fail-on and baseline). */
  failing: Finding[]
  /** Findings after ignores (what the SARIF and summary show). */
  active: Finding[]
  ignored: Array<{ finding: Finding; rule: IgnoreRule }>
  /** Ignore rules whose date passed (they no longer apply). */
  expired: IgnoreRule[]
  /** Active findings not in the baseline (all of them without a baseline). */
  newFindings: Finding[]
  counts: { before: Record<Severity, number>; after: Record<Severity, number> }
}

/** `critical=0,high=5` (or one per line) -> limits per severity. */
export function parseMaxFindings(text: string): Partial<Record<Severity, number>> {
  const limits: Partial<Record<Severity, number>> = {}
  for (const part of text
    .split(/[\n,]/)
    .map(item => item.trim())
    .filter(Boolean)) {
    const match = /^(low|medium|high|critical)\s*[=:]\s*(\d+)$/i.exec(part)
    if (!match)
      throw new UserError(`max-findings: "${part}" is not <severity>=<count> (e.g. critical=0,high=5).`)
    limits[match[1].toLowerCase() as Severity] = Number(match[2])
  }
  return limits
}

/** Applies one gate policy, whatever the scanner. */
export function evaluateGate(findings: Finding[], policy: GatePolicy): GateResult {
  const now = policy.now ?? new Date()
  const expired = policy.ignores.filter(rule => isExpired(rule, now))
  const live = policy.ignores.filter(rule => !isExpired(rule, now))
  const ignored: GateResult['ignored'] = []
  const active: Finding[] = []
  for (const finding of findings) {
    const rule = live.find(candidate => ruleMatches(candidate, finding))
    if (rule) ignored.push({ finding, rule })
    else active.push(finding)
  }
  const newFindings = policy.baseline
    ? active.filter(finding => !policy.baseline?.has(findingKey(finding)))
    : active
  const eligible = newFindings.filter(finding => policy.failOn === 'all' || finding.upgradable)

  const reasons: string[] = []
  const failing: Finding[] = []
  for (const severity of [...SEVERITIES].reverse()) {
    const ofSeverity = eligible.filter(finding => finding.severity === severity)
    const limit =
      policy.maxFindings[severity] ??
      (severityRank(severity) >= severityRank(policy.threshold) ? 0 : Infinity)
    if (ofSeverity.length > limit) {
      failing.push(...ofSeverity)
      const qualifier = [policy.baseline ? 'new' : '', policy.failOn === 'upgradable' ? 'fixable' : '']
        .filter(Boolean)
        .join(' ')
      reasons.push(
        `${ofSeverity.length} ${qualifier ? `${qualifier} ` : ''}${severity} finding${ofSeverity.length === 1 ? '' : 's'} (allowed: ${limit})`
      )
    }
  }
  return {
    passed: reasons.length === 0,
    reasons,
    failing: failing.sort((a, b) => severityRank(b.severity) - severityRank(a.severity)),
    active,
    ignored,
    expired,
    newFindings,
    counts: { before: countBySeverity(findings), after: countBySeverity(active) }
  }
}
