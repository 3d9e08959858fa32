import packageJson from '../../../package.json' with { type: 'json' }
import type { GateResult } from './policy.js'
import { type Finding, type ScanReport, findingKey } from './model.js'
import { createHash } from 'node:crypto'

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

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per vulnerability id with help text and
 * security-severity, one result per finding with a stable partial fingerprint (id, package and
 * version, not line numbers) so alerts are deduplicated across runs.
 */
export function toSarif(report: ScanReport, gate: GateResult, location: SarifLocation): object {
  const rules = new Map<string, object>()
  const uri = location.dockerfile ?? location.image.replace(/[:@]/g, '_')
  const startLine = location.dockerfile ? (location.fromLine ?? 1) : 1
  const results = gate.active.map(finding => {
    if (!rules.has(finding.id)) {
      const fixed =
        finding.fixedVersions.length > 0
          ? `Fixed in ${finding.fixedVersions.join(', ')}.`
          : 'No fix is available yet.'
      rules.set(finding.id, {
        id: finding.id,
        name: finding.id.replace(/[^A-Za-z0-9]/g, ''),
        shortDescription: {
          text: `${finding.severity} severity: ${finding.title || finding.id}`.slice(0, 1000)
        },
        fullDescription: { text: `${finding.title || finding.id} in ${finding.package}` },
        helpUri: finding.url,
        help: {
          text: `${finding.title || finding.id}\nPackage: ${finding.package} ${finding.installedVersion}\n${fixed}${finding.aliases.length ? `\nAliases: ${finding.aliases.join(', ')}` : ''}`,
          markdown: `**${finding.title || finding.id}**\n\n| Package | Installed | Fixed in |\n| --- | --- | --- |\n| ${finding.package} | ${finding.installedVersion} | ${finding.fixedVersions.join(', ') || 'not fixed'} |\n${finding.url ? `\n[More information](${finding.url})` : ''}`
        },
        defaultConfiguration: { level: LEVEL[finding.severity] },
        properties: {
          tags: ['security', 'vulnerability', 'container', finding.severity],
          'security-severity': securitySeverity(finding),
          precision: 'very-high'
        }
      })
    }
    // The sha256 of the finding's key (digestOf's hex, without building and cutting its prefix).
    const fingerprint = createHash('sha256').update(findingKey(finding)).digest('hex')
    return {
      ruleId: finding.id,
      level: LEVEL[finding.severity],
      message: {
        text: `${finding.package} ${finding.installedVersion} has ${finding.id} (${finding.severity})${finding.fixedVersions.length ? `; fixed in ${finding.fixedVersions.join(', ')}` : ''}, in ${location.image}${finding.introducedThrough[0] ? ` via ${finding.introducedThrough[0]}` : ''}.`
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri },
            region: { startLine }
          }
        }
      ],
      partialFingerprints: { 'dockerActionsFinding/v1': fingerprint }
    }
  })
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'docker-actions scan-image',
            fullName: `docker-actions scan-image (${report.scanner})`,
            informationUri: toolInformationUri(TOOL),
            version: TOOL.version,
            rules: [...rules.values()]
          }
        },
        results
      }
    ]
  }
}

/**
 * The SARIF file's text, as scan-image writes it (the bench times this very step). Not indented: code
 * scanning reads it, not people, and for thousands of findings indenting makes it a third larger and
 * slower to write.
 */
export function sarifText(report: ScanReport, gate: GateResult, location: SarifLocation): string {
  return JSON.stringify(toSarif(report, gate, location))
}
