import type { getOctokit } from '@actions/github'
import type { BaseCheckResult } from '../../lib/base-image/check.js'
import { UserError, errorMessage } from '../../lib/errors.js'

/*
 * check-base's rebuild requests: the stale images grouped by the repository that builds them, one
 * workflow_dispatch or repository_dispatch each (GitHub's API through the job's token).
 */

export type Octokit = ReturnType<typeof getOctokit>
export type DispatchKind = 'none' | 'workflow' | 'repository'

export interface DispatchOptions {
  kind: Exclude<DispatchKind, 'none'>
  /** workflow_dispatch: the workflow file name or ID in each repository (e.g. build.yml). */
  workflow?: string
  /** workflow_dispatch: the ref to run on; default each repository's default branch. */
  ref?: string
  /** workflow_dispatch inputs, `{images}` and `{bases}` replaced by that repository's stale images and bases. */
  inputs?: Map<string, string>
  /** repository_dispatch: the event type the receiving workflow listens for. */
  eventType?: string
}

export interface DispatchPlan {
  repository: string
  images: BaseCheckResult[]
}

export interface DispatchRecord {
  repository: string
  kind: DispatchOptions['kind']
  images: string[]
  /** What was sent: the workflow and ref, or the event type. */
  target: string
  error?: string
}

/** One rebuild per repository: the stale images, grouped by the repository that builds them. */
export function planDispatches(
  stale: BaseCheckResult[],
  fallbackRepository: string | undefined
): DispatchPlan[] {
  const plans = new Map<string, BaseCheckResult[]>()
  for (const result of stale) {
    const repository = result.repository ?? fallbackRepository
    if (!repository)
      throw new UserError(
        `Cannot tell which repository builds ${result.image}: it has no org.opencontainers.image.source label and GITHUB_REPOSITORY is not set. Pass the "repository" input.`
      )
    plans.set(repository, [...(plans.get(repository) ?? []), result])
  }
  return [...plans].map(([repository, images]) => ({ repository, images }))
}

/** The repository_dispatch client_payload (GitHub allows at most 10 top-level properties). */
export function clientPayload(plan: DispatchPlan): Record<string, unknown> {
  return {
    reason: 'base-image-updated',
    images: plan.images.map(result => ({
      image: result.image,
      dockerfile: result.dockerfile ?? null,
      base: result.base,
      previous_digest: result.recordedDigest ?? null,
      current_digest: result.currentDigest,
      // An outdated image: its pinned base has a newer version (the receiver changes its FROM).
      ...(result.newer ? { newer_base: result.newer.base, newer_digest: result.newer.digest } : {})
    }))
  }
}

export function workflowInputs(plan: DispatchPlan, template: Map<string, string>): Record<string, string> {
  const images = plan.images.map(result => result.image).join(',')
  const bases = [...new Set(plan.images.map(result => result.base ?? ''))].join(',')
  return Object.fromEntries(
    [...template].map(([key, value]) => [
      key,
      value.replaceAll('{images}', images).replaceAll('{bases}', bases)
    ])
  )
}

function explain(error: unknown, plan: DispatchPlan, options: DispatchOptions): string {
  const status = (error as { status?: number }).status
  const message = errorMessage(error)
  if (status === 404)
    return (
      `${plan.repository}: not found (${message}). The token needs access to the repository` +
      (options.kind === 'workflow' ? ` and ${options.workflow} must exist on the ref.` : '.')
    )
  if (status === 403 || status === 401)
    return `${plan.repository}: the token may not dispatch (${message}). Use a token with actions: write (workflow) or contents: write (repository) on that repository.`
  if (status === 422) return `${plan.repository}: GitHub rejected the dispatch (${message}).`
  return `${plan.repository}: ${message}`
}

/** Sends one dispatch; a failure is recorded, not thrown, so the other repositories still get theirs. */
export async function dispatchRebuild(
  octokit: Octokit,
  plan: DispatchPlan,
  options: DispatchOptions
): Promise<DispatchRecord> {
  const [owner, repo] = plan.repository.split('/')
  const images = plan.images.map(result => result.image)
  try {
    if (options.kind === 'repository') {
      const eventType = options.eventType ?? 'base-image-updated'
      await octokit.rest.repos.createDispatchEvent({
        owner,
        repo,
        event_type: eventType,
        client_payload: clientPayload(plan)
      })
      return { repository: plan.repository, kind: options.kind, images, target: eventType }
    }
    if (!options.workflow)
      throw new UserError('Input "workflow" is required with dispatch: workflow (e.g. build.yml).')
    const ref = options.ref ?? (await octokit.rest.repos.get({ owner, repo })).data.default_branch
    const inputs = workflowInputs(plan, options.inputs ?? new Map())
    await octokit.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: options.workflow,
      ref,
      ...(Object.keys(inputs).length ? { inputs } : {})
    })
    return { repository: plan.repository, kind: options.kind, images, target: `${options.workflow}@${ref}` }
  } catch (error) {
    return {
      repository: plan.repository,
      kind: options.kind,
      images,
      target:
        options.kind === 'repository'
          ? (options.eventType ?? 'base-image-updated')
          : (options.workflow ?? ''),
      error: explain(error, plan, options)
    }
  }
}

/** One dispatch per repository, in order; `report` hears of each as it is sent (or fails). */
export async function dispatchRebuilds(
  octokit: Octokit,
  plans: DispatchPlan[],
  options: DispatchOptions,
  report: (record: DispatchRecord) => void
): Promise<DispatchRecord[]> {
  const records: DispatchRecord[] = []
  for (const plan of plans) {
    const record = await dispatchRebuild(octokit, plan, options)
    records.push(record)
    report(record)
  }
  return records
}
