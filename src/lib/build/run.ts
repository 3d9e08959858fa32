import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { baseImageLabels } from '../base-image/labels.js'
import { type BuildResult, runBuild } from '../docker/build.js'
import type { DockerBuilder } from '../docker/frontend.js'
import { pullBaseImages, pullCacheImages } from '../docker/pull.js'
import { UserError } from '../errors.js'
import { type BuildFacts, type BuildPlan, type SecretFile, imageLabels, stageRequests } from './plan.js'

/** How the build reports: lines, and named groups of lines (core.info and core.group in an action). */
export interface BuildLog {
  log: (message: string) => void
  group: <T>(name: string, run: () => Promise<T>) => Promise<T>
}

export interface StageResult {
  stage: string
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
  const bases = plan.pullBaseImages
  if (bases) await out.group('Pull base images', () => pullBaseImages(docker, bases, out.log))
  // Only the refs that exist go to --cache-from: the others would only print errors in the build log.
  const cacheFrom = plan.pullCacheFirst
    ? await out.group('Pull cache images', () => pullCacheImages(docker, plan.cacheFrom, out.log))
    : plan.cacheFrom
  const base = await baseImageLabels(plan.dockerfile, plan.baseLabelsTarget)
  out.log(base.note)
  return { cacheFrom, labels: imageLabels(plan, base.labels) }
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
  try {
    for (const { stage, request } of stageRequests(plan, { ...facts, workDir, secretsDir })) {
      const built = await out.group(
        `Build ${stage}${request.target ? ` (--target ${request.target})` : ''}`,
        () => runBuild(frontend, request, out.log)
      )
      // The production build walks the builder's steps again (all cache hits of the first build):
      // count each Dockerfile step once, in the build that made it.
      const builder = plan.stages.builder
      const result = stage === builder || !builder ? built : withoutStage(built, builder)
      results.push({ stage, result })
      if (!result.ok) throw new UserError(`The ${stage} build failed; nothing was pushed.\n${result.error}`)
    }
    return results
  } finally {
    if (secretsDir) rmSync(secretsDir, { recursive: true, force: true })
    rmSync(workDir, { recursive: true, force: true })
  }
}
