import * as core from '@actions/core'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { baseImageLabels } from '../../lib/base-image/labels.js'
import { runBuild, type BuildResult } from '../../lib/docker/build.js'
import type { BuildRequest, CacheMode } from '../../lib/docker/build-args.js'
import { type BuildFrontend, detectBuildFrontend } from '../../lib/docker/frontend.js'
import { dockerLogin, dockerLogout } from '../../lib/docker/login.js'
import { localLayers, pushImage } from '../../lib/docker/push.js'
import { parseDockerfile } from '../../lib/dockerfile/parse.js'
import { baseImagesOf, pullBaseImages, pullCacheImages, pullStrategy } from '../../lib/docker/pull.js'
import {
  type RegistryOptions,
  fetchImageConfig,
  loadDockerConfigCredentials
} from '../../lib/registry/index.js'
import { promoteImage } from '../../lib/registry/promote.js'
import { UserError, errorMessage } from '../../lib/errors.js'
import { parseReference, withDigest, withTag } from '../../lib/image/reference.js'
import { setOutputs } from '../../lib/outputs.js'
import { getBuildContext, resolveTagPlan } from '../../lib/tag-inputs.js'
import { type Inputs, getInputs } from './context.js'
import { planStages } from './stages.js'
import { writeBuildSummary } from './summary.js'

const STATE_LOGOUT = 'logout'

export function resolveCacheMode(mode: Inputs['cacheMode'], frontend: BuildFrontend): CacheMode {
  if (mode !== 'auto') return mode
  // Registry cache export needs a buildx builder other than the plain docker driver.
  return frontend.kind === 'buildx' && frontend.driver !== 'docker' ? 'registry' : 'inline'
}

/** Writes build secrets to private files for `--secret id=…,src=…`; returns them and a cleanup. */
function secretFiles(secrets: Map<string, string>): {
  files: BuildRequest['secretFiles']
  cleanup: () => void
} {
  if (secrets.size === 0) return { files: [], cleanup: () => undefined }
  const dir = mkdtempSync(join(process.env.RUNNER_TEMP ?? tmpdir(), 'build-secrets-'))
  const files = [...secrets].map(([id, value], index) => {
    const file = join(dir, String(index))
    writeFileSync(file, value, { mode: 0o600 })
    return { id, file }
  })
  return { files, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export function withoutStage(result: BuildResult, stage: string): BuildResult {
  const steps = result.steps.filter(step => step.stage !== stage)
  const cached = steps.filter(step => step.cached).length
  return { ...result, steps, stats: { total: steps.length, cached, built: steps.length - cached } }
}

/** build-with-cache: builder then production with every cache-from ref; push only after both built. */
export async function main(): Promise<void> {
  const inputs = getInputs()
  // One plan per run: compute-tags' plan when handed on, so the image's version.json names the tags
  // that are published; computed here only when the action is used alone.
  const plan = inputs.plan ?? (await resolveTagPlan(inputs.tagInputs, getBuildContext(inputs.tagInputs)))
  const dockerfile = parseDockerfile(inputs.dockerfileText, inputs.buildArgs)
  const stages = planStages(dockerfile, inputs.builderTarget, inputs.productionTarget, inputs.file)

  const productionTags = inputs.tags.length > 0 ? inputs.tags : plan.productionTags
  const builderTags = stages.builder ? (inputs.builderTags ?? plan.builderTags) : []
  let cacheFrom = inputs.cacheFrom ?? plan.cacheFrom
  const push = inputs.push === 'false' ? false : plan.pushAllowed // a fork pull request never pushes, whatever `push` says
  if (inputs.push === 'true' && !plan.pushAllowed)
    core.warning('push: true ignored: pull requests from forks never push.')

  const frontend = await detectBuildFrontend()
  const cacheMode = resolveCacheMode(inputs.cacheMode, frontend)
  core.info(`build front end: ${frontend.kind}: ${frontend.reason}; cache: ${cacheMode}`)
  for (const note of stages.notes) core.info(note)

  if (inputs.login && plan.pushAllowed) {
    await dockerLogin(frontend.docker, inputs.login)
    core.saveState(STATE_LOGOUT, JSON.stringify({ docker: frontend.docker, registry: inputs.login.registry }))
  }

  const strategy = pullStrategy(frontend)
  if (inputs.pull && strategy === 'pull-first')
    await core.group('Pull base images', () =>
      pullBaseImages(frontend.docker, baseImagesOf(dockerfile, [stages.builder, stages.production]), line =>
        core.info(line)
      )
    )

  if (cacheMode === 'inline' && strategy === 'pull-first')
    // Only the refs that exist go to --cache-from: the others would only print errors in the build log.
    cacheFrom = await core.group('Pull cache images', () =>
      pullCacheImages(frontend.docker, cacheFrom, line => core.info(line))
    )

  const base = await baseImageLabels(dockerfile, stages.production)
  core.info(base.note)
  const labels = new Map([...Object.entries(plan.labels), ...Object.entries(base.labels), ...inputs.labels])
  const buildArgs = new Map(inputs.buildArgs)
  if (!buildArgs.has('DOCKERFLOW_VERSION_JSON'))
    buildArgs.set('DOCKERFLOW_VERSION_JSON', JSON.stringify(plan.versionJson))
  const first = parseReference(productionTags[0])
  const registryCache =
    cacheMode === 'registry'
      ? {
          from: [...new Set([plan.defaultBranchTag, plan.branchTag ?? plan.defaultBranchTag])].map(tag =>
            withTag(first, `buildcache-${tag}`)
          ),
          to: withTag(first, `buildcache-${plan.branchTag ?? plan.defaultBranchTag}`)
        }
      : undefined

  const secrets = secretFiles(inputs.secrets)
  const work = mkdtempSync(join(tmpdir(), 'build-with-cache-'))
  const results: Array<{ stage: string; result: BuildResult }> = []
  try {
    const request = (target: string | undefined, tags: string[], withLabels: boolean): BuildRequest => ({
      context: inputs.context,
      file: inputs.file,
      target,
      tags,
      buildArgs,
      labels: withLabels ? labels : new Map(),
      secretFiles: secrets.files,
      cacheFrom,
      cacheMode,
      registryCache,
      platforms: inputs.platforms,
      network: inputs.network,
      pull: inputs.pull && strategy === 'build-flag',
      iidFile: join(work, `${target ?? 'last'}.iid`)
    })
    const builds: Array<[string, BuildRequest]> = []
    if (stages.builder) builds.push([stages.builder, request(stages.builder, builderTags, false)])
    builds.push([stages.production ?? 'production', request(stages.production, productionTags, true)])
    for (const [stage, buildRequest] of builds) {
      const built = await core.group(
        `Build ${stage}${buildRequest.target ? ` (--target ${buildRequest.target})` : ''}`,
        () => runBuild(frontend, buildRequest)
      )
      // The production build walks the builder's steps again (all cache hits of the first build):
      // count each Dockerfile step once, in the build that made it.
      const result = stage === stages.builder || !stages.builder ? built : withoutStage(built, stages.builder)
      results.push({ stage, result })
      if (!result.ok) {
        throw new UserError(`The ${stage} build failed; nothing was pushed.\n${result.error}`)
      }
    }
  } finally {
    secrets.cleanup()
    rmSync(work, { recursive: true, force: true })
  }

  let digest: string | undefined
  let builderDigest: string | undefined
  const pushed: string[] = []
  const builderPending: string[] = []
  if (push) {
    await core.group('Push', async () => {
      // Read once, after any login: one registry client (and token) serves every check and tag below.
      const registry: RegistryOptions = { credentials: loadDockerConfigCredentials() }
      for (const ref of builderTags) {
        const unchanged = await unchangedInRegistry(frontend.docker, ref, registry)
        if (unchanged) {
          // Re-pushing an image that came entirely from cache rewrites its inline cache metadata,
          // and Docker 20.10's BuildKit loses records doing so (moby/buildkit#1981): the next build
          // would miss. The registry already holds these exact layers, so the tag stays as it is.
          core.info(`${ref} already holds these layers: not re-pushed, its cache metadata stays intact`)
          builderDigest = unchanged
          continue
        }
        if (!inputs.pushBuilder) {
          core.info(`${ref} differs from the registry: left to push once the gate passed`)
          builderPending.push(ref)
          continue
        }
        builderDigest = await pushImage(frontend.docker, ref)
        pushed.push(ref)
      }
      for (const refs of groupByRepository(productionTags)) {
        const pushedDigest = await pushImage(frontend.docker, refs[0])
        digest ??= pushedDigest
        pushed.push(refs[0])
        const others = refs.slice(1)
        await tagInRegistry(
          frontend.docker,
          withDigest(parseReference(refs[0]), pushedDigest),
          others,
          registry
        )
        pushed.push(...others)
      }
    })
  } else {
    core.info(plan.isFork ? 'pull request from a fork: built, not pushed' : 'push: false: built, not pushed')
  }

  const production = results[results.length - 1].result
  const stats = results.reduce(
    (sum, { result }) => ({
      total: sum.total + result.stats.total,
      cached: sum.cached + result.stats.cached,
      built: sum.built + result.stats.built
    }),
    { total: 0, cached: 0, built: 0 }
  )
  const cache = {
    ...stats,
    stages: Object.fromEntries(
      results.map(({ stage, result }) => [stage, { ...result.stats, seconds: result.seconds }])
    )
  }
  const image = digest ? withDigest(first, digest) : undefined
  const metadata = {
    frontend: { kind: frontend.kind, docker: frontend.docker, version: frontend.clientVersion },
    cacheMode,
    imageId: production.imageId,
    digest,
    image,
    pushed,
    builderTags,
    productionTags,
    cacheFrom,
    labels: Object.fromEntries(labels),
    versionJson: plan.versionJson,
    stages: results.map(({ stage, result }) => ({
      stage,
      seconds: result.seconds,
      ...result.stats,
      steps: result.steps
    }))
  }
  setOutputs({
    digest: digest ?? '',
    image: image ?? '',
    'builder-digest': builderDigest ?? '',
    'builder-pending': builderPending,
    'image-id': production.imageId ?? '',
    tags: productionTags,
    docker: frontend.docker,
    pushed: push,
    cache,
    metadata
  })
  await writeBuildSummary({
    frontend,
    cacheMode,
    results,
    pushed,
    digest,
    image,
    productionTags,
    builderTags
  })
}

/** Post step: log out of the registry the main step logged in to. */
export async function post(): Promise<void> {
  const saved = core.getState(STATE_LOGOUT)
  if (!saved) return
  const { docker, registry } = JSON.parse(saved) as { docker: string; registry: string }
  await dockerLogout(docker, registry)
}

/**
 * The digest of `ref` in the registry when it already has exactly the layers of the local image
 * `ref`; undefined when it differs, does not exist or cannot be read (then it is pushed).
 */
async function unchangedInRegistry(
  docker: string,
  ref: string,
  registry: RegistryOptions
): Promise<string | undefined> {
  try {
    const [local, remote] = await Promise.all([localLayers(docker, ref), fetchImageConfig(ref, registry)])
    const layers = remote.config.rootfs?.diff_ids ?? []
    const same = layers.length === local.length && layers.every((layer, index) => layer === local[index])
    return same ? remote.manifestDigest : undefined
  } catch {
    return undefined
  }
}

/** Tags grouped by repository, in their order: one push per repository, the rest are tags. */
function groupByRepository(refs: string[]): string[][] {
  const groups = new Map<string, string[]>()
  for (const ref of refs) {
    const { registry, repository } = parseReference(ref)
    const key = `${registry}/${repository}`
    groups.set(key, [...(groups.get(key) ?? []), ref])
  }
  return [...groups.values()]
}

/**
 * Points the other tags of a repository at the image just pushed: a manifest PUT each through the
 * registry API (tens of milliseconds) instead of another `docker push` each (a CLI run and a HEAD per
 * layer). Falls back to `docker push` when the registry client cannot (e.g. no credentials it can read).
 */
async function tagInRegistry(
  docker: string,
  source: string,
  refs: string[],
  registry: RegistryOptions
): Promise<void> {
  if (refs.length === 0) return
  try {
    // Branch and commit tags move with every build.
    await promoteImage({ source, targets: refs, allowOverwrite: true, registry })
    for (const ref of refs) core.info(`${ref}: tagged in the registry (manifest PUT)`)
  } catch (error) {
    core.info(`registry tagging failed (${errorMessage(error)}); pushing with docker instead`)
    for (const ref of refs) await pushImage(docker, ref)
  }
}
