import { spawn, type ChildProcess } from 'node:child_process'
import { openSync } from 'node:fs'
import { createServer } from 'node:net'

/** A free TCP port on loopback (the kernel picks it; we release it just before the service binds). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

/** Polls `check` until it returns true, or fails after `timeoutMs` with `what` in the message. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return
    await sleep(200)
  }
  throw new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}`)
}

/** Starts a long-running service with its output in a log file; returns the child. */
export function startService(
  command: string,
  args: string[],
  logFile: string,
  env?: NodeJS.ProcessEnv
): ChildProcess {
  const log = openSync(logFile, 'a')
  const child = spawn(command, args, {
    stdio: ['ignore', log, log],
    env: env ?? process.env,
    detached: false
  })
  child.on('error', error => {
    console.error(`[testbench] ${command} failed to start: ${error.message}`)
  })
  return child
}

/** Ends a process we started, by PID: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcess(pid: number | undefined, graceMs = 15_000): Promise<void> {
  if (!pid) return
  const alive = (): boolean => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  if (!alive()) return
  process.kill(pid, 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (alive() && Date.now() < deadline) await sleep(100)
  if (alive()) process.kill(pid, 'SIGKILL')
  while (alive() && Date.now() < deadline + 5000) await sleep(100)
}
