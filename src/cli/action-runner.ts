/**
 * The one way to run an action of this repository outside GitHub: the CLI's commands, the tests
 * (test/support/action-runner.ts) and the composite runner's bookkeeping all go through it.
 *
 * As the GitHub runner does for a `node*` action:
 * - reads `action.yml` (or `action.yaml`) and applies its input defaults (`${{ }}` in a default is
 *   evaluated; `github.token` is empty outside GitHub, so pass a token as an input);
 * - sets `INPUT_<NAME>` for every input with a value (name upper-cased, spaces -> `_`, hyphens kept);
 *   inputs without a value and without a default are not set at all;
 * - warns about inputs the action does not declare ("Unexpected input(s) …") and passes them anyway;
 * - gives each step fresh GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY / GITHUB_ENV / GITHUB_PATH
 *   files and reads them back afterwards (GITHUB_ENV may not set NODE_OPTIONS, as on GitHub);
 * - runs `runs.main` in a child node process, then `runs.post` (when `post-if`, default `always()`,
 *   holds) with the main step's saved state as `STATE_*` and the same inputs.
 *
 * Where it differs, on purpose: a `required` input without a value and without a default is refused
 * before anything runs (the GitHub runner does not check `required`: actions/runner#1070);
 * `runs.pre` and non-node actions are refused; the child runs on this node (process.execPath), not on
 * the runner's node of `runs.using`; INPUT_* and STATE_* left in the caller's environment are dropped.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Readable } from 'node:stream'
import { parse } from 'yaml'
import { UserError } from '../lib/errors.js'
import { type ExpressionContext, evaluateCondition, interpolate } from './composite/expressions.js'
import { parseFileCommands } from './file-commands.js'
import { inputVariable } from '../lib/inputs.js'

export interface ActionInput {
  description?: string
  required?: boolean
  default?: string
}

export interface ActionOutput {
  description?: string
  /** Composite actions only: the expression that gives the output its value. */
  value?: string
}

/** A step of a composite action (`runs.steps`). */
export interface CompositeStep {
  id?: string
  name?: string
  if?: string
  run?: string
  shell?: string
  env?: Record<string, string>
  uses?: string
  with?: Record<string, string>
  'continue-on-error'?: boolean | string
  'working-directory'?: string
}

export interface ActionMetadata {
  name: string
  /** The directory holding action.yml (GITHUB_ACTION_PATH). */
  path: string
  inputs: Record<string, ActionInput>
  outputs: Record<string, ActionOutput>
  runs: {
    using: string
    main?: string
    pre?: string
    post?: string
    'post-if'?: string
    steps?: CompositeStep[]
  }
}

/** Reads `<actionPath>/action.yml` (or `.yaml`). */
export function loadActionMetadata(actionPath: string): ActionMetadata {
  const path = resolve(actionPath)
  const file = ['action.yml', 'action.yaml'].map(name => join(path, name)).find(existsSync)
  if (!file) throw new UserError(`${actionPath} holds no action.yml.`)
  const metadata = parse(readFileSync(file, 'utf8')) as Partial<ActionMetadata> | null
  if (typeof metadata?.runs?.using !== 'string') throw new UserError(`${file} has no runs.using.`)
  return {
    name: metadata.name ?? path,
    path,
    inputs: metadata.inputs ?? {},
    outputs: metadata.outputs ?? {},
    runs: metadata.runs
  }
}

/**
 * The `github` context outside GitHub, from the GITHUB_* variables of the environment (the event
 * payload from GITHUB_EVENT_PATH). There is no job token: `github.token` is empty.
 */
export function githubContext(env: NodeJS.ProcessEnv, actionPath?: string): Record<string, unknown> {
  let event: unknown = {}
  try {
    if (env.GITHUB_EVENT_PATH) event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'))
  } catch {
    event = {}
  }
  const context: Record<string, unknown> = {
    event,
    token: '',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd()
  }
  for (const name of [
    'event_name',
    'ref',
    'sha',
    'repository',
    'server_url',
    'head_ref',
    'base_ref',
    'run_id',
    'run_number',
    'actor'
  ])
    context[name] = env[`GITHUB_${name.toUpperCase()}`] ?? ''
  if (actionPath !== undefined) context.action_path = actionPath
  return context
}

export interface ResolvedInputs {
  /** Every input with a value: the given ones and the defaults of the others. */
  inputs: Record<string, string>
  /** Given inputs the action does not declare (the runner warns and passes them on). */
  unexpected: string[]
}

/**
 * The inputs an action sees: the given ones, and action.yml defaults for the others (a default's
 * `${{ }}` evaluated in `context`). A `required` input without a value is refused unless
 * `checkRequired` is false (a post step gets the inputs of its main step).
 */
export function resolveInputs(
  action: ActionMetadata,
  given: Record<string, string>,
  context: ExpressionContext,
  checkRequired = true
): ResolvedInputs {
  const declared = new Map(Object.keys(action.inputs).map(name => [name.toLowerCase(), name]))
  const inputs: Record<string, string> = {}
  const unexpected: string[] = []
  for (const [name, value] of Object.entries(given)) {
    inputs[declared.get(name.toLowerCase()) ?? name] = value
    if (!declared.has(name.toLowerCase())) unexpected.push(name)
  }
  for (const [name, spec] of Object.entries(action.inputs)) {
    if (inputs[name] === undefined && spec.default !== undefined && spec.default !== null)
      inputs[name] = interpolate(String(spec.default), context)
    if (checkRequired && spec.required && (inputs[name] ?? '') === '')
      throw new UserError(`Input "${name}" is required by ${action.name}.`)
  }
  return { inputs, unexpected }
}

/** The runner's warning for inputs an action does not declare. */
export function unexpectedInputsWarning(action: ActionMetadata, unexpected: string[]): string {
  return (
    `Unexpected input(s) ${unexpected.map(name => `'${name}'`).join(', ')}, valid inputs are ` +
    `[${Object.keys(action.inputs)
      .map(name => `'${name}'`)
      .join(', ')}]`
  )
}

/** The runner's files of one step. */
export interface StepFiles {
  dir: string
  output: string
  state: string
  summary: string
  env: string
  path: string
}

/** Fresh, empty step files in a new private directory. */
export function createStepFiles(prefix = 'step'): StepFiles {
  const dir = mkdtempSync(join(tmpdir(), `docker-actions-${prefix}-`))
  const files: StepFiles = {
    dir,
    output: join(dir, 'output'),
    state: join(dir, 'state'),
    summary: join(dir, 'step_summary'),
    env: join(dir, 'env'),
    path: join(dir, 'path')
  }
  for (const file of [files.output, files.state, files.summary, files.env, files.path])
    writeFileSync(file, '')
  return files
}

/** GITHUB_OUTPUT & co. of a step as environment variables. */
export function stepFileVariables(files: StepFiles): Record<string, string> {
  return {
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path
  }
}

/** What a step wrote through its files. */
export interface FileCommandResults {
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  /** GITHUB_ENV, without the names the runner refuses (NODE_OPTIONS). */
  env: Record<string, string>
  /** GITHUB_PATH entries, in the order written. */
  path: string[]
  /** Unreadable file commands: they fail the step, as on GitHub. */
  errors: string[]
  /** GITHUB_ENV names the runner refuses: reported as errors, the step's result stands (as on GitHub). */
  refused: string[]
}

/** Names GITHUB_ENV may not set (the runner's block list). */
const SET_ENV_BLOCK_LIST = ['NODE_OPTIONS']

/** Reads a step's files back and removes them (state and outputs may hold credentials). */
export function readStepFiles(files: StepFiles): FileCommandResults {
  const errors: string[] = []
  const commands = (file: string, name: string): Record<string, string> => {
    try {
      return parseFileCommands(readFileSync(file, 'utf8'))
    } catch (error) {
      errors.push(`Unable to process file command '${name}' successfully: ${(error as Error).message}`)
      return {}
    }
  }
  const env: Record<string, string> = {}
  const refused: string[] = []
  for (const [name, value] of Object.entries(commands(files.env, 'env'))) {
    const blocked = SET_ENV_BLOCK_LIST.find(entry => entry.toLowerCase() === name.toLowerCase())
    if (blocked) refused.push(`Can't store ${blocked} output parameter using '$GITHUB_ENV' command.`)
    else env[name] = value
  }
  const result: FileCommandResults = {
    outputs: commands(files.output, 'output'),
    state: commands(files.state, 'state'),
    summary: readFileSync(files.summary, 'utf8'),
    env,
    path: readFileSync(files.path, 'utf8')
      .split(/\r?\n/)
      .filter(line => line !== ''),
    errors,
    refused
  }
  rmSync(files.dir, { recursive: true, force: true })
  return result
}

/** PATH with the GITHUB_PATH entries in front, the last added first (as the runner prepends them). */
export function prependPath(entries: string[], path: string | undefined): string {
  return [...[...entries].reverse(), ...(path ? [path] : [])].join(':')
}

/** Adds GITHUB_PATH entries to a list, an entry added again moving to the end (the runner's PrependPath). */
export function addPathEntries(list: string[], added: string[]): void {
  for (const entry of added) {
    const index = list.indexOf(entry)
    if (index >= 0) list.splice(index, 1)
    list.push(entry)
  }
}

/** Calls `onLine` for every complete line of a stream (and a last unterminated one). */
export function forwardLines(stream: Readable, onLine: (line: string) => void): void {
  let pending = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) onLine(line)
  })
  stream.on('end', () => {
    if (pending) onLine(pending)
  })
}

/** The base environment of a step: the caller's, without INPUT_* / STATE_* left in it. */
export function baseEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const base: Record<string, string> = {}
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && !/^(INPUT|STATE)_/i.test(key)) base[key] = value
  return base
}

export type ActionStage = 'main' | 'post'

export interface RunStepOptions {
  /** Inputs by name (defaults of the others come from action.yml). */
  inputs?: Record<string, string>
  /** The environment the runner gives the step (default: this process's). */
  env?: NodeJS.ProcessEnv
  /** STATE_* of a post step: what the main step saved. */
  state?: Record<string, string>
  cwd?: string
  /** Every output line, stdout and stderr, as it arrives (the runner's log). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void
  /** The runner's own warnings and errors (unexpected inputs, refused GITHUB_ENV names). */
  onRunnerMessage?: (message: string, level: 'warning' | 'error') => void
  /** Receives the child process as soon as it starts (called before the first await). */
  onSpawn?: (child: ChildProcess) => void
}

export interface StepRun extends FileCommandResults {
  stage: ActionStage
  ok: boolean
  exitCode: number
  /** The signal that ended the process, if one did. */
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  seconds: number
}

function entryOf(action: ActionMetadata, stage: ActionStage): string {
  if (!/^node\d+$/.test(action.runs.using))
    throw new UserError(
      `${action.name} runs.using "${action.runs.using}": only node actions run as one step (composite actions run with runComposite).`
    )
  if (action.runs.pre)
    throw new UserError(`${action.name} has runs.pre, which the local runner does not run.`)
  const entry = action.runs[stage]
  if (!entry) throw new UserError(`${action.name} has no runs.${stage}.`)
  return resolve(action.path, entry)
}

/**
 * Runs one stage (`main` or `post`) of a node action in a child node process, as the runner does.
 * Everything before the process starts is synchronous, so `onSpawn` is called before this returns.
 */
export async function runActionStep(
  action: ActionMetadata,
  stage: ActionStage,
  options: RunStepOptions = {}
): Promise<StepRun> {
  const entry = entryOf(action, stage)
  const base = baseEnvironment(options.env ?? process.env)
  const context: ExpressionContext = { failed: false, contexts: { github: githubContext(base) } }
  const { inputs, unexpected } = resolveInputs(action, options.inputs ?? {}, context, stage === 'main')
  if (unexpected.length > 0 && stage === 'main')
    options.onRunnerMessage?.(unexpectedInputsWarning(action, unexpected), 'warning')
  const files = createStepFiles(stage)
  const env: Record<string, string> = { ...base, ...stepFileVariables(files) }
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value

  const started = Date.now()
  const child = spawn(process.execPath, [entry], {
    env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  options.onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  if (options.onLine) {
    const onLine = options.onLine
    forwardLines(child.stdout, line => onLine(line, 'stdout'))
    forwardLines(child.stderr, line => onLine(line, 'stderr'))
  }
  const [exitCode, signal] = await new Promise<[number, NodeJS.Signals | null]>(done => {
    child.on('error', error => {
      stderr += `could not start ${process.execPath}: ${error.message}\n`
      done([127, null])
    })
    child.on('close', (code, closeSignal) => done([code ?? 1, closeSignal]))
  })
  const results = readStepFiles(files)
  for (const error of [...results.errors, ...results.refused]) options.onRunnerMessage?.(error, 'error')
  return {
    stage,
    ok: exitCode === 0 && signal === null && results.errors.length === 0,
    exitCode,
    signal,
    stdout,
    stderr,
    seconds: (Date.now() - started) / 1000,
    ...results
  }
}

export interface ActionRun {
  ok: boolean
  /** The main step's outputs. */
  outputs: Record<string, string>
  /** The job summary both steps wrote. */
  summary: string
  /** The main step's saved state (what the post step received). */
  state: Record<string, string>
  /** GITHUB_ENV / GITHUB_PATH of both steps, for the steps that would follow. */
  env: Record<string, string>
  path: string[]
  /** The main step, then the post step when it ran. */
  steps: StepRun[]
  seconds: number
}

/**
 * Runs a node action as a job step: `main`, then `post` when the action has one and its `post-if`
 * (default `always()`) holds, the post step receiving the main step's state and inputs.
 */
export async function runAction(actionPath: string, options: RunStepOptions = {}): Promise<ActionRun> {
  const action = loadActionMetadata(actionPath)
  const main = await runActionStep(action, 'main', options)
  const steps = [main]
  const condition = action.runs['post-if'] ?? 'always()'
  const base = options.env ?? process.env
  const status: ExpressionContext = { failed: !main.ok, contexts: { github: githubContext(base) } }
  if (action.runs.post && evaluateCondition(condition, status)) {
    // The post step runs later in the job: with what GITHUB_ENV / GITHUB_PATH set since.
    const env = { ...base, ...main.env, PATH: prependPath(main.path, base.PATH) }
    steps.push(
      await runActionStep(action, 'post', { ...options, env, onSpawn: undefined, state: main.state })
    )
  }
  const path: string[] = []
  for (const step of steps) addPathEntries(path, step.path)
  return {
    ok: steps.every(step => step.ok),
    outputs: main.outputs,
    summary: steps.map(step => step.summary).join(''),
    state: main.state,
    env: Object.assign({}, ...steps.map(step => step.env)) as Record<string, string>,
    path,
    steps,
    seconds: steps.reduce((sum, step) => sum + step.seconds, 0)
  }
}

/**
 * INPUT_* variables for an action's bundle started directly (the benchmarks time the bare process):
 * the given inputs plus action.yml's defaults, as the runner would pass them.
 */
export function inputEnvironment(action: string, given: Record<string, string>): Record<string, string> {
  const metadata = loadActionMetadata(join('actions', action))
  const { inputs } = resolveInputs(metadata, given, { contexts: { github: {} }, failed: false })
  return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputVariable(name), value]))
}
