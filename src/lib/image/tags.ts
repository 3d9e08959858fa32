import semver from 'semver'
import { UserError } from '../errors.js'
import { type EventContext, repositoryUrl, runUrl } from '../git/context.js'
import { type ImageReference, familiarName, isValidTag, withTag } from './reference.js'
import { branchTag as branchTagFor, joinTag, sanitizeTagComponent } from './sanitize.js'
import { unique } from '../unique.js'

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
  /**
   * `auto`: latest for the highest release (and, with sha-latest, on the default branch); `true`: on
   * every build that is not a pull request or a rebuild; `false`: never.
   */
  latest: 'auto' | 'true' | 'false'
  /** The repository's release tags (git tags), to decide which lines a release is the highest of. */
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

/**
 * Everything the pipeline needs, as bare tags and as fully qualified references. Production tags are
 * either immutable (the unique build tag, an exact release: written once, never moved to another
 * digest) or floating (branch, commit, `latest`, `<major>`, `<major>.<minor>`: moved by every gated
 * build).
 */
export interface TagPlan {
  preset: TagPreset
  branch?: string
  branchTag?: string
  defaultBranchTag: string
  version?: string
  timestamp: string
  /** Bare tags. */
  tags: {
    production: string[]
    builder: string[]
    unique: string
    cacheFrom: string[]
    immutable: string[]
    floating: string[]
  }
  /** Fully qualified references (every image x every tag; cache-from on the first image only). */
  productionTags: string[]
  immutableTags: string[]
  floatingTags: string[]
  builderTags: string[]
  cacheFrom: string[]
  uniqueRefs: string[]
  labels: Record<string, string>
  versionJson: VersionJson
  /** False for fork pull requests: they build but never push and never get credentials. */
  pushAllowed: boolean
  isFork: boolean
  /** `rebuild`: an earlier commit built again (the `sha` input differs from the event's commit). */
  eventKind: 'push' | 'pull_request' | 'tag' | 'rebuild'
}

/** The template vocabulary, documented in actions/compute-tags/README.md; anything else in `{{ }}` is an error. */
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

function stableVersions(versions: string[]): semver.SemVer[] {
  return versions
    .map(v => semver.parse(v.replace(/^v/i, '')))
    .filter((v): v is semver.SemVer => v !== null && v.prerelease.length === 0)
}

/**
 * `v1.2.3` -> `1.2.3`, plus `1.2` when it is the highest release of 1.2.x, `1` when it is the highest of
 * 1.x, and `latest` when it is the highest of all (`latest: auto`), judged against `knownVersions`: a
 * backport `v1.0.1` pushed after `v2.0.0` moves `1.0` (and `1` if it leads 1.x) and leaves `latest`
 * alone. Prereleases get only their own tag. Build metadata (`+build.5`) is dropped.
 */
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
    const known = stableVersions(knownVersions)
    const leads = (line: (v: semver.SemVer) => boolean): boolean =>
      known.filter(line).every(other => semver.gte(parsed, other))
    if (leads(v => v.major === parsed.major && v.minor === parsed.minor))
      tags.push(`${parsed.major}.${parsed.minor}`)
    if (parsed.major > 0 && leads(v => v.major === parsed.major)) tags.push(`${parsed.major}`)
    if (latest === 'true' || (latest === 'auto' && leads(() => true))) tags.push('latest')
  } else if (latest === 'true') {
    tags.push('latest')
  }
  return { version, tags }
}

function templateValues(
  ctx: EventContext,
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

function qualify(images: ImageReference[], tags: string[]): string[] {
  return images.flatMap(image => tags.map(tag => withTag(image, tag)))
}

/** Computes every tag, label and the version.json content for one build. Pure: no I/O. */
export function computeTagPlan(ctx: EventContext, options: TagOptions): TagPlan {
  if (options.images.length === 0) {
    throw new UserError('Input "images" is empty. Give at least one image name, e.g. ghcr.io/acme/app.')
  }
  const timestamp = formatTimestamp(options.now)
  const sha7 = ctx.sha.slice(0, 7)
  const defaultBranchTag = sanitizeTagComponent(ctx.defaultBranch)
  const isDefaultBranch = ctx.branch === ctx.defaultBranch && !ctx.pullRequest?.isFork
  const branchTag =
    ctx.branch !== undefined ? branchTagFor(ctx.branch, defaultBranchTag, isDefaultBranch) : undefined
  const rebuild = ctx.rebuild === true
  const release =
    ctx.gitTag && !rebuild ? releaseTags(ctx.gitTag, options.knownVersions, options.latest) : undefined
  const gitTagTag = ctx.gitTag ? sanitizeTagComponent(ctx.gitTag) : undefined
  const eventKind = rebuild ? 'rebuild' : ctx.pullRequest ? 'pull_request' : ctx.gitTag ? 'tag' : 'push'
  const onDefaultBranch = eventKind === 'push' && ctx.branch === ctx.defaultBranch
  // `latest: true` tags every build that is meant to be deployed: not pull requests, not rebuilds.
  const latestAlways = options.latest === 'true' && (eventKind === 'push' || eventKind === 'tag')
  // The name this build is known by: the branch, or for tag pushes the version (or the raw tag).
  const refTag = branchTag ?? release?.version ?? (gitTagTag as string)

  const production: string[] = []
  const builder: string[] = []
  const cacheFrom: string[] = []
  const immutable: string[] = []
  let uniqueTag: string

  if (options.preset === 'branch-cache') {
    uniqueTag = ctx.pullRequest
      ? joinTag('review-pr', String(ctx.pullRequest.number), ctx.sha, timestamp)
      : joinTag('dev', ctx.sha, timestamp)
    immutable.push(uniqueTag)
    // A rebuild of an earlier commit gets its commit and unique tags only: the branch, release and
    // latest tags (and the builder cache) stay on what the branch's head built.
    if (rebuild) production.push(ctx.sha, uniqueTag)
    else {
      if (release) production.push(...release.tags)
      else production.push(refTag)
      if (latestAlways) production.push('latest')
      production.push(ctx.sha, uniqueTag)
      builder.push(joinTag('builder', refTag))
    }
    cacheFrom.push(joinTag('builder', defaultBranchTag), joinTag('builder', refTag), defaultBranchTag, refTag)
  } else {
    uniqueTag = sha7
    if (release) production.push(...release.tags)
    production.push(sha7)
    if (!release && (latestAlways || (options.latest === 'auto' && onDefaultBranch)))
      production.push('latest')
    if (!rebuild) builder.push(joinTag('builder', sha7))
    if (onDefaultBranch) builder.push('builder-latest')
    cacheFrom.push('builder-latest', 'latest')
  }
  if (release) immutable.push(sanitizeTagComponent(release.version))

  const values = templateValues(ctx, { branchTag, defaultBranchTag, timestamp, version: release?.version })
  for (const template of options.templates) {
    const tag = expandTemplate(template, values)
    if (!tag) continue
    production.push(tag)
    // A tag that carries the build time names one build; every other template names a moving thing.
    if (/\{\{\s*timestamp\s*\}\}/.test(template)) immutable.push(tag)
  }

  const productionTags = unique(production)
  const immutableTags = productionTags.filter(tag => immutable.includes(tag))
  const floatingTags = productionTags.filter(tag => !immutable.includes(tag))
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
    tags: {
      production: productionTags,
      builder: builderTags,
      unique: uniqueTag,
      cacheFrom: cacheFromTags,
      immutable: immutableTags,
      floating: floatingTags
    },
    productionTags: qualify(options.images, productionTags),
    immutableTags: qualify(options.images, immutableTags),
    floatingTags: qualify(options.images, floatingTags),
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
