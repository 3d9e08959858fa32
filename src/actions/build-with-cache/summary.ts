import * as core from '@actions/core'
import type { BuildResult } from '../../lib/docker/build.js'
import type { BuildFrontend } from '../../lib/docker/frontend.js'
import { addKeyValueTable, code, writeSummary } from '../../lib/summary.js'

export interface BuildSummary {
  frontend: BuildFrontend
  cacheMode: string
  results: Array<{ stage: string; result: BuildResult }>
  pushed: string[]
  digest?: string
  image?: string
  productionTags: string[]
  builderTags: string[]
}

export async function writeBuildSummary(summary: BuildSummary): Promise<void> {
  core.summary.addHeading('build-with-cache', 3)
  core.summary.addTable([
    [
      { data: 'Stage', header: true },
      { data: 'Steps', header: true },
      { data: 'Cached', header: true },
      { data: 'Built', header: true },
      { data: 'Time', header: true }
    ],
    ...summary.results.map(({ stage, result }) => [
      code(stage),
      String(result.stats.total),
      String(result.stats.cached),
      String(result.stats.built),
      `${result.seconds.toFixed(1)} s`
    ])
  ])
  addKeyValueTable([
    ['Digest', summary.digest ?? 'not pushed'],
    ['Image', summary.image],
    ['Pushed', summary.pushed.join('\n')],
    ['Production tags', summary.pushed.length === 0 ? summary.productionTags.join('\n') : undefined],
    [
      'Front end',
      `${summary.frontend.kind} (${summary.frontend.docker} ${summary.frontend.clientVersion}), cache ${summary.cacheMode}`
    ]
  ])
  await writeSummary()
}
