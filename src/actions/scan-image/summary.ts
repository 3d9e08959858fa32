import * as core from '@actions/core'
import { setOutputs } from '../../lib/outputs.js'
import { code, escapeHtml, writeSummary } from '../../lib/summary.js'
import { SEVERITIES, briefFinding } from '../../lib/scan/model.js'
import type { ScanOutcome } from '../../lib/scan/scan-and-gate.js'
import type { AttachedSbom } from '../../lib/scan/sbom.js'

const MAX_ROWS = 50

/**
 * The log lines, annotations, outputs and job summary of a scan: of one image, or of each platform
 * of an index. For an index, `passed` is true only when every platform passed, `digest` is the
 * index's, `platforms` lists each platform's verdict and files, and `counts`, `new-findings`,
 * `report`, `sarif` and the annotations are those of the first platform that failed (the first
 * platform when all passed); the summary has a part per platform.
 */
export async function reportScans(
  outcomes: ScanOutcome[],
  threshold: string,
  index?: { image: string; digest: string }
): Promise<void> {
  const shown = outcomes.find(outcome => !outcome.gate.passed) ?? outcomes[0]
  const { gate } = shown
  for (const outcome of outcomes)
    core.info(
      `${outcome.platform ? `${outcome.platform}: ` : ''}${outcome.report.findings.length} findings, ${outcome.gate.ignored.length} ignored, ${outcome.gate.failing.length} failing the gate`
    )
  for (const rule of gate.expired)
    core.warning(
      `ignore rule for ${rule.id} in ${rule.source} expired on ${rule.expires}; it no longer applies`
    )
  annotateBaseImage(shown)
  setOutputs({
    passed: outcomes.every(outcome => outcome.gate.passed),
    counts: gate.counts,
    // One compact JSON array (setOutputs would join a list into lines of `[object Object]`).
    'new-findings': JSON.stringify(gate.newFindings.map(briefFinding)),
    report: shown.reportPath,
    sarif: shown.sarifPath,
    digest: index ? index.digest : (shown.digest ?? ''),
    ...(index
      ? {
          platforms: JSON.stringify(
            outcomes.map(outcome => ({
              platform: outcome.platform,
              digest: outcome.digest,
              passed: outcome.gate.passed,
              report: outcome.reportPath,
              sarif: outcome.sarifPath
            }))
          )
        }
      : {})
  })
  for (const outcome of outcomes) await writeScanSummary(outcome, threshold)
}

/**
 * `sbom`: the `sbom` output (the attached SBOM referrers as one JSON array of `{"platform"?,
 * "subject", "digest"}`, `[]` when none) and a line in the summary.
 */
export async function reportSboms(sboms: AttachedSbom[], passed: boolean): Promise<void> {
  setOutputs({ sbom: JSON.stringify(sboms) })
  const line =
    sboms.length > 0
      ? `📦 SBOM (CycloneDX) attached: ${sboms
          .map(
            sbom =>
              `${sbom.platform ? `${escapeHtml(sbom.platform)} ` : ''}${code(sbom.subject)} → ${code(sbom.digest)}`
          )
          .join(', ')}.`
      : passed
        ? '📦 No SBOM was attached (see the warnings).'
        : '📦 No SBOM attached: the gate failed, and only an image that passed goes forward.'
  core.summary.addRaw(`<p>${line}</p>`, true)
  await writeSummary()
}

/** A run whose gate was not run by policy (a fork pull request without the token): a notice, outputs, summary. */
export async function reportSkipped(image: string, reason: string): Promise<void> {
  core.notice(reason, { title: 'Vulnerability gate not run' })
  setOutputs({ passed: 'skipped', 'skipped-reason': reason })
  await writeSkippedSummary(image, reason)
}

export async function writeScanSummary(outcome: ScanOutcome, threshold: string): Promise<void> {
  const { gate, report } = outcome
  core.summary.addHeading(
    `scan-image${outcome.platform ? ` ${escapeHtml(outcome.platform)}` : ''}: ${gate.passed ? '✅ passed' : '❌ failed'}`,
    3
  )
  core.summary.addRaw(
    `<p>${code(outcome.scanned)} scanned with ${report.scanner}, threshold <b>${threshold}</b>. ` +
      (gate.passed ? 'No finding breaks the gate.' : `Failed: ${escapeHtml(gate.reasons.join('; '))}.`) +
      '</p>',
    true
  )
  core.summary.addTable([
    [
      { data: 'Severity', header: true },
      { data: 'Found', header: true },
      { data: 'After ignores', header: true }
    ],
    ...[...SEVERITIES]
      .reverse()
      .map(severity => [severity, String(gate.counts.before[severity]), String(gate.counts.after[severity])])
  ])
  if (gate.failing.length > 0) {
    core.summary.addHeading('Findings that fail the gate', 4)
    core.summary.addTable([
      ['Package', 'Installed', 'Fixed in', 'Severity', 'ID'].map(data => ({ data, header: true })),
      ...gate.failing
        .slice(0, MAX_ROWS)
        .map(finding => [
          code(finding.package),
          code(finding.installedVersion),
          finding.fixedVersions.length ? code(finding.fixedVersions.join(', ')) : 'no fix',
          finding.severity,
          finding.url
            ? `<a href="${escapeHtml(finding.url)}">${escapeHtml(finding.id)}</a>`
            : escapeHtml(finding.id)
        ])
    ])
    if (gate.failing.length > MAX_ROWS)
      core.summary.addRaw(`<p>…and ${gate.failing.length - MAX_ROWS} more (see the report).</p>`, true)
  }
  if (report.remediation.length > 0) {
    core.summary.addHeading(`Base image${report.baseImage ? ` ${escapeHtml(report.baseImage)}` : ''}`, 4)
    core.summary.addList(report.remediation.map(escapeHtml))
  }
  if (gate.ignored.length > 0) {
    core.summary.addDetails(
      `Ignored (${gate.ignored.length})`,
      gate.ignored
        .map(
          ({ finding, rule }) =>
            `${escapeHtml(finding.id)} in ${escapeHtml(finding.package)}: ${escapeHtml(rule.reason ?? 'no reason given')}${rule.expires ? ` (until ${escapeHtml(rule.expires)})` : ''}`
        )
        .join('<br>')
    )
  }
  if (gate.expired.length > 0) {
    core.summary.addRaw(
      `<p>⚠️ Expired ignores no longer apply: ${gate.expired.map(rule => `${escapeHtml(rule.id)} (expired ${escapeHtml(rule.expires ?? '')}, ${escapeHtml(rule.source)})`).join(', ')}</p>`,
      true
    )
  }
  await writeSummary()
}

/** The summary of a run whose gate was not run by policy (a fork pull request without the token). */
export async function writeSkippedSummary(image: string, reason: string): Promise<void> {
  core.summary.addHeading('scan-image: ⏭️ gate not run', 3)
  core.summary.addRaw(`<p>${code(image)} was not scanned: ${escapeHtml(reason)}</p>`, true)
  await writeSummary()
}

/** Annotations on the Dockerfile's FROM line for findings that come from the base image. */
export function annotateBaseImage(outcome: ScanOutcome): void {
  if (!outcome.dockerfile || !outcome.fromLine) return
  const fromBase = outcome.gate.active.filter(
    finding => finding.origin === 'base-image' || finding.origin === 'os'
  )
  if (fromBase.length === 0) return
  const failingSet = new Set(outcome.gate.failing)
  const failing = fromBase.filter(finding => failingSet.has(finding)).length
  const advice = outcome.report.remediation.join(' ')
  const message = `${fromBase.length} ${fromBase.length === 1 ? 'vulnerability comes' : 'vulnerabilities come'} from the base image${outcome.report.baseImage ? ` ${outcome.report.baseImage}` : ''}${failing ? ` (${failing} fail the gate)` : ''}.${advice ? ` ${advice}` : ' Update the base image and rebuild.'}`
  const properties = {
    file: outcome.dockerfile,
    startLine: outcome.fromLine,
    title: 'Base image vulnerabilities'
  }
  if (failing > 0) core.error(message, properties)
  else core.warning(message, properties)
}
