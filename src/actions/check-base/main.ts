import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { type BaseCheckResult, checkBases } from '../../lib/base-image/check.js'
import { discoverTargets } from '../../lib/base-image/discover.js'
import { UserError } from '../../lib/errors.js'
import { setOutputs } from '../../lib/outputs.js'
import { withDockerConfig } from '../../lib/registry/credentials.js'
import { type Inputs, getInputs } from './context.js'
import { type DispatchRecord, dispatchRebuilds, planDispatches } from './dispatch.js'
import { type PullRequestRecord, planPullRequests, proposeBumps } from './pull-requests.js'
import {
  annotate,
  failure,
  logDispatch,
  logPullRequest,
  logResult,
  writeCheckBaseSummary
} from './summary.js'

/**
 * check-base: find each image's base -> compare with what the base tag is now, and look for newer
 * versions of pinned bases -> propose FROM bumps as pull requests, dispatch rebuilds.
 */
export async function main(inputs = getInputs()): Promise<void> {
  // Read first, as the inputs are: a bad docker config fails the run, not each image's check.
  const registry = { ...inputs.registry, credentials: withDockerConfig(inputs.registry.credentials) }
  const discovered = inputs.discover ? await discoverTargets(inputs.discover) : []
  const targets = [...inputs.images.map(image => ({ image })), ...discovered]
  const results = await core.group(`Base images of ${targets.length} image(s)`, async () => {
    const { layerWarning, versions } = inputs
    const checked = await checkBases(targets, {
      registry,
      layerWarning,
      versions,
      serverUrl: process.env.GITHUB_SERVER_URL
    })
    checked.forEach(logResult)
    return checked
  })
  annotate(results)
  const stale = results.filter(result => result.status === 'stale')
  const outdated = results.filter(result => result.status === 'outdated')
  // A pinned tag can both have moved and have a newer version: the rebuild and the bump both apply.
  const { proposed, unproposed } = await proposeFor(
    results.filter(result => result.newer && (result.status === 'outdated' || result.status === 'stale')),
    inputs
  )
  const dispatched = await dispatchFor(
    [...stale, ...unproposed.filter(result => result.status === 'outdated')],
    inputs
  )

  setOutputs({
    stale: stale.length > 0,
    'stale-images': JSON.stringify(stale.map(result => result.image)),
    outdated: outdated.length > 0,
    'outdated-images': JSON.stringify(outdated.map(result => result.image)),
    results: JSON.stringify(results),
    dispatched: JSON.stringify(dispatched),
    'pull-requests': JSON.stringify(proposed)
  })
  await writeCheckBaseSummary(results, dispatched, proposed)
  const refusal = failure(results, dispatched, proposed, inputs.failOnStale)
  if (refusal) throw new UserError(refusal)
  const behind = [...stale, ...outdated]
  core.info(
    behind.length
      ? `behind their base: ${behind.map(result => `${result.image} (${result.status})`).join(', ')}`
      : 'every image is on its current base'
  )
}

/**
 * With `open-pull-requests`, one FROM-bump pull request per repository for the images with a newer
 * base version it can change (those with a Dockerfile); the rest, and all of them without it, are
 * returned to be dispatched like stale ones.
 */
async function proposeFor(
  versioned: BaseCheckResult[],
  inputs: Inputs
): Promise<{ proposed: PullRequestRecord[]; unproposed: BaseCheckResult[] }> {
  if (!inputs.openPullRequests || versioned.length === 0) return { proposed: [], unproposed: versioned }
  const { plans, withoutFile } = planPullRequests(versioned, inputs.repository)
  for (const result of withoutFile)
    core.warning(
      `${result.image}: its base has a newer version, but no Dockerfile of it is known (list it with "dockerfiles"): no pull request.`,
      { title: 'Base version' }
    )
  const octokit = getOctokit(inputs.token as string)
  const proposed = await core.group('Propose base image updates', () =>
    proposeBumps(octokit, plans, logPullRequest)
  )
  return { proposed, unproposed: withoutFile }
}

/** One rebuild per repository of stale (and unproposed outdated) images, when `dispatch` asks for them. */
async function dispatchFor(behind: BaseCheckResult[], inputs: Inputs): Promise<DispatchRecord[]> {
  const options = inputs.dispatchOptions
  if (!options || behind.length === 0) return []
  const octokit = getOctokit(inputs.token as string)
  return core.group('Dispatch rebuilds', () =>
    dispatchRebuilds(octokit, planDispatches(behind, inputs.repository), options, logDispatch)
  )
}
