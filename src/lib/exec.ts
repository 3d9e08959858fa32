import * as exec from '@actions/exec'

export interface ExecResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  /** Do not echo the command's output to the log (it is still captured). */
  silent?: boolean
  env?: Record<string, string>
  cwd?: string
  input?: Buffer
  /** Called for every line of output as it arrives (for progress parsing). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void
}

/**
 * Runs a program with an argument array: never through a shell, so no value from inputs or
 * events is ever interpreted. Never throws on a non-zero exit; callers decide what it means.
 */
export async function runCommand(
  tool: string,
  args: string[],
  options: RunOptions = {}
): Promise<ExecResult> {
  const buffers = { stdout: '', stderr: '' }
  const listeners = options.onLine
    ? {
        stdline: (line: string) => options.onLine?.(line, 'stdout'),
        errline: (line: string) => options.onLine?.(line, 'stderr')
      }
    : undefined
  const result = await exec.getExecOutput(tool, args, {
    ignoreReturnCode: true,
    silent: options.silent ?? false,
    env: options.env ? { ...(process.env as Record<string, string>), ...options.env } : undefined,
    cwd: options.cwd,
    input: options.input,
    listeners
  })
  buffers.stdout = result.stdout
  buffers.stderr = result.stderr
  return { exitCode: result.exitCode, ...buffers }
}

/** The last lines of a program's output, for error messages that show the real cause. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}
