import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildArm64Base, buildBusyboxBase, checkArm64Emulation, pushMultiPlatformBase } from './base-image.js'
import { ensureArm64Emulation } from './emulation.js'
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
  /** `<registry>/base/busybox:1`, the base image test Dockerfiles build FROM (linux/amd64 only). */
  TESTBENCH_BASE_IMAGE: string
  /**
   * `<registry>/base/busybox:1-multiarch`: an OCI index of the same base for linux/amd64 (the manifest
   * of TESTBENCH_BASE_IMAGE) and linux/arm64 (Debian's arm64 busybox; runs under QEMU here).
   */
  TESTBENCH_MULTIARCH_BASE_IMAGE: string
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

/**
 * Installs what is missing, registers arm64 emulation, starts a private engine and a registry on
 * loopback, and pushes the base images.
 */
export async function startBench(): Promise<Bench> {
  ensurePackages()
  ensureArm64Emulation()
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
    const arm64 = await buildArm64Base({ dir: join(dir, 'base-arm64'), registry: registry.host })
    // The emulation check runs while the amd64 base is imported and pushed.
    const emulated = checkArm64Emulation(engine.host, arm64)
    emulated.catch(() => undefined) // awaited below; no unhandled rejection if the import throws first
    const base = buildBusyboxBase({
      dir: join(dir, 'base'),
      dockerHost: engine.host,
      registry: registry.host
    })
    const multiPlatformBase = await pushMultiPlatformBase({
      registry: registry.host,
      amd64Ref: base,
      arm64Ref: arm64
    })
    await emulated
    const env: BenchEnv = {
      DOCKER_HOST: engine.host,
      DOCKER_CONFIG: dockerConfig,
      TESTBENCH_DIR: dir,
      TESTBENCH_REGISTRY: registry.host,
      TESTBENCH_BASE_IMAGE: base,
      TESTBENCH_MULTIARCH_BASE_IMAGE: multiPlatformBase,
      TESTBENCH_DOCKER_CLIENT: BUILDKIT_CLIENT,
      TESTBENCH_ENGINE_PID: String(engine.pid),
      TESTBENCH_REGISTRY_PID: String(registry.pid)
    }
    console.log(
      `[testbench] engine ${engine.host}, registry ${registry.host}, base ${base} and ${multiPlatformBase} (${((Date.now() - started) / 1000).toFixed(1)}s)`
    )
    return { env, engine, registry, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
