import * as core from '@actions/core'
import { UserError } from './errors.js'

/** The variable the runner passes an input in: `INPUT_` + the name upper-cased, spaces as `_`. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * Splits a list input: one item per line, or comma-separated on one line. Blank lines and
 * `#` comments are dropped so users can annotate long lists in YAML.
 */
export function parseList(value: string, options: { comma?: boolean } = {}): string[] {
  const comma = options.comma ?? true
  return value
    .split(/\r?\n/)
    .flatMap(line => (comma ? line.split(',') : [line]))
    .map(item => item.trim())
    .filter(item => item.length > 0 && !item.startsWith('#'))
}

export function getList(name: string, options: { comma?: boolean } = {}): string[] {
  return parseList(core.getInput(name), options)
}

/**
 * An input that action.yml gives a default: the runner (GitHub's, or the local one) always passes a
 * value, so an empty one means the bundle was started by hand without it. Defaults live in action.yml
 * only, never a second time here.
 */
export function getRequired(name: string): string {
  const raw = core.getInput(name).trim()
  if (raw === '')
    throw new UserError(
      `Input "${name}" is empty. Its default is in action.yml, which the runner applies; pass it when you start the bundle yourself.`
    )
  return raw
}

/** A boolean input (true/false, yes/no, on/off, 1/0). */
export function getBoolean(name: string): boolean {
  const raw = getRequired(name)
  if (/^(true|yes|on|1)$/i.test(raw)) return true
  if (/^(false|no|off|0)$/i.test(raw)) return false
  throw new UserError(`Input "${name}" must be true or false, got "${raw}".`)
}

/** An input restricted to a fixed set of values. */
export function getChoice<T extends string>(name: string, choices: readonly T[]): T {
  const raw = getRequired(name).toLowerCase()
  if ((choices as readonly string[]).includes(raw)) return raw as T
  throw new UserError(`Input "${name}" must be one of ${choices.join(', ')}; got "${raw}".`)
}

/** An optional input: undefined when unset or blank. */
export function getOptional(name: string): string | undefined {
  const raw = core.getInput(name).trim()
  return raw === '' ? undefined : raw
}

/** A non-negative integer input. */
export function getInteger(name: string): number {
  const raw = getRequired(name)
  if (!/^\d+$/.test(raw)) throw new UserError(`Input "${name}" must be a whole number, got "${raw}".`)
  return Number(raw)
}

/**
 * Parses `KEY=value` lines (build args, labels). Values may contain `=`; keys must be valid
 * identifiers so a typo such as `KEY value` fails loudly instead of being passed on.
 */
export function parseKeyValueLines(value: string, what: string): Map<string, string> {
  const result = new Map<string, string>()
  for (const line of parseList(value, { comma: false })) {
    const eq = line.indexOf('=')
    if (eq <= 0) throw new UserError(`${what}: "${line}" is not KEY=value. Write one KEY=value per line.`)
    const key = line.slice(0, eq).trim()
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
      throw new UserError(
        `${what}: "${key}" is not a valid key (letters, digits, _ . -; not starting with a digit).`
      )
    }
    result.set(key, line.slice(eq + 1))
  }
  return result
}
