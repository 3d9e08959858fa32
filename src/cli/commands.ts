import { UserError } from '../lib/errors.js'
import type { ActionModule } from './step.js'

/** Local commands and the action each one runs (loaded lazily, after the git context is set). */
export const COMMANDS = {
  tags: {
    action: 'compute-tags',
    load: (): Promise<ActionModule> => import('../actions/compute-tags/main.js')
  },
  build: {
    action: 'build-with-cache',
    load: (): Promise<ActionModule> => import('../actions/build-with-cache/main.js')
  },
  scan: {
    action: 'scan-image',
    load: (): Promise<ActionModule> => import('../actions/scan-image/main.js')
  },
  promote: {
    action: 'promote',
    load: (): Promise<ActionModule> => import('../actions/promote/main.js')
  },
  verify: {
    action: 'verify-image',
    load: (): Promise<ActionModule> => import('../actions/verify-image/main.js')
  },
  'check-base': {
    action: 'check-base',
    load: (): Promise<ActionModule> => import('../actions/check-base/main.js')
  }
} satisfies Record<string, { action: string; load: () => Promise<ActionModule> }>

export type CommandName = keyof typeof COMMANDS | 'pipeline'

export interface CommandLine {
  command?: CommandName
  inputs: Record<string, string>
  help: boolean
  verbose: boolean
}

/** `--name value` and `--name=value` become inputs; repeated names are joined with newlines (lists). */
export function parseCommandLine(argv: string[]): CommandLine {
  const [command, ...rest] = argv
  const result: CommandLine = { inputs: {}, help: false, verbose: false }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    result.help = true
    return result
  }
  if (command !== 'pipeline' && !(command in COMMANDS)) {
    throw new UserError(`Unknown command "${command}". ${usage()}`)
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
    let value = inline
    if (value === undefined) {
      const next = rest[i + 1]
      if (next === undefined || next.startsWith('--')) value = 'true'
      else value = rest[++i]
    }
    result.inputs[name] = result.inputs[name] === undefined ? value : `${result.inputs[name]}\n${value}`
  }
  return result
}

export function usage(): string {
  const names = [...Object.keys(COMMANDS), 'pipeline']
  return [
    'usage: docker-actions <command> [--input value …] [--verbose]',
    `commands: ${names.join(', ')}`,
    'Each --input is the action input of the same name (see README: Actions).'
  ].join('\n')
}
