import * as core from '@actions/core'
import { UserError } from '../../lib/errors.js'
import { setOutputs } from '../../lib/outputs.js'
import { verdictOfImages as judgeImages } from '../../lib/dockerflow/requirements.js'
import { newRunId, removeRunContainers } from '../../lib/dockerflow/cleanup.js'
import { connectEngine, engineAt } from '../../lib/dockerflow/engine.js'
import { verifyImages } from '../../lib/dockerflow/verify.js'
import { getInputs } from './context.js'
import { verifyOutputs } from './outputs.js'
import { annotate, verdictLine, writeVerifySummary } from './summary.js'

/** State: the engine (its socket, or the docker CLI) and run id whose labelled containers the post step removes. */
export const STATE_VERIFY_RUN = 'verifyRun'

/**
 * verify-image: static checks from the image, then run it and call the Dockerflow endpoints; for an
 * index, each platform image in turn (a foreign platform runs under emulation).
 */
export async function main(inputs = getInputs()): Promise<void> {
  const engine = await connectEngine()
  const runId = newRunId(process.env.GITHUB_RUN_ID)
  // Saved before any container exists: a cancelled job still runs the post step, which removes them.
  if (inputs.scope !== 'static')
    core.saveState(STATE_VERIFY_RUN, JSON.stringify({ ...engine.address, runId }))
  const run = await core.group(`Dockerflow checks of ${inputs.image}`, async () => {
    const checked = await verifyImages({ engine, ...inputs, runId, log: message => core.info(message) })
    for (const report of checked.reports)
      for (const check of report.results)
        core.info(
          `${check.status.padEnd(4)} ${report.platform ? `${report.platform} ` : ''}${check.id}: ${check.detail}`
        )
    return checked
  })
  const verdict = judgeImages(run.reports, inputs.failOn)
  for (const report of run.reports) annotate(report.results, report.platform)
  setOutputs(verifyOutputs(run, verdict))
  await writeVerifySummary(run, verdict)
  if (!verdict.passed)
    throw new UserError(`${inputs.image} ${verdictLine(verdict)} (fail-on: ${inputs.failOn}).`)
  core.info(`${inputs.image} ${verdictLine(verdict)}`)
}

/** Post step (always runs, also after a cancelled job): remove the containers this run left. */
export async function post(): Promise<void> {
  const saved = core.getState(STATE_VERIFY_RUN)
  if (!saved) return
  const state = JSON.parse(saved) as { socket?: unknown; docker?: unknown; runId?: unknown }
  const engine = engineAt(state)
  if (!engine || typeof state.runId !== 'string')
    throw new Error(`unreadable ${STATE_VERIFY_RUN} state: ${saved.slice(0, 200)}`)
  const removed = await removeRunContainers(engine, state.runId)
  core.info(
    removed.length
      ? `removed ${removed.length} container(s) left by verify run ${state.runId}`
      : `verify run ${state.runId} left no container`
  )
}
