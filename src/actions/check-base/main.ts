import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { type BaseCheckResult, checkBases } from '../../lib/base-image/check.js'
import { discoverTargets } from '../../lib/base-image/discover.js'
import { UserError } from '../../lib/errors.js'
import { setOutputs } from '../../lib/outputs.js'
import { type Inputs, getInputs } from './context.js'
import { type DispatchRecord, dispatchRebuilds, planDispatches } from './dispatch.js'
import { annotate, failure, logDispatch, logResult, writeCheckBaseSummary } from './summary.js'

/** check-base: find each image's base -> compare with what the base tag is now -> dispatch rebuilds. */
export async function main(): Promise<void> {
  const inputs = getInputs()
  const discovered = inputs.discover ? await discoverTargets(inputs.discover) : []
  const targets = [...inputs.images.map(image => ({ image })), ...discovered]
  const results = await core.group(`Base images of ${targets.length} image(s)`, async () => {
    const { registry, layerWarning } = inputs
    const checked = await checkBases(targets, {
      registry,
      layerWarning,
      serverUrl: process.env.GITHUB_SERVER_URL
    })
    checked.forEach(logResult)
    return checked
  })
  annotate(results)
  const stale = results.filter(result => result.status === 'stale')
  const dispatched = await dispatchFor(stale, inputs)

  setOutputs({
    stale: stale.length > 0,
    'stale-images': JSON.stringify(stale.map(result => result.image)),
    results: JSON.stringify(results),
    dispatched: JSON.stringify(dispatched)
  })
  await writeCheckBaseSummary(results, dispatched)
  const refusal = failure(results, dispatched, inputs.failOnStale)
  if (refusal) throw new UserError(refusal)
  core.info(
    stale.length
      ? `stale: ${stale.map(result => result.image).join(', ')}`
      : 'every image is on its current base'
  )
}

/** One rebuild per repository of stale images, when `dispatch` asks for them. */
async function dispatchFor(stale: BaseCheckResult[], inputs: Inputs): Promise<DispatchRecord[]> {
  const options = inputs.dispatchOptions
  if (!options || stale.length === 0) return []
  const octokit = getOctokit(inputs.token as string)
  return core.group('Dispatch rebuilds', () =>
    dispatchRebuilds(octokit, planDispatches(stale, inputs.repository), options, logDispatch)
  )
}
