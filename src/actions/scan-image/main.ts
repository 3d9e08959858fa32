import * as core from '@actions/core'
import { recordScanVerdict } from '../../lib/gate/scan-record.js'
import { monitorImages } from '../../lib/scan/monitor.js'
import { type ScanPlan, planScan } from '../../lib/scan/platforms.js'
import { type ScannerRuntime, finishRuntime, prepareRuntime } from '../../lib/scan/runtime.js'
import { requireGatesPassed, scanAndGateAll } from '../../lib/scan/scan-and-gate.js'
import { readFileSync } from 'node:fs'
import { type AttachedSbom, attachSboms } from '../../lib/scan/sbom.js'
import { getInputs } from './context.js'
import { reportSboms, reportScans, reportSkipped } from './summary.js'

/**
 * scan-image: plan (one image, or each platform of an index) -> scanner runtime (its image, the
 * cached database) -> scan by digest and gate (and, once passed, the scanner's SBOM) -> report
 * (outputs, summary, SARIF) -> record each verdict -> attach the SBOMs when every platform passed ->
 * monitor a passed, published image -> fail the step unless every platform passed.
 */
export async function main(inputs = getInputs()): Promise<void> {
  // Not run is not passed: `passed` says `skipped`, and no gate record is written for promote to trust.
  if (inputs.skipReason) return reportSkipped(inputs.scan.image, inputs.skipReason)
  const hooks = {
    log: (message: string) => core.info(message),
    warn: (message: string) => core.warning(message)
  }
  const { scanner, policy } = inputs.scan
  const { index, runtime, outcomes } = await core.group('Scan', async () => {
    // A report file is one verdict for the image as named; a scanner scans each platform of an index.
    const plan: ScanPlan =
      scanner === 'report'
        ? { targets: [{ image: inputs.scan.image }] }
        : await planScan(inputs.scan.image, { registry: inputs.scan.registry, log: hooks.log })
    const runtime: ScannerRuntime =
      scanner === 'report' ? { kind: 'path' } : await prepareRuntime(scanner, inputs.runtime, hooks)
    const scanned = await scanAndGateAll(plan, { ...inputs.scan, runtime, ...hooks })
    await finishRuntime(runtime, hooks)
    return { index: plan.index, runtime, outcomes: scanned }
  })
  await reportScans(outcomes, policy.threshold, index)
  if (inputs.recordGate) for (const outcome of outcomes) await recordScanVerdict(outcome, policy, hooks)
  // Only an image that passed goes forward, so only it gets an SBOM (nothing is published for a failure).
  if (inputs.sbom) {
    const passed = outcomes.every(outcome => outcome.gate.passed)
    const sboms: AttachedSbom[] = passed ? await attachSboms(outcomes, path => readFileSync(path), hooks) : []
    await reportSboms(sboms, passed)
  }
  if (inputs.monitor && outcomes.every(outcome => outcome.gate.passed))
    await core.group('Monitor', () => monitorImages(outcomes, runtime, hooks))
  requireGatesPassed(outcomes, policy.threshold)
}
