import * as core from '@actions/core'
import type { BaseCheckResult } from '../../lib/base-image/check.js'
import type { DispatchRecord } from '../../lib/github/dispatch.js'
import { code, escapeHtml, writeSummary } from '../../lib/summary.js'

const ICONS: Record<BaseCheckResult['status'], string> = {
  current: '✅',
  stale: '🔄',
  unknown: '❔',
  error: '❌'
}

export async function writeCheckBaseSummary(
  results: BaseCheckResult[],
  dispatched: DispatchRecord[]
): Promise<void> {
  const stale = results.filter(result => result.status === 'stale')
  core.summary.addHeading('check-base', 3)
  core.summary.addRaw(
    `<p>${stale.length} of ${results.length} image(s) built on an outdated base${stale.length ? ': rebuild them' : ''}.</p>`,
    true
  )
  core.summary.addTable([
    [
      { data: 'Status', header: true },
      { data: 'Image', header: true },
      { data: 'Base', header: true },
      { data: 'Built on / now', header: true },
      { data: 'Layers', header: true },
      { data: 'Detail', header: true }
    ],
    ...results.map(result => [
      ICONS[result.status],
      code(result.image) + (result.dockerfile ? `<br>${escapeHtml(result.dockerfile)}` : ''),
      result.base ? code(result.base) : '',
      [result.recordedDigest, result.currentDigest]
        .map(digest => (digest ? code(digest.slice(0, 19)) : '–'))
        .join(' → '),
      String(result.layers ?? ''),
      escapeHtml([result.detail, ...result.warnings].join('; '))
    ])
  ])
  if (dispatched.length) {
    core.summary.addHeading('Rebuilds dispatched', 4)
    core.summary.addList(
      dispatched.map(
        record =>
          `${record.error ? '❌' : '✅'} ${escapeHtml(record.repository)}: ${record.kind === 'workflow' ? 'workflow_dispatch' : 'repository_dispatch'} ${escapeHtml(record.target)} for ${record.images.map(code).join(', ')}` +
          (record.error ? ` (${escapeHtml(record.error)})` : '')
      )
    )
  }
  await writeSummary()
}
