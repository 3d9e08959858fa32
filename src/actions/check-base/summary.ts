import * as core from '@actions/core'
import type { BaseCheckResult } from '../../lib/base-image/check.js'
import { code, escapeHtml, writeSummary } from '../../lib/summary.js'
import { untrustedText } from '../../lib/untrusted-text.js'
import type { DispatchRecord } from './dispatch.js'
import type { PullRequestRecord } from './pull-requests.js'

const ICONS: Record<BaseCheckResult['status'], string> = {
  current: '✅',
  stale: '🔄',
  outdated: '⬆️',
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
      core.warning(`${result.image}: ${untrustedText(warning)}`, {
        title: warning.startsWith('could not look for newer versions') ? 'Base version' : 'Layer count'
      })
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

export function logPullRequest(record: PullRequestRecord): void {
  if (record.error) core.error(untrustedText(record.error), { title: 'Pull request failed' })
  else if (record.action === 'unchanged')
    core.info(`${record.repository}: the default branch already has the base image updates`)
  else
    core.info(
      `${record.action} pull request #${record.number} in ${record.repository} (${record.branch}): ${untrustedText(record.files.join(', '))}`
    )
}

/** Why the step fails, if it does: images that could not be checked, failed dispatches or pull requests, or (asked for) images behind their base. */
export function failure(
  results: BaseCheckResult[],
  dispatched: DispatchRecord[],
  proposed: PullRequestRecord[],
  failOnStale: boolean
): string | undefined {
  const errors = results.filter(result => result.status === 'error')
  const failedDispatches = dispatched.filter(record => record.error)
  const failedProposals = proposed.filter(record => record.error)
  if (errors.length || failedDispatches.length || failedProposals.length)
    return (
      [
        errors.length && `could not check ${errors.map(result => result.image).join(', ')}`,
        failedDispatches.length && `${failedDispatches.length} dispatch(es) failed`,
        failedProposals.length && `${failedProposals.length} pull request(s) failed`
      ]
        .filter(Boolean)
        .join('; ') + ' (see the errors above).'
    )
  const behind = results.filter(result => result.status === 'stale' || result.status === 'outdated')
  if (behind.length && failOnStale)
    return `Built on an outdated base: ${behind.map(result => `${result.image} (${result.status})`).join(', ')}.`
  return undefined
}

/** What is behind about the base: its tag moved (a rebuild picks it up), or a newer version exists (the FROM changes). */
function change(result: BaseCheckResult): string {
  const moved = result.status === 'stale' ? 'tag moved' : ''
  const newer = result.newer ? `newer version ${code(result.newer.tag)}` : ''
  return [moved, newer].filter(Boolean).join('<br>') || '–'
}

export async function writeCheckBaseSummary(
  results: BaseCheckResult[],
  dispatched: DispatchRecord[],
  proposed: PullRequestRecord[]
): Promise<void> {
  const stale = results.filter(result => result.status === 'stale')
  const outdated = results.filter(result => result.status === 'outdated')
  core.summary.addHeading('check-base', 3)
  core.summary.addRaw(
    `<p>${stale.length} of ${results.length} image(s) built on an outdated base${stale.length ? ': rebuild them' : ''}.` +
      (outdated.length
        ? ` ${outdated.length} pinned to a base version with a newer release: change their FROM.`
        : '') +
      '</p>',
    true
  )
  core.summary.addTable([
    [
      { data: 'Status', header: true },
      { data: 'Image', header: true },
      { data: 'Base', header: true },
      { data: 'Built on / now', header: true },
      { data: 'Change', header: true },
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
      change(result),
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
  if (proposed.length) {
    core.summary.addHeading('Pull requests', 4)
    core.summary.addList(
      proposed.map(
        record =>
          `${record.error ? '❌' : '✅'} ${escapeHtml(record.repository)}: ` +
          (record.error
            ? escapeHtml(record.error)
            : record.action === 'unchanged'
              ? 'the default branch already has the updates'
              : `${record.action} <a href="${escapeHtml(record.url ?? '')}">#${record.number}</a> on ${code(record.branch)} (${record.files.map(code).join(', ')})`)
      )
    )
  }
  await writeSummary()
}
