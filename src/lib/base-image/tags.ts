import { UserError } from '../errors.js'
import { TagListSchema } from '../oci/schemas.js'
import type { Repository } from '../registry/index.js'
import { readJson } from '../registry/limits.js'
import { untrustedText } from '../untrusted-text.js'

/*
 * A repository's tags, all pages of them: GET /v2/<name>/tags/list?n=… and the `Link: <…>; rel="next"`
 * the registry sends while there are more (the distribution spec's pagination; `last` carries on).
 * Capped, since a registry decides how many tags and pages there are.
 */

export interface ListTagsOptions {
  /** Tags asked for per page. */
  pageSize?: number
  /** The most tags read; more is refused (a base repository with more tags than this is unusual). */
  maxTags?: number
}

export const DEFAULT_PAGE_SIZE = 1000
export const DEFAULT_MAX_TAGS = 10_000

/**
 * The next page's path from a Link header, or undefined. It must stay on this repository's tag list
 * (same origin, same path): a registry does not get to send the client, and its credential, elsewhere.
 */
export function nextPage(link: string | null, baseUrl: string, listPath: string): string | undefined {
  if (!link) return undefined
  for (const part of link.split(',')) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part)
    if (!match || !/\brel="?next"?/i.test(match[2])) continue
    const url = new URL(match[1], baseUrl)
    if (url.origin !== new URL(baseUrl).origin || url.pathname !== listPath)
      throw new UserError(
        `The registry's next page of tags is elsewhere (${untrustedText(url.origin + url.pathname, 200)}); refusing to follow it.`
      )
    return `${url.pathname}${url.search}`
  }
  return undefined
}

/** Every tag of the repository, page by page; [] when the repository does not exist. */
export async function listAllTags(repository: Repository, options: ListTagsOptions = {}): Promise<string[]> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE
  const maxTags = options.maxTags ?? DEFAULT_MAX_TAGS
  const { client } = repository
  const listPath = `/v2/${repository.repository}/tags/list`
  const tags: string[] = []
  const seen = new Set<string>()
  for (let path: string | undefined = `${listPath}?n=${pageSize}`; path;) {
    if (seen.has(path)) break // a registry that links a page to itself would never end
    seen.add(path)
    const response = await client.request('GET', path, {
      scopes: [`repository:${repository.repository}:pull`],
      ok: [404]
    })
    if (response.status === 404) {
      await response.body?.cancel()
      return tags
    }
    const next = nextPage(response.headers.get('link'), client.baseUrl, listPath)
    const page = await readJson(
      response,
      TagListSchema,
      client.maxResponseBytes,
      `${repository.name}: the tag list`
    )
    tags.push(...(page.tags ?? []))
    if (tags.length > maxTags)
      throw new UserError(
        `${repository.name} has more than ${maxTags} tags; refusing to read them all (versions are looked for among at most ${maxTags}).`
      )
    path = next
  }
  return tags
}
