import packageJson from '../../../package.json' with { type: 'json' }
import type { GateResult } from './policy.js'
import { type Finding, type ScanReport, findingKey } from './model.js'
import * as crypto from 'node:crypto'
import { quoted, writeTextFile } from './json-file.js'

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

/**
 * The texts of a finding's rule and result: toSarif builds objects of them, writeSarif writes them
 * straight to the file; both take them from here, so the two cannot differ.
 */
const ruleName = (finding: Finding): string => finding.id.replace(/[^A-Za-z0-9]/g, '')
const shortText = (finding: Finding): string =>
  `${finding.severity} severity: ${finding.title || finding.id}`.slice(0, 1000)
const fullText = (finding: Finding): string => `${finding.title || finding.id} in ${finding.package}`
function helpText(finding: Finding): string {
  const fixed =
    finding.fixedVersions.length > 0
      ? `Fixed in ${finding.fixedVersions.join(', ')}.`
      : 'No fix is available yet.'
  return `${finding.title || finding.id}\nPackage: ${finding.package} ${finding.installedVersion}\n${fixed}${finding.aliases.length ? `\nAliases: ${finding.aliases.join(', ')}` : ''}`
}
const helpMarkdown = (finding: Finding): string =>
  `**${finding.title || finding.id}**\n\n| Package | Installed | Fixed in |\n| --- | --- | --- |\n| ${finding.package} | ${finding.installedVersion} | ${finding.fixedVersions.join(', ') || 'not fixed'} |\n${finding.url ? `\n[More information](${finding.url})` : ''}`
const resultText = (finding: Finding, image: string): string =>
  `${finding.package} ${finding.installedVersion} has ${finding.id} (${finding.severity})${finding.fixedVersions.length ? `; fixed in ${finding.fixedVersions.join(', ')}` : ''}, in ${image}${finding.introducedThrough[0] ? ` via ${finding.introducedThrough[0]}` : ''}.`
/** The sha256 of the finding's key (digestOf's hex, without building and cutting its prefix). */
const fingerprint = (finding: Finding): string => sha256Hex(findingKey(finding))

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
  const rules = new Map<string, object>()
  const { uri, startLine } = artifact(location)
  const results = gate.active.map(finding => {
    if (!rules.has(finding.id)) {
      rules.set(finding.id, {
        id: finding.id,
        name: ruleName(finding),
        shortDescription: { text: shortText(finding) },
        fullDescription: { text: fullText(finding) },
        helpUri: finding.url,
        help: { text: helpText(finding), markdown: helpMarkdown(finding) },
        defaultConfiguration: { level: LEVEL[finding.severity] },
        properties: {
          tags: ['security', 'vulnerability', 'container', finding.severity],
          'security-severity': securitySeverity(finding),
          precision: 'very-high'
        }
      })
    }
    return {
      ruleId: finding.id,
      level: LEVEL[finding.severity],
      message: { text: resultText(finding, location.image) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri },
            region: { startLine }
          }
        }
      ],
      partialFingerprints: { 'dockerActionsFinding/v1': fingerprint(finding) }
    }
  })
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { ...driverFacts(report), rules: [...rules.values()] } },
        results
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
  const { uri, startLine } = artifact(location)
  const firstOfRule = new Map<string, Finding>()
  for (const finding of gate.active) if (!firstOfRule.has(finding.id)) firstOfRule.set(finding.id, finding)
  writeTextFile(path, out => {
    const driver = JSON.stringify(driverFacts(report))
    out.write(
      `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":${driver.slice(0, -1)},"rules":[`
    )
    let first = true
    for (const finding of firstOfRule.values()) {
      const helpUri = quoted(finding.url)
      const severity = quoted(finding.severity)
      out.write(
        `${first ? '' : ','}{"id":${quoted(finding.id)},"name":${quoted(ruleName(finding))},"shortDescription":{"text":${quoted(shortText(finding))}},"fullDescription":{"text":${quoted(fullText(finding))}},${helpUri === undefined ? '' : `"helpUri":${helpUri},`}"help":{"text":${quoted(helpText(finding))},"markdown":${quoted(helpMarkdown(finding))}},"defaultConfiguration":{"level":${quoted(LEVEL[finding.severity])}},"properties":{"tags":["security","vulnerability","container",${severity ?? 'null'}],"security-severity":${quoted(securitySeverity(finding))},"precision":"very-high"}}`
      )
      first = false
    }
    out.write(']}},"results":[')
    const locations = `"locations":[{"physicalLocation":{"artifactLocation":{"uri":${quoted(uri)}},"region":{"startLine":${JSON.stringify(startLine)}}}}]`
    first = true
    for (const finding of gate.active) {
      out.write(
        `${first ? '' : ','}{"ruleId":${quoted(finding.id)},"level":${quoted(LEVEL[finding.severity])},"message":{"text":${quoted(resultText(finding, location.image))}},${locations},"partialFingerprints":{"dockerActionsFinding/v1":"${fingerprint(finding)}"}}`
      )
      first = false
    }
    out.write(']}]}')
  })
}
