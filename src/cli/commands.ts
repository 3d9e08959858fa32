import { UserError } from '../lib/errors.js'
import { REPLAYABLE_EVENTS } from './local-git.js'
import { type InputSource, secretSourceOption } from './secret-inputs.js'

/** Local commands and the action (actions/<name>/action.yml) each one runs. */
export const COMMANDS = {
  tags: { action: 'compute-tags' },
  build: { action: 'build-with-cache' },
  scan: { action: 'scan-image' },
  promote: { action: 'promote' },
  verify: { action: 'verify-image' },
  'check-base': { action: 'check-base' },
  merge: { action: 'merge' }
} satisfies Record<string, { action: string }>

export type CommandName = keyof typeof COMMANDS | 'pipeline'

/** Options of the runner itself (which event to replay); never passed to an action as INPUT_*. */
export interface ReplayOptions {
  eventName?: string
  eventFile?: string
  ref?: string
  sha?: string
}

const REPLAY_OPTIONS: Record<string, keyof ReplayOptions> = {
  'event-name': 'eventName',
  'event-file': 'eventFile',
  ref: 'ref',
  sha: 'sha'
}

export interface CommandLine {
  command?: CommandName
  /** Action inputs given as values on the command line. */
  inputs: Record<string, string>
  /** Secret inputs to read from a file or an environment variable (`--password-env NAME`). */
  sources: Record<string, InputSource>
  replay: ReplayOptions
  help: boolean
  verbose: boolean
}

/**
 * `--name value` and `--name=value` become inputs; repeated names are joined with newlines (lists).
 * `--event-name`, `--event-file`, `--ref` and `--sha` are the runner's own options, and
 * `--<secret>-file` / `--<secret>-env` name where a secret input is read from.
 */
export function parseCommandLine(argv: string[]): CommandLine {
  const [command, ...rest] = argv
  const result: CommandLine = { inputs: {}, sources: {}, replay: {}, help: false, verbose: false }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    result.help = true
    return result
  }
  if (command !== 'pipeline' && !(command in COMMANDS)) {
    throw new UserError(`Unknown command "${command}". ${usage().split('\n').slice(0, 2).join('\n')}`)
  }
  result.command = command as CommandName
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    if (arg === '--help' || arg === '-h') {
      result.help = true
      continue
    }
    if (arg === '--verbose' || arg === '-v') {
      result.verbose = true
      continue
    }
    const match = /^--([a-z0-9][a-z0-9-]*)(?:=(.*))?$/s.exec(arg)
    if (!match) throw new UserError(`Unexpected argument "${arg}": options are --name value (see --help).`)
    const [, name, inline] = match
    let value: string | undefined = inline
    if (value === undefined && rest[i + 1] !== undefined && !rest[i + 1].startsWith('--')) value = rest[++i]

    const replayKey = Object.hasOwn(REPLAY_OPTIONS, name) ? REPLAY_OPTIONS[name] : undefined
    const source = secretSourceOption(name)
    if (replayKey || source) {
      // A runner option without its value would otherwise read a file called "true".
      if (value === undefined || value === '') throw new UserError(`--${name} needs a value (see --help).`)
      if (replayKey) {
        if (result.replay[replayKey] !== undefined) throw new UserError(`--${name} is given twice.`)
        result.replay[replayKey] = value
      } else if (source) {
        if (Object.hasOwn(result.sources, source.input))
          throw new UserError(`--${source.input} is read from two places.`)
        result.sources[source.input] = { from: source.from, name: value }
      }
      continue
    }
    value ??= 'true'
    result.inputs[name] = Object.hasOwn(result.inputs, name) ? `${result.inputs[name]}\n${value}` : value
  }
  for (const input of Object.keys(result.sources)) {
    if (Object.hasOwn(result.inputs, input))
      throw new UserError(`--${input} is given on the command line and read from a file or variable.`)
  }
  return result
}

export function usage(): string {
  const names = [...Object.keys(COMMANDS), 'pipeline']
  return [
    'usage: docker-actions <command> [--input value …] [--event-name NAME --event-file FILE | --ref REF --sha SHA] [--verbose]',
    `commands: ${names.join(', ')}`,
    'Each --input is the action input of the same name (see README: Actions).',
    '',
    "Event replay (default: a push of the checkout's branch at its commit):",
    `  --event-name NAME   ${REPLAYABLE_EVENTS.join(', ')}`,
    '  --event-file FILE   the webhook payload GitHub would deliver (JSON); GITHUB_REF/GITHUB_SHA come from it',
    '  --ref REF           a push of REF: refs/heads/<branch>, refs/tags/<tag> or a branch name',
    "  --sha SHA           the pushed commit (40 hex; default the checkout's), or the commit of a",
    '                      release, workflow_dispatch or create event (their payloads name none)',
    '',
    'Secret inputs (password, target-password, secrets, snyk-token, github-token, registry-auth):',
    '  --<input>-env NAME  read the input from the environment variable NAME',
    '  --<input>-file PATH read the input from a file, as is',
    '  (--<input> VALUE works too, but other users can read it in ps and your shell history)'
  ].join('\n')
}
