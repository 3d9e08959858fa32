import * as core from '@actions/core'
import type { BuildPlan } from '../../lib/build/plan.js'
import type { Published } from '../../lib/build/publish.js'
import { baseImagesOf } from '../../lib/docker/pull.js'
import type { TagPlan } from '../../lib/image/tags.js'
import {
  type AttachedProvenance,
  attachBuildProvenance,
  githubBuildFactsFromEnv,
  resolveBaseImages
} from '../../lib/provenance/index.js'
import type { Inputs } from './context.js'

/** The images a push wrote: one per platform in platform mode, else the first repository's production image. */
function pushedImages(
  plan: BuildPlan,
  published: Published
): Array<{ repository: string; digest: string; platform?: string }> {
  if (published.platformDigests && plan.productionRepository) {
    const repository = plan.productionRepository
    return published.platformDigests.map(({ platform, digest }) => ({ repository, digest, platform }))
  }
  return published.digest && plan.productionTags[0]
    ? [{ repository: plan.productionTags[0], digest: published.digest }]
    : []
}

/** The base images of the built stages, with their digests; an undefined production stage is the last one. */
export type BaseImages = Array<{ reference: string; digest: string }>

/**
 * Starts resolving the digests of the built stages' base images, when provenance will be attached to
 * a push (the registry answers while the engine builds); undefined otherwise. Never rejects: an
 * unresolved base is logged and left out.
 */
export function provenanceBaseImages(
  inputs: Pick<Inputs, 'provenance'>,
  plan: BuildPlan
): Promise<BaseImages> | undefined {
  if (!inputs.provenance || !plan.push) return undefined
  const built = plan.stages.builder ? [plan.stages.builder, plan.stages.production] : [plan.stages.production]
  return resolveBaseImages(baseImagesOf(plan.dockerfile, built), undefined, message => core.info(message))
}

/**
 * Attaches the SLSA provenance of what was pushed, by digest (issue 16): the Dockerfile, stages,
 * non-secret build args, base image digests, source commit and the workflow run. Build secrets and
 * the registry password are handed over only so that a build arg containing one is left out.
 */
export async function attachProvenanceOf(
  inputs: Inputs,
  plan: BuildPlan,
  tags: TagPlan,
  published: Published,
  resolvedBases = provenanceBaseImages(inputs, plan)
): Promise<AttachedProvenance[]> {
  const images = pushedImages(plan, published)
  if (!inputs.provenance || images.length === 0) return []
  const targets = [plan.stages.builder, plan.stages.production].filter((s): s is string => Boolean(s))
  return core.group('Provenance', async () => {
    const log = (message: string): void => core.info(message)
    const baseImages = (await resolvedBases) ?? []
    return attachBuildProvenance({
      images,
      facts: {
        dockerfile: plan.file,
        context: plan.context,
        targets,
        buildArgs: plan.buildArgs,
        secretValues: [...inputs.secrets.values(), ...(plan.login ? [plan.login.password] : [])],
        baseImages,
        ...githubBuildFactsFromEnv(process.env, tags.versionJson.commit)
      },
      attest: inputs.attest ? { token: inputs.githubToken } : undefined,
      log,
      warn: message => core.warning(message)
    })
  })
}
