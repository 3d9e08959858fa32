import * as core from '@actions/core'
import { recordScanVerdict } from '../../lib/gate/scan-record.js'
import { requireGatePassed, scanAndGate } from '../../lib/scan/scan-and-gate.js'
import { getInputs } from './context.js'
import { reportScan, reportSkipped } from './summary.js'

/** scan-image: scan by digest -> gate -> report (outputs, summary, SARIF) -> record the verdict -> fail the step if the gate failed. */
export async function main(): Promise<void> {
  const inputs = getInputs()
  // Not run is not passed: `passed` says `skipped`, and no gate record is written for promote to trust.
  if (inputs.skipReason) return reportSkipped(inputs.scan.image, inputs.skipReason)
  const log = (message: string): void => core.info(message)
  const outcome = await core.group('Scan', () => scanAndGate({ ...inputs.scan, log }))
  await reportScan(outcome, inputs.scan.policy.threshold)
  if (inputs.recordGate)
    await recordScanVerdict(outcome, inputs.scan.policy, { log, warn: message => core.warning(message) })
  requireGatePassed(outcome, inputs.scan.policy.threshold)
}
