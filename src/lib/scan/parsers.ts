import { UserError } from '../errors.js'
import { type Finding, type ScanReport, dedupe, severityFromScore, toSeverity } from './model.js'

/* eslint-disable @typescript-eslint/no-explicit-any -- scanner JSON is validated field by field below */
type Json = any

const asArray = <T>(value: T | T[] | undefined | null): T[] =>
  value == null ? [] : Array.isArray(value) ? value : [value]
const text = (value: unknown): string => (value == null ? '' : String(value))

// ---- Snyk: `snyk container test --json` (one project, with applications[]; or an array of projects)

function snykFinding(vuln: Json, project: Json, baseImage: string | undefined): Finding {
  const names = asArray<string>(vuln.name ?? vuln.packageName)
  const paths = (Array.isArray(vuln.from?.[0]) ? vuln.from : [vuln.from ?? []]) as string[][]
  const fixed = asArray<string>(vuln.fixedIn).concat(
    vuln.nearestFixedInVersion ? [vuln.nearestFixedInVersion] : []
  )
  const osPackage = /^(deb|apk|rpm|linux|debian|ubuntu|alpine|centos|rhel)/.test(
    text(vuln.packageManager ?? project.packageManager)
  )
  return {
    id: text(vuln.id),
    aliases: [...asArray<string>(vuln.identifiers?.CVE), ...asArray<string>(vuln.identifiers?.GHSA)],
    title: text(vuln.title),
    severity: toSeverity(vuln.severity),
    cvssScore: typeof vuln.cvssScore === 'number' ? vuln.cvssScore : undefined,
    package: text(vuln.packageName ?? names[0]),
    installedVersion: text(vuln.version),
    fixedVersions: [...new Set(fixed.map(text))],
    upgradable: Boolean(vuln.isUpgradable || vuln.isPatchable || fixed.length > 0),
    introducedThrough: paths.map(path => path.slice(1).join(' > ')).filter(Boolean),
    origin:
      vuln.dockerBaseImage || (osPackage && baseImage) ? 'base-image' : osPackage ? 'os' : 'application',
    url: vuln.id ? `https://security.snyk.io/vuln/${vuln.id}` : undefined
  }
}

export function parseSnyk(json: Json): ScanReport {
  const projects: Json[] = Array.isArray(json) ? json : [json, ...asArray(json.applications)]
  if (projects.some(project => project.error)) {
    throw new UserError(
      `The Snyk report is an error report: ${projects.find(project => project.error).error}`
    )
  }
  const docker = projects.find(project => project.docker)?.docker ?? {}
  const baseImage = docker.baseImage ? text(docker.baseImage) : undefined
  const findings = projects.flatMap(project =>
    asArray<Json>(project.vulnerabilities).map(vuln => snykFinding(vuln, project, baseImage))
  )
  return {
    scanner: 'snyk',
    target: text(projects[0]?.path ?? projects[0]?.projectName) || undefined,
    findings: dedupe(findings),
    baseImage,
    remediation: asArray<Json>(docker.baseImageRemediation?.advice).map(advice => text(advice.message))
  }
}

// ---- Trivy: `trivy image --format json` (SchemaVersion 2)

export function parseTrivy(json: Json): ScanReport {
  const findings = asArray<Json>(json.Results).flatMap(result =>
    asArray<Json>(result.Vulnerabilities).map((vuln): Finding => {
      const scores = Object.values(vuln.CVSS ?? {})
        .map((cvss: Json) => cvss.V3Score ?? cvss.V2Score)
        .filter((score): score is number => typeof score === 'number')
      const fixed = text(vuln.FixedVersion).split(/,\s*/).filter(Boolean)
      return {
        id: text(vuln.VulnerabilityID),
        aliases: [text(vuln.VulnerabilityID)].filter(id => id.startsWith('CVE-')),
        title: text(vuln.Title),
        severity: toSeverity(vuln.Severity),
        cvssScore: vuln.CVSS?.nvd?.V3Score ?? scores[0],
        package: text(vuln.PkgName),
        installedVersion: text(vuln.InstalledVersion),
        fixedVersions: fixed,
        upgradable: fixed.length > 0,
        introducedThrough: [text(result.Target)].filter(Boolean),
        origin: result.Class === 'os-pkgs' ? 'os' : result.Class === 'lang-pkgs' ? 'application' : 'unknown',
        layer: vuln.Layer?.DiffID ?? vuln.Layer?.Digest,
        url: vuln.PrimaryURL
      }
    })
  )
  return {
    scanner: 'trivy',
    target: text(json.ArtifactName) || undefined,
    findings: dedupe(findings),
    remediation: []
  }
}

// ---- Grype: `grype <image> -o json`

export function parseGrype(json: Json): ScanReport {
  const findings = asArray<Json>(json.matches).map((match): Finding => {
    const vuln = match.vulnerability ?? {}
    const artifact = match.artifact ?? {}
    const scores = asArray<Json>(vuln.cvss)
      .map(cvss => cvss.metrics?.baseScore)
      .filter((score): score is number => typeof score === 'number')
    const fixed = asArray<string>(vuln.fix?.versions)
    const aliases = [vuln.id, ...asArray<Json>(match.relatedVulnerabilities).map(related => related.id)]
      .map(text)
      .filter(id => /^(CVE|GHSA)-/.test(id))
    return {
      id: text(vuln.id),
      aliases: [...new Set(aliases)],
      title: text(vuln.description).split('\n')[0].slice(0, 200) || text(vuln.id),
      severity: toSeverity(vuln.severity),
      cvssScore: scores.length > 0 ? Math.max(...scores) : undefined,
      package: text(artifact.name),
      installedVersion: text(artifact.version),
      fixedVersions: fixed,
      upgradable: vuln.fix?.state === 'fixed' && fixed.length > 0,
      introducedThrough: asArray<Json>(artifact.locations).map(location => text(location.path)),
      origin: /^(deb|apk|rpm)$/.test(text(artifact.type)) ? 'os' : 'application',
      layer: asArray<Json>(artifact.locations)[0]?.layerID,
      url: asArray<string>(vuln.urls)[0] ?? (text(vuln.dataSource) || undefined)
    }
  })
  const target = json.source?.target
  return {
    scanner: 'grype',
    target: typeof target === 'string' ? target : text(target?.userInput) || undefined,
    findings: dedupe(findings),
    remediation: []
  }
}

// ---- SARIF 2.1.0 from any scanner (Snyk, Trivy and Grype all emit it)

function sarifSeverity(rule: Json, result: Json): Finding['severity'] {
  const tag = asArray<string>(rule?.properties?.tags).find(word => /^(critical|high|medium|low)$/i.test(word))
  if (tag) return toSeverity(tag)
  const score = Number(rule?.properties?.['security-severity'])
  if (Number.isFinite(score) && score > 0) return severityFromScore(score)
  return toSeverity(result.level ?? rule?.defaultConfiguration?.level)
}

export function parseSarif(json: Json): ScanReport {
  const findings = asArray<Json>(json.runs).flatMap(run => {
    const rules = new Map<string, Json>(
      asArray<Json>(run.tool?.driver?.rules).map(rule => [text(rule.id), rule])
    )
    return asArray<Json>(run.results).map((result): Finding => {
      const rule =
        rules.get(text(result.ruleId)) ?? asArray<Json>(run.tool?.driver?.rules)[result.ruleIndex ?? -1]
      const message = text(result.message?.text)
      const field = (name: string): string => new RegExp(`${name}: (.+)`).exec(message)?.[1]?.trim() ?? ''
      const uri = text(result.locations?.[0]?.physicalLocation?.artifactLocation?.uri)
      const score = Number(rule?.properties?.['security-severity'])
      const fixed = field('Fixed Version')
      return {
        id: text(result.ruleId),
        aliases: [text(result.ruleId)].filter(id => id.startsWith('CVE-')),
        title: text(rule?.shortDescription?.text ?? message.split('\n')[0]),
        severity: sarifSeverity(rule, result),
        cvssScore: Number.isFinite(score) ? score : undefined,
        package: field('Package') || uri,
        installedVersion: field('Installed Version'),
        fixedVersions: fixed ? [fixed] : [],
        upgradable: Boolean(fixed),
        introducedThrough: uri ? [uri] : [],
        origin: 'unknown',
        url: rule?.helpUri
      }
    })
  })
  return { scanner: 'sarif', target: undefined, findings: dedupe(findings), remediation: [] }
}

export type ReportFormat = 'snyk' | 'trivy' | 'grype' | 'sarif'

/** Which tool wrote a JSON report, from its shape. */
export function detectFormat(json: Json): ReportFormat {
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    if (Array.isArray(json.runs) && /sarif/i.test(text(json.$schema ?? json.version))) return 'sarif'
    if ('SchemaVersion' in json && 'Results' in json) return 'trivy'
    if (Array.isArray(json.matches) && json.descriptor?.name === 'grype') return 'grype'
    if (Array.isArray(json.matches)) return 'grype'
    if ('vulnerabilities' in json && ('ok' in json || 'packageManager' in json)) return 'snyk'
  }
  if (
    Array.isArray(json) &&
    json.every(item => item && typeof item === 'object' && 'vulnerabilities' in item)
  )
    return 'snyk'
  throw new UserError(
    'The report is not a Snyk (`snyk container test --json`), Trivy (`--format json`), Grype (`-o json`) or SARIF 2.1.0 report.'
  )
}

export function parseReport(content: string, expected?: ReportFormat): ScanReport {
  let json: Json
  try {
    json = JSON.parse(content)
  } catch (error) {
    throw new UserError(
      `The scan report is not JSON (${(error as Error).message}); the scanner's first output was: ${content.slice(0, 200)}`
    )
  }
  const format = expected ?? detectFormat(json)
  const parsers: Record<ReportFormat, (value: Json) => ScanReport> = {
    snyk: parseSnyk,
    trivy: parseTrivy,
    grype: parseGrype,
    sarif: parseSarif
  }
  return parsers[format](json)
}
