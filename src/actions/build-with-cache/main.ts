import * as core from '@actions/core'
import { planBuild } from '../../lib/build/plan.js'
import { publishBuild } from '../../lib/build/publish.js'
import {
  type BuildLog,
  buildStages,
  platformImagesOf,
  prepareBuild,
  rebuiltBuilderTags
} from '../../lib/build/run.js'
import { detectDockerBuilder } from '../../lib/docker/frontend.js'
import { dockerLogin, dockerLogout } from '../../lib/docker/login.js'
import { resolveTagPlan } from '../../lib/image/tag-request.js'
import type { TagPlan } from '../../lib/image/tags.js'
import { setOutputs } from '../../lib/outputs.js'
import { type Inputs, getInputs } from './context.js'
import { buildOutputs } from './outputs.js'
import { attachProvenanceOf, provenanceBaseImages } from './provenance.js'
import { writeBuildSummary } from './summary.js'

const STATE_LOGOUT = 'logout'

const out: BuildLog = { log: message => core.info(message), group: (name, run) => core.group(name, run) }

/**
 * One plan per run: compute-tags' plan when handed on, so the image's version.json names the tags
 * that are published; computed here only when the action is used alone.
 */
async function tagPlanOf(inputs: Inputs): Promise<TagPlan> {
  if ('plan' in inputs.tagging) return inputs.tagging.plan
  const { request, ctx } = inputs.tagging
  return resolveTagPlan(request, ctx, { log: out.log, warn: message => core.warning(message) })
}

/** build-with-cache: plan -> log in, pull -> build builder, production joining it -> push only after both built -> provenance. */
export async function main(inputs = getInputs()): Promise<void> {
  // Independent: the tag plan may read git; the front end is asked of the docker CLI.
  const [tags, frontend] = await Promise.all([tagPlanOf(inputs), detectDockerBuilder()])
  const plan = planBuild(inputs, tags, frontend)
  for (const warning of plan.warnings) core.warning(warning)
  for (const note of plan.notes) core.info(note)

  if (plan.login) {
    await dockerLogin(frontend.docker, plan.login, out.log)
    core.saveState(STATE_LOGOUT, JSON.stringify({ docker: frontend.docker, registry: plan.login.registry }))
  }
  const facts = await prepareBuild(frontend.docker, plan, out)
  // Resolved from the registry while the engine builds; recorded only if something is pushed.
  const baseImages = provenanceBaseImages(inputs, plan)
  const results = await buildStages(frontend, plan, facts, out)
  const { builderTags, productionTags, pushBuilder, productionRepository } = plan
  const platformImages = plan.platformTargets && platformImagesOf(plan, results)
  const published = plan.push
    ? await core.group('Push', () =>
        publishBuild({
          docker: frontend.docker,
          builderTags,
          productionTags,
          pushBuilder,
          rebuiltBuilders: rebuiltBuilderTags(plan, results),
          platformImages,
          productionRepository,
          log: out.log
        })
      )
    : undefined
  if (plan.notPushed) core.info(plan.notPushed)
  const provenance = published ? await attachProvenanceOf(inputs, plan, tags, published, baseImages) : []

  const report = { frontend, plan, ...facts, versionJson: tags.versionJson, results, published, provenance }
  setOutputs(buildOutputs(report))
  await writeBuildSummary(report)
}

/** Post step: log out of the registry the main step logged in to. */
export async function post(): Promise<void> {
  const saved = core.getState(STATE_LOGOUT)
  if (!saved) return
  const { docker, registry } = JSON.parse(saved) as { docker: string; registry: string }
  await dockerLogout(docker, registry, { info: core.info, warning: core.warning })
}
