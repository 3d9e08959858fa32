import { execFile } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { startService, stopProcess, waitFor } from './processes.js'

const execFileAsync = promisify(execFile)

/** Debian's docker 20.10 client: builds with its built-in BuildKit when DOCKER_BUILDKIT=1 (no buildx needed). */
export const BUILDKIT_CLIENT = '/usr/bin/docker'

export interface RunningEngine {
  /** `unix:///…/docker.sock`, for DOCKER_HOST. */
  host: string
  pid: number
  stop(): Promise<void>
}

/**
 * Starts a private Docker engine: its own socket, data root and exec root under `dir`, no bridge
 * and no iptables (containers and builds use --network host), so it touches nothing else here.
 */
export async function startEngine(dir: string): Promise<RunningEngine> {
  for (const sub of ['data', 'exec']) mkdirSync(join(dir, sub), { recursive: true })
  const socket = join(dir, 'docker.sock')
  const host = `unix://${socket}`
  const child = startService(
    'dockerd',
    [
      '--host',
      host,
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      join(dir, 'docker.pid'),
      '--bridge=none',
      '--iptables=false',
      '--ip-masq=false',
      '--userland-proxy=false'
    ],
    join(dir, 'dockerd.log')
  )
  await waitFor(
    'the Docker engine',
    async () => {
      if (child.exitCode !== null)
        throw new Error(`dockerd exited with ${child.exitCode}; see ${dir}/dockerd.log`)
      await execFileAsync(BUILDKIT_CLIENT, ['--host', host, 'version', '--format', '{{.Server.Version}}'])
      return true
    },
    90_000
  )
  return { host, pid: child.pid as number, stop: () => stopProcess(child.pid, 30_000) }
}
