/**
 * Large scanner reports in the real shapes, for the scan bench and the large-report test: the real
 * findings of the samples in test/fixtures/scan, repeated with distinct ids and packages (every other
 * field, descriptions and references included, is the sample's own), so a report holds `findings`
 * distinct findings.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const FIXTURES = 'test/fixtures/scan'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the samples' JSON, edited as found
type Json = any

const sample = (file: string): Json => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'))
const cve = (index: number): string => `CVE-2099-${String(index).padStart(5, '0')}`
const pick = <T>(list: T[], index: number): T => list[index % list.length]

/** Packages repeat (several vulnerabilities per package), as in a real image. */
export const LARGE_REPORT_PACKAGES = 700

/**
 * `trivy image --format json`: four in five findings in the OS packages result (debian-buster), one
 * in five in a language result (fluentd-gems' gems).
 */
export function trivyReport(findings: number): string {
  const os = sample('trivy/trivy-debian-buster.json')
  const gems = sample('trivy/trivy-fluentd-gems.json')
  const osResult = os.Results[0]
  const langResult = gems.Results.find((result: Json) => result.Class === 'lang-pkgs')
  const osCount = Math.round(findings * 0.8)
  const vulnerability = (template: Json, index: number): Json => ({
    ...template,
    VulnerabilityID: cve(index),
    PkgName: `pkg-${index % LARGE_REPORT_PACKAGES}`,
    PrimaryURL: `https://avd.aquasec.com/nvd/${cve(index).toLowerCase()}`
  })
  return JSON.stringify({
    ...os,
    Results: [
      {
        ...osResult,
        Vulnerabilities: Array.from({ length: osCount }, (_, index) =>
          vulnerability(pick(osResult.Vulnerabilities, index), index)
        )
      },
      {
        ...langResult,
        Vulnerabilities: Array.from({ length: findings - osCount }, (_, offset) =>
          vulnerability(pick(langResult.Vulnerabilities, offset), osCount + offset)
        )
      }
    ]
  })
}

/**
 * `snyk container test --json` (not grouped): OS findings at the top, npm findings under
 * applications[], each listed once per dependency path as Snyk does — two paths a finding, so a
 * report of `findings` findings has twice as many entries.
 */
export function snykReport(findings: number): string {
  const report = sample('snyk/snyk-cli-container-appvulns-nongrouped.json')
  const application = report.applications[0]
  const osCount = Math.round(findings * 0.6)
  const entries = (templates: Json[], first: number, count: number, image: string): Json[] =>
    Array.from({ length: count * 2 }, (_, entry) => {
      const index = first + Math.floor(entry / 2)
      const name = `pkg-${index % LARGE_REPORT_PACKAGES}`
      return {
        ...pick(templates, index),
        id: `SNYK-BENCH-${index}`,
        identifiers: { ALTERNATIVE: [], CVE: [cve(index)], CWE: ['CWE-400'] },
        packageName: name,
        name,
        from: [image, `parent-${entry % 2}@1.0.0`, `${name}@1.0.0`]
      }
    })
  return JSON.stringify({
    ...report,
    vulnerabilities: entries(report.vulnerabilities, 0, osCount, 'docker-image|bench@latest'),
    applications: [
      {
        ...application,
        vulnerabilities: entries(application.vulnerabilities, osCount, findings - osCount, 'bench@1.0.0')
      }
    ]
  })
}

/** `grype <image> -o json`: the matches of TestJsonImgsPresenter, repeated. */
export function grypeReport(findings: number): string {
  const report = sample('grype/grype-TestJsonImgsPresenter.json')
  return JSON.stringify({
    ...report,
    matches: Array.from({ length: findings }, (_, index) => {
      const match = pick(report.matches as Json[], index)
      return {
        ...match,
        vulnerability: { ...match.vulnerability, id: cve(index) },
        artifact: { ...match.artifact, name: `pkg-${index % LARGE_REPORT_PACKAGES}` }
      }
    })
  })
}

export const LARGE_REPORTS = { trivy: trivyReport, snyk: snykReport, grype: grypeReport } as const
