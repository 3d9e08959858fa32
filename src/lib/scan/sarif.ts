import packageJson from '../../../package.json' with { type: 'json' }
import type { GateResult } from './policy.js'
import { type Finding, type ScanReport, findingKey } from './model.js'
import * as crypto from 'node:crypto'
import { writeTextFile } from './json-file.js'

/** What the SARIF driver says about this tool: package.json, bundled at build time. */
interface PackageFacts {
  version: string
  homepage?: string
  repository?: string | { url?: string }
}

/** The tool's home page: package.json `homepage`, else its `repository` as a web address; none when neither is set. */
export function toolInformationUri(pkg: PackageFacts): string | undefined {
  if (pkg.homepage) return pkg.homepage
  const repository = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url
  if (!repository) return undefined
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(repository)
  if (shorthand) return `https://github.com/${shorthand[1]}`
  // npm's forms: git+https://host/owner/repo.git, git+ssh://git@host/owner/repo.git
  return repository
    .replace(/^git\+/, '')
    .replace(/^(?:ssh|git):\/\/(?:[^@/]+@)?/, 'https://')
    .replace(/\.git$/, '')
}

const TOOL: PackageFacts = packageJson

/** The numeric security-severity GitHub code scanning ranks by (CVSS when known, else the band's middle). */
function securitySeverity(finding: Finding): string {
  if (finding.cvssScore !== undefined && finding.cvssScore > 0) return finding.cvssScore.toFixed(1)
  return { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0' }[finding.severity]
}

const LEVEL = { critical: 'error', high: 'error', medium: 'warning', low: 'note' } as const

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

export interface SarifLocation {
  /** Repository-relative path of the Dockerfile. */
  dockerfile?: string
  /** Line of the final FROM (base-image findings point there). */
  fromLine?: number
  image: string
}

/** The sha256 of a text, in hex: node's one-shot hash where it has one (20.12+), a fraction of createHash's cost. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? text => crypto.hash('sha256', text, 'hex')
    : text => crypto.createHash('sha256').update(text).digest('hex')

/** A finding's rule (one per vulnerability id): its help text and security-severity. */
function ruleOf(finding: Finding): object {
  const title = finding.title || finding.id
  const fixed =
    finding.fixedVersions.length > 0
      ? `Fixed in ${finding.fixedVersions.join(', ')}.`
      : 'No fix is available yet.'
  return {
    id: finding.id,
    name: finding.id.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: `${finding.severity} severity: ${title}`.slice(0, 1000) },
    fullDescription: { text: `${title} in ${finding.package}` },
    helpUri: finding.url,
    help: {
      text: `${title}\nPackage: ${finding.package} ${finding.installedVersion}\n${fixed}${finding.aliases.length ? `\nAliases: ${finding.aliases.join(', ')}` : ''}`,
      markdown: `**${title}**\n\n| Package | Installed | Fixed in |\n| --- | --- | --- |\n| ${finding.package} | ${finding.installedVersion} | ${finding.fixedVersions.join(', ') || 'not fixed'} |\n${finding.url ? `\n[More information](${finding.url})` : ''}`
    },
    defaultConfiguration: { level: LEVEL[finding.severity] },
    properties: {
      tags: ['security', 'vulnerability', 'container', finding.severity],
      'security-severity': securitySeverity(finding),
      precision: 'very-high'
    }
  }
}

/** A finding's result, with a stable partial fingerprint: the sha256 of its key (id, package, version). */
function resultOf(finding: Finding, location: SarifLocation): object {
  const { uri, startLine } = artifact(location)
  return {
    ruleId: finding.id,
    level: LEVEL[finding.severity],
    message: {
      text: `${finding.package} ${finding.installedVersion} has ${finding.id} (${finding.severity})${finding.fixedVersions.length ? `; fixed in ${finding.fixedVersions.join(', ')}` : ''}, in ${location.image}${finding.introducedThrough[0] ? ` via ${finding.introducedThrough[0]}` : ''}.`
    },
    locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine } } }],
    partialFingerprints: { 'dockerActionsFinding/v1': sha256Hex(findingKey(finding)) }
  }
}

/** The first finding of each vulnerability id, in order: the rules. */
function ruleFindings(findings: Finding[]): Finding[] {
  const first = new Map<string, Finding>()
  for (const finding of findings) if (!first.has(finding.id)) first.set(finding.id, finding)
  return [...first.values()]
}

/** Where results point: the Dockerfile's final FROM, else the image (as a path). */
function artifact(location: SarifLocation): { uri: string; startLine: number } {
  return {
    uri: location.dockerfile ?? location.image.replace(/[:@]/g, '_'),
    startLine: location.dockerfile ? (location.fromLine ?? 1) : 1
  }
}

/** The driver's facts, as toSarif writes them (`informationUri` left out when there is none). */
function driverFacts(report: ScanReport): object {
  return {
    name: 'docker-actions scan-image',
    fullName: `docker-actions scan-image (${report.scanner})`,
    informationUri: toolInformationUri(TOOL),
    version: TOOL.version
  }
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per vulnerability id with help text and
 * security-severity, one result per finding with a stable partial fingerprint (id, package and
 * version, not line numbers) so alerts are deduplicated across runs.
 */
export function toSarif(report: ScanReport, gate: GateResult, location: SarifLocation): object {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { ...driverFacts(report), rules: ruleFindings(gate.active).map(ruleOf) } },
        results: gate.active.map(finding => resultOf(finding, location))
      }
    ]
  }
}

/**
 * The SARIF text, as JSON.stringify writes toSarif's object: what writeSarif writes, byte for byte
 * (the tests hold it to this). Not indented: code scanning reads it, not people, and for thousands
 * of findings indenting makes it a third larger and slower to write.
 */
export function sarifText(report: ScanReport, gate: GateResult, location: SarifLocation): string {
  return JSON.stringify(toSarif(report, gate, location))
}

/**
 * Writes the SARIF file scan-image leaves for code scanning: sarifText's very bytes, written as they
 * are made through a small buffer. For 5,000 findings the file is 5–10 MB; building its objects, its
 * text and then its UTF-8 bytes each cost fresh memory, which costs more here than the writing.
 */
export function writeSarif(
  path: string,
  report: ScanReport,
  gate: GateResult,
  location: SarifLocation
): void {
  writeTextFile(path, out => {
    // toSarif's document, its rules and results written one by one instead of built whole.
    const driver = JSON.stringify(driverFacts(report))
    out.write(
      `{"$schema":${JSON.stringify(SARIF_SCHEMA)},"version":"2.1.0","runs":[{"tool":{"driver":${driver.slice(0, -1)},"rules":[`
    )
    const writeEach = (findings: Finding[], toObject: (finding: Finding) => object): void => {
      for (const [index, finding] of findings.entries())
        out.write(`${index === 0 ? '' : ','}${JSON.stringify(toObject(finding))}`)
    }
    writeEach(ruleFindings(gate.active), ruleOf)
    out.write(']}},"results":[')
    writeEach(gate.active, finding => resultOf(finding, location))
    out.write(']}]}')
  })
}
