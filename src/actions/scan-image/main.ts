import * as core from '@actions/core'
import { setOutputs } from '../../lib/outputs.js'
import { recordScanVerdict } from '../../lib/gate/scan-record.js'
import { UserError, errorMessage } from '../../lib/errors.js'
import { scanAndGate } from '../../lib/scan/scan-and-gate.js'
import { getInputs } from './context.js'
import { annotateBaseImage, writeScanSummary, writeSkippedSummary } from './summary.js'

/** scan-image: scan by digest -> gate -> report (outputs, summary, SARIF) -> fail the step if the gate failed. */
export async function main(): Promise<void> {
  const inputs = getInputs()
  if (inputs.skipReason) {
    // Not run is not passed: `passed` says `skipped`, and no gate record is written for promote to trust.
    core.notice(inputs.skipReason, { title: 'Vulnerability gate not run' })
    setOutputs({ passed: 'skipped', 'skipped-reason': inputs.skipReason })
    await writeSkippedSummary(inputs.scan.image, inputs.skipReason)
    return
  }
  const outcome = await core.group('Scan', () =>
    scanAndGate({ ...inputs.scan, log: message => core.info(message) })
  )
  const { gate } = outcome
  core.info(
    `${outcome.report.findings.length} findings, ${gate.ignored.length} ignored, ${gate.failing.length} failing the gate`
  )
  for (const rule of gate.expired)
    core.warning(
      `ignore rule for ${rule.id} in ${rule.source} expired on ${rule.expires}; it no longer applies`
    )
  annotateBaseImage(outcome)

  setOutputs({
    passed: gate.passed,
    counts: gate.counts,
    // One compact JSON array (setOutputs would join a list into lines of `[object Object]`).
    'new-findings': JSON.stringify(
      gate.newFindings.map(finding => ({
        id: finding.id,
        package: finding.package,
        severity: finding.severity
      }))
    ),
    report: outcome.reportPath,
    sarif: outcome.sarifPath,
    digest: outcome.digest ?? ''
  })
  await writeScanSummary(outcome, inputs.scan.policy.threshold)
  if (inputs.recordGate) {
    try {
      const record = await recordScanVerdict(outcome, inputs.scan.policy)
      if (record)
        core.info(
          `gate record ${record} attached to ${outcome.scanned}${outcome.selfReported ? ` (self-reported: computed from ${outcome.selfReported.reportFile}, ${outcome.selfReported.sha256})` : ''}`
        )
      else
        core.warning(
          'record-gate: the image is not in a registry (no digest), so no gate record was written.'
        )
    } catch (error) {
      core.warning(
        `The gate record could not be written (promote with require-gate will refuse this image): ${errorMessage(error)}`
      )
    }
  }
  if (!gate.passed) {
    throw new UserError(
      `Vulnerability gate failed for ${outcome.scanned}: ${gate.reasons.join('; ')} (threshold ${inputs.scan.policy.threshold}).`
    )
  }
}
