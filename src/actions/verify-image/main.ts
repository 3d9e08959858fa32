import * as core from '@actions/core'
import { detectDockerClient } from '../../lib/docker/frontend.js'
import { UserError } from '../../lib/errors.js'
import { setOutputs } from '../../lib/outputs.js'
import { verdict as judgeReport } from '../../lib/dockerflow/requirements.js'
import { newRunId, removeRunContainers } from '../../lib/dockerflow/cleanup.js'
import { verifyImage } from '../../lib/dockerflow/verify.js'
import { getInputs } from './context.js'
import { annotate, verdictLine, writeVerifySummary } from './summary.js'

/** State: the engine and run id whose labelled containers the post step removes. */
export const STATE_VERIFY_RUN = 'verifyRun'

/** verify-image: static checks from the image, then run it and call the Dockerflow endpoints. */
export async function main(): Promise<void> {
  const inputs = getInputs()
  const docker = await detectDockerClient()
  const runId = newRunId(process.env.GITHUB_RUN_ID)
  // Saved before any container exists: a cancelled job still runs the post step, which removes them.
  if (inputs.scope !== 'static') core.saveState(STATE_VERIFY_RUN, JSON.stringify({ docker, runId }))
  const report = await core.group(`Dockerflow checks of ${inputs.image}`, async () => {
    const result = await verifyImage({ docker, ...inputs, runId, log: message => core.info(message) })
    for (const check of result.results) core.info(`${check.status.padEnd(4)} ${check.id}: ${check.detail}`)
    return result
  })
  const verdict = judgeReport(report.results, inputs.failOn)
  annotate(report.results)
  setOutputs({
    passed: verdict.passed,
    failed: JSON.stringify(verdict.failed),
    warnings: JSON.stringify(verdict.warnings),
    'image-id': report.imageId,
    results: JSON.stringify(report.results)
  })
  await writeVerifySummary(report, verdict)
  if (!verdict.passed)
    throw new UserError(`${inputs.image} ${verdictLine(verdict)} (fail-on: ${inputs.failOn}).`)
  core.info(`${inputs.image} ${verdictLine(verdict)}`)
}

/** Post step (always runs, also after a cancelled job): remove the containers this run left. */
export async function post(): Promise<void> {
  const saved = core.getState(STATE_VERIFY_RUN)
  if (!saved) return
  const state = JSON.parse(saved) as { docker?: unknown; runId?: unknown }
  if (typeof state.docker !== 'string' || typeof state.runId !== 'string')
    throw new Error(`unreadable ${STATE_VERIFY_RUN} state: ${saved.slice(0, 200)}`)
  const removed = await removeRunContainers(state.docker, state.runId)
  core.info(
    removed.length
      ? `removed ${removed.length} container(s) left by verify run ${state.runId}`
      : `verify run ${state.runId} left no container`
  )
}
