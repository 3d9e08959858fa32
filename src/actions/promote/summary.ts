import * as core from '@actions/core'
import { code, escapeHtml, writeSummary } from '../../lib/summary.js'
import { formatBytes } from '../../lib/format.js'
import { setOutputs } from '../../lib/outputs.js'
import type { PromotionResult } from '../../lib/registry/promote.js'

/** The outputs and the job summary of a promotion (set on failure too, with each target's result). */
export function reportPromotion(result: PromotionResult, dryRun: boolean): Promise<void> {
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

export async function writePromotionSummary(result: PromotionResult, dryRun: boolean): Promise<void> {
  core.summary.addHeading(dryRun ? 'promote (dry run)' : 'promote', 3)
  core.summary.addRaw(
    `<p>Source ${code(result.source)} = ${code(result.digest)}; ${formatBytes(result.bytesUploaded)} uploaded in ${result.seconds.toFixed(1)} s</p>`,
    true
  )
  if (result.failure) core.summary.addRaw(`<p>❌ ${escapeHtml(result.failure)}</p>`, true)
  core.summary.addTable([
    [
      { data: 'Target', header: true },
      { data: 'Tag kind', header: true },
      { data: 'Action', header: true },
      { data: 'How', header: true },
      { data: 'Blobs present / mounted / copied', header: true },
      { data: 'Referrers copied / present', header: true },
      { data: 'Uploaded', header: true }
    ],
    ...result.targets.map(target => [
      code(target.reference),
      target.floating ? 'floating' : 'fixed',
      target.action +
        (target.previousDigest && target.action !== 'unchanged'
          ? ` (was ${code(target.previousDigest.slice(0, 19))})`
          : ''),
      target.mode,
      `${target.blobs.present} / ${target.blobs.mounted} / ${target.blobs.copied}`,
      `${target.referrers.copied} / ${target.referrers.present}`,
      formatBytes(target.bytesUploaded)
    ])
  ])
  await writeSummary()
}
