import packageJson from '../../../package.json' with { type: 'json' }
import type { GateResult } from './policy.js'
import { type Finding, type ScanReport, type Severity, findingKey } from './model.js'
import * as crypto from 'node:crypto'
import { NEEDS_ESCAPE, writeTextFile } from './json-file.js'

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

/**
 * The SARIF level of a severity. A switch rather than a look-up by name in an object: V8 compiled
 * that look-up for the names seen first and threw the SARIF writer's code away at the next one.
 */
function levelOf(severity: Severity): 'error' | 'warning' | 'note' {
  switch (severity) {
    case 'critical':
    case 'high':
      return 'error'
    case 'medium':
      return 'warning'
    default:
      return 'note'
  }
}

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
  const texts = ruleTexts(finding)
  return {
    id: finding.id,
    name: texts.name,
    shortDescription: { text: texts.short },
    fullDescription: { text: texts.full },
    helpUri: finding.url,
    help: { text: texts.help, markdown: texts.markdown },
    defaultConfiguration: { level: levelOf(finding.severity) },
    properties: {
      tags: ['security', 'vulnerability', 'container', finding.severity],
      'security-severity': securitySeverity(finding),
      precision: 'very-high'
    }
  }
}

/**
 * The texts of a finding's rule (ruleOf and ruleJson write the same), their lines broken by `newline`:
 * ruleJson gives the escape JSON writes for a line break, so its texts need no escaping afterwards.
 */
function ruleTexts(
  finding: Finding,
  newline = '\n'
): {
  name: string
  short: string
  full: string
  help: string
  markdown: string
} {
  const title = finding.title || finding.id
  const versions = finding.fixedVersions.join(', ')
  const fixed = finding.fixedVersions.length > 0 ? `Fixed in ${versions}.` : 'No fix is available yet.'
  const aliases = finding.aliases.length ? `${newline}Aliases: ${finding.aliases.join(', ')}` : ''
  const n = newline
  return {
    name: finding.id.replace(/[^A-Za-z0-9]/g, ''),
    short: `${finding.severity} severity: ${title}`.slice(0, 1000),
    full: `${title} in ${finding.package}`,
    help: `${title}${n}Package: ${finding.package} ${finding.installedVersion}${n}${fixed}${aliases}`,
    markdown: `**${title}**${n}${n}| Package | Installed | Fixed in |${n}| --- | --- | --- |${n}| ${finding.package} | ${finding.installedVersion} | ${versions || 'not fixed'} |${n}${finding.url ? `${n}[More information](${finding.url})` : ''}`
  }
}

/** A finding's result, with a stable partial fingerprint: the sha256 of its key (id, package, version). */
function resultOf(finding: Finding, location: SarifLocation): object {
  const { uri, startLine } = artifact(location)
  return {
    ruleId: finding.id,
    level: levelOf(finding.severity),
    message: { text: resultMessage(finding, location.image) },
    locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine } } }],
    partialFingerprints: { 'dockerActionsFinding/v1': sha256Hex(findingKey(finding)) }
  }
}

/** A result's message (resultOf and resultsJson write the same). */
function resultMessage(finding: Finding, image: string): string {
  const fixed = finding.fixedVersions.length ? `; fixed in ${finding.fixedVersions.join(', ')}` : ''
  const via = finding.introducedThrough[0] ? ` via ${finding.introducedThrough[0]}` : ''
  return `${finding.package} ${finding.installedVersion} has ${finding.id} (${finding.severity})${fixed}, in ${image}${via}.`
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
    const rules = ruleFindings(gate.active)
    for (let index = 0; index < rules.length; index++)
      out.write(index === 0 ? ruleJson(rules[index]) : `,${ruleJson(rules[index])}`)
    out.write(']}},"results":[')
    const results = resultsJson(location)
    for (let index = 0; index < gate.active.length; index++)
      out.write(index === 0 ? results(gate.active[index]) : `,${results(gate.active[index])}`)
    out.write(']}]}')
  })
}

/** A text written as it is in JSON (no quote, backslash, control character or surrogate in it), or none. */
const plainText = (text: unknown): boolean =>
  typeof text === 'string' ? !NEEDS_ESCAPE.test(text) : text === undefined

/**
 * Whether none of the texts of a finding's rule and result needs escaping in JSON, as nearly always:
 * they are then written from their pieces, each text as it is. A text with surrogates is left to
 * JSON.stringify, even a well-formed one: two pieces joined could pair lone surrogates that
 * JSON.stringify would otherwise escape.
 */
function isPlain(finding: Finding): boolean {
  return (
    plainText(finding.id) &&
    plainText(finding.title) &&
    plainText(finding.package) &&
    plainText(finding.installedVersion) &&
    plainText(finding.url) &&
    plainText(finding.introducedThrough[0]) &&
    finding.fixedVersions.every(plainText) &&
    finding.aliases.every(plainText)
  )
}

/**
 * JSON.stringify(ruleOf(finding)), byte for byte: from its pieces when the finding's texts need no
 * escaping. Building the object and having JSON.stringify check every character of it took most of
 * the SARIF's time (the tests hold both to the same bytes).
 */
function ruleJson(finding: Finding): string {
  if (!isPlain(finding)) return JSON.stringify(ruleOf(finding))
  const { id, severity, url } = finding
  // Line breaks written as JSON escapes them; nothing else in these texts needs escaping (isPlain).
  const texts = ruleTexts(finding, '\\n')
  return (
    `{"id":"${id}","name":"${texts.name}","shortDescription":{"text":"${texts.short}"},` +
    `"fullDescription":{"text":"${texts.full}"},` +
    (url === undefined ? '' : `"helpUri":"${url}",`) +
    `"help":{"text":"${texts.help}","markdown":"${texts.markdown}"},` +
    `"defaultConfiguration":{"level":"${levelOf(severity)}"},` +
    `"properties":{"tags":["security","vulnerability","container","${severity}"],"security-severity":"${securitySeverity(finding)}","precision":"very-high"}}`
  )
}

/**
 * JSON.stringify(resultOf(finding, location)) for each finding, byte for byte: from its pieces when
 * the finding's texts and the image need no escaping (ruleJson()); the locations, the same for
 * every result, are written once.
 */
function resultsJson(location: SarifLocation): (finding: Finding) => string {
  const { uri, startLine } = artifact(location)
  const locations = JSON.stringify([
    { physicalLocation: { artifactLocation: { uri }, region: { startLine } } }
  ])
  const { image } = location
  const plainImage = plainText(image)
  return finding => {
    if (!plainImage || !isPlain(finding)) return JSON.stringify(resultOf(finding, location))
    return (
      `{"ruleId":"${finding.id}","level":"${levelOf(finding.severity)}",` +
      `"message":{"text":"${resultMessage(finding, image)}"},` +
      `"locations":${locations},` +
      `"partialFingerprints":{"dockerActionsFinding/v1":"${sha256Hex(findingKey(finding))}"}}`
    )
  }
}
