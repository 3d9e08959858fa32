import * as core from '@actions/core'
import { context as githubContext } from '@actions/github'
import { getChoice, getList, getOptional, parseKeyValueLines } from './inputs.js'
import { type BuildContext, buildContextFromGitHub } from './git/context.js'
import { listGitTags } from './git/tags.js'
import { lowercaseImageName, parseImageName } from './image/reference.js'
import {
  TAG_PRESETS,
  type TagOptions,
  type TagPlan,
  computeTagPlan,
  parseTimestampInput
} from './image/tags.js'

/**
 * The tag inputs shared by compute-tags and every action that computes tags itself when used alone
 * (build-with-cache): `images`, `preset`, `tags`, `default-branch`, `branch`, `sha`, `timestamp`,
 * `latest`, `labels`, `title`.
 */
export interface TagInputs {
  images: string[]
  preset: TagOptions['preset']
  templates: string[]
  defaultBranch?: string
  branch?: string
  sha?: string
  timestamp?: string
  latest: TagOptions['latest']
  labels: string
  title?: string
}

export function getTagInputs(): TagInputs {
  return {
    images: getList('images'),
    preset: getChoice('preset', TAG_PRESETS, 'branch-cache'),
    templates: getList('tags', { comma: false }),
    defaultBranch: getOptional('default-branch'),
    branch: getOptional('branch'),
    sha: getOptional('sha'),
    timestamp: getOptional('timestamp'),
    latest: getChoice('latest', ['auto', 'true', 'false'] as const, 'auto'),
    labels: core.getInput('labels'),
    title: getOptional('title')
  }
}

/** Reads the build context from the runner's environment, applying the overriding inputs. */
export function getBuildContext(
  inputs: Pick<TagInputs, 'defaultBranch' | 'branch' | 'sha'>,
  env = process.env
): BuildContext {
  return buildContextFromGitHub(githubContext, env, inputs)
}

/** Validates every input, then computes the plan; nothing else runs before validation passed. */
export async function resolveTagPlan(
  inputs: TagInputs,
  ctx: BuildContext,
  now = new Date()
): Promise<TagPlan> {
  const images = inputs.images.map(name => {
    const lowered = lowercaseImageName(name)
    if (lowered !== name.trim())
      core.notice(
        `Image "${name.trim()}" is written as "${lowered}": registries accept only lowercase repository names.`
      )
    return parseImageName(lowered)
  })
  const extraLabels = parseKeyValueLines(inputs.labels, 'Input "labels"')
  const when = inputs.timestamp ? parseTimestampInput(inputs.timestamp) : now
  const knownVersions = ctx.gitTag && !ctx.rebuild ? await releaseHistory() : []
  return computeTagPlan(ctx, {
    preset: inputs.preset,
    images,
    templates: inputs.templates,
    now: when,
    latest: inputs.latest,
    knownVersions,
    extraLabels,
    title: inputs.title
  })
}

/** The repository's tags for a release build, with a log line saying where they came from. */
async function releaseHistory(): Promise<string[]> {
  const known = await listGitTags()
  if (known.originError)
    core.warning(
      `Could not list the tags of the origin remote (${known.originError}); latest, <major> and <major>.<minor> are judged from the ${known.tags.length} tag(s) of the checkout. Check out with fetch-tags or give the job read access to the repository.`
    )
  core.info(`release history: ${known.tags.length} git tag(s) from ${known.sources.join(' + ') || 'nowhere'}`)
  return known.tags
}
