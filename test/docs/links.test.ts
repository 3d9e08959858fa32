import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { documentationPages } from '../../scripts/action-docs/render.js'

/** GitHub's anchor for a heading: lower case, punctuation (backticks, dots, parentheses) dropped, spaces as `-`. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

/** Markdown outside fenced code blocks (a link in a snippet is not a link). */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '')
}

/** The anchors a page offers: one per heading, `-1`, `-2`… for repeats, as GitHub numbers them. */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>()
  const result = new Set<string>()
  for (const match of prose(text).matchAll(/^#{1,6}\s+(.+)$/gm)) {
    const base = slug(match[1])
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    result.add(count === 0 ? base : `${base}-${count}`)
  }
  return result
}

/** Relative links of `page` whose file or heading does not exist. */
export function brokenLinks(
  page: string,
  text: string,
  read = (path: string) => readFileSync(path, 'utf8')
): string[] {
  const broken: string[] = []
  for (const match of prose(text).matchAll(/\]\(([^)\s]+)\)/g)) {
    const link = match[1]
    if (/^[a-z]+:/i.test(link)) continue
    const [path, anchor] = link.split('#')
    const target = path === '' ? page : normalize(join(dirname(page), path))
    if (!existsSync(target)) {
      broken.push(`${link} (no ${target})`)
      continue
    }
    if (anchor === undefined) continue
    if (statSync(target).isDirectory() || !target.endsWith('.md'))
      broken.push(`${link} (an anchor into a non-page)`)
    else if (!anchors(read(target)).has(anchor)) broken.push(`${link} (no heading #${anchor} in ${target})`)
  }
  return broken
}

describe('documentation links', () => {
  it('finds the README and every action page', () => {
    const pages = documentationPages()
    expect(pages).toContain('README.md')
    expect(pages).toContain('build/README.md')
    expect(pages).toContain(join('actions', 'promote', 'README.md'))
  })

  it('makes anchors as GitHub does', () => {
    expect(slug('Push policy, login and `version.json`')).toBe('push-policy-login-and-versionjson')
    expect(slug('Promotion with approvals (`promote.yml`)')).toBe('promotion-with-approvals-promoteyml')
    expect([...anchors('# A\n## A\n```sh\n# not a heading\n```\n')]).toEqual(['a', 'a-1'])
  })

  it('catches a missing file, a missing heading and the old docs/ folder (the check can fail)', () => {
    const text =
      '[a](README.md#no-such-heading) [b](docs/build-with-cache.md) [c](#quick-start) [d](https://x.test/y)'
    expect(brokenLinks('README.md', text)).toEqual([
      'README.md#no-such-heading (no heading #no-such-heading in README.md)',
      'docs/build-with-cache.md (no docs/build-with-cache.md)'
    ])
  })

  it.each(documentationPages())('%s: every relative link reaches a file and heading that exist', page => {
    expect(brokenLinks(page, readFileSync(page, 'utf8'))).toEqual([])
  })
})
