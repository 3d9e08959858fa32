import * as core from '@actions/core'
import { checkPromotionGate, checkPromotionProvenance } from '../../lib/gate/promotion.js'
import { warmCrypto } from '../../lib/oci/digest.js'
import { parseReference } from '../../lib/image/reference.js'
import { warmDocuments } from '../../lib/registry/limits.js'
import {
  type PromotionResult,
  type TargetRead,
  PromotionError,
  closeUploadSessions,
  openUploadSessions,
  promoteImage,
  readTargets,
  resolveSource
} from '../../lib/registry/promote.js'
import { type Inputs, getInputs } from './context.js'
import { reportPromotion } from './summary.js'

/**
 * promote: resolve the source once -> check the gate (and provenance) on that digest, on every
 * platform of an index -> write every target (referrers first, tags last) -> report.
 */
export async function main(inputs = getInputs()): Promise<void> {
  const log = (message: string): void => core.info(message)
  const sourceRegistry = parseReference(inputs.source).registry
  // With nothing to check before writing (no gate, no provenance, no dry run), the upload sessions the
  // copy across registries needs are opened at once, their POSTs off the copy's path (issue 17);
  // otherwise only once the checks passed.
  const openNow = !inputs.dryRun && !inputs.gate.required && !inputs.provenance.required
  // What the targets hold now is read meanwhile (nothing is written before the gate passed); a bad
  // target is reported where it was before, by the promotion.
  const targetsRead = Promise.resolve().then(() =>
    readTargets({
      ...inputs.promotion,
      registry: inputs.registry,
      openUploadsFrom: openNow ? sourceRegistry : undefined
    })
  )
  targetsRead.catch(() => undefined)
  try {
    await promote(inputs, targetsRead, log, () => {
      if (!openNow && !inputs.dryRun)
        targetsRead.then(
          reads => openUploadSessions(reads, sourceRegistry),
          () => undefined
        )
    })
  } finally {
    // Sessions no upload took are closed, whatever happened.
    await closeUploadSessions(await targetsRead.catch(() => []))
  }
}

async function promote(
  inputs: Inputs,
  targetsRead: Promise<TargetRead[]>,
  log: (message: string) => void,
  checksPassed: () => void
): Promise<void> {
  // One GET: the gate is checked on this digest, and exactly these bytes are promoted.
  const resolving = resolveSource(inputs.source, inputs.registry)
  // Its digest needs node:crypto, and its check the schemas (zod): both loaded while the GET is out
  // rather than before it.
  warmDocuments()
  warmCrypto()
  const source = await resolving
  await core.group('Vulnerability gate record', async () =>
    log(await checkPromotionGate(source, inputs.gate))
  )
  await core.group('Provenance', async () => log(await checkPromotionProvenance(source, inputs.provenance)))
  checksPassed()

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
