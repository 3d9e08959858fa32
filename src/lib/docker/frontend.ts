import { UserError } from '../errors.js'
import { runCommand } from '../exec.js'

/**
 * How images are built here. GitHub's runners have the buildx plugin (`docker buildx build`);
 * Docker clients before 23 build with BuildKit themselves when DOCKER_BUILDKIT=1; newer clients
 * without buildx cannot use BuildKit at all (and the legacy builder has no inline cache), so they
 * are skipped.
 */
export interface DockerBuilder {
  kind: 'buildx' | 'buildkit'
  /** The docker client binary to run. */
  docker: string
  clientVersion: string
  /** The buildx builder's driver (`docker`, `docker-container`, …); registry cache export needs a non-docker one. */
  driver?: string
  /** One line for the log: what was chosen and why. */
  reason: string
}

/** Client binaries to consider, in order: DOCKER_ACTIONS_DOCKER, `docker` on PATH, Debian's /usr/bin/docker. */
export function dockerCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = [env.DOCKER_ACTIONS_DOCKER, 'docker', '/usr/bin/docker'].filter((item): item is string =>
    Boolean(item)
  )
  return [...new Set(list)]
}

export function majorVersion(version: string): number {
  return Number(/^(\d+)/.exec(version)?.[1] ?? 0)
}

async function clientVersion(docker: string): Promise<string | undefined> {
  const result = await runCommand(docker, ['version', '--format', '{{.Client.Version}}'], {
    silent: true
  }).catch(() => undefined)
  const version = result?.stdout.trim().split('\n')[0]
  return version && /^\d/.test(version) ? version : undefined
}

/**
 * The buildx builder's driver, or undefined without buildx. `buildx inspect` answers both at once (one
 * CLI run on a runner with buildx, where `buildx version` came first); only when it fails for another
 * reason than a missing plugin does `buildx version` tell whether buildx is there (its driver then
 * reads as `docker`, as before).
 */
async function buildxDriver(docker: string): Promise<string | undefined> {
  const inspect = await runCommand(docker, ['buildx', 'inspect'], { silent: true }).catch(() => undefined)
  if (!inspect) return undefined
  if (inspect.exitCode !== 0) {
    if (/unknown command|is not a docker command/.test(inspect.stderr)) return undefined
    const version = await runCommand(docker, ['buildx', 'version'], { silent: true }).catch(() => undefined)
    if (!version || version.exitCode !== 0) return undefined
  }
  return /Driver:\s+(\S+)/.exec(inspect.stdout)?.[1] ?? 'docker'
}

export async function detectDockerBuilder(env: NodeJS.ProcessEnv = process.env): Promise<DockerBuilder> {
  const skipped: string[] = []
  for (const docker of dockerCandidates(env)) {
    // Both questions at once: each is a CLI run, and a runner asks them on every build.
    const [version, driver] = await Promise.all([clientVersion(docker), buildxDriver(docker)])
    if (!version) {
      skipped.push(`${docker}: not found or not a docker client`)
      continue
    }
    if (driver) {
      return {
        kind: 'buildx',
        docker,
        clientVersion: version,
        driver,
        reason: `${docker} ${version} with buildx (driver ${driver})`
      }
    }
    if (majorVersion(version) < 23) {
      return {
        kind: 'buildkit',
        docker,
        clientVersion: version,
        reason: `${docker} ${version} has no buildx; it builds with BuildKit itself (DOCKER_BUILDKIT=1)`
      }
    }
    skipped.push(`${docker} ${version}: no buildx plugin, and clients from 23 on need it for BuildKit`)
  }
  throw new UserError(
    `No Docker client here can build with BuildKit (${skipped.join('; ')}). Install the buildx plugin ` +
      '(on GitHub: docker/setup-buildx-action), or point DOCKER_ACTIONS_DOCKER at a docker client older than 23.'
  )
}

/** The first docker client that answers (for create/cp/run/inspect, which every client can do). */
export async function detectDockerClient(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  for (const docker of dockerCandidates(env)) if (await clientVersion(docker)) return docker
  throw new UserError(
    `No docker client found (tried ${dockerCandidates(env).join(', ')}). Install Docker, or set DOCKER_ACTIONS_DOCKER.`
  )
}
