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
  /**
   * buildx only: push the image to this repository (`<registry>/<name>`) by digest, untagged, instead
   * of loading it into the engine; the digest is read from `metadataFile` (`containerimage.digest`).
   */
  pushByDigest?: { repository: string; metadataFile: string }
}

/**
 * The docker CLI arguments for one build, as a pure function of the request (tested with tables).
 * Values are separate array items: nothing passes through a shell.
 */
export function getBuildArgs(frontend: Pick<DockerBuilder, 'kind'>, request: BuildRequest): string[] {
  const buildx = frontend.kind === 'buildx'
  if (request.platforms.length > 1 && !buildx) {
    throw new UserError(
      `One build for several platforms (${request.platforms.join(', ')}) needs buildx (docker/setup-buildx-action); without it, build one platform per build.`
    )
  }
  if (request.platforms.length > 1 && !request.pushByDigest) {
    // The docker exporter behind --load takes one image: several platforms make an index.
    throw new UserError(
      `--load takes one platform; a build for ${request.platforms.join(', ')} is pushed by digest instead.`
    )
  }
  if (request.pushByDigest && !buildx) throw new UserError('Push by digest at build time needs buildx.')
  if (request.cacheMode === 'registry' && !buildx) {
    throw new UserError(
      'cache-mode: registry needs buildx with a docker-container builder; use inline or auto here.'
    )
  }
  const args = !buildx
    ? ['build']
    : request.pushByDigest
      ? pushByDigestArgs(request.pushByDigest)
      : ['buildx', 'build', '--load']
  args.push('--progress=plain', '--file', request.file)
  if (request.target) args.push('--target', request.target)
  if (request.network) args.push('--network', request.network)
  if (request.pull) args.push('--pull')
  for (const platform of request.platforms) args.push('--platform', platform)
  // A push by digest writes no tag (the merge and the promotion write them, after the gate).
  if (!request.pushByDigest) for (const tag of request.tags) args.push('--tag', tag)
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

/**
 * buildx writing the image to the registry untagged: `push-by-digest` with the canonical name, and
 * no provenance or SBOM attestations, which would wrap each platform's image in an index of its own
 * (the digest must be the image manifest's, for the merge).
 */
function pushByDigestArgs(target: NonNullable<BuildRequest['pushByDigest']>): string[] {
  return [
    'buildx',
    'build',
    '--output',
    `type=image,name=${target.repository},push-by-digest=true,name-canonical=true,push=true`,
    '--provenance=false',
    '--sbom=false',
    '--metadata-file',
    target.metadataFile
  ]
}
