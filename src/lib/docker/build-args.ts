import { UserError } from '../errors.js'
import type { DockerBuilder } from './frontend.js'

export type CacheMode = 'inline' | 'registry'

export interface BuildRequest {
  context: string
  file: string
  target?: string
  tags: string[]
  buildArgs: Map<string, string>
  labels: Map<string, string>
  /** Build secrets as files (written by the caller, removed after): `--secret id=<id>,src=<file>`. */
  secretFiles: Array<{ id: string; file: string }>
  /** Inline-cache image refs (tolerated when missing). */
  cacheFrom: string[]
  cacheMode: CacheMode
  /** `cache-mode: registry`: the cache image refs read and the one written. */
  registryCache?: { from: string[]; to: string }
  platforms: string[]
  network?: string
  /** `--pull`: resolve FROM images in the registry (buildx builders in a container; see docker/pull.ts). */
  pull?: boolean
  /** Where docker writes the built image ID. */
  iidFile?: string
}

/**
 * The docker CLI arguments for one build, as a pure function of the request (tested with tables).
 * Values are separate array items: nothing passes through a shell.
 */
export function getBuildArgs(frontend: Pick<DockerBuilder, 'kind'>, request: BuildRequest): string[] {
  if (request.platforms.length > 1 && frontend.kind !== 'buildx') {
    throw new UserError(
      `Building for several platforms (${request.platforms.join(', ')}) needs buildx (docker/setup-buildx-action); this runner has a docker client without it.`
    )
  }
  if (request.cacheMode === 'registry' && frontend.kind !== 'buildx') {
    throw new UserError(
      'cache-mode: registry needs buildx with a docker-container builder; use inline or auto here.'
    )
  }
  const args = frontend.kind === 'buildx' ? ['buildx', 'build', '--load'] : ['build']
  args.push('--progress=plain', '--file', request.file)
  if (request.target) args.push('--target', request.target)
  if (request.network) args.push('--network', request.network)
  if (request.pull) args.push('--pull')
  for (const platform of request.platforms) args.push('--platform', platform)
  for (const tag of request.tags) args.push('--tag', tag)
  for (const [key, value] of request.labels) args.push('--label', `${key}=${value}`)
  for (const [key, value] of request.buildArgs) args.push('--build-arg', `${key}=${value}`)
  if (request.cacheMode === 'inline') args.push('--build-arg', 'BUILDKIT_INLINE_CACHE=1')
  for (const ref of request.cacheFrom) args.push('--cache-from', ref)
  if (request.registryCache) {
    for (const ref of request.registryCache.from) args.push('--cache-from', `type=registry,ref=${ref}`)
    args.push('--cache-to', `type=registry,ref=${request.registryCache.to},mode=max`)
  }
  for (const secret of request.secretFiles) args.push('--secret', `id=${secret.id},src=${secret.file}`)
  if (request.iidFile) args.push('--iidfile', request.iidFile)
  args.push(request.context)
  return args
}
