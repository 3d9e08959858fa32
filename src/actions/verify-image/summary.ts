import * as core from '@actions/core'
import type { CheckResult, Verdict } from '../../lib/dockerflow/requirements.js'
import type { VerifyReport } from '../../lib/dockerflow/verify.js'
import { code, escapeHtml, writeSummary } from '../../lib/summary.js'

const ICONS: Record<CheckResult['status'], string> = { pass: '✅', fail: '❌', warn: '⚠️', skip: '➖' }

export function verdictLine(verdict: Verdict): string {
  if (verdict.passed)
    return verdict.warnings.length
      ? `meets every required Dockerflow requirement; recommended not met: ${verdict.warnings.join(', ')}`
      : 'meets the Dockerflow contract'
  const unmet = [...verdict.failed, ...verdict.warnings]
  return `does not meet the Dockerflow contract: ${unmet.join(', ')}`
}

/** An annotation for every requirement not met: an error when it failed, a warning when it only warned. */
export function annotate(results: CheckResult[]): void {
  for (const check of results) {
    if (check.status === 'fail')
      core.error(`${check.title}: ${check.detail}`, { title: `Dockerflow ${check.id}` })
    if (check.status === 'warn')
      core.warning(`${check.title}: ${check.detail}`, { title: `Dockerflow ${check.id}` })
  }
}

export async function writeVerifySummary(report: VerifyReport, verdict: Verdict): Promise<void> {
  core.summary.addHeading('verify-image (Dockerflow)', 3)
  core.summary.addRaw(
    `<p>${verdict.passed ? '✅' : '❌'} ${code(report.image)} ${escapeHtml(verdictLine(verdict))}</p>`,
    true
  )
  core.summary.addTable([
    [
      { data: 'Status', header: true },
      { data: 'Requirement', header: true },
      { data: 'Level', header: true },
      { data: 'Detail', header: true }
    ],
    ...report.results.map(result => [
      ICONS[result.status],
      `${escapeHtml(result.title)} (${code(result.id)})`,
      result.level,
      escapeHtml(result.detail)
    ])
  ])
  await writeSummary()
}
