import { type IgnoreRule, ignoreMatcher, isExpired } from './ignore.js'
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

/** Applies one gate policy, whatever the scanner. */
export function evaluateGate(findings: Finding[], policy: GatePolicy): GateResult {
  const now = policy.now ?? new Date()
  const expired: IgnoreRule[] = []
  const live: IgnoreRule[] = []
  for (const rule of policy.ignores) (isExpired(rule, now) ? expired : live).push(rule)
  const ignoredBy = ignoreMatcher(live)
  const ignored: GateResult['ignored'] = []
  const active: Finding[] = []
  for (const finding of findings) {
    const rule = ignoredBy(finding)
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
