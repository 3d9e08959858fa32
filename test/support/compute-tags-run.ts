import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { inputEnvironment } from '../../src/cli/action-runner.js'

/** Writes `dir`/event.json, the payload of a push to `branch` in acme/app (default branch main); returns its path. */
export function writePushEvent(dir: string, branch: string): string {
  const event = join(dir, 'event.json')
  writeFileSync(
    event,
    JSON.stringify({
      ref: `refs/heads/${branch}`,
      repository: { full_name: 'acme/app', default_branch: 'main' }
    })
  )
  return event
}

/**
 * The environment of a push to `branch` in acme/app for `node dist/compute-tags/index.js`: a whole
 * run that does no I/O beyond the runner's files, which are (re)created empty in `dir` (event.json,
 * out, summary). Shared by bench/startup and test/scripts/startup-graph.test.ts.
 */
export function computeTagsRunEnvironment(dir: string, images: string, branch: string): NodeJS.ProcessEnv {
  const event = writePushEvent(dir, branch)
  for (const file of ['out', 'summary']) writeFileSync(join(dir, file), '')
  return {
    PATH: process.env.PATH ?? '',
    ...inputEnvironment('compute-tags', { images }),
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: `refs/heads/${branch}`,
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_RUN_ID: '1',
    GITHUB_EVENT_PATH: event,
    GITHUB_OUTPUT: join(dir, 'out'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary')
  }
}
