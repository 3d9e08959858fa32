import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { type BaseCheckTarget, checkBases } from '../../lib/base-image/check.js'
import { discoverTargets } from '../../lib/base-image/discover.js'
import { UserError } from '../../lib/errors.js'
import { type DispatchRecord, dispatchRebuild, planDispatches } from '../../lib/github/dispatch.js'
import { setOutputs } from '../../lib/outputs.js'
import { untrustedText } from '../../lib/untrusted-text.js'
import { getInputs } from './context.js'
import { writeCheckBaseSummary } from './summary.js'

/** check-base: find each image's base -> compare with what the base tag is now -> dispatch rebuilds. */
export async function main(): Promise<void> {
  const inputs = getInputs()
  const targets: BaseCheckTarget[] = inputs.images.map(image => ({ image }))
  if (inputs.dockerfiles.length)
    targets.push(
      ...(await discoverTargets({
        patterns: inputs.dockerfiles,
        imageTemplate: inputs.imageTemplate as string,
        target: inputs.target
      }))
    )

  const results = await core.group(`Base images of ${targets.length} image(s)`, async () => {
    const checked = await checkBases(targets, {
      registry: inputs.registry,
      layerWarning: inputs.layerWarning,
      serverUrl: process.env.GITHUB_SERVER_URL
    })
    // Details quote registries and image labels: neutralised so they cannot become workflow commands.
    for (const result of checked)
      core.info(`${result.status.padEnd(7)} ${result.image}: ${untrustedText(result.detail)}`)
    return checked
  })
  for (const result of results) {
    for (const warning of result.warnings)
      core.warning(`${result.image}: ${warning}`, { title: 'Layer count' })
    if (result.status === 'unknown')
      core.warning(`${result.image}: ${untrustedText(result.detail)}`, { title: 'Base unknown' })
    if (result.status === 'error')
      core.error(`${result.image}: ${untrustedText(result.detail)}`, { title: 'check-base' })
  }
  const stale = results.filter(result => result.status === 'stale')

  const dispatched: DispatchRecord[] = []
  const dispatchOptions = inputs.dispatchOptions
  if (dispatchOptions && stale.length) {
    const octokit = getOctokit(inputs.token as string)
    await core.group('Dispatch rebuilds', async () => {
      for (const plan of planDispatches(stale, inputs.repository)) {
        const record = await dispatchRebuild(octokit, plan, dispatchOptions)
        dispatched.push(record)
        if (record.error) core.error(record.error, { title: 'Dispatch failed' })
        else
          core.info(
            `dispatched ${record.kind} ${record.target} to ${record.repository} for ${record.images.join(', ')}`
          )
      }
    })
  }

  setOutputs({
    stale: stale.length > 0,
    'stale-images': JSON.stringify(stale.map(result => result.image)),
    results: JSON.stringify(results),
    dispatched: JSON.stringify(dispatched)
  })
  await writeCheckBaseSummary(results, dispatched)

  const errors = results.filter(result => result.status === 'error')
  const failedDispatches = dispatched.filter(record => record.error)
  if (errors.length || failedDispatches.length)
    throw new UserError(
      [
        errors.length && `could not check ${errors.map(result => result.image).join(', ')}`,
        failedDispatches.length && `${failedDispatches.length} dispatch(es) failed`
      ]
        .filter(Boolean)
        .join('; ') + ' (see the errors above).'
    )
  if (stale.length && inputs.failOnStale)
    throw new UserError(`Built on an outdated base: ${stale.map(result => result.image).join(', ')}.`)
  core.info(
    stale.length
      ? `stale: ${stale.map(result => result.image).join(', ')}`
      : 'every image is on its current base'
  )
}
