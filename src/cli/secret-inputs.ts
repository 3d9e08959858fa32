import { UserError } from '../lib/errors.js'

/**
 * Inputs that carry credentials (password, target-password, secrets, snyk-token, github-token,
 * registry-auth): recognised by name so a new credential input is covered without a list to update.
 */
export function isSecretInput(name: string): boolean {
  return /(?:^|-)(?:password|token|secrets?|auth)$/.test(name)
}

/** Where a secret input's value comes from instead of argv (which every local user can read in `ps`). */
export interface InputSource {
  from: 'file' | 'env'
  /** The file path, or the environment variable's name. */
  name: string
}

/** `password-file` -> { input: 'password', from: 'file' }, for secret inputs only (so `report-file` stays an input). */
export function secretSourceOption(option: string): { input: string; from: InputSource['from'] } | undefined {
  const match = /^(.+)-(file|env)$/.exec(option)
  if (!match || !isSecretInput(match[1])) return undefined
  return { input: match[1], from: match[2] as InputSource['from'] }
}

/**
 * Reads each secret input from its file or environment variable. The value is used exactly as read
 * (the action trims it, as it would a `with:` value); a missing file or variable is an error, never
 * an empty credential.
 */
export function readInputSources(
  sources: Record<string, InputSource>,
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string
): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [input, source] of Object.entries(sources)) {
    if (source.from === 'env') {
      const value = env[source.name]
      if (value === undefined)
        throw new UserError(`--${input}-env: the environment variable ${source.name} is not set.`)
      values[input] = value
      continue
    }
    try {
      values[input] = readFile(source.name)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      throw new UserError(`--${input}-file: cannot read ${source.name}${code ? ` (${code})` : ''}.`)
    }
  }
  return values
}

/** One line per secret input given as a value on the command line; never the value itself. */
export function argvSecretWarnings(inputs: Record<string, string>): string[] {
  return Object.keys(inputs)
    .filter(isSecretInput)
    .map(
      input =>
        `⚠ --${input} on the command line can be read by other users (ps, shell history); ` +
        `prefer --${input}-env NAME or --${input}-file PATH.`
    )
}
