import * as core from '@actions/core'
import { parseReference } from '../../lib/image/reference.js'
import { setOutputs } from '../../lib/outputs.js'
import { copyGateRecords, isSelfReported, requirePassedGate } from '../../lib/gate/record.js'
import { gateRegistry } from '../../lib/gate/registry.js'
import {
  type PromotionResult,
  PromotionError,
  promoteImage,
  resolveSource
} from '../../lib/registry/promote.js'
import { writePromotionSummary } from './summary.js'
import { getInputs } from './context.js'

function reportPromotion(result: PromotionResult, dryRun: boolean): Promise<void> {
  const landed = ['created', 'moved', 'unchanged']
  setOutputs({
    digest: result.digest,
    promoted: dryRun ? [] : result.targets.filter(t => landed.includes(t.action)).map(t => t.reference),
    'bytes-uploaded': result.bytesUploaded,
    json: result,
    // Stringified here: setOutputs would join a list into lines.
    results: JSON.stringify(
      result.targets.map(target => ({
        reference: target.reference,
        floating: target.floating,
        action: target.action,
        previousDigest: target.previousDigest ?? null
      }))
    )
  })
  return writePromotionSummary(result, dryRun)
}

/** promote: resolve the source once -> check the gate on that digest -> write every target -> report. */
export async function main(): Promise<void> {
  const inputs = getInputs()
  // One GET: the gate is checked on this digest, and exactly these bytes are promoted.
  const source = await resolveSource(inputs.source, inputs.registry)

  if (inputs.requireGate) {
    await core.group('Vulnerability gate record', async () => {
      const record = await requirePassedGate(gateRegistry(source.ref, inputs.registry), source.digest, {
        allowSelfReported: inputs.allowSelfReported
      })
      core.info(
        `${source.digest} passed ${record.scanner}${isSelfReported(record) ? ' (self-reported)' : ''} (threshold ${record.severityThreshold}) at ${record.scannedAt}`
      )
    })
  } else core.info('require-gate: false: the gate record is not checked')

  let result: PromotionResult
  try {
    result = await core.group(inputs.dryRun ? 'Promotion plan (dry run)' : 'Promote', () =>
      promoteImage({
        source,
        targets: inputs.targets,
        floatingTargets: inputs.floatingTargets,
        expectedDigest: inputs.expectedDigest,
        allowOverwrite: inputs.allowOverwrite,
        dryRun: inputs.dryRun,
        registry: inputs.registry,
        log: message => core.info(message)
      })
    )
  } catch (error) {
    // Each target's result (failed, restored, skipped) is an output even when the promotion fails.
    if (error instanceof PromotionError) await reportPromotion(error.result, inputs.dryRun)
    throw error
  }
  await reportPromotion(result, inputs.dryRun)

  if (!inputs.dryRun) {
    // The verdict follows the image, so the next stage (another repository or registry) can check it.
    const subject = { mediaType: source.mediaType, digest: source.digest, size: source.body.length }
    const sourceGate = gateRegistry(source.ref, inputs.registry)
    const seen = new Set([`${source.ref.registry}/${source.ref.repository}`])
    for (const target of result.targets.map(t => parseReference(t.reference))) {
      const key = `${target.registry}/${target.repository}`
      if (seen.has(key)) continue
      seen.add(key)
      const copied = await copyGateRecords(sourceGate, gateRegistry(target, inputs.registry), subject)
      if (copied > 0) core.info(`copied ${copied} gate record(s) to ${key}`)
    }
  }
}
