import * as core from '@actions/core'
import { type EventContext, type ContextOverrides, eventContextFromGitHub } from '../../lib/git/context.js'
import { type TagRequest, imageNames } from '../../lib/image/tag-request.js'
import { TAG_PRESETS } from '../../lib/image/tags.js'
import { getChoice, getList, getOptional, parseKeyValueLines } from '../../lib/inputs.js'
import { UserError } from '../../lib/errors.js'
import { runnerContext } from '../../lib/git/runner-context.js'

export interface Inputs {
  request: TagRequest
  /** The event being built, with the `default-branch`, `branch` and `sha` inputs applied. */
  ctx: EventContext
}

/**
 * The tag inputs as written, shared with build-with-cache (which computes tags itself when used
 * alone): `images`, `preset`, the templates (`tags` here, `tag-templates` there), `default-branch`,
 * `branch`, `sha`, `timestamp`, `latest`, `title`. `labels` is read by each action.
 */
export interface TagInputs {
  images: string[]
  preset: TagRequest['preset']
  templates: string[]
  overrides: ContextOverrides
  timestamp?: string
  latest: TagRequest['latest']
  title?: string
}

export function getTagInputs(templates: 'tags' | 'tag-templates'): TagInputs {
  return {
    images: getList('images'),
    preset: getChoice('preset', TAG_PRESETS),
    templates: getList(templates, { comma: false }),
    overrides: {
      defaultBranch: getOptional('default-branch'),
      branch: getOptional('branch'),
      sha: getOptional('sha')
    },
    timestamp: getOptional('timestamp'),
    latest: getChoice('latest', ['auto', 'true', 'false'] as const),
    title: getOptional('title')
  }
}

/** The event being built: the runner's context and payload, with the overriding inputs applied. */
export function getEventContext(
  inputs: Pick<TagInputs, 'overrides'>,
  github = runnerContext()
): EventContext {
  return eventContextFromGitHub(github, process.env, inputs.overrides)
}

/** Lower-cases image names (registries accept no capitals), with a notice for each one changed. */
export function getImageNames(inputs: Pick<TagInputs, 'images'>): TagRequest['images'] {
  return imageNames(inputs.images, message => core.notice(message))
}

export function tagRequest(
  inputs: TagInputs,
  images: TagRequest['images'],
  extraLabels: Map<string, string>
): TagRequest {
  const { preset, templates, timestamp, latest, title } = inputs
  return { images, preset, templates, timestamp, latest, extraLabels, title }
}

/** Every input is validated (event, image names, labels, in this order) before anything is computed. */
/**
 * `tag-templates`, or its former name `tags` (the same word meant references elsewhere): the old name
 * keeps working, with a warning; both at once is an error.
 */
export function templatesInput(): 'tags' | 'tag-templates' {
  const old = core.getInput('tags').trim()
  if (old === '') return 'tag-templates'
  if (core.getInput('tag-templates').trim() !== '')
    throw new UserError(
      'Inputs "tags" and "tag-templates" are one input, renamed: give only "tag-templates".'
    )
  core.warning('Input "tags" is now called "tag-templates"; the old name still works for now.')
  return 'tags'
}

export function getInputs(): Inputs {
  const inputs = getTagInputs(templatesInput())
  const ctx = getEventContext(inputs)
  const images = getImageNames(inputs)
  const labels = parseKeyValueLines(core.getInput('labels'), 'Input "labels"')
  return { ctx, request: tagRequest(inputs, images, labels) }
}
