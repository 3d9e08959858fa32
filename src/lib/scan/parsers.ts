/**
 * Scanner reports (Snyk, Trivy, Grype, SARIF) into one finding model. Each format's JSON is checked
 * against a schema of the parts read here before anything is taken from it, so a report of the right
 * kind but the wrong shape says where it is wrong. Schemas are loose (other fields pass), and text
 * fields take any scalar, as the scanners' own versions differ.
 */
import * as z from 'zod/mini'
import { UserError } from '../errors.js'
import { unique } from '../unique.js'
import {
  type Finding,
  FindingIndex,
  type Repeat,
  SharedParts,
  type ScanReport,
  dedupe,
  mergeRepeat,
  severityFromScore,
  toSeverity
} from './model.js'
import {
  type ByteSource,
  type Projection,
  type Transform,
  type Transforms,
  mergeProjections,
  projectionOf,
  readProjected
} from './json-reader.js'
import { fitsShape, readShape } from './report-shape.js'

/** A text field: any scalar (numbers and booleans are written as text), or absent. */
const Scalar = z.nullish(z.union([z.string(), z.number(), z.boolean()]))
/** One value or a list of them (Snyk writes both). */
const oneOrMany = <T extends z.ZodMiniType>(item: T) => z.nullish(z.union([item, z.array(item)]))
const list = <T extends z.ZodMiniType>(item: T) => z.nullish(z.array(item))

const asArray = <T>(value: T | T[] | undefined | null): T[] =>
  value == null ? [] : Array.isArray(value) ? value : [value]
const text = (value: unknown): string => (value == null ? '' : String(value))
/** `text.split('\n')[0]`, without splitting a long description into all its lines. */
const firstLine = (text: string): string => {
  const end = text.indexOf('\n')
  return end < 0 ? text : text.slice(0, end)
}

// ---- Snyk: `snyk container test --json` (one project, with applications[]; or an array of projects)

const SnykVulnerability = z.looseObject({
  id: Scalar,
  title: Scalar,
  severity: Scalar,
  cvssScore: z.nullish(z.number()),
  name: oneOrMany(z.string()),
  packageName: Scalar,
  version: Scalar,
  /** One dependency path, or a list of them. */
  from: list(z.union([z.string(), z.array(z.string())])),
  fixedIn: oneOrMany(Scalar),
  nearestFixedInVersion: Scalar,
  identifiers: z.nullish(z.looseObject({ CVE: oneOrMany(z.string()), GHSA: oneOrMany(z.string()) })),
  isUpgradable: z.nullish(z.boolean()),
  isPatchable: z.nullish(z.boolean()),
  packageManager: Scalar,
  dockerBaseImage: Scalar
})
type SnykVulnerability = z.infer<typeof SnykVulnerability>

/**
 * A Snyk project (the report, an application of it, or an item of a list of projects), its
 * vulnerabilities of the schema `vulnerability`.
 */
const snykProject = <T extends z.ZodMiniType>(vulnerability: T) =>
  z.looseObject({
    error: Scalar,
    path: Scalar,
    projectName: Scalar,
    packageManager: Scalar,
    vulnerabilities: list(vulnerability),
    docker: z.nullish(
      z.looseObject({
        baseImage: Scalar,
        baseImageRemediation: z.nullish(z.looseObject({ advice: list(z.looseObject({ message: Scalar })) }))
      })
    )
  })
const snykReport = <T extends z.ZodMiniType>(vulnerability: T) => {
  const project = snykProject(vulnerability)
  return z.union([z.array(project), z.extend(project, { applications: list(project) })])
}
type SnykProject = z.infer<ReturnType<typeof snykProject<typeof SnykVulnerability>>>
const SnykReport = snykReport(SnykVulnerability)

const OS_PACKAGE_MANAGER = /^(deb|apk|rpm|linux|debian|ubuntu|alpine|centos|rhel)/

/** What a finding's origin depends on, besides its project and the base image. */
type OriginFacts = Pick<SnykVulnerability, 'packageManager' | 'dockerBaseImage'>

/**
 * A vulnerability's finding, its origin left unknown: it may depend on the project's package manager
 * and on the base image, which a report may list after its vulnerabilities (settleOrigin()).
 */
function snykFinding(vuln: SnykVulnerability, shared?: SharedParts): Finding {
  const fixed = snykFixedVersions(vuln)
  return {
    id: text(vuln.id),
    // With `shared`, the reader built `vuln` for this finding alone: its lists are taken, not copied.
    aliases: both(vuln.identifiers?.CVE, vuln.identifiers?.GHSA, shared !== undefined),
    title: shared ? shared.text(text(vuln.title)) : text(vuln.title),
    severity: toSeverity(vuln.severity),
    cvssScore: vuln.cvssScore ?? undefined,
    package: snykPackage(vuln),
    installedVersion: text(vuln.version),
    fixedVersions: shared ? shared.list(fixed) : fixed,
    upgradable: snykUpgradable(vuln, fixed),
    introducedThrough: shared ? sharedPaths(vuln.from ?? [], shared) : dependencyPaths(vuln.from ?? []),
    origin: 'unknown',
    url: vuln.id ? `https://security.snyk.io/vuln/${text(vuln.id)}` : undefined
  }
}

/** What a repeat of a vulnerability adds to its first (mergeRepeat), its finding not built. */
function snykRepeat(vuln: SnykVulnerability): Repeat {
  const fixed = snykFixedVersions(vuln)
  return {
    introducedThrough: dependencyPaths(vuln.from ?? []),
    fixedVersions: fixed,
    upgradable: snykUpgradable(vuln, fixed)
  }
}

/**
 * `asArray(one).concat(asArray(other))`, without the arrays in between; `owned`: `one`, a list no one
 * else holds (the reader built it for this finding), is taken as it is rather than copied.
 */
function both<T>(one: T | T[] | null | undefined, other: T | T[] | null | undefined, owned = false): T[] {
  if (other != null) return asArray(one).concat(asArray(other))
  return one == null ? [] : Array.isArray(one) ? (owned ? one : one.slice()) : [one]
}

/**
 * mergeRepeat(into, snykRepeat(vuln)), building neither the repeat nor its lists when its fixed
 * versions are all listed already and it has one path (as nearly every Snyk repeat): what is left of
 * a repeat is then its path, added when new.
 */
function mergeSnykRepeat(into: Finding, vuln: SnykVulnerability, shared: SharedParts): void {
  const from = vuln.from ?? []
  if (Array.isArray(from[0]) || !listsFixedVersions(into.fixedVersions, vuln)) {
    mergeRepeat(into, snykRepeat(vuln))
    return
  }
  const path = shared.text(pathText(only(from, isStep)))
  // `concat` of a text adds it as one item: one array of the exact size, nothing in between.
  if (path && !into.introducedThrough.includes(path))
    into.introducedThrough = into.introducedThrough.concat(path)
  into.upgradable ||= Boolean(vuln.isUpgradable || vuln.isPatchable || hasFixedVersion(vuln))
}

/**
 * Whether `list` holds no repeat and every version snykFixedVersions(vuln) lists, without that list
 * (mergeRepeat then keeps `list` as it is).
 */
function listsFixedVersions(list: string[], vuln: SnykVulnerability): boolean {
  if (!isUnique(list)) return false
  const { fixedIn, nearestFixedInVersion: nearest } = vuln
  if (Array.isArray(fixedIn)) {
    for (let index = 0; index < fixedIn.length; index++)
      if (!list.includes(text(fixedIn[index]))) return false
  } else if (fixedIn != null && !list.includes(text(fixedIn))) return false
  return !nearest || list.includes(text(nearest))
}

/** snykFixedVersions(vuln).length > 0, without the list. */
const hasFixedVersion = (vuln: SnykVulnerability): boolean =>
  (vuln.fixedIn != null && !(Array.isArray(vuln.fixedIn) && vuln.fixedIn.length === 0)) ||
  Boolean(vuln.nearestFixedInVersion)

const snykPackage = (vuln: SnykVulnerability): string =>
  text(vuln.packageName ?? (Array.isArray(vuln.name) ? vuln.name[0] : vuln.name))

/** Each version listed in fixedIn, then the nearest fixed version, once each. */
function snykFixedVersions(vuln: SnykVulnerability): string[] {
  const nearest = vuln.nearestFixedInVersion
  if (vuln.fixedIn == null || (Array.isArray(vuln.fixedIn) && vuln.fixedIn.length === 0))
    return nearest ? [text(nearest)] : []
  // Lists made here, each of its exact size (`concat` of a text adds it as one item); unique() copies
  // only a list that holds a repeat.
  const listed = asArray(vuln.fixedIn).map(text)
  const all = nearest ? listed.concat(text(nearest)) : listed
  return isUnique(all) ? all : unique(all)
}

/** Whether a short list holds no repeat (a long one is left to unique(), which uses a Set). */
function isUnique(list: string[]): boolean {
  if (list.length > 16) return false
  for (let index = 0; index < list.length; index++) if (list.indexOf(list[index]) !== index) return false
  return true
}

/** A fix exists: an upgrade, a patch or a fixed version (a list from snykFixedVersions). */
const snykUpgradable = (vuln: SnykVulnerability, fixed: string[]): boolean =>
  Boolean(vuln.isUpgradable || vuln.isPatchable || fixed.length > 0)

/** Sets the origin snykFinding() left unknown; returns the finding. */
function settleOrigin(
  finding: Finding,
  vuln: OriginFacts,
  project: Pick<SnykProject, 'packageManager'>,
  baseImage: string | undefined
): Finding {
  const osPackage = OS_PACKAGE_MANAGER.test(text(vuln.packageManager ?? project.packageManager))
  finding.origin =
    vuln.dockerBaseImage || (osPackage && baseImage) ? 'base-image' : osPackage ? 'os' : 'application'
  return finding
}

/**
 * Snyk's `from` (one path of names from the image down, or a list of them) as the paths the summary
 * shows: the steps after the image, joined by ' > ', empty ones left out.
 */
function dependencyPaths(from: Array<string | string[]>): string[] {
  if (Array.isArray(from[0])) return withoutEmpty(only(from, isPath).map(pathText))
  // One path, as Snyk lists each: its text alone, without a list of paths around it.
  const path = pathText(only(from, isStep))
  return path ? [path] : []
}

/** dependencyPaths, its texts and a list of one or none from `shared`. */
function sharedPaths(from: Array<string | string[]>, shared: SharedParts): string[] {
  if (Array.isArray(from[0])) return shared.list(dependencyPaths(from).map(path => shared.text(path)))
  const path = pathText(only(from, isStep))
  return path ? shared.one(path) : shared.list([])
}

const isPath = (item: string | string[]): item is string[] => Array.isArray(item)
const isStep = (item: string | string[]): item is string => typeof item === 'string'
const pathText = (path: string[]): string => path.slice(1).join(' > ')

/**
 * `list.filter(keep)`, or the list itself when every item is kept (as nearly always): an array grown
 * by filter keeps room for more items, and findings are kept all run.
 */
function only<T, U extends T>(list: T[], keep: (item: T) => item is U): U[]
function only<T>(list: T[], keep: (item: T) => boolean): T[]
function only<T>(list: T[], keep: (item: T) => boolean): T[] {
  return list.every(keep) ? list : list.filter(keep)
}

/** A list without its empty texts (only()). */
const withoutEmpty = (list: string[]): string[] => only(list, Boolean)

export function parseSnyk(json: unknown): ScanReport {
  const report = readShape(SnykReport, json, 'The Snyk report', { expected: 'a readable Snyk report' })
  return snykScanReport(report, (project, baseImage) =>
    (project.vulnerabilities ?? []).map(vuln => settleOrigin(snykFinding(vuln), vuln, project, baseImage))
  )
}

/** The parts of a Snyk project snykScanReport reads, with vulnerabilities of type `V`. */
interface SnykProjectOf<V> {
  error?: SnykProject['error']
  path?: SnykProject['path']
  projectName?: SnykProject['projectName']
  packageManager?: SnykProject['packageManager']
  docker?: SnykProject['docker']
  vulnerabilities?: V[] | null
}

type SnykReportOf<V> =
  Array<SnykProjectOf<V>> | (SnykProjectOf<V> & { applications?: Array<SnykProjectOf<V>> | null })

/** A Snyk report's projects: the array of projects, or the report and its applications. */
const snykProjects = <V>(report: SnykReportOf<V>): Array<SnykProjectOf<V>> =>
  Array.isArray(report) ? report : [report, ...(report.applications ?? [])]

/** A Snyk report whose shape was checked, each project's findings made by `findingsOf`. */
function snykScanReport<V>(
  report: SnykReportOf<V>,
  findingsOf: (project: SnykProjectOf<V>, baseImage: string | undefined) => Finding[]
): ScanReport {
  const projects = snykProjects(report)
  const failed = projects.find(project => project.error)
  if (failed) throw new UserError(`The Snyk report is an error report: ${text(failed.error)}`)
  const docker = projects.find(project => project.docker)?.docker
  const baseImage = docker?.baseImage ? text(docker.baseImage) : undefined
  return {
    scanner: 'snyk',
    target: text(projects[0]?.path ?? projects[0]?.projectName) || undefined,
    findings: dedupe(projects.flatMap(project => findingsOf(project, baseImage))),
    baseImage,
    remediation: (docker?.baseImageRemediation?.advice ?? []).map(advice => text(advice.message))
  }
}

/**
 * What a finding made as its vulnerability is read (readAsFindings) has for origin until its project
 * and the report's base image are known (settleReadOrigin): final when the vulnerability alone decides
 * it; 'os' for an OS package (the base image's, if the report names one); 'unknown' when the project's
 * package manager decides. The finding's JSON is dropped at once: 10,000 of them would otherwise
 * outlive several young-generation collections, each of which moves them.
 */
function readOrigin(vuln: OriginFacts): Finding['origin'] {
  if (vuln.dockerBaseImage) return 'base-image'
  if (vuln.packageManager == null) return 'unknown'
  return OS_PACKAGE_MANAGER.test(text(vuln.packageManager)) ? 'os' : 'application'
}

/** settleOrigin for a finding made as read (readOrigin), in its project; returns the finding. */
function settleReadOrigin(
  finding: Finding,
  project: Pick<SnykProject, 'packageManager'>,
  baseImage: string | undefined
): Finding {
  if (finding.origin === 'os') {
    if (baseImage) finding.origin = 'base-image'
  } else if (finding.origin === 'unknown') {
    const osPackage = OS_PACKAGE_MANAGER.test(text(project.packageManager))
    finding.origin = osPackage && baseImage ? 'base-image' : osPackage ? 'os' : 'application'
  }
  return finding
}

/** What readAsFindings leaves in a list in place of a repeat merged into its first. */
const MERGED_REPEAT = Object.freeze({})

/**
 * A report's JSON as readAsFindings read it, how many Snyk vulnerabilities in it did not fit, and how
 * many findings the reading made.
 */
export interface ReadAsFindings {
  json: unknown
  misfits: number
  made: number
}

/**
 * What readAsFindings makes of each Snyk vulnerability, as it is read: its finding (its origin as
 * readOrigin leaves it), or, for a repeat of one earlier in the same list (Snyk lists a finding once
 * per dependency path), MERGED_REPEAT, the repeat merged into the first as dedupe() would merge it.
 * One that does not fit is kept as read, and counted in `read.misfits`.
 */
function snykVulnerabilitiesRead(read: ReadAsFindings): Transform {
  let firsts = new FindingIndex<Finding>()
  const shared = new SharedParts()
  return (value, index) => {
    if (index === 0) firsts = new FindingIndex() // a new list: repeats are merged within a list only
    if (!fitsShape(SnykVulnerability, value)) {
      read.misfits++
      return value
    }
    const vuln = value as SnykVulnerability
    // The key's parts as snykFinding makes them: a repeat's finding is never built.
    const id = text(vuln.id)
    const pkg = snykPackage(vuln)
    const version = text(vuln.version)
    const first = firsts.get(id, pkg, version)
    if (first === undefined) {
      const finding = snykFinding(vuln, shared)
      finding.origin = readOrigin(vuln)
      firsts.set(id, pkg, version, finding)
      read.made++
      return finding
    }
    mergeSnykRepeat(first, vuln, shared)
    return MERGED_REPEAT
  }
}

/** A Snyk report as readAsFindings reads it: each vulnerability was checked (and made a finding) as read. */
const SnykReportAsRead = snykReport(z.unknown())

/**
 * parseSnyk for a report read by readAsFindings; undefined when a vulnerability (kept as read) or the
 * rest of the report does not fit: the report is then read plainly, and parseSnyk says what is wrong.
 * With no misfit, each item of a project's vulnerabilities is a finding the transform made or
 * MERGED_REPEAT; that every finding made is found there, and nothing else, is checked (fail closed:
 * an item the transform did not see is never taken for a finding).
 */
function parseSnykAsRead({ json, misfits, made }: ReadAsFindings): ScanReport | undefined {
  if (misfits > 0 || !fitsShape(SnykReportAsRead, json)) return undefined
  const report = json as z.infer<typeof SnykReportAsRead>
  let found = 0
  for (const project of snykProjects(report))
    for (const vuln of project.vulnerabilities ?? []) if (vuln !== MERGED_REPEAT) found++
  if (found !== made) return undefined
  return snykScanReport(report, (project, baseImage) => {
    const findings: Finding[] = []
    for (const vuln of project.vulnerabilities ?? [])
      if (vuln !== MERGED_REPEAT) findings.push(settleReadOrigin(vuln as Finding, project, baseImage))
    return findings
  })
}

// ---- Trivy: `trivy image --format json` (SchemaVersion 2)

const TrivyReport = z.looseObject({
  ArtifactName: Scalar,
  Results: list(
    z.looseObject({
      Target: Scalar,
      Class: Scalar,
      Vulnerabilities: list(
        z.looseObject({
          VulnerabilityID: Scalar,
          Title: Scalar,
          Severity: Scalar,
          CVSS: z.nullish(
            z.record(
              z.string(),
              z.looseObject({ V3Score: z.nullish(z.number()), V2Score: z.nullish(z.number()) })
            )
          ),
          FixedVersion: Scalar,
          PkgName: Scalar,
          InstalledVersion: Scalar,
          Layer: z.nullish(z.looseObject({ DiffID: z.nullish(z.string()), Digest: z.nullish(z.string()) })),
          PrimaryURL: z.nullish(z.string())
        })
      )
    })
  )
})

export function parseTrivy(json: unknown): ScanReport {
  const report = readShape(TrivyReport, json, 'The Trivy report', { expected: 'a readable Trivy report' })
  const findings = (report.Results ?? []).flatMap(result =>
    (result.Vulnerabilities ?? []).map((vuln): Finding => {
      const scores = Object.values(vuln.CVSS ?? {})
        .map(cvss => cvss.V3Score ?? cvss.V2Score)
        .filter((score): score is number => typeof score === 'number')
      const fixed = withoutEmpty(text(vuln.FixedVersion).split(/,\s*/))
      const id = text(vuln.VulnerabilityID)
      const target = text(result.Target)
      return {
        id,
        aliases: id.startsWith('CVE-') ? [id] : [],
        title: text(vuln.Title),
        severity: toSeverity(vuln.Severity),
        cvssScore: vuln.CVSS?.nvd?.V3Score ?? scores[0],
        package: text(vuln.PkgName),
        installedVersion: text(vuln.InstalledVersion),
        fixedVersions: fixed,
        upgradable: fixed.length > 0,
        introducedThrough: target ? [target] : [],
        origin: result.Class === 'os-pkgs' ? 'os' : result.Class === 'lang-pkgs' ? 'application' : 'unknown',
        layer: vuln.Layer?.DiffID ?? vuln.Layer?.Digest ?? undefined,
        url: vuln.PrimaryURL ?? undefined
      }
    })
  )
  return {
    scanner: 'trivy',
    target: text(report.ArtifactName) || undefined,
    findings: dedupe(findings),
    remediation: []
  }
}

// ---- Grype: `grype <image> -o json`

const GrypeReport = z.looseObject({
  matches: z.array(
    z.looseObject({
      vulnerability: z.nullish(
        z.looseObject({
          id: Scalar,
          description: Scalar,
          severity: Scalar,
          dataSource: Scalar,
          urls: list(z.string()),
          cvss: list(
            z.looseObject({ metrics: z.nullish(z.looseObject({ baseScore: z.nullish(z.number()) })) })
          ),
          fix: z.nullish(z.looseObject({ state: Scalar, versions: list(z.string()) }))
        })
      ),
      relatedVulnerabilities: list(z.looseObject({ id: Scalar })),
      artifact: z.nullish(
        z.looseObject({
          name: Scalar,
          version: Scalar,
          type: Scalar,
          locations: list(z.looseObject({ path: Scalar, layerID: z.nullish(z.string()) }))
        })
      )
    })
  ),
  source: z.nullish(
    z.looseObject({ target: z.nullish(z.union([z.string(), z.looseObject({ userInput: Scalar })])) })
  )
})

export function parseGrype(json: unknown): ScanReport {
  const report = readShape(GrypeReport, json, 'The Grype report', { expected: 'a readable Grype report' })
  const findings = report.matches.map((match): Finding => {
    const vuln = match.vulnerability ?? {}
    const artifact = match.artifact ?? {}
    const scores = (vuln.cvss ?? [])
      .map(cvss => cvss.metrics?.baseScore)
      .filter((score): score is number => typeof score === 'number')
    const fixed = vuln.fix?.versions ?? []
    const aliases = only(
      [vuln.id, ...(match.relatedVulnerabilities ?? []).map(related => related.id)].map(text),
      id => /^(CVE|GHSA)-/.test(id)
    )
    const locations = artifact.locations ?? []
    return {
      id: text(vuln.id),
      aliases: unique(aliases),
      title: firstLine(text(vuln.description)).slice(0, 200) || text(vuln.id),
      severity: toSeverity(vuln.severity),
      cvssScore: scores.length > 0 ? Math.max(...scores) : undefined,
      package: text(artifact.name),
      installedVersion: text(artifact.version),
      fixedVersions: fixed,
      upgradable: vuln.fix?.state === 'fixed' && fixed.length > 0,
      introducedThrough: locations.map(location => text(location.path)),
      origin: /^(deb|apk|rpm)$/.test(text(artifact.type)) ? 'os' : 'application',
      layer: locations[0]?.layerID ?? undefined,
      url: vuln.urls?.[0] ?? (text(vuln.dataSource) || undefined)
    }
  })
  const target = report.source?.target
  return {
    scanner: 'grype',
    target: typeof target === 'string' ? target : text(target?.userInput) || undefined,
    findings: dedupe(findings),
    remediation: []
  }
}

// ---- SARIF 2.1.0 from any scanner (Snyk, Trivy and Grype all emit it)

const SarifRule = z.looseObject({
  id: Scalar,
  helpUri: z.nullish(z.string()),
  shortDescription: z.nullish(z.looseObject({ text: Scalar })),
  defaultConfiguration: z.nullish(z.looseObject({ level: Scalar })),
  properties: z.nullish(z.looseObject({ tags: list(Scalar), 'security-severity': Scalar }))
})
type SarifRule = z.infer<typeof SarifRule>

const SarifReport = z.looseObject({
  runs: z.array(
    z.looseObject({
      tool: z.nullish(z.looseObject({ driver: z.nullish(z.looseObject({ rules: list(SarifRule) })) })),
      results: list(
        z.looseObject({
          ruleId: Scalar,
          ruleIndex: z.nullish(z.int()),
          level: Scalar,
          message: z.nullish(z.looseObject({ text: Scalar })),
          locations: list(
            z.looseObject({
              physicalLocation: z.nullish(
                z.looseObject({ artifactLocation: z.nullish(z.looseObject({ uri: Scalar })) })
              )
            })
          )
        })
      )
    })
  )
})

function sarifSeverity(rule: SarifRule | undefined, level: unknown): Finding['severity'] {
  const tag = (rule?.properties?.tags ?? [])
    .map(text)
    .find(word => /^(critical|high|medium|low)$/i.test(word))
  if (tag) return toSeverity(tag)
  const score = Number(rule?.properties?.['security-severity'])
  if (Number.isFinite(score) && score > 0) return severityFromScore(score)
  return toSeverity(level ?? rule?.defaultConfiguration?.level)
}

export function parseSarif(json: unknown): ScanReport {
  const report = readShape(SarifReport, json, 'The SARIF report', { expected: 'a readable SARIF report' })
  const findings = report.runs.flatMap(run => {
    const ruleList = run.tool?.driver?.rules ?? []
    const rules = new Map(ruleList.map(rule => [text(rule.id), rule]))
    return (run.results ?? []).map((result): Finding => {
      const rule = rules.get(text(result.ruleId)) ?? ruleList[result.ruleIndex ?? -1]
      const message = text(result.message?.text)
      const field = (name: string): string => new RegExp(`${name}: (.+)`).exec(message)?.[1]?.trim() ?? ''
      const uri = text(result.locations?.[0]?.physicalLocation?.artifactLocation?.uri)
      const score = Number(rule?.properties?.['security-severity'])
      const fixed = field('Fixed Version')
      return {
        id: text(result.ruleId),
        aliases: [text(result.ruleId)].filter(id => id.startsWith('CVE-')),
        title: text(rule?.shortDescription?.text ?? message.split('\n')[0]),
        severity: sarifSeverity(rule, result.level),
        cvssScore: Number.isFinite(score) ? score : undefined,
        package: field('Package') || uri,
        installedVersion: field('Installed Version'),
        fixedVersions: fixed ? [fixed] : [],
        upgradable: Boolean(fixed),
        introducedThrough: uri ? [uri] : [],
        origin: 'unknown',
        url: rule?.helpUri ?? undefined
      }
    })
  })
  return { scanner: 'sarif', target: undefined, findings: dedupe(findings), remediation: [] }
}

export type ReportFormat = 'snyk' | 'trivy' | 'grype' | 'sarif'

/** Each format's schema (the parts read here); tests hold the fast shape check to zod's verdict. */
export const REPORT_SCHEMAS: Record<ReportFormat, z.ZodMiniType> = {
  snyk: SnykReport,
  trivy: TrivyReport,
  grype: GrypeReport,
  sarif: SarifReport
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Which tool wrote a JSON report, from its shape. */
export function detectFormat(json: unknown): ReportFormat {
  if (isObject(json)) {
    if (Array.isArray(json.runs) && /sarif/i.test(text(json.$schema ?? json.version))) return 'sarif'
    if ('SchemaVersion' in json && 'Results' in json) return 'trivy'
    if (Array.isArray(json.matches)) return 'grype'
    if ('vulnerabilities' in json && ('ok' in json || 'packageManager' in json)) return 'snyk'
  }
  if (Array.isArray(json) && json.every(item => isObject(item) && 'vulnerabilities' in item)) return 'snyk'
  throw new UserError(
    'The report is not a Snyk (`snyk container test --json`), Trivy (`--format json`), Grype (`-o json`) or SARIF 2.1.0 report.'
  )
}

/** What detectFormat reads of a report, besides what the formats' schemas read. */
const DETECTED = z.looseObject({
  $schema: z.unknown(),
  version: z.unknown(),
  SchemaVersion: z.unknown(),
  ok: z.unknown(),
  packageManager: z.unknown()
})

/** What is read of a report of each format, and of one whose format is not known yet. */
type Projections = Record<ReportFormat | 'any', Projection>

function projectionsOf(transforms?: Transforms): Projections {
  const [snyk, trivy, grype, sarif] = [SnykReport, TrivyReport, GrypeReport, SarifReport].map(schema =>
    projectionOf(schema, transforms)
  )
  return {
    snyk,
    trivy,
    grype,
    sarif,
    any: [snyk, trivy, grype, sarif].reduce(mergeProjections, projectionOf(DETECTED))
  }
}

let projections: Projections | undefined
export function reportProjection(format: ReportFormat | undefined): Projection {
  projections ??= projectionsOf()
  return projections[format ?? 'any']
}

/**
 * A report's JSON read from its bytes as reportProjection(undefined) reads it, except that each Snyk
 * vulnerability that fits its schema is made its finding as soon as it is read (snykVulnerabilitiesRead),
 * for reportFromRead; undefined when the reader does not read the bytes (JSON.parse decides then).
 */
export function readAsFindings(document: Buffer | ByteSource): ReadAsFindings | undefined {
  const read: ReadAsFindings = { json: undefined, misfits: 0, made: 0 }
  // A projection per read: its transform keeps the findings of the list being read.
  const transforms = new Map([[SnykVulnerability, snykVulnerabilitiesRead(read)]])
  read.json = readProjected(document, projectionsOf(transforms).any)
  return read.json === undefined ? undefined : read
}

/**
 * The report readAsFindings read, or undefined when it is to be read plainly (readProjected with
 * reportProjection, then reportFromJson): a Snyk report that does not fit its schema, whose
 * errors are worded from the plain reading, as ever. Other formats do not read `vulnerabilities`.
 */
export function reportFromRead(read: ReadAsFindings | undefined): ScanReport | undefined {
  if (read === undefined) return undefined
  const format = detectFormat(read.json)
  return format === 'snyk' ? parseSnykAsRead(read) : reportFromJson(read.json, format)
}

/**
 * The report's JSON. From bytes (a report file), only the fields the gate reads are built
 * (json-reader.ts); whatever that reader does not accept goes to JSON.parse, whose verdict stands.
 */
function readJson(content: string | Buffer, expected: ReportFormat | undefined): unknown {
  if (typeof content !== 'string') {
    const json = readProjected(content, reportProjection(expected))
    if (json !== undefined) return json
  }
  const text = typeof content === 'string' ? content : content.toString('utf8')
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UserError(
      `The scan report is not JSON (${(error as Error).message}); the scanner's first output was: ${text.slice(0, 200)}`
    )
  }
}

/** A report's findings from its JSON, in the format given or the one its shape says. */
export function reportFromJson(json: unknown, expected?: ReportFormat): ScanReport {
  const format = expected ?? detectFormat(json)
  const parsers: Record<ReportFormat, (value: unknown) => ScanReport> = {
    snyk: parseSnyk,
    trivy: parseTrivy,
    grype: parseGrype,
    sarif: parseSarif
  }
  return parsers[format](json)
}

/** A report's findings, from its text or its bytes, in the format given or the one its shape says. */
export function parseReport(content: string | Buffer, expected?: ReportFormat): ScanReport {
  return reportFromJson(readJson(content, expected), expected)
}
