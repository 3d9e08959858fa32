import { parseImageName } from '../../src/lib/image/reference.js'
import { type TagOptions, type TagPlan, computeTagPlan } from '../../src/lib/image/tags.js'
import { eventContextFor } from './events.js'

/** The fixed build time of the sample plans. */
export const PLAN_TIME = new Date('2026-11-24T09:08:07Z')

/** compute-tags' plan for an event fixture, at a fixed time: what the pipeline hands to the build. */
export function samplePlan(
  event = 'push-main',
  images = ['ghcr.io/acme/app'],
  options: Partial<TagOptions> = {}
): TagPlan {
  return computeTagPlan(eventContextFor(event), {
    preset: 'branch-cache',
    images: images.map(image => parseImageName(image)),
    templates: [],
    now: PLAN_TIME,
    latest: 'auto',
    knownVersions: [],
    extraLabels: new Map(),
    ...options
  })
}
