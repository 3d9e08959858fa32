/**
 * A mirror of the parts of `@actions/core` the actions use, for testing their sources in-process
 * (the typescript-action recipe): register it before importing the action,
 *
 *   const { core, run } = mockCore('<name>')
 *   jest.unstable_mockModule('@actions/core', () => core)
 *   const { main } = await import('../../../src/actions/<name>/main.js')
 *
 * and set `run.inputs` per test. Inputs are read as the runner gives them: trimmed, with the
 * defaults of actions/<name>/action.yml for those a test does not set (defaults live there only;
 * expression defaults such as `${{ github.token }}` read as ''); everything written is recorded in `run`.
 */
import { jest } from '@jest/globals'
import type * as Core from '@actions/core'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

/** The input defaults of an action's action.yml, as the runner applies them. */
function actionDefaults(action: string | undefined): Record<string, string> {
  if (!action) return {}
  const spec = parse(readFileSync(`actions/${action}/action.yml`, 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>
  }
  return Object.fromEntries(
    Object.entries(spec.inputs ?? {}).map(([name, input]) => {
      const value = input.default === undefined ? '' : String(input.default)
      return [name, value.includes('${{') ? '' : value]
    })
  )
}

export interface CoreRun {
  inputs: Record<string, string>
  outputs: Record<string, string>
  /** info lines, with `::group::<name>` / `::endgroup::` around groups. */
  log: string[]
  debug: string[]
  notices: string[]
  warnings: string[]
  errors: string[]
  secrets: string[]
  state: Record<string, string>
  summary: string[]
}

function emptyRun(): CoreRun {
  return {
    inputs: {},
    outputs: {},
    log: [],
    debug: [],
    notices: [],
    warnings: [],
    errors: [],
    secrets: [],
    state: {},
    summary: []
  }
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : value instanceof Error ? value.message : JSON.stringify(value)

export function mockCore(action?: string): {
  core: Record<string, unknown>
  run: CoreRun
  reset: () => void
} {
  const defaults = actionDefaults(action)
  const run = emptyRun()
  const reset = (): void => void Object.assign(run, emptyRun())
  const summary: Record<string, unknown> = {}
  const chain =
    (kind: string) =>
    (...args: unknown[]): unknown => {
      run.summary.push(`${kind}: ${args.map(text).join(' ')}`)
      return summary
    }
  Object.assign(summary, {
    addHeading: chain('heading'),
    addTable: chain('table'),
    addRaw: chain('raw'),
    addList: chain('list'),
    addDetails: chain('details'),
    addEOL: chain('eol'),
    write: async () => summary,
    emptyBuffer: () => summary
  })
  const core = {
    getInput: jest.fn<typeof Core.getInput>(name => (run.inputs[name] ?? defaults[name] ?? '').trim()),
    setOutput: jest.fn<typeof Core.setOutput>((name, value) => void (run.outputs[name] = text(value))),
    setSecret: jest.fn<typeof Core.setSecret>(secret => void run.secrets.push(secret)),
    info: jest.fn<typeof Core.info>(message => void run.log.push(message)),
    debug: jest.fn<typeof Core.debug>(message => void run.debug.push(message)),
    notice: jest.fn<typeof Core.notice>(message => void run.notices.push(text(message))),
    warning: jest.fn<typeof Core.warning>(message => void run.warnings.push(text(message))),
    error: jest.fn<typeof Core.error>(message => void run.errors.push(text(message))),
    setFailed: jest.fn<typeof Core.setFailed>(message => void run.errors.push(text(message))),
    saveState: jest.fn<typeof Core.saveState>((name, value) => void (run.state[name] = text(value))),
    getState: jest.fn<typeof Core.getState>(name => run.state[name] ?? ''),
    group: async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      run.log.push(`::group::${name}`)
      try {
        return await fn()
      } finally {
        run.log.push('::endgroup::')
      }
    },
    summary
  }
  return { core, run, reset }
}
