import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

/** The running test bench (started by `npm test` through scripts/testbench.ts), read from the environment. */
export interface TestBench {
  dockerHost: string
  /** `127.0.0.1:<port>` */
  registry: string
  baseImage: string
  /** A docker client that can build with BuildKit here (no buildx): Debian's 20.10 client. */
  dockerClient: string
  dir: string
}

export function testBench(): TestBench {
  const env = process.env
  if (!env.TESTBENCH_REGISTRY || !env.DOCKER_HOST) {
    throw new Error(
      'Integration tests need the real engine + registry: run them with `npm test` (or `npm run test:itg`), ' +
        'which starts the bench through scripts/testbench.ts.'
    )
  }
  return {
    dockerHost: env.DOCKER_HOST,
    registry: env.TESTBENCH_REGISTRY,
    baseImage: env.TESTBENCH_BASE_IMAGE as string,
    dockerClient: env.TESTBENCH_DOCKER_CLIENT ?? '/usr/bin/docker',
    dir: env.TESTBENCH_DIR as string
  }
}

/** Runs the bench's docker client (argument array, no shell); throws with stderr on failure. */
export async function docker(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}
): Promise<string> {
  const bench = testBench()
  const { stdout } = await execFileAsync(bench.dockerClient, args, {
    env: { ...process.env, DOCKER_BUILDKIT: '1', ...options.env },
    cwd: options.cwd,
    maxBuffer: 64 * 1024 * 1024
  })
  return stdout
}

/** Tags of a repository in the bench registry, sorted ([] when the repository does not exist). */
export async function registryTags(repository: string): Promise<string[]> {
  const response = await fetch(`http://${testBench().registry}/v2/${repository}/tags/list`)
  if (response.status === 404) return []
  const body = (await response.json()) as { tags?: string[] | null }
  return [...(body.tags ?? [])].sort()
}

/** A repository name no other test uses, so tests can share one registry. */
export function uniqueRepository(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`
}

/** Whether the bench's engine holds an image under `ref`. */
export async function inEngine(ref: string): Promise<boolean> {
  return docker(['image', 'inspect', ref]).then(
    () => true,
    () => false
  )
}
