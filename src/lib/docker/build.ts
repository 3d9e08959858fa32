import { readFileSync } from 'node:fs'
import { UserError } from '../errors.js'
import { runCommand } from '../exec.js'
import { isValidDigest } from '../image/reference.js'
import { type BuildRequest, getBuildArgs } from './build-args.js'
import type { DockerBuilder } from './frontend.js'
import { type CacheStats, ProgressParser, type StepRecord } from './progress.js'

export interface BuildResult {
  ok: boolean
  stats: CacheStats
  steps: StepRecord[]
  seconds: number
  imageId?: string
  /** With `pushByDigest`: the manifest digest buildx pushed (its metadata file's `containerimage.digest`). */
  pushedDigest?: string
  /** What went wrong, from BuildKit's own output (empty when ok). */
  error: string
}

export interface RunBuildOptions {
  /**
   * The progress goes here instead of the log, line by line (the command line is not echoed): a
   * build running beside another prints its lines after the other's.
   */
  output?: (line: string) => void
  /** Called once, when BuildKit reports the first Dockerfile step (the solve has begun). */
  onStep?: () => void
}

/** Runs one build, streaming BuildKit's progress to the log and counting cached steps as they finish. */
export async function runBuild(
  frontend: DockerBuilder,
  request: BuildRequest,
  log: (message: string) => void,
  options: RunBuildOptions = {}
): Promise<BuildResult> {
  const { output } = options
  let { onStep } = options
  const args = getBuildArgs(frontend, request)
  const parser = new ProgressParser()
  const started = Date.now()
  const result = await runCommand(frontend.docker, args, {
    env: frontend.kind === 'buildkit' ? { DOCKER_BUILDKIT: '1' } : undefined,
    silent: output !== undefined,
    onLine: line => {
      parser.push(line)
      output?.(line)
      if (onStep && parser.records().length > 0) {
        onStep()
        onStep = undefined
      }
    }
  })
  const seconds = (Date.now() - started) / 1000
  const stats = parser.stats()
  log(`steps: ${stats.total}, cached: ${stats.cached}, built: ${stats.built} (${seconds.toFixed(1)} s)`)
  let imageId: string | undefined
  if (result.exitCode === 0 && request.iidFile) imageId = readFileSync(request.iidFile, 'utf8').trim()
  const pushedDigest =
    result.exitCode === 0 && request.pushByDigest
      ? metadataDigest(readFileSync(request.pushByDigest.metadataFile, 'utf8'))
      : undefined
  const failed = parser.failedStep()
  const error =
    result.exitCode === 0
      ? ''
      : [
          failed
            ? `step [${failed.stage} ${failed.position}] ${failed.instruction} failed: ${failed.error}`
            : '',
          ...parser.errorLines.slice(-12)
        ]
          .filter(Boolean)
          .join('\n') || result.stderr.trim().split('\n').slice(-8).join('\n')
  return { ok: result.exitCode === 0, stats, steps: parser.records(), seconds, imageId, pushedDigest, error }
}

/** `containerimage.digest` of buildx's metadata file; an error when it names none. */
export function metadataDigest(text: string): string {
  let digest: unknown
  try {
    digest = (JSON.parse(text) as Record<string, unknown>)['containerimage.digest']
  } catch {
    // reported below
  }
  if (typeof digest !== 'string' || !isValidDigest(digest))
    throw new UserError('buildx pushed the image but its metadata file names no containerimage.digest.')
  return digest
}
