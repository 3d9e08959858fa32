import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildBusyboxBase } from './base-image.js'
import { BUILDKIT_CLIENT, startEngine, type RunningEngine } from './engine.js'
import { ensurePackages } from './packages.js'
import { startRegistry, type RunningRegistry } from './registry.js'

/** What a running bench hands to tests and tools, as environment variables. */
export interface BenchEnv {
  DOCKER_HOST: string
  /** An empty Docker config dir, so tests never read or write the user's ~/.docker. */
  DOCKER_CONFIG: string
  TESTBENCH_DIR: string
  /** `127.0.0.1:<port>` of the local registry. */
  TESTBENCH_REGISTRY: string
  /** `<registry>/base/busybox:1`, the base image test Dockerfiles build FROM. */
  TESTBENCH_BASE_IMAGE: string
  /** A docker client that builds with BuildKit without buildx (Debian's 20.10 client). */
  TESTBENCH_DOCKER_CLIENT: string
  TESTBENCH_ENGINE_PID: string
  TESTBENCH_REGISTRY_PID: string
}

export interface Bench {
  env: BenchEnv
  engine: RunningEngine
  registry: RunningRegistry
  stop(): Promise<void>
}

/**
 * Removes the bench directory. A stopped dockerd can leave mounts under its exec root (the host
 * network namespace of `--network host` containers, overlay mounts), which make plain removal fail
 * with EBUSY: they are detached first, deepest first, and only ours.
 */
export function removeBenchDir(dir: string): void {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map(line => line.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((point): point is string => Boolean(point) && point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length)
  for (const point of mounts) {
    try {
      execFileSync('umount', ['--lazy', point], { stdio: 'ignore' })
    } catch {
      // Already gone with its parent.
    }
  }
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
  } catch (error) {
    console.warn(`[testbench] could not remove ${dir}: ${(error as Error).message}`)
  }
}

/** Installs what is missing, starts a private engine and a registry on loopback, and pushes the base image. */
export async function startBench(): Promise<Bench> {
  ensurePackages()
  // Short path: unix socket paths are limited to 108 bytes.
  const dir = mkdtempSync(join(tmpdir(), 'da-bench-'))
  const started = Date.now()
  const engine = await startEngine(join(dir, 'engine'))
  let registry: RunningRegistry
  try {
    registry = await startRegistry({ dir: join(dir, 'registry') })
  } catch (error) {
    await engine.stop()
    throw error
  }
  const stop = async (): Promise<void> => {
    await registry.stop()
    await engine.stop()
    removeBenchDir(dir)
  }
  try {
    const dockerConfig = join(dir, 'docker-config')
    process.env.DOCKER_CONFIG = dockerConfig
    const base = buildBusyboxBase({
      dir: join(dir, 'base'),
      dockerHost: engine.host,
      registry: registry.host
    })
    const env: BenchEnv = {
      DOCKER_HOST: engine.host,
      DOCKER_CONFIG: dockerConfig,
      TESTBENCH_DIR: dir,
      TESTBENCH_REGISTRY: registry.host,
      TESTBENCH_BASE_IMAGE: base,
      TESTBENCH_DOCKER_CLIENT: BUILDKIT_CLIENT,
      TESTBENCH_ENGINE_PID: String(engine.pid),
      TESTBENCH_REGISTRY_PID: String(registry.pid)
    }
    console.log(
      `[testbench] engine ${engine.host}, registry ${registry.host}, base ${base} (${((Date.now() - started) / 1000).toFixed(1)}s)`
    )
    return { env, engine, registry, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
