import { UserError } from '../errors.js'
import { type ExecResult, runCommand, tail } from '../exec.js'
import { type Dockerfile, finalBase } from '../dockerfile/parse.js'
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

/** The external images the given targets are built FROM (stage aliases followed, `scratch` left out). */
export function baseImagesOf(dockerfile: Dockerfile, targets: Array<string | undefined>): string[] {
  const images = targets.flatMap(target => {
    const base = finalBase(dockerfile, target)
    return base && !base.image.includes('$') ? [base.image] : []
  })
  return [...new Set(images)]
}

/**
 * Pulls the inline-cache images into the engine before the build. Docker 20.10's BuildKit, reading
 * inline cache straight from the registry, loses cache records whenever an image that was itself
 * partly built from cache is exported again (moby/buildkit#1981): every second build after a change
 * rebuilt everything. With the cache images in the engine it uses them fully (measured in
 * bench/build-cache). Returns the refs that exist (a new branch has none yet).
 */
export async function pullCacheImages(
  docker: string,
  refs: string[],
  log: (line: string) => void,
  platform?: string
): Promise<string[]> {
  const available: string[] = []
  for (const ref of refs) {
    const pulled = await pullImage(docker, ref, platform)
    if (pulled.exitCode === 0) available.push(ref)
    const what = platform ? `${ref} (${platform})` : ref
    log(pulled.exitCode === 0 ? `pulled ${what}` : `${what}: not in the registry yet, skipped`)
  }
  return available
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

export async function pullBaseImages(
  docker: string,
  images: string[],
  log: (line: string) => void,
  platform?: string
): Promise<void> {
  for (const image of images) {
    const pulled = await pullImage(docker, image, platform)
    if (pulled.exitCode !== 0)
      throw new UserError(
        `Could not pull the base image ${image}: ${tail(pulled.stderr, 3)}. Check its name and the registry login, or set pull: false for a base that exists only on this machine.`
      )
    log(`pulled base image ${image}${platform ? ` for ${platform}` : ''}`)
  }
}
