import * as core from '@actions/core'
import { parseReference } from '../../lib/image/reference.js'
import { setOutputs } from '../../lib/outputs.js'
import { attachGateRecord } from '../../lib/gate/record.js'
import { gateRegistry } from '../../lib/gate/registry.js'
import { UserError, errorMessage } from '../../lib/errors.js'
import { scanAndGate, type ScanOutcome } from '../../lib/scan/scan-and-gate.js'
import { getInputs } from './context.js'
import { annotateBaseImage, writeScanSummary } from './summary.js'

/** Stores the verdict next to the image (an OCI referrer), so promote can check it later. */
async function recordGate(
  outcome: ScanOutcome,
  threshold: string,
  failOn: string,
  scanner: string
): Promise<void> {
  if (!outcome.digest) {
    core.warning('record-gate: the image is not in a registry (no digest), so no gate record was written.')
    return
  }
  const ref = parseReference(outcome.scanned)
  const registry = gateRegistry(ref)
  const manifest = await registry.getManifest(outcome.digest)
  if (!manifest) throw new UserError(`record-gate: ${outcome.scanned} is not in the registry.`)
  const record = await attachGateRecord(
    registry,
    { mediaType: manifest.mediaType, digest: outcome.digest, size: manifest.body.length },
    {
      subject: outcome.digest,
      passed: outcome.gate.passed,
      scanner,
      severityThreshold: threshold,
      failOn,
      counts: outcome.gate.counts.after,
      reasons: outcome.gate.reasons,
      scannedAt: new Date().toISOString(),
      producer: {
        repository: process.env.GITHUB_REPOSITORY,
        sha: process.env.GITHUB_SHA,
        runUrl: process.env.GITHUB_RUN_ID
          ? `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}`
          : 'local'
      }
    }
  )
  core.info(`gate record ${record} attached to ${outcome.scanned}`)
}

/** scan-image: scan by digest -> gate -> report (outputs, summary, SARIF) -> fail the step if the gate failed. */
export async function main(): Promise<void> {
  const inputs = getInputs()
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
    'new-findings': gate.newFindings.map(finding => ({
      id: finding.id,
      package: finding.package,
      severity: finding.severity
    })),
    report: outcome.reportPath,
    sarif: outcome.sarifPath,
    digest: outcome.digest ?? ''
  })
  await writeScanSummary(outcome, inputs.scan.policy.threshold)
  if (inputs.recordGate) {
    try {
      await recordGate(
        outcome,
        inputs.scan.policy.threshold,
        inputs.scan.policy.failOn,
        outcome.report.scanner
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
