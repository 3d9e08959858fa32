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
  return keyOf(finding.id, finding.package, finding.installedVersion)
}

const keyOf = (id: string, pkg: string, version: string): string => `${id}|${pkg}|${version}`

/** One entry of a FindingIndex: a package version under its id, and the next one under the same id. */
interface IndexSlot<T> {
  package: string
  installedVersion: string
  value: T
  next: IndexSlot<T> | undefined
}

/**
 * A map by findingKey that builds no key: looked up by id, then package and version. While no id or
 * package holds a `|`, two keys are equal exactly when the three are; from the first one that does,
 * the index holds findingKey's texts instead, so its answers are always a Map by findingKey's.
 * (Building and hashing a key for each of 10,000 Snyk entries was most of what merging them cost.)
 */
export class FindingIndex<T> {
  private byId: Map<string, IndexSlot<T>> | undefined = new Map()
  private byKey: Map<string, T> | undefined

  get(id: string, pkg: string, version: string): T | undefined {
    if (this.byId === undefined || hasBar(id, pkg)) return this.keyed().get(keyOf(id, pkg, version))
    for (let slot = this.byId.get(id); slot !== undefined; slot = slot.next)
      if (slot.package === pkg && slot.installedVersion === version) return slot.value
    return undefined
  }

  set(id: string, pkg: string, version: string, value: T): void {
    if (this.byId === undefined || hasBar(id, pkg)) {
      this.keyed().set(keyOf(id, pkg, version), value)
      return
    }
    const first = this.byId.get(id)
    for (let slot = first; slot !== undefined; slot = slot.next)
      if (slot.package === pkg && slot.installedVersion === version) {
        slot.value = value
        return
      }
    this.byId.set(id, { package: pkg, installedVersion: version, value, next: first })
  }

  /** The entries by findingKey's text, from now on. */
  private keyed(): Map<string, T> {
    if (this.byKey === undefined) {
      this.byKey = new Map()
      for (const [id, first] of this.byId ?? [])
        for (let slot: IndexSlot<T> | undefined = first; slot !== undefined; slot = slot.next)
          this.byKey.set(keyOf(id, slot.package, slot.installedVersion), slot.value)
      this.byId = undefined
    }
    return this.byKey
  }
}

const hasBar = (id: string, pkg: string): boolean => id.includes('|') || pkg.includes('|')

/**
 * Texts and one-item lists made once and handed out again to the findings of one report (dependency
 * paths and fixed versions repeat across the findings of a package). Findings never change a list in
 * place (mergeRepeat and dedupe replace lists), so sharing one is safe; it halves what a large
 * report's findings keep.
 */
export class SharedParts {
  private readonly texts = new Map<string, string>()
  private readonly ones = new Map<string, string[]>()
  private readonly none: string[] = []

  /** The text equal to `value` handed out first. */
  text(value: string): string {
    const seen = this.texts.get(value)
    if (seen !== undefined) return seen
    this.texts.set(value, value)
    return value
  }

  /** `[value]`, one list per text. */
  one(value: string): string[] {
    let list = this.ones.get(value)
    if (list === undefined) {
      list = [this.text(value)]
      this.ones.set(value, list)
    }
    return list
  }

  /** `values`, or the list equal to it handed out first when it has one item or none. */
  list(values: string[]): string[] {
    return values.length === 0 ? this.none : values.length === 1 ? this.one(values[0]) : values
  }
}

/**
 * Merges repeated findings (Snyk lists one per dependency path), keeping every path. The findings
 * given are not changed: a finding is copied only when a repeat is merged into it.
 */
export function dedupe(findings: Finding[]): Finding[] {
  const places = new FindingIndex<number>()
  const kept: Finding[] = []
  let copied: Set<number> | undefined
  for (const finding of findings) {
    const { id, package: pkg, installedVersion } = finding
    const at = places.get(id, pkg, installedVersion)
    if (at === undefined) {
      places.set(id, pkg, installedVersion, kept.length)
      kept.push(finding)
      continue
    }
    if (!copied?.has(at)) {
      kept[at] = { ...kept[at] }
      ;(copied ??= new Set()).add(at)
    }
    mergeRepeat(kept[at], finding)
  }
  // An array of its exact size: findings are kept all run.
  return kept.slice()
}

/** What mergeRepeat takes of a repeat. */
export type Repeat = Pick<Finding, 'introducedThrough' | 'fixedVersions' | 'upgradable'>

/**
 * Merges a repeat of a finding (the same key) into it, as dedupe() does: the repeat's paths and fixed
 * versions not yet listed are added, in order, and a fix in either makes it upgradable. Changes
 * `into` (its lists are replaced, never changed in place; one that would come out the same is kept).
 */
export function mergeRepeat(into: Finding, repeat: Repeat): void {
  const paths = into.introducedThrough
  if (!repeat.introducedThrough.every(path => paths.includes(path))) {
    const added = repeat.introducedThrough.filter(
      (path, index, list) => !paths.includes(path) && list.indexOf(path) === index
    )
    into.introducedThrough = paths.concat(added)
  }
  if (!isUniqueSuperset(into.fixedVersions, repeat.fixedVersions))
    into.fixedVersions = unique(into.fixedVersions.concat(repeat.fixedVersions))
  into.upgradable ||= repeat.upgradable
}

/** Whether unique(list.concat(more)) would equal `list`: no repeat in it, and `more` all in it. */
function isUniqueSuperset<T>(list: T[], more: T[]): boolean {
  for (let index = 0; index < list.length; index++) if (list.indexOf(list[index]) !== index) return false
  return more.every(value => list.includes(value))
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
