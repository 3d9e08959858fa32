import { UserError } from '../errors.js'
import { type ExecResult, runCommand, tail } from '../exec.js'
import { type Dockerfile, finalBase } from '../dockerfile/parse.js'
import { type EngineImageResult, engineImageAccess, pullThroughEngine } from './engine-images.js'
import type { DockerBuilder } from './frontend.js'

/**
 * `docker pull --quiet [--platform <p>] <ref>`, quietly; the caller decides what a failure means.
 * With a platform, an index gives that platform's image, under the ref's name: the engine keeps one
 * image per name, so a build for another platform pulls again first.
 */
export function pullImage(docker: string, ref: string, platform?: string): Promise<ExecResult> {
  const args = ['pull', '--quiet', ...(platform ? ['--platform', platform] : []), ref]
  return runCommand(docker, args, { silent: true })
}

/** Pulls one image, quietly; the caller decides what a failure means. */
export type PullOne = (ref: string, platform?: string) => Promise<EngineImageResult>

/**
 * How this run pulls: through the Engine API on the engine's unix socket (no CLI process per image;
 * see engineImageAccess), with the docker config's credentials, a credential helper run once per
 * registry; else one `docker pull` each.
 */
export function imagePuller(docker: string, env: NodeJS.ProcessEnv = process.env): PullOne {
  const cli: PullOne = async (ref, platform) => {
    const result = await pullImage(docker, ref, platform)
    return { ok: result.exitCode === 0, error: tail(result.stderr, 3) }
  }
  const engine = engineImageAccess(env)
  if (!engine) return cli
  return (ref, platform) =>
    pullThroughEngine(engine.socket, ref, { platform, credentials: engine.credentials })
}

/** The external images the given targets are built FROM (stage aliases followed, `scratch` left out). */
export function baseImagesOf(dockerfile: Dockerfile, targets: Array<string | undefined>): string[] {
  const images = targets.flatMap(target => {
    const base = finalBase(dockerfile, target)
    return base && !base.image.includes('$') ? [base.image] : []
  })
  return [...new Set(images)]
}

export interface PullCacheOptions {
  /**
   * Whether a ref exists, asked before pulling it (e.g. a manifest HEAD through the registry API);
   * false skips the pull, undefined (cannot tell) lets the pull decide. Default: pull every ref.
   */
  exists?: (ref: string) => Promise<boolean | undefined>
  /** How each image is pulled; default `imagePuller(docker)`. */
  pull?: PullOne
}

/**
 * Pulls the inline-cache images into the engine before the build. Docker 20.10's BuildKit, reading
 * inline cache straight from the registry, loses cache records whenever an image that was itself
 * partly built from cache is exported again (moby/buildkit#1981): every second build after a change
 * rebuilt everything. With the cache images in the engine it uses them fully (measured in
 * bench/build-cache). The refs `exists` finds missing (a new branch has none yet) are not pulled;
 * the others are pulled at once (the engine fetches a layer they share once). Returns the
 * refs that were pulled, in the given order (the cache order).
 */
export async function pullCacheImages(
  docker: string,
  refs: string[],
  log: (line: string) => void,
  platform?: string,
  options: PullCacheOptions = {}
): Promise<string[]> {
  const exists = options.exists ?? (async () => undefined)
  const pull = options.pull ?? imagePuller(docker)
  const outcomes = await Promise.all(
    refs.map(async ref => {
      if ((await exists(ref)) === false) return 'missing'
      return (await pull(ref, platform)).ok ? 'pulled' : 'missing'
    })
  )
  for (const [index, ref] of refs.entries()) {
    const what = platform ? `${ref} (${platform})` : ref
    log(outcomes[index] === 'pulled' ? `pulled ${what}` : `${what}: not in the registry yet, skipped`)
  }
  return refs.filter((_, index) => outcomes[index] === 'pulled')
}

/**
 * How a build sees moved base tags. The engine's image store (plain BuildKit, buildx's `docker`
 * driver) keeps a base it pulled once, so those bases are pulled explicitly before the build; a
 * buildx builder in a container has no such store and resolves FROM with `--pull`. The explicit pull
 * keeps the build itself free of `--pull`, so the engine's images (cache and base) are what BuildKit
 * starts from.
 */
export function pullStrategy(frontend: Pick<DockerBuilder, 'kind' | 'driver'>): 'pull-first' | 'build-flag' {
  return frontend.kind === 'buildx' && frontend.driver !== undefined && frontend.driver !== 'docker'
    ? 'build-flag'
    : 'pull-first'
}

/** Pulls the base images at once; the first that cannot be pulled fails the build (after all settled). */
export async function pullBaseImages(
  docker: string,
  images: string[],
  log: (line: string) => void,
  platform?: string,
  pull: PullOne = imagePuller(docker)
): Promise<void> {
  const pulls = await Promise.all(images.map(image => pull(image, platform)))
  for (const [index, image] of images.entries()) {
    const pulled = pulls[index]
    if (!pulled.ok)
      throw new UserError(
        `Could not pull the base image ${image}: ${pulled.error}. Check its name and the registry login, or set pull: false for a base that exists only on this machine.`
      )
    log(`pulled base image ${image}${platform ? ` for ${platform}` : ''}`)
  }
}
