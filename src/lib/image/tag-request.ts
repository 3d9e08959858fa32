import type { EventContext } from '../git/context.js'
import { type KnownTags, listGitTags } from '../git/tags.js'
import { type ImageReference, lowercaseImageName, parseImageName } from './reference.js'
import { type TagOptions, type TagPlan, computeTagPlan, parseTimestampInput } from './tags.js'

/**
 * What a tag plan is asked for: compute-tags' settings, and build-with-cache's when it is used alone.
 * Read and validated by the action (its context.ts); this library reads no action input.
 */
export interface TagRequest {
  images: ImageReference[]
  preset: TagOptions['preset']
  templates: string[]
  /** Build time as written (YYYYmmddHHMMSS, ISO 8601 or epoch seconds); default now. */
  timestamp?: string
  latest: TagOptions['latest']
  extraLabels: Map<string, string>
  title?: string
}

/**
 * Image names as registries accept them: lower-cased (`ghcr.io/${{ github.repository }}` keeps the
 * owner's capitals), each change reported through `notice`; a name with a tag or digest is refused.
 */
export function imageNames(names: string[], notice: (message: string) => void): ImageReference[] {
  return names.map(name => {
    const lowered = lowercaseImageName(name)
    if (lowered !== name.trim())
      notice(
        `Image "${name.trim()}" is written as "${lowered}": registries accept only lowercase repository names.`
      )
    return parseImageName(lowered)
  })
}

export interface ResolveTagPlanOptions {
  log: (message: string) => void
  warn: (message: string) => void
  now?: Date
  /** The repository's git tags (a release build judges `latest`, `<major>` … from them). */
  listTags?: () => Promise<KnownTags>
}

/** The tag plan of one build: the release history is read only for a release build. */
export async function resolveTagPlan(
  request: TagRequest,
  ctx: EventContext,
  options: ResolveTagPlanOptions
): Promise<TagPlan> {
  const now = request.timestamp ? parseTimestampInput(request.timestamp) : (options.now ?? new Date())
  const knownVersions = ctx.gitTag && !ctx.rebuild ? await releaseHistory(options) : []
  return computeTagPlan(ctx, {
    preset: request.preset,
    images: request.images,
    templates: request.templates,
    now,
    latest: request.latest,
    knownVersions,
    extraLabels: request.extraLabels,
    title: request.title
  })
}

/** The repository's tags for a release build, with a log line saying where they came from. */
async function releaseHistory(options: ResolveTagPlanOptions): Promise<string[]> {
  const known = await (options.listTags ?? listGitTags)()
  if (known.originError)
    options.warn(
      `Could not list the tags of the origin remote (${known.originError}); latest, <major> and <major>.<minor> are judged from the ${known.tags.length} tag(s) of the checkout. Check out with fetch-tags or give the job read access to the repository.`
    )
  options.log(
    `release history: ${known.tags.length} git tag(s) from ${known.sources.join(' + ') || 'nowhere'}`
  )
  return known.tags
}
