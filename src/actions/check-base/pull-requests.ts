import { type BaseCheckResult, LAYER_LIMIT } from '../../lib/base-image/check.js'
import { type FromBump, bumpFromLines } from '../../lib/base-image/rewrite.js'
import { errorMessage } from '../../lib/errors.js'
import type { Octokit } from './dispatch.js'

/*
 * check-base's FROM bumps: for the images whose pinned base has a newer version, one pull request per
 * repository, on a branch of its own (BRANCH), through GitHub's REST API (no clone): the files are
 * read from the default branch, only their FROM lines change, and a second run updates the same
 * branch and pull request instead of opening another.
 */

/** The one branch check-base owns in each repository; it is reset to the default branch when the bump changes. */
export const BRANCH = 'docker-actions/base-images'

export interface PullRequestPlan {
  repository: string
  /** Dockerfile path (in the repository) -> the bumps of its FROM lines. */
  files: Map<string, FromBump[]>
  images: BaseCheckResult[]
}

export interface PullRequestRecord {
  repository: string
  branch: string
  /** `created`, `updated`, or `unchanged` when the default branch already has every bump. */
  action: 'created' | 'updated' | 'unchanged'
  number?: number
  url?: string
  files: string[]
  images: string[]
  error?: string
}

/**
 * The bumps per repository: images with a newer base version and a known Dockerfile (discovered with
 * `dockerfiles`, so its path is in this checkout, the repository the pull request goes to). Images
 * without one are returned apart: they have no file to change.
 */
export function planPullRequests(
  outdated: BaseCheckResult[],
  repository: string | undefined
): { plans: PullRequestPlan[]; withoutFile: BaseCheckResult[] } {
  const withoutFile = outdated.filter(result => !result.dockerfile || !result.newer || !result.base)
  const proposable = outdated.filter(result => !withoutFile.includes(result))
  if (proposable.length === 0) return { plans: [], withoutFile }
  if (!repository) return { plans: [], withoutFile: outdated }
  const files = new Map<string, FromBump[]>()
  for (const result of proposable) {
    const path = (result.dockerfile as string).replace(/\\/g, '/')
    const bumps = files.get(path) ?? []
    if (!bumps.some(bump => bump.base === result.base))
      bumps.push({ base: result.base as string, tag: result.newer?.tag as string })
    files.set(path, bumps)
  }
  return { plans: [{ repository, files, images: proposable }], withoutFile }
}

/** Text from a registry (tags, label values) in the Markdown body: no HTML, no table breaks, no @mentions. */
export function markdownText(text: string, limit = 200): string {
  const cut = text.length > limit ? `${text.slice(0, limit)}…` : text
  return cut
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/([\\*_[\]#~!])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/`/g, '&#96;')
    .replace(/@/g, '&#64;')
}

const inline = (text: string | undefined): string =>
  text === undefined ? '–' : `<code>${markdownText(text)}</code>`

export function pullRequestTitle(plan: PullRequestPlan): string {
  const bumps = [...new Map(plan.images.map(result => [result.base, result.newer?.tag])).entries()]
  if (bumps.length === 1) {
    const [base, tag] = bumps[0]
    const name = (base as string)
      .replace(/:[^:/]*$/, '')
      .split('/')
      .pop()
    return `Update base image ${name} to ${tag}`
  }
  return `Update ${bumps.length} base images`
}

/** The pull request's body: per image the old and new base (tags and digests), the label diff, the layer count. */
export function pullRequestBody(plan: PullRequestPlan): string {
  const lines = [
    'check-base found newer versions of the base images these Dockerfiles pin; this changes only their `FROM` lines.',
    '',
    '| Image | Dockerfile | Base now | Proposed |',
    '| --- | --- | --- | --- |'
  ]
  for (const result of plan.images)
    lines.push(
      `| ${inline(result.image)} | ${inline(result.dockerfile)} | ${inline(result.base)}<br>${inline(result.currentDigest)} | ${inline(result.newer?.base)}<br>${inline(result.newer?.digest)} |`
    )
  const seen = new Set<string>()
  for (const result of plan.images) {
    const newer = result.newer
    if (!newer || seen.has(newer.base)) continue
    seen.add(newer.base)
    lines.push('', `### ${inline(result.base)} → ${inline(newer.tag)}`, '')
    if (newer.labelChanges.length === 0) lines.push('The base image labels did not change.')
    else {
      lines.push('| Label | Before | After |', '| --- | --- | --- |')
      for (const change of newer.labelChanges.slice(0, 50))
        lines.push(`| ${inline(change.name)} | ${inline(change.from)} | ${inline(change.to)} |`)
      if (newer.labelChanges.length > 50) lines.push(`| … ${newer.labelChanges.length - 50} more | | |`)
    }
    const { pinned, newer: layers, image } = newer.layers
    const estimate =
      image === undefined
        ? ''
        : ` ${inline(result.image)} would have about ${image} layers of Docker's limit of ${LAYER_LIMIT}` +
          (image >= LAYER_LIMIT ? ' — **over the limit: squash the base or the Dockerfile first**.' : '.')
    lines.push('', `Layers: the base goes from ${pinned} to ${layers}.${estimate}`)
  }
  lines.push(
    '',
    `<sub>Opened by docker-actions check-base on the branch \`${BRANCH}\`; it is updated, not duplicated, by later runs.</sub>`
  )
  return lines.join('\n')
}

const statusOf = (error: unknown): number | undefined => (error as { status?: number }).status

async function fileOn(
  octokit: Octokit,
  owner: string,
  repo: string,
  path: string,
  ref: string
): Promise<{ text: string; sha: string } | undefined> {
  try {
    const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref })
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data))
      throw new Error(`${path} is not a file on ${ref}`)
    return { text: Buffer.from(data.content, 'base64').toString('utf8'), sha: data.sha }
  } catch (error) {
    if (statusOf(error) === 404) return undefined
    throw error
  }
}

async function branchHead(
  octokit: Octokit,
  owner: string,
  repo: string,
  branch: string
): Promise<string | undefined> {
  try {
    return (await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })).data.object.sha
  } catch (error) {
    if (statusOf(error) === 404) return undefined
    throw error
  }
}

/** Opens or updates the repository's one bump pull request; a failure is recorded, not thrown. */
export async function proposeBump(octokit: Octokit, plan: PullRequestPlan): Promise<PullRequestRecord> {
  const [owner, repo] = plan.repository.split('/')
  const record: PullRequestRecord = {
    repository: plan.repository,
    branch: BRANCH,
    action: 'unchanged',
    files: [],
    images: plan.images.map(result => result.image)
  }
  try {
    const base = (await octokit.rest.repos.get({ owner, repo })).data.default_branch
    const baseSha = (await octokit.rest.git.getRef({ owner, repo, ref: `heads/${base}` })).data.object.sha
    // What each file should become: the default branch's file with its FROM lines bumped.
    const changes: Array<{ path: string; text: string; sha: string }> = []
    for (const [path, bumps] of plan.files) {
      const file = await fileOn(octokit, owner, repo, path, base)
      if (!file) throw new Error(`${path} is not in ${plan.repository} on ${base}`)
      const bumped = bumpFromLines(file.text, bumps)
      if (bumped.changed > 0 && bumped.text !== file.text)
        changes.push({ path, text: bumped.text, sha: file.sha })
    }
    record.files = changes.map(change => change.path)
    if (changes.length === 0) return record // the default branch already has them

    // The branch: left alone when it already holds exactly these files, else (re)started from the default branch.
    const head = await branchHead(octokit, owner, repo, BRANCH)
    let upToDate = head !== undefined
    for (const change of head ? changes : []) {
      const onBranch = await fileOn(octokit, owner, repo, change.path, BRANCH)
      if (onBranch?.text !== change.text) upToDate = false
    }
    if (!upToDate) {
      if (head === undefined)
        await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${BRANCH}`, sha: baseSha })
      else
        await octokit.rest.git.updateRef({ owner, repo, ref: `heads/${BRANCH}`, sha: baseSha, force: true })
      for (const change of changes)
        await octokit.rest.repos.createOrUpdateFileContents({
          owner,
          repo,
          path: change.path,
          branch: BRANCH,
          sha: change.sha,
          message: `${pullRequestTitle(plan)} (${change.path})`,
          content: Buffer.from(change.text, 'utf8').toString('base64')
        })
    }

    const title = pullRequestTitle(plan)
    const body = pullRequestBody(plan)
    const open = (await octokit.rest.pulls.list({ owner, repo, state: 'open', head: `${owner}:${BRANCH}` }))
      .data
    if (open.length > 0) {
      const { data } = await octokit.rest.pulls.update({
        owner,
        repo,
        pull_number: open[0].number,
        title,
        body
      })
      return { ...record, action: 'updated', number: data.number, url: data.html_url }
    }
    const { data } = await octokit.rest.pulls.create({ owner, repo, head: BRANCH, base, title, body })
    return { ...record, action: 'created', number: data.number, url: data.html_url }
  } catch (error) {
    const status = statusOf(error)
    const hint =
      status === 403 || status === 401
        ? ' The token needs contents: write and pull-requests: write on that repository.'
        : status === 404
          ? ' The token needs access to the repository.'
          : ''
    return { ...record, error: `${plan.repository}: ${errorMessage(error)}.${hint}` }
  }
}

/** One pull request per repository, in order; `report` hears of each. */
export async function proposeBumps(
  octokit: Octokit,
  plans: PullRequestPlan[],
  report: (record: PullRequestRecord) => void
): Promise<PullRequestRecord[]> {
  const records: PullRequestRecord[] = []
  for (const plan of plans) {
    const record = await proposeBump(octokit, plan)
    records.push(record)
    report(record)
  }
  return records
}
