import * as core from '@actions/core'
import { resolveTagPlan } from '../../lib/image/tag-request.js'
import { setOutputs } from '../../lib/outputs.js'
import { getInputs } from './context.js'
import { tagPlanOutputs } from './outputs.js'
import { logTagPlan, writeTagsSummary } from './summary.js'

/** compute-tags: read inputs -> compute the plan -> write outputs and a summary. */
export async function main({ request, ctx } = getInputs()): Promise<void> {
  const plan = await resolveTagPlan(request, ctx, { log: core.info, warn: core.warning })
  await logTagPlan(ctx, plan)
  setOutputs(tagPlanOutputs(plan))
  await writeTagsSummary(ctx, plan)
}
