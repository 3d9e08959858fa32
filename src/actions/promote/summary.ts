import * as core from '@actions/core'
import { code, escapeHtml, writeSummary } from '../../lib/summary.js'
import { formatBytes } from '../../lib/format.js'
import type { PromotionResult } from '../../lib/registry/promote.js'

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
      formatBytes(target.bytesUploaded)
    ])
  ])
  await writeSummary()
}
