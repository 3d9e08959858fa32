import * as core from '@actions/core'
import { addKeyValueTable, code, writeSummary } from '../../lib/summary.js'
import { type BuildReport, pushedImage } from './outputs.js'

export async function writeBuildSummary(report: BuildReport): Promise<void> {
  const { frontend, plan, results } = report
  const pushed = report.published?.pushed ?? []
  core.summary.addHeading('build-with-cache', 3)
  core.summary.addTable([
    [
      { data: 'Stage', header: true },
      { data: 'Steps', header: true },
      { data: 'Cached', header: true },
      { data: 'Built', header: true },
      { data: 'Time', header: true }
    ],
    ...results.map(({ stage, platform, result }) => [
      platform ? `${code(stage)} (${platform})` : code(stage),
      String(result.stats.total),
      String(result.stats.cached),
      String(result.stats.built),
      `${result.seconds.toFixed(1)} s`
    ])
  ])
  addKeyValueTable([
    plan.platformTargets
      ? [
          'Platforms',
          (report.published?.platformDigests ?? [])
            .map(({ platform, digest }) => `${platform}: ${digest}`)
            .join('\n') || 'not pushed'
        ]
      : ['Digest', report.published?.digest ?? 'not pushed'],
    ['Image', pushedImage(report)],
    ['Pushed', pushed.join('\n')],
    ['Production tags', pushed.length === 0 ? plan.productionTags.join('\n') : undefined],
    ['Front end', `${frontend.kind} (${frontend.docker} ${frontend.clientVersion}), cache ${plan.cacheMode}`]
  ])
  await writeSummary()
}
