import { join } from 'node:path'
import type { BuildRequest, CacheMode } from '../docker/build-args.js'
import type { DockerBuilder } from '../docker/frontend.js'
import type { RegistryLogin } from '../docker/login.js'
import { baseImagesOf, pullStrategy } from '../docker/pull.js'
import { type Dockerfile, parseDockerfile } from '../dockerfile/parse.js'
import { UserError } from '../errors.js'
import { type ImageReference, isValidTag, parseReference, withTag } from '../image/reference.js'
import type { TagPlan } from '../image/tags.js'
import { formatPlatform, parsePlatforms, platformSlug } from '../platform/index.js'
import { type StagePlan, planStages } from './stages.js'

/** What the caller asks to build (build-with-cache's inputs, validated). */
export interface BuildSettings {
  context: string
  file: string
  dockerfileText: string
  /** Stage names as given (undefined: the defaults `builder` / `production`, used when present). */
  builderTarget?: string
  productionTarget?: string
  /** Explicit production references; empty: the tag plan's production tags. */
  tags: string[]
  /** Explicit builder references and cache-from references; undefined: the tag plan's. */
  builderTags?: string[]
  cacheFrom?: string[]
  buildArgs: Map<string, string>
  /** The user's labels, over the computed OCI labels and the base-image labels. */
  labels: Map<string, string>
  secrets: Map<string, string>
  push: 'auto' | 'true' | 'false'
  /** false: a builder that differs from the registry is left for the caller to push after the gate. */
  pushBuilder: boolean
  cacheMode: 'auto' | CacheMode
  platforms: string[]
  network?: string
  pull: boolean
  login?: RegistryLogin
}

/** One `docker build` of the plan, before the facts only the engine can tell are known. */
export interface StageBuild {
  /** The name in logs and results (`production` when the Dockerfile's last stage is built). */
  stage: string
  target?: string
  tags: string[]
  /** The production image carries the labels; the builder (a cache image) does not. */
  labelled: boolean
  /** The image ID file, relative to the build's work directory. */
  iidFile: string
  /** Platform mode: the platform this build is for (`--platform`). */
  platform?: string
  /**
   * Platform mode with buildx and push: the production image goes to this repository by digest
   * at build time (`<registry>/<name>`); with plain BuildKit it is uploaded after all builds.
   */
  pushByDigest?: string
}

/**
 * Platform mode: one platform's builds (builder, then production) and its own cache refs, so
 * platforms never evict each other's cache: `builder-<branch>-<os>-<arch>[-<variant>]`.
 */
export interface PlatformTarget {
  /** `linux/arm64` */
  platform: string
  /** `linux-arm64`, the suffix of its cache tags. */
  slug: string
  builderTags: string[]
  /** Its cache-from refs in order: its builder refs, then the production refs (indexes). */
  cacheFrom: string[]
  registryCache?: { from: string[]; to: string }
  builds: StageBuild[]
}

/** A build secret, written by the build step to a private file (`--secret id=<id>,src=<file>`). */
export interface SecretFile {
  id: string
  /** The file's name in the build's secrets directory. */
  file: string
  value: string
}

/** Everything decided before anything runs: a pure function of the settings, tags and front end. */
export interface BuildPlan {
  context: string
  file: string
  platforms: string[]
  network?: string
  dockerfile: Dockerfile
  stages: StagePlan
  builds: StageBuild[]
  productionTags: string[]
  builderTags: string[]
  cacheMode: CacheMode
  /** Inline-cache references in order (with `pullCacheFirst`, only those that exist are used). */
  cacheFrom: string[]
  /**
   * Pull the cache images into the engine before the build: Docker 20.10's BuildKit, reading inline
   * cache straight from the registry, loses cache records (moby/buildkit#1981).
   */
  pullCacheFirst: boolean
  /** Base images to pull before building (the engine keeps a base it pulled once); undefined: none. */
  pullBaseImages?: string[]
  /** `--pull` on the build itself (a buildx builder in a container has no image store to refresh). */
  pullOnBuild: boolean
  /** The stage whose final FROM the base-image labels describe. */
  baseLabelsTarget?: string
  /** The tag plan's OCI labels; the base-image labels and then the user's labels go over them. */
  computedLabels: Record<string, string>
  userLabels: Map<string, string>
  /** The user's build args, with DOCKERFLOW_VERSION_JSON added unless the user set it. */
  buildArgs: Map<string, string>
  registryCache?: { from: string[]; to: string }
  /**
   * Platform mode (the `platforms` input): each platform built on its own, production pushed by
   * digest to `productionRepository`; undefined: one build for the engine's platform, as before.
   */
  platformTargets?: PlatformTarget[]
  /** Platform mode: the repository the production images are pushed to by digest (the first image name). */
  productionRepository?: string
  secretFiles: SecretFile[]
  /** Log in only where pushing is allowed: a fork's pull request never gets the credentials. */
  login?: RegistryLogin
  /** A fork pull request never pushes, whatever `push` says. */
  push: boolean
  /** `push-builder`: push a builder that differs from the registry now, or leave it pending. */
  pushBuilder: boolean
  /** Lines for the log, in order: the front end, then the stages. */
  notes: string[]
  warnings: string[]
  /** Why nothing is pushed, when nothing is. */
  notPushed?: string
}

export function resolveCacheMode(
  mode: BuildSettings['cacheMode'],
  frontend: Pick<DockerBuilder, 'kind' | 'driver'>
): CacheMode {
  if (mode !== 'auto') return mode
  // Registry cache export needs a buildx builder other than the plain docker driver.
  return frontend.kind === 'buildx' && frontend.driver !== 'docker' ? 'registry' : 'inline'
}

/** `cache-mode: registry`: read the default branch's and this branch's cache, write this branch's. */
function registryCacheRefs(productionTag: string, tags: TagPlan): BuildPlan['registryCache'] {
  const first = parseReference(productionTag)
  const branch = tags.branchTag ?? tags.defaultBranchTag
  return {
    from: [...new Set([tags.defaultBranchTag, branch])].map(tag => withTag(first, `buildcache-${tag}`)),
    to: withTag(first, `buildcache-${branch}`)
  }
}

/** The push decision: a fork's pull request never pushes, whatever `push` says, and never logs in. */
export function planPush(
  settings: Pick<BuildSettings, 'push' | 'pushBuilder' | 'login'>,
  tags: Pick<TagPlan, 'pushAllowed' | 'isFork'>
): Pick<BuildPlan, 'push' | 'pushBuilder' | 'login' | 'warnings' | 'notPushed'> {
  const push = settings.push !== 'false' && tags.pushAllowed
  const why = tags.isFork ? 'pull request from a fork' : 'push: false'
  return {
    push,
    pushBuilder: settings.pushBuilder,
    // push: false still logs in: a private base image is pulled with the login.
    login: tags.pushAllowed ? settings.login : undefined,
    warnings:
      settings.push === 'true' && !tags.pushAllowed
        ? ['push: true ignored: pull requests from forks never push.']
        : [],
    notPushed: push ? undefined : `${why}: built, not pushed`
  }
}

/** The builds in order: the builder stage (a cache image, unlabelled), then production. */
function stageBuilds(stages: StagePlan, builderTags: string[], productionTags: string[]): StageBuild[] {
  const build = (
    stage: string,
    target: string | undefined,
    tags: string[],
    labelled: boolean
  ): StageBuild => ({
    stage,
    target,
    tags,
    labelled,
    iidFile: `${target ?? 'last'}.iid`
  })
  return [
    ...(stages.builder ? [build(stages.builder, stages.builder, builderTags, false)] : []),
    build(stages.production ?? 'production', stages.production, productionTags, true)
  ]
}

/** The user's build args and the Dockerflow version.json (unless the user set it). */
function buildArgsOf(settings: BuildSettings, tags: TagPlan): Map<string, string> {
  const buildArgs = new Map(settings.buildArgs)
  if (!buildArgs.has('DOCKERFLOW_VERSION_JSON'))
    buildArgs.set('DOCKERFLOW_VERSION_JSON', JSON.stringify(tags.versionJson))
  return buildArgs
}

/**
 * Plans a build: the builder stage (a cache image), then the production stage with every cache-from
 * reference; the push decision; what is pulled first. No I/O: the facts only the engine and registry
 * can tell (which cache images exist, the base image's digest) are added by `stageRequests`.
 */
export function planBuild(
  settings: BuildSettings,
  tags: TagPlan,
  frontend: Pick<DockerBuilder, 'kind' | 'driver' | 'reason'>
): BuildPlan {
  const dockerfile = parseDockerfile(settings.dockerfileText, settings.buildArgs)
  const stages = planStages(dockerfile, settings.builderTarget, settings.productionTarget, settings.file)
  const productionTags = settings.tags.length > 0 ? settings.tags : tags.productionTags
  const builderTags = stages.builder ? (settings.builderTags ?? tags.builderTags) : []
  const cacheMode = resolveCacheMode(settings.cacheMode, frontend)
  const pullFirst = pullStrategy(frontend) === 'pull-first'
  const { context, file, platforms, network, pull } = settings
  const push = planPush(settings, tags)
  const registryCache = cacheMode === 'registry' ? registryCacheRefs(productionTags[0], tags) : undefined
  const cacheFrom = settings.cacheFrom ?? tags.cacheFrom
  const productionRepository =
    platforms.length > 0 ? repositoryOf(parseReference(productionTags[0])) : undefined
  const platformTargets =
    platforms.length > 0
      ? planPlatformTargets(platforms, stages, builderTags, cacheFrom, registryCache, {
          // A buildx builder in a container pushes by digest as it builds; the engine's own BuildKit
          // (plain, or buildx's docker driver) loads the image, and it is uploaded by digest after.
          pushByDigest: !pullFirst && push.push ? productionRepository : undefined
        })
      : undefined
  return {
    context,
    file,
    platforms,
    network,
    dockerfile,
    stages,
    builds: platformTargets
      ? platformTargets.flatMap(target => target.builds)
      : stageBuilds(stages, builderTags, productionTags),
    productionTags,
    builderTags: platformTargets ? platformTargets.flatMap(target => target.builderTags) : builderTags,
    cacheMode,
    cacheFrom,
    pullCacheFirst: cacheMode === 'inline' && pullFirst,
    pullBaseImages:
      pull && pullFirst ? baseImagesOf(dockerfile, [stages.builder, stages.production]) : undefined,
    pullOnBuild: pull && !pullFirst,
    baseLabelsTarget: stages.production,
    computedLabels: tags.labels,
    userLabels: settings.labels,
    buildArgs: buildArgsOf(settings, tags),
    registryCache,
    platformTargets,
    productionRepository,
    secretFiles: [...settings.secrets].map(([id, value], index) => ({ id, file: String(index), value })),
    ...push,
    notes: [
      `build front end: ${frontend.kind}: ${frontend.reason}; cache: ${cacheMode}`,
      ...stages.notes,
      ...(platformTargets
        ? [
            `platforms: ${platformTargets.map(target => target.platform).join(', ')}: one build each, production pushed by digest to ${productionRepository}`
          ]
        : [])
    ]
  }
}

const repositoryOf = (ref: ImageReference): string => `${ref.registry}/${ref.repository}`

/**
 * `ref` with `-<slug>` after its tag (`…:builder-main` -> `…:builder-main-linux-arm64`): the
 * platform's own cache ref.
 */
export function platformRef(ref: string, slug: string): string {
  const parsed = parseReference(ref)
  const tag = `${parsed.tag ?? 'latest'}-${slug}`
  if (!isValidTag(tag)) throw new UserError(`The cache tag for ${ref} on ${slug} would be too long: ${tag}.`)
  return withTag(parsed, tag)
}

/** Builder refs (and registry-cache refs) are per platform; production refs are indexes, read for each. */
function platformCacheFrom(cacheFrom: string[], slug: string): string[] {
  return cacheFrom.map(ref =>
    parseReference(ref).tag?.startsWith('builder-') ? platformRef(ref, slug) : ref
  )
}

/** Platform mode: per platform, its builder (own cache tags) and production (pushed by digest, untagged). */
export function planPlatformTargets(
  platforms: string[],
  stages: StagePlan,
  builderTags: string[],
  cacheFrom: string[],
  registryCache: BuildPlan['registryCache'],
  options: { pushByDigest?: string }
): PlatformTarget[] {
  return parsePlatforms(platforms).map(parsed => {
    const platform = formatPlatform(parsed)
    const slug = platformSlug(parsed)
    const targetBuilderTags = builderTags.map(ref => platformRef(ref, slug))
    const builds = stageBuilds(stages, targetBuilderTags, []).map(build => ({
      ...build,
      platform,
      iidFile: `${slug}-${build.iidFile}`,
      ...(build.labelled && options.pushByDigest ? { pushByDigest: options.pushByDigest } : {})
    }))
    return {
      platform,
      slug,
      builderTags: targetBuilderTags,
      cacheFrom: platformCacheFrom(cacheFrom, slug),
      registryCache: registryCache && {
        from: registryCache.from.map(ref => platformRef(ref, slug)),
        to: platformRef(registryCache.to, slug)
      },
      builds
    }
  })
}

/** What the build step learnt before building: the engine's and registry's answers, and its directories. */
export interface BuildFacts {
  /** The cache-from references to read (those that exist, when the plan pulls them first). */
  cacheFrom: string[]
  /** The production image's labels, with the base image's (see `imageLabels`). */
  labels: Map<string, string>
  /** Where the image ID files are written. */
  workDir: string
  /** Where the secret files are (when the plan has any). */
  secretsDir?: string
}

/** The production image's labels: the tag plan's, then the base image's, then the user's. */
export function imageLabels(plan: BuildPlan, baseLabels: Record<string, string>): Map<string, string> {
  return new Map([...Object.entries(plan.computedLabels), ...Object.entries(baseLabels), ...plan.userLabels])
}

/**
 * The `docker build` requests of the plan (or, in platform mode, of one platform target), in order,
 * with the facts the build step learnt.
 */
export function stageRequests(
  plan: BuildPlan,
  facts: BuildFacts,
  target?: PlatformTarget
): Array<{ stage: string; platform?: string; request: BuildRequest }> {
  const secretFiles = plan.secretFiles.map(({ id, file }) => ({
    id,
    file: join(facts.secretsDir ?? facts.workDir, file)
  }))
  return (target?.builds ?? plan.builds).map(build => ({
    stage: build.stage,
    platform: build.platform,
    request: {
      context: plan.context,
      file: plan.file,
      target: build.target,
      tags: build.tags,
      buildArgs: plan.buildArgs,
      labels: build.labelled ? facts.labels : new Map(),
      secretFiles,
      cacheFrom: facts.cacheFrom,
      cacheMode: plan.cacheMode,
      registryCache: target ? target.registryCache : plan.registryCache,
      platforms: build.platform ? [build.platform] : plan.platforms,
      network: plan.network,
      pull: plan.pullOnBuild,
      iidFile: join(facts.workDir, build.iidFile),
      pushByDigest: build.pushByDigest
        ? {
            repository: build.pushByDigest,
            metadataFile: join(facts.workDir, build.iidFile.replace(/\.iid$/, '.metadata.json'))
          }
        : undefined
    }
  }))
}
