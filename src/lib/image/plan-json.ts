import { UserError } from '../errors.js'
import { parseReference } from './reference.js'
import { TAG_PRESETS, type TagPlan } from './tags.js'

export type { TagPlan }

const EVENT_KINDS: ReadonlyArray<TagPlan['eventKind']> = ['push', 'pull_request', 'tag', 'rebuild']
const MAX_PLAN_BYTES = 1024 * 1024

type Json = Record<string, unknown>

function fail(what: string, why: string): never {
  throw new UserError(
    `${what} is not a compute-tags plan: ${why}. Pass compute-tags' \`json\` output unchanged.`
  )
}

function object(value: unknown, path: string, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(what, `${path} is not an object`)
  return value as Json
}

function string(value: unknown, path: string, what: string): string {
  if (typeof value !== 'string') fail(what, `${path} is not a string`)
  return value
}

function strings(value: unknown, path: string, what: string): string[] {
  if (!Array.isArray(value)) fail(what, `${path} is not a list`)
  return value.map((item, index) => string(item, `${path}[${index}]`, what))
}

function references(value: unknown, path: string, what: string): string[] {
  const refs = strings(value, path, what)
  for (const ref of refs) {
    const parsed = parseReference(ref)
    if (!parsed.tag || parsed.digest) fail(what, `${path} has "${ref}", which is not a tagged reference`)
  }
  return refs
}

function bool(value: unknown, path: string, what: string): boolean {
  if (typeof value !== 'boolean') fail(what, `${path} is not true or false`)
  return value
}

/**
 * Reads the plan compute-tags wrote (its `json` output), checking every field the build uses: the
 * plan crosses a process boundary as text, so a truncated or hand-edited one is an error, never a
 * half-read plan.
 */
export function parseTagPlanJson(text: string, what = 'The plan'): TagPlan {
  if (Buffer.byteLength(text) > MAX_PLAN_BYTES) fail(what, `it is larger than ${MAX_PLAN_BYTES} bytes`)
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    fail(what, `it is not JSON (${error instanceof Error ? error.message : String(error)})`)
  }
  const plan = object(raw, 'the plan', what)
  const tags = object(plan.tags, 'tags', what)
  const versionJson = object(plan.versionJson, 'versionJson', what)
  const labels = object(plan.labels, 'labels', what)
  const preset = string(plan.preset, 'preset', what)
  if (!(TAG_PRESETS as readonly string[]).includes(preset)) fail(what, `preset "${preset}" is unknown`)
  const eventKind = string(plan.eventKind, 'eventKind', what)
  if (!(EVENT_KINDS as readonly string[]).includes(eventKind))
    fail(what, `eventKind "${eventKind}" is unknown`)
  const optional = (key: string): string | undefined =>
    plan[key] === undefined ? undefined : string(plan[key], key, what)
  return {
    preset: preset as TagPlan['preset'],
    branch: optional('branch'),
    branchTag: optional('branchTag'),
    defaultBranchTag: string(plan.defaultBranchTag, 'defaultBranchTag', what),
    version: optional('version'),
    timestamp: string(plan.timestamp, 'timestamp', what),
    tags: {
      production: strings(tags.production, 'tags.production', what),
      builder: strings(tags.builder, 'tags.builder', what),
      unique: string(tags.unique, 'tags.unique', what),
      cacheFrom: strings(tags.cacheFrom, 'tags.cacheFrom', what),
      immutable: strings(tags.immutable, 'tags.immutable', what),
      floating: strings(tags.floating, 'tags.floating', what)
    },
    productionTags: references(plan.productionTags, 'productionTags', what),
    immutableTags: references(plan.immutableTags, 'immutableTags', what),
    floatingTags: references(plan.floatingTags, 'floatingTags', what),
    builderTags: references(plan.builderTags, 'builderTags', what),
    cacheFrom: references(plan.cacheFrom, 'cacheFrom', what),
    uniqueRefs: references(plan.uniqueRefs, 'uniqueRefs', what),
    labels: Object.fromEntries(
      Object.entries(labels).map(([key, value]) => [key, string(value, `labels.${key}`, what)])
    ),
    versionJson: {
      source: string(versionJson.source, 'versionJson.source', what),
      version: string(versionJson.version, 'versionJson.version', what),
      commit: string(versionJson.commit, 'versionJson.commit', what),
      build: string(versionJson.build, 'versionJson.build', what)
    },
    pushAllowed: bool(plan.pushAllowed, 'pushAllowed', what),
    isFork: bool(plan.isFork, 'isFork', what),
    eventKind: eventKind as TagPlan['eventKind']
  }
}
