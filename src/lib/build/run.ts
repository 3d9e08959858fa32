import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { baseImageLabels } from '../base-image/labels.js'
import type { BuildRequest } from '../docker/build-args.js'
import { type BuildResult, runBuild } from '../docker/build.js'
import type { DockerBuilder } from '../docker/frontend.js'
import { imagePuller, pullBaseImages, pullCacheImages } from '../docker/pull.js'
import { UserError } from '../errors.js'
import { untrustedText } from '../untrusted-text.js'
import { existsInRegistry } from './cache-refs.js'
import type { PlatformImage } from './publish.js'
import { type BuildFacts, type BuildPlan, type SecretFile, imageLabels, stageRequests } from './plan.js'

/** How the build reports: lines, and named groups of lines (core.info and core.group in an action). */
export interface BuildLog {
  log: (message: string) => void
  group: <T>(name: string, run: () => Promise<T>) => Promise<T>
}

export interface StageResult {
  stage: string
  /** Platform mode: the platform the stage was built for. */
  platform?: string
  result: BuildResult
}

/**
 * What the engine and the registry tell before the build: pulls the base images and the cache images
 * the plan pulls first (only the cache images that exist are read), and resolves the base-image
 * labels under the user's, from the registry while the engine pulls. Runs after any login, so
 * private bases are pulled and resolved with it.
 */
export async function prepareBuild(
  docker: string,
  plan: BuildPlan,
  out: BuildLog
): Promise<Pick<BuildFacts, 'cacheFrom' | 'labels'>> {
  const [cacheFrom, base] = await Promise.all([
    // Platform mode pulls for each platform just before its builds (see buildStages).
    plan.platformTargets ? [] : pullImages(docker, plan, plan.cacheFrom, out),
    baseImageLabels(plan.dockerfile, plan.baseLabelsTarget)
  ])
  out.log(base.note)
  return { cacheFrom, labels: imageLabels(plan, base.labels) }
}

/**
 * Pulls the base images and the cache images the plan pulls first, for one platform or the
 * engine's own, all at once; returns the cache refs to read. Only the refs that exist go to
 * --cache-from: the others would only print errors in the build log. A base image that cannot be
 * pulled fails the build, once every pull has ended.
 */
async function pullImages(
  docker: string,
  plan: BuildPlan,
  cacheFrom: string[],
  out: BuildLog,
  platform?: string
): Promise<string[]> {
  const bases = plan.pullBaseImages
  if (!bases && !plan.pullCacheFirst) return cacheFrom
  const what = [bases && 'base', plan.pullCacheFirst && 'cache'].filter(Boolean).join(' and ')
  return out.group(`Pull ${what} images${platform ? ` (${platform})` : ''}`, async () => {
    // One puller for all: a registry's credential is looked up once.
    const pull = imagePuller(docker)
    const [pulledBases, available] = await Promise.allSettled([
      bases && pullBaseImages(docker, bases, out.log, platform, pull),
      plan.pullCacheFirst
        ? pullCacheImages(docker, cacheFrom, out.log, platform, {
            exists: ref => existsInRegistry(ref),
            pull
          })
        : cacheFrom
    ])
    if (pulledBases.status === 'rejected') throw pulledBases.reason
    if (available.status === 'rejected') throw available.reason
    return available.value
  })
}

/** The result without the steps of `stage` (counted in the build that made them). */
export function withoutStage(result: BuildResult, stage: string): BuildResult {
  const steps = result.steps.filter(step => step.stage !== stage)
  const cached = steps.filter(step => step.cached).length
  return { ...result, steps, stats: { total: steps.length, cached, built: steps.length - cached } }
}

/**
 * Whether a target's builds (builder, then production) run at once. Not when one pushes by digest as
 * it builds (a buildx container builder): then the production image leaves only after the builder
 * built, as it always did.
 */
export function buildTogether(requests: Array<Pick<BuildRequest, 'pushByDigest'>>): boolean {
  return requests.length > 1 && !requests.some(request => request.pushByDigest)
}

/**
 * `result` with the steps of `stage` that only the other builds reported (each step once, by its
 * position): a build that joined BuildKit's work on a shared step may be the one it reported to.
 */
export function withStepsSeenBy(result: BuildResult, others: BuildResult[], stage: string): BuildResult {
  const seen = new Set(result.steps.map(step => `${step.stage} ${step.position}`))
  const missing = others
    .flatMap(other => other.steps)
    .filter(step => step.stage === stage && !seen.has(`${step.stage} ${step.position}`))
    .filter((step, index, all) => all.findIndex(same => same.position === step.position) === index)
  if (missing.length === 0) return result
  const steps = [...result.steps, ...missing]
  const cached = steps.filter(step => step.cached).length
  return { ...result, steps, stats: { total: steps.length, cached, built: steps.length - cached } }
}

/** Writes build secrets to private files for `--secret id=…,src=…`; returns their directory. */
function writeSecretFiles(secrets: SecretFile[]): string | undefined {
  if (secrets.length === 0) return undefined
  const dir = mkdtempSync(join(process.env.RUNNER_TEMP ?? tmpdir(), 'build-secrets-'))
  for (const secret of secrets) writeFileSync(join(dir, secret.file), secret.value, { mode: 0o600 })
  return dir
}

/** Platform mode: the production image of each platform (its labelled build), as the builds left it. */
export function platformImagesOf(plan: BuildPlan, results: StageResult[]): PlatformImage[] {
  const production = plan.builds.find(build => build.labelled)?.stage
  return results
    .filter(({ stage, platform }) => platform && stage === production)
    .map(({ platform, result }) => ({
      platform: platform as string,
      imageId: result.imageId,
      pushedDigest: result.pushedDigest
    }))
}

/** The builder references of the builds that ran steps (not all from cache): new layers, to push. */
export function rebuiltBuilderTags(plan: BuildPlan, results: StageResult[]): string[] {
  const builder = plan.stages.builder
  if (!builder) return []
  return results
    .filter(({ stage, result }) => stage === builder && result.stats.built > 0)
    .flatMap(({ platform }) =>
      plan.builds
        .filter(build => build.stage === builder && build.platform === platform)
        .flatMap(build => build.tags)
    )
}

/**
 * Builds the plan's stages in order (builder, then production) and stops at the first that fails:
 * nothing has been pushed then. The secret files and image ID files are removed whatever happens.
 */
export async function buildStages(
  frontend: DockerBuilder,
  plan: BuildPlan,
  facts: Pick<BuildFacts, 'cacheFrom' | 'labels'>,
  out: BuildLog
): Promise<StageResult[]> {
  const secretsDir = writeSecretFiles(plan.secretFiles)
  const workDir = mkdtempSync(join(tmpdir(), 'build-with-cache-'))
  const results: StageResult[] = []
  const record = (stage: string, platform: string | undefined, built: BuildResult): void => {
    // The production build walks the builder's steps again (all cache hits, or shared with the
    // builder's own build): count each Dockerfile step once, in the build that made it.
    const builder = plan.stages.builder
    const result = stage === builder || !builder ? built : withoutStage(built, builder)
    results.push(platform ? { stage, platform, result } : { stage, result })
    if (!result.ok) {
      const where = platform ? ` for ${platform}` : ''
      // A buildx container builder pushes each platform by digest as it builds: those stay untagged.
      const pushed = results.some(({ result: earlier }) => earlier.pushedDigest)
      const nothing = pushed ? 'nothing was tagged' : 'nothing was pushed'
      throw new UserError(`The ${stage} build${where} failed; ${nothing}.\n${result.error}`)
    }
  }
  const build = async (requests: ReturnType<typeof stageRequests>): Promise<void> => {
    const titled = requests.map(({ stage, platform, request }) => ({
      stage,
      platform,
      request,
      title: `Build ${stage}${platform ? ` for ${platform}` : ''}${request.target ? ` (--target ${request.target})` : ''}`
    }))
    if (!buildTogether(requests.map(({ request }) => request))) {
      for (const { stage, platform, request, title } of titled)
        record(stage, platform, await out.group(title, () => runBuild(frontend, request, out.log)))
      return
    }
    // The builds after the first start once BuildKit has begun the first one's steps: it then runs
    // the steps they share once, for both, and reports them to the first build (the one that counts
    // them). Their output is kept for their own groups. They do not start if the first one failed.
    let firstFailed = false
    let release = (): void => undefined
    const started = new Promise<void>(resolve => (release = resolve))
    const [first, ...rest] = titled
    const firstRun = out
      .group(first.title, () => runBuild(frontend, first.request, out.log, { onStep: release }))
      .then(
        result => {
          firstFailed = !result.ok
          release()
          return result
        },
        (error: unknown) => {
          firstFailed = true
          release()
          throw error
        }
      )
    const later = rest.map(({ request }) => {
      const lines: string[] = []
      const keep = (line: string): number => lines.push(untrustedText(line, 4000))
      const running = started.then(() =>
        firstFailed ? undefined : runBuild(frontend, request, keep, { output: keep })
      )
      running.catch(() => undefined) // awaited below; a failure is reported there
      return { lines, running }
    })
    try {
      const firstResult = await firstRun
      if (!firstResult.ok) record(first.stage, first.platform, firstResult) // throws
      const laterResults: BuildResult[] = []
      for (const [index, { title }] of rest.entries()) {
        laterResults.push(
          await out.group(title, async () => {
            const result = (await later[index].running) as BuildResult
            for (const line of later[index].lines) out.log(line)
            return result
          })
        )
      }
      const builder = plan.stages.builder
      record(
        first.stage,
        first.platform,
        builder ? withStepsSeenBy(firstResult, laterResults, builder) : firstResult
      )
      for (const [index, { stage, platform }] of rest.entries()) record(stage, platform, laterResults[index])
    } finally {
      // A failed build ends the step only once the builds beside it have ended too.
      await Promise.allSettled(later.map(({ running }) => running))
    }
  }
  try {
    if (!plan.platformTargets) await build(stageRequests(plan, { ...facts, workDir, secretsDir }))
    // One platform after the other: the engine keeps one image per name, so each platform's cache
    // and base images are pulled just before its builds.
    for (const target of plan.platformTargets ?? []) {
      const cacheFrom = await pullImages(frontend.docker, plan, target.cacheFrom, out, target.platform)
      await build(stageRequests(plan, { ...facts, cacheFrom, workDir, secretsDir }, target))
    }
    return results
  } finally {
    if (secretsDir) rmSync(secretsDir, { recursive: true, force: true })
    rmSync(workDir, { recursive: true, force: true })
  }
}
