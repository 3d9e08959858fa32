import * as core from '@actions/core'
import type { CheckResult, ImageVerdict, Verdict } from '../../lib/dockerflow/requirements.js'
import type { VerifyRun } from '../../lib/dockerflow/verify.js'
import { code, escapeHtml, writeSummary } from '../../lib/summary.js'

const ICONS: Record<CheckResult['status'], string> = { pass: '✅', fail: '❌', warn: '⚠️', skip: '➖' }

export function verdictLine(verdict: Verdict & { images?: ImageVerdict[] }): string {
  const platforms = (verdict.images ?? []).filter(image => image.platform)
  const failing = platforms.filter(image => !image.passed).map(image => image.platform)
  const where = platforms.length
    ? failing.length
      ? ` (on ${failing.join(', ')} of ${platforms.length} platforms)`
      : ` on all ${platforms.length} platforms`
    : ''
  if (verdict.passed)
    return verdict.warnings.length
      ? `meets every required Dockerflow requirement${where}; recommended not met: ${verdict.warnings.join(', ')}`
      : `meets the Dockerflow contract${where}`
  const unmet = [...verdict.failed, ...verdict.warnings]
  return `does not meet the Dockerflow contract${where}: ${unmet.join(', ')}`
}

/** An annotation for every requirement not met: an error when it failed, a warning when it only warned. */
export function annotate(results: CheckResult[], platform?: string): void {
  const on = platform ? ` (${platform})` : ''
  for (const check of results) {
    if (check.status === 'fail')
      core.error(`${check.title}${on}: ${check.detail}`, { title: `Dockerflow ${check.id}` })
    if (check.status === 'warn')
      core.warning(`${check.title}${on}: ${check.detail}`, { title: `Dockerflow ${check.id}` })
  }
}

function resultsTable(results: CheckResult[]): void {
  core.summary.addTable([
    [
      { data: 'Status', header: true },
      { data: 'Requirement', header: true },
      { data: 'Level', header: true },
      { data: 'Detail', header: true }
    ],
    ...results.map(result => [
      ICONS[result.status],
      `${escapeHtml(result.title)} (${code(result.id)})`,
      result.level,
      escapeHtml(result.detail)
    ])
  ])
}

/** The verdict, then the checks: one table, or one per platform of an index. */
export async function writeVerifySummary(
  run: VerifyRun,
  verdict: Verdict & { images: ImageVerdict[] }
): Promise<void> {
  core.summary.addHeading('verify-image (Dockerflow)', 3)
  core.summary.addRaw(
    `<p>${verdict.passed ? '✅' : '❌'} ${code(run.image)} ${escapeHtml(verdictLine(verdict))}</p>`,
    true
  )
  for (const [position, report] of run.reports.entries()) {
    if (report.platform) {
      const image = verdict.images[position]
      core.summary.addHeading(`${image.passed ? '✅' : '❌'} ${escapeHtml(report.platform)}`, 4)
      core.summary.addRaw(`<p>${code(report.image)}</p>`, true)
    }
    resultsTable(report.results)
  }
  await writeSummary()
}
