import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { UserError } from '../errors.js'

const execFileAsync = promisify(execFile)

async function git(args: string[], cwd: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync('git', args, { cwd })
    return stdout.trim()
  } catch {
    return undefined
  }
}

/** `owner/name` from a GitHub-style remote URL (https or ssh), if it looks like one. */
export function repositoryFromRemote(url: string | undefined): string | undefined {
  if (!url) return undefined
  const match = /[:/]([^/:]+\/[^/]+?)(?:\.git)?\/?$/.exec(url.trim())
  return match?.[1]
}

export interface LocalGitState {
  sha: string
  branch: string
  defaultBranch: string
  repository: string
  serverUrl: string
}

/**
 * Reads what a workflow run would know from the local checkout: the commit, the branch, the
 * default branch (origin/HEAD, else main) and owner/name from the origin remote.
 */
export async function readLocalGitState(cwd = process.cwd()): Promise<LocalGitState> {
  const sha = await git(['rev-parse', 'HEAD'], cwd)
  if (!sha) {
    throw new UserError(
      `${cwd} is not a git checkout with at least one commit; run from your repository or pass --sha and --branch.`
    )
  }
  const branch = (await git(['symbolic-ref', '--short', '-q', 'HEAD'], cwd)) ?? 'detached'
  const originHead = await git(['symbolic-ref', '--short', '-q', 'refs/remotes/origin/HEAD'], cwd)
  const defaultBranch = originHead?.replace(/^origin\//, '') || 'main'
  const remote = await git(['remote', 'get-url', 'origin'], cwd)
  // No remote: no repository (so no made-up source URL in labels or version.json).
  const repository = repositoryFromRemote(remote) ?? ''
  return { sha, branch, defaultBranch, repository, serverUrl: 'https://github.com' }
}

/** The GITHUB_* variables a push of this checkout would give an action. */
export function githubEnvForLocalGit(state: LocalGitState, eventPath: string): Record<string, string> {
  return {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_ACTIONS: 'false',
    GITHUB_REF: `refs/heads/${state.branch}`,
    GITHUB_SHA: state.sha,
    GITHUB_REPOSITORY: state.repository,
    GITHUB_SERVER_URL: state.serverUrl,
    GITHUB_EVENT_PATH: eventPath
  }
}

export function localPushPayload(state: LocalGitState): Record<string, unknown> {
  return {
    ref: `refs/heads/${state.branch}`,
    after: state.sha,
    repository: { full_name: state.repository, default_branch: state.defaultBranch }
  }
}
