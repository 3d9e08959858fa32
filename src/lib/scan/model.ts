import { unique } from '../unique.js'
import { UserError } from '../errors.js'

/** One finding model for every scanner (Snyk, Trivy, Grype, SARIF reports). */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export interface Finding {
  /** The scanner's identifier (SNYK-…, CVE-…, GHSA-…). */
  id: string
  /** CVE and other aliases, for ignore rules and cross-scanner comparison. */
  aliases: string[]
  title: string
  severity: Severity
  cvssScore?: number
  package: string
  installedVersion: string
  fixedVersions: string[]
  /** A fix exists (an upgrade or a patch). */
  upgradable: boolean
  /** Dependency path(s) that bring the package in. */
  introducedThrough: string[]
  /** Where it lives: the base image, an image layer, or an application dependency. */
  origin: 'base-image' | 'os' | 'application' | 'unknown'
  layer?: string
  url?: string
}

export interface ScanReport {
  scanner: 'snyk' | 'trivy' | 'grype' | 'sarif'
  /** The image (or artifact) the report says it scanned. */
  target?: string
  findings: Finding[]
  baseImage?: string
  /** The scanner's base-image upgrade advice, as lines. */
  remediation: string[]
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

/** Normalizes a scanner's severity word; unknown/negligible ones count as low (never dropped). */
export function toSeverity(value: unknown): Severity {
  const word = String(value ?? '').toLowerCase()
  if (word === 'critical') return 'critical'
  if (word === 'high' || word === 'error') return 'high'
  if (word === 'medium' || word === 'moderate' || word === 'warning') return 'medium'
  return 'low'
}

/** CVSS v3 qualitative bands (as GitHub maps security-severity). */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return 'critical'
  if (score >= 7) return 'high'
  if (score >= 4) return 'medium'
  return 'low'
}

/** A finding in three fields, for outputs and the normalized report. */
export function briefFinding(finding: Finding): Pick<Finding, 'id' | 'package' | 'severity'> {
  return { id: finding.id, package: finding.package, severity: finding.severity }
}

/** Identity of a finding across paths and runs: the same vulnerability in the same package version. */
export function findingKey(finding: Pick<Finding, 'id' | 'package' | 'installedVersion'>): string {
  return `${finding.id}|${finding.package}|${finding.installedVersion}`
}

/**
 * Merges repeated findings (Snyk lists one per dependency path), keeping every path. The findings
 * given are not changed: a finding is copied only when a repeat is merged into it.
 */
export function dedupe(findings: Finding[]): Finding[] {
  const byKey = new Map<string, Finding>()
  const copies = new Set<Finding>()
  for (const finding of findings) {
    const key = findingKey(finding)
    let existing = byKey.get(key)
    if (!existing) {
      byKey.set(key, finding)
      continue
    }
    if (!copies.has(existing)) {
      existing = { ...existing }
      copies.add(existing)
      byKey.set(key, existing)
    }
    mergeRepeat(existing, finding)
  }
  return [...byKey.values()]
}

/**
 * Merges a repeat of a finding (the same key) into it, as dedupe() does: the repeat's paths and fixed
 * versions not yet listed are added, in order, and a fix in either makes it upgradable. Changes
 * `into` (its lists are replaced, not changed).
 */
export function mergeRepeat(into: Finding, repeat: Finding): void {
  const paths = into.introducedThrough
  const added = repeat.introducedThrough.filter(
    (path, index, list) => !paths.includes(path) && list.indexOf(path) === index
  )
  if (added.length > 0) into.introducedThrough = paths.concat(added)
  into.fixedVersions = unique(into.fixedVersions.concat(repeat.fixedVersions))
  into.upgradable ||= repeat.upgradable
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { low: 0, medium: 0, high: 0, critical: 0 }
  for (const finding of findings) counts[finding.severity]++
  return counts
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
