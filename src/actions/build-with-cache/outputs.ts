import type { BuildPlan } from '../../lib/build/plan.js'
import type { Published } from '../../lib/build/publish.js'
import type { StageResult } from '../../lib/build/run.js'
import type { CacheStats } from '../../lib/docker/progress.js'
import type { DockerBuilder } from '../../lib/docker/frontend.js'
import { parseReference, withDigest } from '../../lib/image/reference.js'
import type { VersionJson } from '../../lib/image/tags.js'

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

/** `<repository>@<digest>` of the production image on the first image name, once pushed. */
export function pushedImage(report: BuildReport): string | undefined {
  const digest = report.published?.digest
  return digest ? withDigest(parseReference(report.plan.productionTags[0]), digest) : undefined
}

/** The public outputs of build-with-cache (names are the contract users write in workflows). */
export function buildOutputs(report: BuildReport): Record<string, string | string[] | boolean | object> {
  const { frontend, plan, results, published } = report
  const production = results[results.length - 1].result
  const digest = published?.digest
  const image = pushedImage(report)
  const cache = {
    ...cacheStats(results),
    stages: Object.fromEntries(
      results.map(({ stage, result }) => [stage, { ...result.stats, seconds: result.seconds }])
    )
  }
  const metadata = {
    frontend: { kind: frontend.kind, docker: frontend.docker, version: frontend.clientVersion },
    cacheMode: plan.cacheMode,
    imageId: production.imageId,
    digest,
    image,
    pushed: published?.pushed ?? [],
    builderTags: plan.builderTags,
    productionTags: plan.productionTags,
    cacheFrom: report.cacheFrom,
    labels: Object.fromEntries(report.labels),
    versionJson: report.versionJson,
    stages: results.map(({ stage, result }) => ({
      stage,
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
    'image-id': production.imageId ?? '',
    tags: plan.productionTags,
    docker: frontend.docker,
    pushed: plan.push,
    cache,
    metadata
  }
}
