import type { TagPlan } from '../../lib/image/tags.js'

/** The public outputs of compute-tags (names are the contract users write in workflows). */
export function tagPlanOutputs(plan: TagPlan): Record<string, string | string[] | boolean | object> {
  const labels = Object.entries(plan.labels).map(([key, value]) => `${key}=${value}`)
  return {
    'production-tags': plan.productionTags,
    'immutable-tags': plan.immutableTags,
    'floating-tags': plan.floatingTags,
    'builder-tags': plan.builderTags,
    'cache-from': plan.cacheFrom,
    'unique-tag': plan.tags.unique,
    'unique-refs': plan.uniqueRefs,
    labels,
    'version-json': plan.versionJson,
    'push-allowed': plan.pushAllowed,
    'is-fork': plan.isFork,
    json: plan
  }
}
