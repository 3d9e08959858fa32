import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { UserError } from '../lib/errors.js'

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
    throw new UserError(`${cwd} is not a git checkout with at least one commit; run from your repository.`)
  }
  const branch = (await git(['symbolic-ref', '--short', '-q', 'HEAD'], cwd)) ?? 'detached'
  const originHead = await git(['symbolic-ref', '--short', '-q', 'refs/remotes/origin/HEAD'], cwd)
  const defaultBranch = originHead?.replace(/^origin\//, '') || 'main'
  const remote = await git(['remote', 'get-url', 'origin'], cwd)
  // No remote: no repository (so no made-up source URL in labels or version.json).
  const repository = repositoryFromRemote(remote) ?? ''
  return { sha, branch, defaultBranch, repository, serverUrl: 'https://github.com' }
}

/**
 * Events the local runner can replay. Others (schedule, issue_comment, …) are refused rather than
 * guessed at: a wrong GITHUB_REF would silently produce another event's tags.
 */
export const REPLAYABLE_EVENTS = [
  'push',
  'pull_request',
  'pull_request_target',
  'release',
  'workflow_dispatch',
  'create'
] as const

export interface EventReplayRequest {
  /** Default: push. */
  eventName?: string
  /** The webhook payload (parsed --event-file); without it only a push can be replayed (synthesized). */
  payload?: Record<string, unknown>
  /** A push of this ref: `refs/heads/…`, `refs/tags/…` or a bare branch name. Only without a payload. */
  ref?: string
  /** The commit: for a synthesized push, or for events whose payload names no commit. */
  sha?: string
}

export interface ReplayedEvent {
  eventName: string
  /** The GITHUB_* variables GitHub would set for this event (all but GITHUB_EVENT_PATH). */
  env: Record<string, string>
  /** The payload the action should read: the given one (completed with repository fields if needed). */
  payload: Record<string, unknown>
  /** False when `payload` differs from the one given (synthesized or completed): write it to a file. */
  payloadAsGiven: boolean
}

const FULL_SHA = /^[0-9a-f]{40}$/i
const ZERO_SHA = /^0{40}$/
/** A branch or tag ref; control characters (a newline in a ref would forge lines in GITHUB_OUTPUT) refused. */
const PUSH_REF = /^refs\/(heads|tags)\/\P{Cc}+$/u
const REF_NAME = /^\P{Cc}+$/u

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads `a.b.c` from the payload; a missing or mistyped field is the caller's clear error. */
function field(payload: Json, path: string): unknown {
  let value: unknown = payload
  for (const key of path.split('.')) value = isObject(value) ? value[key] : undefined
  return value
}

function requireString(payload: Json, path: string, eventName: string, pattern = REF_NAME): string {
  const value = field(payload, path)
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new UserError(
      `The ${eventName} payload has no valid "${path}"${value === undefined ? '' : ` (${JSON.stringify(value)})`}: ` +
        `GitHub sets GITHUB_REF/GITHUB_SHA of a ${eventName} event from it.`
    )
  }
  return value
}

function requireSha(value: string, source: string): string {
  if (!FULL_SHA.test(value) || ZERO_SHA.test(value))
    throw new UserError(`${source} "${value}" is not a full 40-character commit SHA.`)
  return value.toLowerCase()
}

/** `--ref`: a full branch/tag ref, or a bare branch name (as `git push origin <name>` means). */
export function pushRef(ref: string): string {
  const full = ref.startsWith('refs/') ? ref : `refs/heads/${ref}`
  if (!PUSH_REF.test(full)) {
    throw new UserError(
      `--ref "${ref}" is not a branch or tag: give refs/heads/<branch>, refs/tags/<tag> or a branch name.`
    )
  }
  return full
}

interface RefAndSha {
  ref: string
  sha: string
  headRef?: string
  baseRef?: string
}

/**
 * GITHUB_REF/GITHUB_SHA as GitHub sets them for each event (docs: "Events that trigger workflows").
 * Where GitHub uses a commit the payload does not name (the merge commit of a pull request, the
 * latest commit of a dispatched ref or a release), the local commit stands in: the runner builds
 * the working tree, not a commit it would have to fetch.
 */
function refAndSha(eventName: string, payload: Json, localSha: string, sha: string | undefined): RefAndSha {
  const commitFromPayload = (): void => {
    if (sha !== undefined)
      throw new UserError(
        `--sha cannot be combined with a ${eventName} payload: the payload names the commit.`
      )
  }
  switch (eventName) {
    case 'push':
      commitFromPayload()
      return {
        ref: requireString(payload, 'ref', eventName, PUSH_REF),
        sha: requireSha(requireString(payload, 'after', eventName), 'The push payload\'s "after"')
      }
    case 'pull_request':
    case 'pull_request_target': {
      commitFromPayload()
      const number = field(payload, 'pull_request.number')
      if (typeof number !== 'number' || !Number.isSafeInteger(number) || number <= 0)
        throw new UserError(`The ${eventName} payload has no valid "pull_request.number".`)
      const headRef = requireString(payload, 'pull_request.head.ref', eventName)
      const baseRef = requireString(payload, 'pull_request.base.ref', eventName)
      const headSha = requireString(payload, 'pull_request.head.sha', eventName)
      if (eventName === 'pull_request') {
        // GitHub's GITHUB_SHA is the test merge commit, which exists only on GitHub: the head commit stands in.
        return {
          ref: `refs/pull/${number}/merge`,
          sha: requireSha(headSha, 'pull_request.head.sha'),
          headRef,
          baseRef
        }
      }
      // pull_request_target runs in the base branch's context (that is its point): ref and commit of the base.
      const baseSha = requireString(payload, 'pull_request.base.sha', eventName)
      return {
        ref: `refs/heads/${baseRef}`,
        sha: requireSha(baseSha, 'pull_request.base.sha'),
        headRef,
        baseRef
      }
    }
    case 'release':
      return {
        ref: `refs/tags/${requireString(payload, 'release.tag_name', eventName)}`,
        sha: sha ?? localSha
      }
    case 'workflow_dispatch':
      return { ref: requireString(payload, 'ref', eventName, PUSH_REF), sha: sha ?? localSha }
    case 'create': {
      const type = field(payload, 'ref_type')
      if (type !== 'branch' && type !== 'tag')
        throw new UserError('The create payload has no valid "ref_type" (branch or tag).')
      const name = requireString(payload, 'ref', eventName)
      return { ref: `refs/${type === 'branch' ? 'heads' : 'tags'}/${name}`, sha: sha ?? localSha }
    }
    default:
      throw new UserError(`Cannot replay a "${eventName}" event.`)
  }
}

/**
 * The event GitHub would deliver, replayed on the local checkout: GITHUB_* variables and the payload
 * the actions read. Without a payload it is a push (of `ref`, default the checkout's branch, at `sha`,
 * default the checkout's commit). The repository and its default branch come from the payload when it
 * has them, else from the checkout.
 */
export function replayEvent(request: EventReplayRequest, state: LocalGitState): ReplayedEvent {
  const eventName = request.eventName ?? 'push'
  if (!(REPLAYABLE_EVENTS as readonly string[]).includes(eventName))
    throw new UserError(
      `Cannot replay a "${eventName}" event: supported are ${REPLAYABLE_EVENTS.join(', ')}.`
    )
  const sha = request.sha === undefined ? undefined : requireSha(request.sha, '--sha')
  let given = request.payload
  if (given === undefined) {
    if (eventName !== 'push')
      throw new UserError(`--event-name ${eventName} needs --event-file with the event's payload.`)
    const ref = request.ref === undefined ? `refs/heads/${state.branch}` : pushRef(request.ref)
    given = { ref, after: sha ?? state.sha }
  } else if (request.ref !== undefined) {
    throw new UserError(
      '--ref replays a push without a payload; with --event-file the payload names the ref.'
    )
  }
  if (!isObject(given)) throw new UserError('The event payload must be a JSON object.')

  const {
    ref,
    sha: commit,
    headRef,
    baseRef
  } = refAndSha(eventName, given, state.sha, request.payload === undefined ? undefined : sha)
  const repository = given.repository
  if (repository !== undefined && !isObject(repository))
    throw new UserError('The event payload\'s "repository" must be an object.')
  const complete = typeof repository?.full_name === 'string' && typeof repository.default_branch === 'string'
  const payload = complete
    ? given
    : {
        ...given,
        repository: {
          ...repository,
          full_name: typeof repository?.full_name === 'string' ? repository.full_name : state.repository,
          default_branch:
            typeof repository?.default_branch === 'string' ? repository.default_branch : state.defaultBranch
        }
      }
  return {
    eventName,
    env: {
      GITHUB_ACTIONS: 'false',
      GITHUB_EVENT_NAME: eventName,
      GITHUB_REF: ref,
      GITHUB_SHA: commit,
      // GitHub sets these (empty outside pull requests); a value left in the shell must not leak in.
      GITHUB_HEAD_REF: headRef ?? '',
      GITHUB_BASE_REF: baseRef ?? '',
      GITHUB_REPOSITORY: (payload.repository as Json).full_name as string,
      GITHUB_SERVER_URL: state.serverUrl
    },
    payload,
    payloadAsGiven: request.payload !== undefined && complete
  }
}
