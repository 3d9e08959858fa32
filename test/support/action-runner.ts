import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseFileCommands } from '../../src/lib/file-commands.js'

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
 * Runs a committed bundle (dist/<name>/index.js) as the GitHub runner does: a node process with
 * INPUT_* variables and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_STATE files.
 */
export async function runAction(name: string, options: RunActionOptions = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), `action-${name}-`))
  const files = {
    output: join(dir, 'output'),
    summary: join(dir, 'summary'),
    state: join(dir, 'state'),
    env: join(dir, 'env'),
    path: join(dir, 'path'),
    event: join(dir, 'event.json')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  writeFileSync(files.event, JSON.stringify(options.event ?? {}))
  const env: Record<string, string> = {}
  for (const key of ['PATH', 'HOME', 'DOCKER_HOST', 'DOCKER_CONFIG', 'TMPDIR', 'RUNNER_TEMP']) {
    if (process.env[key] !== undefined) env[key] = process.env[key] as string
  }
  Object.assign(env, {
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_EVENT_PATH: files.event,
    RUNNER_TEMP: env.RUNNER_TEMP ?? dir
  })
  for (const [key, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${key.replace(/ /g, '_').toUpperCase()}`] = value
  }
  for (const [key, value] of Object.entries(options.state ?? {})) env[`STATE_${key}`] = value
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  const bundle = resolve('dist', name, 'index.js')
  const child = spawn(process.execPath, [bundle], { env, cwd: options.cwd ?? process.cwd() })
  options.onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const [exitCode, signal] = await new Promise<[number, NodeJS.Signals | null]>(done =>
    child.on('close', (code, signal) => done([code ?? 1, signal]))
  )
  return {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: parseFileCommands(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    state: parseFileCommands(readFileSync(files.state, 'utf8'))
  }
}
