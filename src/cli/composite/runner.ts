/**
 * Runs a composite action's `run:` steps the way the GitHub runner does, so that the local runner
 * (`docker-actions pipeline`) executes the very action.yml that GitHub runs.
 *
 * What it does as the runner does:
 * - inputs: action.yml defaults applied (shared with the one action runner, ../action-runner.ts);
 * - `if:` with the implicit `success() &&`, `env:`, `working-directory:` (relative to the workspace,
 *   GITHUB_WORKSPACE or the current directory), `name:`, evaluated by @actions/expressions
 *   (./expressions.ts) over the `inputs`, `steps`, `github`, `runner` and `env` contexts;
 * - `shell:` as the runner starts it: the script is written to a file and `{0}` of the shell's
 *   template becomes its path: bash -> `bash --noprofile --norc -e -o pipefail {0}`, sh -> `sh -e {0}`,
 *   python -> `python {0}`, pwsh -> `pwsh -command ". '{0}'"` (with the runner's
 *   `$ErrorActionPreference = 'stop'` prologue and exit-code epilogue), or a custom
 *   `command [args] {0}` template; a template without `{0}` is refused, as on GitHub;
 * - per step, fresh GITHUB_OUTPUT / GITHUB_ENV / GITHUB_PATH / GITHUB_STATE / GITHUB_STEP_SUMMARY files:
 *   outputs become `steps.<id>.outputs`; GITHUB_ENV values go into the process environment and the
 *   `env` context of later steps (NODE_OPTIONS refused, as on GitHub); GITHUB_PATH entries are put in
 *   front of PATH for later steps (the last added first);
 * - `steps.<id>.outcome` and `.conclusion`, `continue-on-error:` (true, or an expression) making a
 *   failed step's conclusion success; the action's `outputs:` evaluated after the last step;
 * - the step summaries, concatenated (and appended to the caller's GITHUB_STEP_SUMMARY, if any).
 *
 * What it does not do:
 * - `uses:` steps (other actions) are refused, and so is `${{ }}` inside `run:` (the runner would
 *   paste the value into the script: this repository passes values through `env:`); a run step
 *   without `shell:` is refused, as GitHub refuses it in a composite action;
 * - cancelled() is always false: an interrupted local run stops, it does not run `always()` steps;
 *   the job status before the action is taken as success;
 * - the `env` context holds the caller's `envContext` and GITHUB_ENV values, never the machine's
 *   environment (as on GitHub); there are no `job`, `matrix`, `strategy`, `secrets`, `vars` or `needs`
 *   contexts, `github` has the GITHUB_* variables and the event only, and hashFiles() does not exist;
 * - GITHUB_STATE is given to each step but not kept (the runner keeps it only for the post step of a
 *   nested `uses:` action); nothing is masked here (the CLI masks what it prints); a summary is not
 *   capped at 1 MiB; bash/sh scripts are written as given (no rewriting of unquoted redirections);
 *   the runner's `Run …`/`shell:`/`env:` log header is not printed.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { UserError } from '../../lib/errors.js'
import {
  type ActionMetadata,
  type CompositeStep,
  addPathEntries,
  baseEnvironment,
  createStepFiles,
  forwardLines,
  githubContext,
  loadActionMetadata,
  prependPath,
  readStepFiles,
  resolveInputs as resolveActionInputs,
  stepFileVariables
} from '../action-runner.js'
import { type ExpressionContext, evaluateCondition, hasExpression, interpolate } from './expressions.js'

export type { CompositeStep }

export interface CompositeAction extends ActionMetadata {
  runs: ActionMetadata['runs'] & { steps: CompositeStep[] }
}

export interface StepRecord {
  id: string
  name: string
  outcome: 'success' | 'failure' | 'skipped'
  /** The outcome after continue-on-error. */
  conclusion: 'success' | 'failure' | 'skipped'
  outputs: Record<string, string>
  seconds: number
}

export interface CompositeResult {
  ok: boolean
  /** The job summary the steps wrote (Markdown/HTML). */
  summary: string
  outputs: Record<string, string>
  steps: StepRecord[]
  /** What the steps set through GITHUB_ENV / GITHUB_PATH, for the steps that would follow. */
  env: Record<string, string>
  path: string[]
}

export interface RunCompositeOptions {
  /** Directory holding action.yml; becomes GITHUB_ACTION_PATH. */
  actionPath: string
  inputs: Record<string, string>
  /** Base environment of every step (default: this process's). */
  env?: NodeJS.ProcessEnv
  /** The `env` context the action is called with (a workflow's `env:`); default none. */
  envContext?: Record<string, string>
  /** Receives every output line of every step, as it arrives. */
  onLine?: (line: string) => void
  /** The runner's own messages: a failed step's exit code, unreadable file commands. */
  onRunnerMessage?: (message: string, level: 'warning' | 'error') => void
  /** Called before each step runs (or is skipped). */
  onStep?: (step: { id: string; name: string; skipped: boolean }) => void
}

const STEP_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/

export function loadCompositeAction(actionPath: string): CompositeAction {
  const action = loadActionMetadata(actionPath)
  if (action.runs.using !== 'composite' || !Array.isArray(action.runs.steps)) {
    throw new UserError(`${actionPath}/action.yml is not a composite action (runs.using: composite).`)
  }
  const ids = new Set<string>()
  for (const [index, step] of action.runs.steps.entries()) {
    const label = step.id ?? step.name ?? `#${index + 1}`
    if (step.uses) {
      throw new UserError(
        `Step ${label} uses ${step.uses}: only run steps are supported by the local runner.`
      )
    }
    if (typeof step.run !== 'string') throw new UserError(`Step ${label} has no run:.`)
    if (!step.shell) throw new UserError(`Step ${label} has no shell: (required in a composite action).`)
    // The runner pastes ${{ }} into the script text before the shell sees it: an injection vector.
    if (hasExpression(step.run)) {
      throw new UserError(`Step ${label} has an expression inside run:; pass values through env: instead.`)
    }
    if (step.id !== undefined) {
      if (!STEP_ID.test(step.id) || step.id.startsWith('__'))
        throw new UserError(
          `Step id "${step.id}" is not valid (a letter or _, then letters, digits, - or _).`
        )
      if (ids.has(step.id)) throw new UserError(`Step id "${step.id}" is used twice.`)
      ids.add(step.id)
    }
  }
  return action as CompositeAction
}

/** Inputs with action.yml defaults applied; unknown and missing required inputs are an error. */
export function resolveInputs(
  action: ActionMetadata,
  given: Record<string, string>,
  env: NodeJS.ProcessEnv = {}
): Record<string, string> {
  const context: ExpressionContext = { failed: false, contexts: { github: githubContext(env, action.path) } }
  const { inputs, unexpected } = resolveActionInputs(action, given, context)
  if (unexpected.length > 0) {
    throw new UserError(
      `Unknown input(s) ${unexpected.map(name => `"${name}"`).join(', ')}; the inputs are: ${Object.keys(action.inputs).join(', ')}.`
    )
  }
  return inputs
}

/** The runner's argument templates of the built-in shells, and their script file extensions. */
const SHELLS: Record<string, { args: string; extension: string }> = {
  bash: { args: '--noprofile --norc -e -o pipefail {0}', extension: '.sh' },
  sh: { args: '-e {0}', extension: '.sh' },
  python: { args: '{0}', extension: '.py' },
  pwsh: { args: `-command ". '{0}'"`, extension: '.ps1' },
  powershell: { args: `-command ". '{0}'"`, extension: '.ps1' }
}

/** Splits a command line as .NET does for a child process on Unix: spaces, "quoted parts", \\". */
function splitArguments(line: string): string[] {
  const args: string[] = []
  let current = ''
  let quoted = false
  let started = false
  for (let i = 0; i < line.length; i++) {
    const char = line[i]
    if (char === '\\' && line[i + 1] === '"') {
      current += '"'
      i++
      started = true
    } else if (char === '"') {
      quoted = !quoted
      started = true
    } else if (/\s/.test(char) && !quoted) {
      if (started) args.push(current)
      current = ''
      started = false
    } else {
      current += char
      started = true
    }
  }
  if (started) args.push(current)
  return args
}

export interface ShellInvocation {
  command: string
  args: string[]
  /** The script file: `<scriptBase><extension of the shell>`. */
  path: string
  /** The script as written to the file (pwsh gets the runner's prologue and epilogue). */
  script: string
}

/**
 * How the runner starts a `shell:` for a script: written to `<scriptBase>.sh` (.py, .ps1 or no
 * extension by shell), then `command [template]`, the built-in template when none is given, `{0}`
 * replaced by the script's path. A template without `{0}` is refused.
 */
export function shellInvocation(shell: string, script: string, scriptBase: string): ShellInvocation {
  const space = shell.indexOf(' ')
  const command = space < 0 ? shell : shell.slice(0, space)
  const template =
    (space < 0 ? '' : shell.slice(space + 1)).trimStart() ||
    (Object.hasOwn(SHELLS, command) ? SHELLS[command].args : '')
  if (!template.includes('{0}')) {
    throw new UserError(
      `Invalid shell option "${shell}". Shell must be a valid built-in (bash, sh, python, pwsh) or a format string containing '{0}'.`
    )
  }
  // The runner looks the command up as written: `/bin/bash` gets neither bash's template nor `.sh`.
  const builtIn = Object.hasOwn(SHELLS, command) ? SHELLS[command] : undefined
  const path = scriptBase + (builtIn?.extension ?? '')
  // string.Format: {0} is the path (its quotes escaped), {{ and }} are braces.
  const formatted = template.replace(/\{\{|\}\}|\{0\}/g, match =>
    match === '{{' ? '{' : match === '}}' ? '}' : path.replace(/"/g, '\\"')
  )
  const fixed =
    command === 'pwsh' || command === 'powershell'
      ? `$ErrorActionPreference = 'stop'\n${script}\nif ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }`
      : script
  return { command, args: splitArguments(formatted), path, script: fixed }
}

function runScript(
  invocation: ShellInvocation,
  env: NodeJS.ProcessEnv,
  cwd: string,
  onLine: (line: string) => void
): Promise<number> {
  return new Promise(done => {
    const child = spawn(invocation.command, invocation.args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    forwardLines(child.stdout, onLine)
    forwardLines(child.stderr, onLine)
    child.on('error', error => {
      onLine(`could not start ${invocation.command}: ${error.message}`)
      done(127)
    })
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)))
  })
}

function runnerOs(): string {
  return process.platform === 'darwin' ? 'macOS' : process.platform === 'win32' ? 'Windows' : 'Linux'
}

function continueOnError(value: CompositeStep['continue-on-error'], context: ExpressionContext): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value !== 'string') return false
  return (hasExpression(value) ? interpolate(value, context) : value).trim().toLowerCase() === 'true'
}

export async function runComposite(options: RunCompositeOptions): Promise<CompositeResult> {
  const action = loadCompositeAction(options.actionPath)
  const base = baseEnvironment(options.env ?? process.env)
  const inputs = resolveInputs(action, options.inputs, base)
  const work = mkdtempSync(join(tmpdir(), 'composite-'))
  const workspace = resolve(base.GITHUB_WORKSPACE ?? process.cwd())
  const onLine = options.onLine ?? ((line: string) => process.stdout.write(`${line}\n`))

  const stepsContext: Record<string, unknown> = {}
  const records: StepRecord[] = []
  const envContext: Record<string, string> = { ...options.envContext }
  const carriedEnv: Record<string, string> = {}
  const pathEntries: string[] = []
  const summaries: string[] = []
  const context: ExpressionContext = {
    failed: false,
    contexts: {
      inputs,
      steps: stepsContext,
      github: githubContext(base, action.path),
      runner: { temp: base.RUNNER_TEMP ?? work, os: runnerOs() },
      env: envContext
    }
  }

  try {
    for (const [index, step] of action.runs.steps.entries()) {
      const id = step.id ?? `__step${index + 1}`
      const name = step.name && hasExpression(step.name) ? interpolate(step.name, context) : (step.name ?? id)
      const started = Date.now()
      if (!evaluateCondition(step.if, context)) {
        options.onStep?.({ id, name, skipped: true })
        stepsContext[id] = { outcome: 'skipped', conclusion: 'skipped', outputs: {} }
        records.push({ id, name, outcome: 'skipped', conclusion: 'skipped', outputs: {}, seconds: 0 })
        continue
      }
      options.onStep?.({ id, name, skipped: false })
      const stepEnv: Record<string, string> = {}
      for (const [key, value] of Object.entries(step.env ?? {}))
        stepEnv[key] = interpolate(String(value), context)
      const files = createStepFiles('composite-step')
      const env: Record<string, string> = { ...base, ...options.envContext, ...carriedEnv, ...stepEnv }
      Object.assign(env, {
        PATH: prependPath(pathEntries, env.PATH),
        GITHUB_ACTION_PATH: action.path,
        ...stepFileVariables(files)
      })
      const cwd = resolve(workspace, interpolate(step['working-directory'] ?? '', context))
      const invocation = shellInvocation(step.shell as string, step.run ?? '', join(work, randomUUID()))
      writeFileSync(invocation.path, invocation.script)
      const exitCode = await runScript(invocation, env, cwd, onLine)
      if (exitCode !== 0) options.onRunnerMessage?.(`Process completed with exit code ${exitCode}.`, 'error')

      const results = readStepFiles(files)
      for (const error of [...results.errors, ...results.refused]) options.onRunnerMessage?.(error, 'error')
      Object.assign(carriedEnv, results.env)
      Object.assign(envContext, results.env)
      addPathEntries(pathEntries, results.path)
      summaries.push(results.summary)
      if (base.GITHUB_STEP_SUMMARY && results.summary)
        appendFileSync(base.GITHUB_STEP_SUMMARY, results.summary)

      const outcome = exitCode === 0 && results.errors.length === 0 ? 'success' : 'failure'
      const conclusion =
        outcome === 'failure' && continueOnError(step['continue-on-error'], context) ? 'success' : outcome
      if (conclusion === 'failure') context.failed = true
      stepsContext[id] = { outcome, conclusion, outputs: results.outputs }
      records.push({
        id,
        name,
        outcome,
        conclusion,
        outputs: results.outputs,
        seconds: (Date.now() - started) / 1000
      })
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }

  const outputs: Record<string, string> = {}
  for (const [name, spec] of Object.entries(action.outputs))
    outputs[name] = interpolate(String(spec.value ?? ''), context)
  return {
    ok: !context.failed,
    outputs,
    steps: records,
    summary: summaries.join(''),
    env: carriedEnv,
    path: pathEntries
  }
}
