import * as core from '@actions/core'
import { UserError } from '../../lib/errors.js'
import {
  getBoolean,
  getChoice,
  getInteger,
  getList,
  getOptional,
  getRequired,
  parseKeyValueLines
} from '../../lib/inputs.js'
import type { FailOn } from '../../lib/dockerflow/requirements.js'
import {
  type CheckScope,
  parseRequirementIds,
  validateImage,
  validateSandbox
} from '../../lib/dockerflow/options.js'
import type { Sandbox } from '../../lib/dockerflow/sandbox.js'
import { runnerContext } from '../../lib/git/runner-context.js'

export interface Inputs {
  image: string
  commit?: string
  scope: CheckScope
  failOn: FailOn
  pull: boolean
  port?: number
  env: Map<string, string>
  startupTimeoutMs: number
  skip: ReturnType<typeof parseRequirementIds>
  sandbox: Sandbox
}

/** The commit being built: the pull request's head, else GITHUB_SHA (what compute-tags writes to version.json). */
export function defaultCommit(
  payload: { pull_request?: { [key: string]: unknown } } = runnerContext().payload,
  env = process.env
): string | undefined {
  const head = payload.pull_request?.head as { sha?: string } | undefined
  return head?.sha || env.GITHUB_SHA || undefined
}

/** The limits of the container the runtime checks start (defaults in action.yml; these for unit tests). */
export function getSandbox(): Sandbox {
  const pids = getRequired('pids-limit')
  if (!/^\d+$/.test(pids))
    throw new UserError(`Input "pids-limit" must be a whole number of at least 1, got "${pids}".`)
  const sandbox = {
    memory: getRequired('memory'),
    cpus: getRequired('cpus'),
    pidsLimit: Number(pids),
    readOnly: getBoolean('read-only')
  }
  try {
    return validateSandbox(sandbox)
  } catch (error) {
    throw error instanceof UserError ? new UserError(`Input ${error.message}`) : error
  }
}

export function getInputs(): Inputs {
  const image = getOptional('image')
  if (!image)
    throw new UserError(
      'Input "image" is required: the image to verify (a reference, or the image ID a build printed).'
    )
  validateImage(image)
  const commitInput = getOptional('commit')
  const commit = commitInput ?? defaultCommit()
  if (commit && !/^[0-9a-f]{40}$/i.test(commit))
    throw new UserError(`Input "commit" must be a full 40-character commit SHA, got "${commit}".`)
  const portInput = getOptional('port')
  const port = portInput === undefined ? undefined : getInteger('port')
  if (port !== undefined && (port < 1 || port > 65535))
    throw new UserError(`Input "port" must be a TCP port (1-65535), got "${portInput}".`)
  const env = parseKeyValueLines(core.getInput('env'), 'Input "env"')
  if (env.has('PORT')) throw new UserError('Input "env" must not set PORT: use the "port" input.')
  return {
    image,
    commit: commit?.toLowerCase(),
    scope: getChoice('checks', ['all', 'static', 'runtime'] as const),
    failOn: getChoice('fail-on', ['required', 'recommended'] as const),
    pull: getBoolean('pull'),
    port,
    env,
    startupTimeoutMs: getInteger('startup-timeout') * 1000,
    skip: parseRequirementIds(getList('skip')),
    sandbox: getSandbox()
  }
}
