import { existsSync, readFileSync } from 'node:fs'
import type { GitHubContextLike } from './context.js'

/**
 * The event as the runner describes it (GITHUB_* variables and the payload file), read the way
 * `@actions/github`'s `context` reads it. Not imported from there: that module also builds Octokit,
 * and the bundle chunk holding it would load Octokit and undici at every action's start-up (issue 17).
 */
export function runnerContext(env: NodeJS.ProcessEnv = process.env): GitHubContextLike {
  const eventPath = env.GITHUB_EVENT_PATH
  const payload =
    eventPath && existsSync(eventPath)
      ? (JSON.parse(readFileSync(eventPath, 'utf8')) as Record<string, unknown>)
      : {}
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    payload,
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    runId: Number.parseInt(env.GITHUB_RUN_ID ?? '', 10),
    runNumber: Number.parseInt(env.GITHUB_RUN_NUMBER ?? '', 10)
  }
}
