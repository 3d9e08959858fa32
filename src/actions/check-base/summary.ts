import * as core from '@actions/core'
import type { BaseCheckResult } from '../../lib/base-image/check.js'
import { code, escapeHtml, writeSummary } from '../../lib/summary.js'
import { untrustedText } from '../../lib/untrusted-text.js'
import type { DispatchRecord } from './dispatch.js'

const ICONS: Record<BaseCheckResult['status'], string> = {
  current: '✅',
  stale: '🔄',
  unknown: '❔',
  error: '❌'
}

/** One log line per image. Details quote registries and image labels: neutralised so they cannot become workflow commands. */
export function logResult(result: BaseCheckResult): void {
  core.info(`${result.status.padEnd(7)} ${result.image}: ${untrustedText(result.detail)}`)
}

/** Annotations: layer-count warnings, images whose base is unknown, images that could not be checked. */
export function annotate(results: BaseCheckResult[]): void {
  for (const result of results) {
    for (const warning of result.warnings)
      core.warning(`${result.image}: ${warning}`, { title: 'Layer count' })
    if (result.status === 'unknown')
      core.warning(`${result.image}: ${untrustedText(result.detail)}`, { title: 'Base unknown' })
    if (result.status === 'error')
      core.error(`${result.image}: ${untrustedText(result.detail)}`, { title: 'check-base' })
  }
}

export function logDispatch(record: DispatchRecord): void {
  if (record.error) core.error(record.error, { title: 'Dispatch failed' })
  else
    core.info(
      `dispatched ${record.kind} ${record.target} to ${record.repository} for ${record.images.join(', ')}`
    )
}

/** Why the step fails, if it does: images that could not be checked, failed dispatches, or (asked for) stale images. */
export function failure(
  results: BaseCheckResult[],
  dispatched: DispatchRecord[],
  failOnStale: boolean
): string | undefined {
  const errors = results.filter(result => result.status === 'error')
  const failedDispatches = dispatched.filter(record => record.error)
  if (errors.length || failedDispatches.length)
    return (
      [
        errors.length && `could not check ${errors.map(result => result.image).join(', ')}`,
        failedDispatches.length && `${failedDispatches.length} dispatch(es) failed`
      ]
        .filter(Boolean)
        .join('; ') + ' (see the errors above).'
    )
  const stale = results.filter(result => result.status === 'stale')
  if (stale.length && failOnStale)
    return `Built on an outdated base: ${stale.map(result => result.image).join(', ')}.`
  return undefined
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
