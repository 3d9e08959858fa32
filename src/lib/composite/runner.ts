import { spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { UserError } from '../errors.js'
import { parseFileCommands } from '../file-commands.js'
import {
  type ExpressionContext,
  type ExpressionObject,
  evaluateCondition,
  hasExpression,
  interpolate
} from './expressions.js'

export interface CompositeStep {
  id?: string
  name?: string
  if?: string
  run?: string
  shell?: string
  env?: Record<string, string>
  uses?: string
  'continue-on-error'?: boolean
  'working-directory'?: string
}

export interface CompositeAction {
  name: string
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>
  outputs: Record<string, { description?: string; value: string }>
  runs: { using: string; steps: CompositeStep[] }
}

export interface StepRecord {
  id: string
  name: string
  outcome: 'success' | 'failure' | 'skipped'
  outputs: Record<string, string>
  seconds: number
}

export interface CompositeResult {
  ok: boolean
  /** The job summary the steps wrote (Markdown/HTML). */
  summary: string
  outputs: Record<string, string>
  steps: StepRecord[]
}

export interface RunCompositeOptions {
  /** Directory holding action.yml; becomes GITHUB_ACTION_PATH. */
  actionPath: string
  inputs: Record<string, string>
  /** Base environment of every step (default: this process's). */
  env?: NodeJS.ProcessEnv
  /** Receives every output line of every step, as it arrives. */
  onLine?: (line: string) => void
  /** Called before each step runs (or is skipped). */
  onStep?: (step: { id: string; name: string; skipped: boolean }) => void
}

export function loadCompositeAction(actionPath: string): CompositeAction {
  const action = parse(readFileSync(join(actionPath, 'action.yml'), 'utf8')) as CompositeAction
  if (action?.runs?.using !== 'composite') {
    throw new UserError(`${actionPath}/action.yml is not a composite action (runs.using: composite).`)
  }
  action.inputs ??= {}
  action.outputs ??= {}
  for (const [index, step] of action.runs.steps.entries()) {
    const label = step.id ?? step.name ?? `#${index + 1}`
    if (step.uses) {
      throw new UserError(
        `Step ${label} uses ${step.uses}: only run steps are supported by the local runner.`
      )
    }
    // The runner pastes ${{ }} into the script text before the shell sees it: an injection vector.
    if (step.run && hasExpression(step.run)) {
      throw new UserError(`Step ${label} has an expression inside run:; pass values through env: instead.`)
    }
  }
  return action
}

/** Inputs with action.yml defaults applied; missing required inputs are an error. */
export function resolveInputs(
  action: CompositeAction,
  given: Record<string, string>
): Record<string, string> {
  const unknown = Object.keys(given).filter(name => !(name in action.inputs))
  if (unknown.length > 0) {
    throw new UserError(
      `Unknown input(s) ${unknown.map(name => `"${name}"`).join(', ')}; the inputs are: ${Object.keys(action.inputs).join(', ')}.`
    )
  }
  const inputs: Record<string, string> = {}
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = given[name] ?? spec.default ?? ''
    if (spec.required && value === '') throw new UserError(`Input "${name}" is required.`)
    inputs[name] = value
  }
  return inputs
}

function runScript(
  script: string,
  env: NodeJS.ProcessEnv,
  cwd: string | undefined,
  onLine: (line: string) => void
): Promise<number> {
  return new Promise(resolve => {
    // The runner's bash invocation for `shell: bash`.
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    for (const stream of [child.stdout, child.stderr]) {
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
    child.on('error', error => {
      onLine(`could not start bash: ${error.message}`)
      resolve(127)
    })
    child.on('close', code => resolve(code ?? 1))
  })
}

/**
 * Runs a composite action's run-steps the way the GitHub runner does: expressions in `if:` and
 * `env:`, per-step GITHUB_OUTPUT files feeding `steps.<id>.outputs`, GITHUB_ENV carried forward,
 * one GITHUB_STEP_SUMMARY, and `bash -eo pipefail`. Used by the local runner (`docker-actions
 * pipeline`) so that it executes the very action.yml that GitHub runs.
 */
export async function runComposite(options: RunCompositeOptions): Promise<CompositeResult> {
  const action = loadCompositeAction(options.actionPath)
  const inputs = resolveInputs(action, options.inputs)
  const work = mkdtempSync(join(tmpdir(), 'composite-'))
  const base = options.env ?? process.env
  const summary = base.GITHUB_STEP_SUMMARY ?? join(work, 'summary.md')
  if (!base.GITHUB_STEP_SUMMARY) writeFileSync(summary, '')
  const onLine = options.onLine ?? ((line: string) => process.stdout.write(`${line}\n`))

  const stepsContext: ExpressionObject = {}
  const records: StepRecord[] = []
  const carriedEnv: Record<string, string> = {}
  const context: ExpressionContext = {
    failed: false,
    contexts: {
      inputs,
      steps: stepsContext,
      github: { action_path: options.actionPath },
      runner: { temp: base.RUNNER_TEMP ?? work, os: 'Linux' },
      env: { ...(base as Record<string, string>) }
    }
  }

  for (const [index, step] of action.runs.steps.entries()) {
    const id = step.id ?? `__step${index + 1}`
    const name = step.name ?? id
    const started = Date.now()
    if (!evaluateCondition(step.if, context)) {
      options.onStep?.({ id, name, skipped: true })
      stepsContext[id] = { outcome: 'skipped', conclusion: 'skipped', outputs: {} }
      records.push({ id, name, outcome: 'skipped', outputs: {}, seconds: 0 })
      continue
    }
    options.onStep?.({ id, name, skipped: false })
    const files = {
      output: join(work, `${id}.output`),
      env: join(work, `${id}.env`),
      state: join(work, `${id}.state`)
    }
    for (const file of Object.values(files)) writeFileSync(file, '')
    const stepEnv: Record<string, string> = {}
    for (const [key, value] of Object.entries(step.env ?? {}))
      stepEnv[key] = interpolate(String(value), context)
    const env: NodeJS.ProcessEnv = {
      ...base,
      ...carriedEnv,
      ...stepEnv,
      GITHUB_ACTION_PATH: options.actionPath,
      GITHUB_OUTPUT: files.output,
      GITHUB_ENV: files.env,
      GITHUB_STATE: files.state,
      GITHUB_STEP_SUMMARY: summary
    }
    const cwd = step['working-directory'] ? interpolate(step['working-directory'], context) : undefined
    const exitCode = await runScript(step.run ?? '', env, cwd, onLine)
    const outputs = parseFileCommands(readFileSync(files.output, 'utf8'))
    Object.assign(carriedEnv, parseFileCommands(readFileSync(files.env, 'utf8')))
    const outcome = exitCode === 0 ? 'success' : 'failure'
    const conclusion = outcome === 'failure' && step['continue-on-error'] ? 'success' : outcome
    if (conclusion === 'failure') context.failed = true
    stepsContext[id] = { outcome, conclusion, outputs }
    records.push({ id, name, outcome, outputs, seconds: (Date.now() - started) / 1000 })
  }

  const outputs: Record<string, string> = {}
  for (const [name, spec] of Object.entries(action.outputs)) outputs[name] = interpolate(spec.value, context)
  appendFileSync(summary, '')
  return { ok: !context.failed, outputs, steps: records, summary: readFileSync(summary, 'utf8') }
}
