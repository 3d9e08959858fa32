import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { baseImageLabels } from '../base-image/labels.js'
import { type BuildResult, runBuild } from '../docker/build.js'
import type { DockerBuilder } from '../docker/frontend.js'
import { pullBaseImages, pullCacheImages } from '../docker/pull.js'
import { UserError } from '../errors.js'
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
 * labels under the user's. Runs after any login, so private bases are pulled and resolved with it.
 */
export async function prepareBuild(
  docker: string,
  plan: BuildPlan,
  out: BuildLog
): Promise<Pick<BuildFacts, 'cacheFrom' | 'labels'>> {
  // Platform mode pulls for each platform just before its builds (see buildStages).
  const cacheFrom = plan.platformTargets ? [] : await pullImages(docker, plan, plan.cacheFrom, out)
  const base = await baseImageLabels(plan.dockerfile, plan.baseLabelsTarget)
  out.log(base.note)
  return { cacheFrom, labels: imageLabels(plan, base.labels) }
}

/**
 * Pulls the base images and the cache images the plan pulls first, for one platform or the
 * engine's own; returns the cache refs to read. Only the refs that exist go to --cache-from: the
 * others would only print errors in the build log.
 */
async function pullImages(
  docker: string,
  plan: BuildPlan,
  cacheFrom: string[],
  out: BuildLog,
  platform?: string
): Promise<string[]> {
  const bases = plan.pullBaseImages
  const suffix = platform ? ` (${platform})` : ''
  if (bases)
    await out.group(`Pull base images${suffix}`, () => pullBaseImages(docker, bases, out.log, platform))
  return plan.pullCacheFirst
    ? await out.group(`Pull cache images${suffix}`, () =>
        pullCacheImages(docker, cacheFrom, out.log, platform)
      )
    : cacheFrom
}

/** The result without the steps of `stage` (counted in the build that made them). */
export function withoutStage(result: BuildResult, stage: string): BuildResult {
  const steps = result.steps.filter(step => step.stage !== stage)
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
  const build = async (requests: ReturnType<typeof stageRequests>): Promise<void> => {
    for (const { stage, platform, request } of requests) {
      const title = `Build ${stage}${platform ? ` for ${platform}` : ''}${request.target ? ` (--target ${request.target})` : ''}`
      const built = await out.group(title, () => runBuild(frontend, request, out.log))
      // The production build walks the builder's steps again (all cache hits of the first build):
      // count each Dockerfile step once, in the build that made it.
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
