import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { loadActionMetadata, runActionStep } from '../../src/cli/action-runner.js'
import { parseFileCommands } from '../../src/cli/file-commands.js'

export { parseFileCommands }

export interface ActionRun {
  exitCode: number
  /** The signal that ended the process, if one did. */
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  state: Record<string, string>
}

export interface RunActionOptions {
  inputs?: Record<string, string>
  /** Extra environment (GITHUB_*, tokens, DOCKER_HOST …); the test process's environment is NOT inherited except PATH/HOME/DOCKER_*. */
  env?: Record<string, string | undefined>
  /** The event payload written to GITHUB_EVENT_PATH. */
  event?: unknown
  cwd?: string
  /** Run the post step (state from a previous run is passed in). */
  state?: Record<string, string>
  /** Receives the process as soon as it starts (to signal it while it runs). */
  onSpawn?: (child: ChildProcess) => void
}

/**
 * Runs an action of this repository (actions/<name>/action.yml: its committed bundle, its input
 * defaults) through the one action runner (src/cli/action-runner.ts), in a clean environment: the
 * main step, or the post step when `state` is given.
 */
export async function runAction(name: string, options: RunActionOptions = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), `action-${name}-`))
  const event = join(dir, 'event.json')
  writeFileSync(event, JSON.stringify(options.event ?? {}))
  const env: Record<string, string> = {}
  for (const key of ['PATH', 'HOME', 'DOCKER_HOST', 'DOCKER_CONFIG', 'TMPDIR', 'RUNNER_TEMP']) {
    if (process.env[key] !== undefined) env[key] = process.env[key] as string
  }
  Object.assign(env, {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_PATH: event,
    RUNNER_TEMP: env.RUNNER_TEMP ?? dir
  })
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  const action = loadActionMetadata(resolve('actions', name))
  const run = await runActionStep(action, options.state ? 'post' : 'main', {
    inputs: options.inputs,
    env,
    state: options.state,
    cwd: options.cwd ?? process.cwd(),
    onSpawn: options.onSpawn
  })
  const { exitCode, signal, stdout, stderr, outputs, summary, state } = run
  return { exitCode, signal, stdout, stderr, outputs, summary, state }
}
