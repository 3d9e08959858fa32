import type { BuildPlan } from '../../lib/build/plan.js'
import type { Published } from '../../lib/build/publish.js'
import type { StageResult } from '../../lib/build/run.js'
import type { CacheStats } from '../../lib/docker/progress.js'
import type { DockerBuilder } from '../../lib/docker/frontend.js'
import { parseReference, withDigest } from '../../lib/image/reference.js'
import type { VersionJson } from '../../lib/image/tags.js'
import type { AttachedProvenance } from '../../lib/provenance/index.js'

/** Everything the outputs and the summary report, gathered once. */
export interface BuildReport {
  frontend: DockerBuilder
  plan: BuildPlan
  /** The cache-from references the builds read. */
  cacheFrom: string[]
  labels: Map<string, string>
  versionJson: VersionJson
  results: StageResult[]
  /** Undefined when nothing was pushed. */
  published?: Published
  /** The provenance attached to each pushed image (none when not pushed or `provenance: false`). */
  provenance?: AttachedProvenance[]
}

/** Steps over every stage, each Dockerfile step counted once. */
export function cacheStats(results: StageResult[]): CacheStats {
  return results.reduce(
    (sum, { result }) => ({
      total: sum.total + result.stats.total,
      cached: sum.cached + result.stats.cached,
      built: sum.built + result.stats.built
    }),
    { total: 0, cached: 0, built: 0 }
  )
}

/** Platform mode: the cache statistics of each platform, as the `cache` output has them overall. */
export function platformCache(results: StageResult[]): Record<string, object> | undefined {
  const platforms = [...new Set(results.flatMap(({ platform }) => (platform ? [platform] : [])))]
  if (platforms.length === 0) return undefined
  return Object.fromEntries(
    platforms.map(platform => {
      const own = results.filter(result => result.platform === platform)
      return [platform, { ...cacheStats(own), stages: stageStats(own) }]
    })
  )
}

function stageStats(results: StageResult[]): Record<string, object> {
  return Object.fromEntries(
    results.map(({ stage, result }) => [stage, { ...result.stats, seconds: result.seconds }])
  )
}

/** `<repository>@<digest>` of the production image on the first image name, once pushed. */
export function pushedImage(report: BuildReport): string | undefined {
  const digest = report.published?.digest
  return digest ? withDigest(parseReference(report.plan.productionTags[0]), digest) : undefined
}

/** The public outputs of build-with-cache (names are the contract users write in workflows). */
export function buildOutputs(report: BuildReport): Record<string, string | string[] | boolean | object> {
  const { frontend, plan, results, published } = report
  const platformMode = plan.platformTargets !== undefined
  // In platform mode there is no one production image: see platform-digests.
  const production = platformMode ? undefined : results[results.length - 1].result
  const digest = published?.digest
  const image = pushedImage(report)
  const platforms = platformCache(results)
  const cache = {
    ...cacheStats(results),
    // Platform mode: a stage name is built once per platform; its figures are under `platforms`.
    stages: platformMode ? {} : stageStats(results),
    ...(platforms ? { platforms } : {})
  }
  const metadata = {
    frontend: { kind: frontend.kind, docker: frontend.docker, version: frontend.clientVersion },
    cacheMode: plan.cacheMode,
    imageId: production?.imageId,
    digest,
    image,
    platformDigests: published?.platformDigests,
    pushed: published?.pushed ?? [],
    builderTags: plan.builderTags,
    productionTags: plan.productionTags,
    cacheFrom: report.cacheFrom,
    labels: Object.fromEntries(report.labels),
    versionJson: report.versionJson,
    stages: results.map(({ stage, platform, result }) => ({
      stage,
      ...(platform ? { platform } : {}),
      seconds: result.seconds,
      ...result.stats,
      steps: result.steps
    }))
  }
  return {
    digest: digest ?? '',
    image: image ?? '',
    'builder-digest': published?.builderDigest ?? '',
    'builder-pending': published?.builderPending ?? [],
    'image-id': production?.imageId ?? '',
    // JSON, not a newline list: the merge action reads it as one array per platform job.
    'platform-digests': platformMode ? JSON.stringify(published?.platformDigests ?? []) : '',
    tags: plan.productionTags,
    docker: frontend.docker,
    pushed: plan.push,
    cache,
    metadata,
    // JSON: the image digest each statement is attached to, and the statement's own digest.
    provenance: JSON.stringify(report.provenance ?? [])
  }
}
