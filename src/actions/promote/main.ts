import * as core from '@actions/core'
import { checkPromotionGate, checkPromotionProvenance } from '../../lib/gate/promotion.js'
import {
  type PromotionResult,
  PromotionError,
  promoteImage,
  resolveSource
} from '../../lib/registry/promote.js'
import { getInputs } from './context.js'
import { reportPromotion } from './summary.js'

/**
 * promote: resolve the source once -> check the gate (and provenance) on that digest, on every
 * platform of an index -> write every target (referrers first, tags last) -> report.
 */
export async function main(): Promise<void> {
  const inputs = getInputs()
  const log = (message: string): void => core.info(message)
  // One GET: the gate is checked on this digest, and exactly these bytes are promoted.
  const source = await resolveSource(inputs.source, inputs.registry)
  await core.group('Vulnerability gate record', async () =>
    log(await checkPromotionGate(source, inputs.gate, inputs.registry))
  )
  await core.group('Provenance', async () =>
    log(await checkPromotionProvenance(source, inputs.provenance, inputs.registry))
  )

  let result: PromotionResult
  try {
    result = await core.group(inputs.dryRun ? 'Promotion plan (dry run)' : 'Promote', () =>
      promoteImage({ ...inputs.promotion, source, dryRun: inputs.dryRun, registry: inputs.registry, log })
    )
  } catch (error) {
    // Each target's result (failed, restored, skipped) is an output even when the promotion fails.
    if (error instanceof PromotionError) await reportPromotion(error.result, inputs.dryRun)
    throw error
  }
  await reportPromotion(result, inputs.dryRun)
}
