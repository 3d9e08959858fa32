import * as core from '@actions/core'
import { checkPromotionGate, checkPromotionProvenance } from '../../lib/gate/promotion.js'
import {
  type PromotionResult,
  PromotionError,
  promoteImage,
  readTargets,
  resolveSource
} from '../../lib/registry/promote.js'
import { getInputs } from './context.js'
import { reportPromotion } from './summary.js'

/**
 * promote: resolve the source once -> check the gate (and provenance) on that digest, on every
 * platform of an index -> write every target (referrers first, tags last) -> report.
 */
export async function main(inputs = getInputs()): Promise<void> {
  const log = (message: string): void => core.info(message)
  // What the targets hold now is read meanwhile (nothing is written before the gate passed); a bad
  // target is reported where it was before, by the promotion.
  const targetsRead = Promise.resolve().then(() =>
    readTargets({ ...inputs.promotion, registry: inputs.registry })
  )
  targetsRead.catch(() => undefined)
  // One GET: the gate is checked on this digest, and exactly these bytes are promoted.
  const source = await resolveSource(inputs.source, inputs.registry)
  await core.group('Vulnerability gate record', async () =>
    log(await checkPromotionGate(source, inputs.gate))
  )
  await core.group('Provenance', async () => log(await checkPromotionProvenance(source, inputs.provenance)))

  let result: PromotionResult
  try {
    result = await core.group(inputs.dryRun ? 'Promotion plan (dry run)' : 'Promote', () =>
      promoteImage({
        ...inputs.promotion,
        source,
        targetsRead,
        dryRun: inputs.dryRun,
        registry: inputs.registry,
        log
      })
    )
  } catch (error) {
    // Each target's result (failed, restored, skipped) is an output even when the promotion fails.
    if (error instanceof PromotionError) await reportPromotion(error.result, inputs.dryRun)
    throw error
  }
  await reportPromotion(result, inputs.dryRun)
}
