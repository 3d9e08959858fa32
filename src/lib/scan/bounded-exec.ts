import { spawn } from 'node:child_process'
import type { ExecResult } from '../exec.js'

export interface BoundedResult extends ExecResult {
  /** Set when stdout went past the cap: the program was killed and `stdout` is cut there. */
  overflowed: boolean
}

/** How much of stderr is kept (only its tail is ever shown). */
const MAX_STDERR = 1024 * 1024

/**
 * Runs a program with an argument array (never a shell) and reads at most `maxStdoutBytes` of its
 * standard output: past that the program is killed, instead of holding an output of any size in
 * memory (`runCommand` buffers everything). Never throws on a non-zero exit; a program that cannot
 * be started rejects.
 */
export function runBounded(
  tool: string,
  args: string[],
  options: { maxStdoutBytes: number; env?: NodeJS.ProcessEnv }
): Promise<BoundedResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    let stdoutBytes = 0
    let stderrBytes = 0
    let overflowed = false
    child.stdout.on('data', (chunk: Buffer) => {
      if (overflowed) return
      stdoutBytes += chunk.length
      if (stdoutBytes > options.maxStdoutBytes) {
        overflowed = true
        child.kill('SIGKILL')
        return
      }
      stdout.push(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes >= MAX_STDERR) return
      stderrBytes += chunk.length
      stderr.push(chunk)
    })
    child.on('error', reject)
    child.on('close', code =>
      resolve({
        exitCode: code ?? 137,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        overflowed
      })
    )
  })
}
