import { UserError } from '../errors.js'

/** The subset of `@actions/github`'s `context` this library reads (so tests can build one from fixtures). */
export interface GitHubContextLike {
  eventName: string
  sha: string
  ref: string
  payload: Record<string, unknown>
  serverUrl: string
  runId: number
  runNumber: number
}

export interface PullRequestInfo {
  number: number
  headRef: string
  baseRef: string
  headSha: string
  /** The head branch lives in another repository: such builds never get registry credentials or push. */
  isFork: boolean
}

/** What every action needs to know about the commit being built, whatever the event. */
export interface EventContext {
  eventName: string
  ref: string
  /** Full 40-character commit SHA of the code being built (the PR head, not the merge commit). */
  sha: string
  /** Branch being built (PR: the head branch); undefined for tag pushes. */
  branch?: string
  /** Git tag name for tag pushes (`v1.2.3`). */
  gitTag?: string
  defaultBranch: string
  pullRequest?: PullRequestInfo
  /** `owner/name`. */
  repository: string
  serverUrl: string
  runId?: number
  runNumber?: number
  /** The `sha` input names another commit than the event's: an earlier commit built again. */
  rebuild?: boolean
}

const FULL_SHA = /^[0-9a-f]{40}$/

interface PayloadRepository {
  full_name?: string
  default_branch?: string
  master_branch?: string
}

interface PayloadPullRequest {
  number?: number
  head?: { ref?: string; sha?: string; repo?: { full_name?: string } | null }
  base?: { ref?: string; repo?: { full_name?: string } }
}

function stripRef(ref: string, prefix: string): string | undefined {
  return ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined
}

export interface ContextOverrides {
  defaultBranch?: string
  sha?: string
  branch?: string
}

/**
 * Builds the EventContext from the runner's context and event payload. Overrides come from
 * action inputs and win over what the event says.
 */
export function eventContextFromGitHub(
  github: GitHubContextLike,
  env: NodeJS.ProcessEnv,
  overrides: ContextOverrides = {}
): EventContext {
  const payload = github.payload ?? {}
  const repo = payload.repository as PayloadRepository | undefined
  const repository = env.GITHUB_REPOSITORY || repo?.full_name || ''
  const pr = payload.pull_request as PayloadPullRequest | undefined
  const ref = github.ref || ''

  let pullRequest: PullRequestInfo | undefined
  if (pr && typeof pr.number === 'number') {
    const headRepo = pr.head?.repo?.full_name
    const baseRepo = pr.base?.repo?.full_name ?? repository
    pullRequest = {
      number: pr.number,
      headRef: pr.head?.ref || env.GITHUB_HEAD_REF || '',
      baseRef: pr.base?.ref || env.GITHUB_BASE_REF || '',
      headSha: pr.head?.sha || github.sha,
      // A deleted fork has head.repo null: still a fork as far as trust goes.
      isFork: pr.head?.repo === null || (headRepo !== undefined && headRepo !== baseRepo)
    }
  }

  const gitTag = pullRequest ? undefined : stripRef(ref, 'refs/tags/')
  const branch =
    overrides.branch ||
    pullRequest?.headRef ||
    stripRef(ref, 'refs/heads/') ||
    (gitTag === undefined && ref !== '' && !ref.startsWith('refs/') ? ref : undefined)
  const eventSha = (pullRequest?.headSha || github.sha || '').toLowerCase()
  const sha = (overrides.sha || eventSha).toLowerCase()
  if (!FULL_SHA.test(sha)) {
    throw new UserError(
      `The commit SHA "${sha}" is not a full 40-character SHA. Run this action in a GitHub workflow ` +
        '(GITHUB_SHA is set by the runner) or pass the "sha" input.'
    )
  }
  const defaultBranch = overrides.defaultBranch || repo?.default_branch || repo?.master_branch || 'main'
  if (!gitTag && !branch) {
    throw new UserError(
      `Cannot tell which branch "${ref}" is. Pass the "branch" input, or run on a branch, tag or pull request event.`
    )
  }
  return {
    eventName: github.eventName || 'push',
    ref,
    sha,
    branch,
    gitTag,
    defaultBranch,
    pullRequest,
    repository,
    serverUrl: (github.serverUrl || 'https://github.com').replace(/\/+$/, ''),
    runId: Number.isFinite(github.runId) ? github.runId : undefined,
    runNumber: Number.isFinite(github.runNumber) ? github.runNumber : undefined,
    rebuild: Boolean(overrides.sha) && eventSha !== '' && sha !== eventSha
  }
}

export function repositoryUrl(ctx: EventContext): string | undefined {
  return ctx.repository ? `${ctx.serverUrl}/${ctx.repository}` : undefined
}

export function runUrl(ctx: EventContext): string | undefined {
  const repo = repositoryUrl(ctx)
  return repo && ctx.runId !== undefined ? `${repo}/actions/runs/${ctx.runId}` : undefined
}
