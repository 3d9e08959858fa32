import semver from 'semver'
import { UserError } from '../errors.js'
import { type BuildContext, repositoryUrl, runUrl } from '../git/context.js'
import { type ImageReference, familiarName, isValidTag, withTag } from './reference.js'
import { joinTag, sanitizeTagComponent } from './sanitize.js'

export type TagPreset = 'branch-cache' | 'sha-latest'
export const TAG_PRESETS: readonly TagPreset[] = ['branch-cache', 'sha-latest']

export interface TagOptions {
  preset: TagPreset
  /** Image names without tags; every tag is qualified for each of them. */
  images: ImageReference[]
  /** Extra tag templates, e.g. `{{branch}}-{{sha7}}` (see TEMPLATE_VARIABLES). */
  templates: string[]
  /** Build time; fixed by tests and by the `timestamp` input for reproducible tags. */
  now: Date
  /** `auto`: latest on the default branch (sha-latest) or for the highest semver release. */
  latest: 'auto' | 'true' | 'false'
  /** Released versions already known (git tags), to decide whether a release is the highest. */
  knownVersions: string[]
  /** Extra `key=value` labels from the user, merged over the computed OCI labels. */
  extraLabels: Map<string, string>
  title?: string
}

export interface VersionJson {
  source: string
  version: string
  commit: string
  build: string
}

/** Everything the pipeline needs, as bare tags and as fully qualified references. */
export interface TagPlan {
  preset: TagPreset
  branch?: string
  branchTag?: string
  defaultBranchTag: string
  version?: string
  timestamp: string
  /** Bare tags. */
  tags: { production: string[]; builder: string[]; unique: string; cacheFrom: string[] }
  /** Fully qualified references (every image x every tag; cache-from on the first image only). */
  productionTags: string[]
  builderTags: string[]
  cacheFrom: string[]
  uniqueRefs: string[]
  labels: Record<string, string>
  versionJson: VersionJson
  /** False for fork pull requests: they build but never push and never get credentials. */
  pushAllowed: boolean
  isFork: boolean
  eventKind: 'push' | 'pull_request' | 'tag'
}

/** The template vocabulary, documented in the README; anything else in `{{ }}` is an error. */
export const TEMPLATE_VARIABLES = [
  'branch',
  'default_branch',
  'sha',
  'sha7',
  'pr',
  'timestamp',
  'date',
  'version',
  'run_number',
  'event'
] as const
type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number]

/** `YYYYmmddHHMMSS` in UTC. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14)
}

/** Parses the `timestamp` input: `YYYYmmddHHMMSS`, ISO 8601, or seconds since the epoch. */
export function parseTimestampInput(value: string): Date {
  const text = value.trim()
  let date: Date
  if (/^\d{14}$/.test(text)) {
    const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(8, 10)}:${text.slice(10, 12)}:${text.slice(12, 14)}Z`
    date = new Date(iso)
  } else if (/^\d{1,12}$/.test(text)) {
    date = new Date(Number(text) * 1000)
  } else {
    date = new Date(text)
  }
  if (Number.isNaN(date.getTime())) {
    throw new UserError(
      `Input "timestamp" must be YYYYmmddHHMMSS, ISO 8601 or epoch seconds; got "${value}".`
    )
  }
  return date
}

interface ReleaseTags {
  version: string
  tags: string[]
}

/** `v1.2.3` -> 1.2.3, 1.2, 1 (+ latest when it is the highest release); prereleases get only their own tag. */
export function releaseTags(
  gitTag: string,
  knownVersions: string[],
  latest: TagOptions['latest']
): ReleaseTags | undefined {
  const parsed = semver.parse(gitTag.replace(/^v/i, ''))
  if (!parsed) return undefined
  const version = parsed.version.replace(/\+.*$/, '')
  const tags = [sanitizeTagComponent(version)]
  if (parsed.prerelease.length === 0) {
    tags.push(`${parsed.major}.${parsed.minor}`)
    if (parsed.major > 0) tags.push(`${parsed.major}`)
    const others = knownVersions
      .map(v => semver.parse(v.replace(/^v/i, '')))
      .filter(v => v && v.prerelease.length === 0)
    const highest = others.every(other => semver.gte(parsed, other as semver.SemVer))
    if (latest === 'true' || (latest === 'auto' && highest)) tags.push('latest')
  } else if (latest === 'true') {
    tags.push('latest')
  }
  return { version, tags }
}

function templateValues(
  ctx: BuildContext,
  plan: { branchTag?: string; defaultBranchTag: string; timestamp: string; version?: string }
): Record<TemplateVariable, string | undefined> {
  return {
    branch: plan.branchTag,
    default_branch: plan.defaultBranchTag,
    sha: ctx.sha,
    sha7: ctx.sha.slice(0, 7),
    pr: ctx.pullRequest ? String(ctx.pullRequest.number) : undefined,
    timestamp: plan.timestamp,
    date: plan.timestamp.slice(0, 8),
    version: plan.version,
    run_number: ctx.runNumber !== undefined ? String(ctx.runNumber) : undefined,
    event: ctx.eventName
  }
}

/**
 * Expands a user template such as `{{branch}}-{{sha7}}`. A variable that has no value for this event
 * (e.g. `{{pr}}` on a push) drops the whole template, so one list of templates serves every event.
 */
export function expandTemplate(
  template: string,
  values: Record<TemplateVariable, string | undefined>
): string | undefined {
  let missing = false
  const expanded = template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_match, name: string) => {
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) {
      throw new UserError(
        `Unknown variable {{${name}}} in tag template "${template}". Known: ${TEMPLATE_VARIABLES.map(v => `{{${v}}}`).join(', ')}.`
      )
    }
    const value = values[name as TemplateVariable]
    if (value === undefined) missing = true
    return value ?? ''
  })
  if (missing) return undefined
  const tag = sanitizeTagComponent(expanded, 128)
  if (!isValidTag(tag))
    throw new UserError(`Tag template "${template}" produced "${expanded}", which is not a valid tag.`)
  return tag
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)]
}

function qualify(images: ImageReference[], tags: string[]): string[] {
  return images.flatMap(image => tags.map(tag => withTag(image, tag)))
}

/** Computes every tag, label and the version.json content for one build. Pure: no I/O. */
export function computeTagPlan(ctx: BuildContext, options: TagOptions): TagPlan {
  if (options.images.length === 0) {
    throw new UserError('Input "images" is empty. Give at least one image name, e.g. ghcr.io/acme/app.')
  }
  const timestamp = formatTimestamp(options.now)
  const sha7 = ctx.sha.slice(0, 7)
  const defaultBranchTag = sanitizeTagComponent(ctx.defaultBranch)
  const branchTag = ctx.branch !== undefined ? sanitizeTagComponent(ctx.branch) : undefined
  const release = ctx.gitTag ? releaseTags(ctx.gitTag, options.knownVersions, options.latest) : undefined
  const gitTagTag = ctx.gitTag ? sanitizeTagComponent(ctx.gitTag) : undefined
  const eventKind = ctx.pullRequest ? 'pull_request' : ctx.gitTag ? 'tag' : 'push'
  const onDefaultBranch = eventKind === 'push' && ctx.branch === ctx.defaultBranch
  // The name this build is known by: the branch, or for tag pushes the version (or the raw tag).
  const refTag = branchTag ?? release?.version ?? (gitTagTag as string)

  const production: string[] = []
  const builder: string[] = []
  const cacheFrom: string[] = []
  let uniqueTag: string

  if (options.preset === 'branch-cache') {
    uniqueTag = ctx.pullRequest
      ? joinTag('review-pr', String(ctx.pullRequest.number), ctx.sha, timestamp)
      : joinTag('dev', ctx.sha, timestamp)
    if (release) production.push(...release.tags)
    else production.push(refTag)
    production.push(ctx.sha, uniqueTag)
    builder.push(joinTag('builder', refTag))
    cacheFrom.push(joinTag('builder', defaultBranchTag), joinTag('builder', refTag), defaultBranchTag, refTag)
  } else {
    uniqueTag = sha7
    if (release) production.push(...release.tags)
    production.push(sha7)
    if (!release && (options.latest === 'true' || (options.latest === 'auto' && onDefaultBranch)))
      production.push('latest')
    builder.push(joinTag('builder', sha7))
    if (onDefaultBranch) builder.push('builder-latest')
    cacheFrom.push('builder-latest', 'latest')
  }

  const values = templateValues(ctx, { branchTag, defaultBranchTag, timestamp, version: release?.version })
  for (const template of options.templates) {
    const tag = expandTemplate(template, values)
    if (tag) production.push(tag)
  }

  const productionTags = unique(production)
  const builderTags = unique(builder)
  const cacheFromTags = unique(cacheFrom)
  const version = release?.version ?? uniqueTag
  const source = repositoryUrl(ctx) ?? ''
  const created = options.now.toISOString()
  const labels: Record<string, string> = {
    'org.opencontainers.image.created': created,
    'org.opencontainers.image.revision': ctx.sha,
    'org.opencontainers.image.version': release?.version ?? refTag,
    'org.opencontainers.image.title':
      options.title ?? (ctx.repository.split('/')[1] || familiarName(options.images[0]))
  }
  if (source) {
    labels['org.opencontainers.image.source'] = source
    labels['org.opencontainers.image.url'] = source
  }
  for (const [key, value] of options.extraLabels) labels[key] = value

  return {
    preset: options.preset,
    branch: ctx.branch,
    branchTag,
    defaultBranchTag,
    version: release?.version,
    timestamp,
    tags: { production: productionTags, builder: builderTags, unique: uniqueTag, cacheFrom: cacheFromTags },
    productionTags: qualify(options.images, productionTags),
    builderTags: qualify(options.images, builderTags),
    cacheFrom: qualify(options.images.slice(0, 1), cacheFromTags),
    uniqueRefs: qualify(options.images, [uniqueTag]),
    labels,
    versionJson: { source, version, commit: ctx.sha, build: runUrl(ctx) ?? '' },
    pushAllowed: !ctx.pullRequest?.isFork,
    isFork: ctx.pullRequest?.isFork ?? false,
    eventKind
  }
}
