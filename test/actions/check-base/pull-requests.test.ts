import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import type { BaseCheckResult } from '../../../src/lib/base-image/check.js'
import {
  BRANCH,
  markdownText,
  planPullRequests,
  proposeBump,
  pullRequestBody
} from '../../../src/actions/check-base/pull-requests.js'
import { FakeGitHubApi, FakeRepository } from '../../support/github-api.js'

const digest = (n: number): string => `sha256:${String(n).repeat(64)}`
const outdated = (image: string, dockerfile: string | undefined, tag = 'base-1.3.0'): BaseCheckResult => ({
  image,
  dockerfile,
  status: 'outdated',
  base: 'ghcr.io/acme/base:base-1.2.3',
  recordedDigest: digest(1),
  currentDigest: digest(1),
  newer: {
    tag,
    base: `ghcr.io/acme/base:${tag}`,
    digest: digest(2),
    labelChanges: [
      { name: 'org.opencontainers.image.version', from: '1.2.3', to: '1.3.0' },
      { name: 'evil', from: undefined, to: '<img src=x> | @admin `x` [a](b)' }
    ],
    layers: { pinned: 4, newer: 5, image: 128 }
  },
  detail: '',
  warnings: []
})

describe('pull request planning and body', () => {
  it('one plan per repository, with the FROM bumps of each Dockerfile; images without one apart', () => {
    const { plans, withoutFile } = planPullRequests(
      [
        outdated('a', 'services/a/Dockerfile'),
        outdated('b', 'services/b/Dockerfile'),
        outdated('c', undefined)
      ],
      'acme/shop'
    )
    expect(withoutFile.map(result => result.image)).toEqual(['c'])
    expect(plans).toHaveLength(1)
    expect(plans[0].repository).toBe('acme/shop')
    expect([...plans[0].files]).toEqual([
      ['services/a/Dockerfile', [{ base: 'ghcr.io/acme/base:base-1.2.3', tag: 'base-1.3.0' }]],
      ['services/b/Dockerfile', [{ base: 'ghcr.io/acme/base:base-1.2.3', tag: 'base-1.3.0' }]]
    ])
  })

  it('names old and new digests, the label diff and the layer count; registry text is defused', () => {
    const { plans } = planPullRequests([outdated('ghcr.io/acme/a:main', 'Dockerfile')], 'acme/shop')
    const body = pullRequestBody(plans[0])
    expect(body).toContain(digest(1))
    expect(body).toContain(digest(2))
    expect(body).toContain(
      '<code>org.opencontainers.image.version</code> | <code>1.2.3</code> | <code>1.3.0</code>'
    )
    expect(body).toContain("about 128 layers of Docker's limit of 127")
    expect(body).toContain('over the limit')
    expect(body).not.toContain('<img')
    expect(body).not.toContain('@admin')
    expect(body).not.toMatch(/\| @|`x`/)
    expect(markdownText('a|b\n<c> @d `e`')).toBe('a&#124;b &lt;c&gt; &#64;d &#96;e&#96;')
  })
})

describe('proposing the bump through the GitHub REST API (stub on 127.0.0.1)', () => {
  const api = new FakeGitHubApi()
  const git = new FakeRepository()
  const dockerfile = 'FROM ghcr.io/acme/base:base-1.2.3 AS production\nCOPY app /app\n'
  let previousUrl: string | undefined
  beforeAll(async () => {
    await api.start()
    previousUrl = process.env.GITHUB_API_URL
    process.env.GITHUB_API_URL = api.url
    api.repositories.set('acme/shop', 'main')
    api.git.set('acme/shop', git)
    git.commit('main', { 'services/a/Dockerfile': dockerfile, 'README.md': 'shop\n' })
  })
  afterAll(async () => {
    process.env.GITHUB_API_URL = previousUrl
    await api.stop()
  })

  it('creates the branch and one pull request, then updates it and never opens another', async () => {
    const octokit = getOctokit('ghs_unit0123456789', { baseUrl: api.url })
    const plan = (tag: string) =>
      planPullRequests([outdated('ghcr.io/acme/a:main', 'services/a/Dockerfile', tag)], 'acme/shop').plans[0]

    const first = await proposeBump(octokit, plan('base-1.2.4'))
    expect(first).toMatchObject({ action: 'created', number: 1, files: ['services/a/Dockerfile'] })
    expect(first.error).toBeUndefined()
    expect(git.file(BRANCH, 'services/a/Dockerfile')).toBe(dockerfile.replace('base-1.2.3', 'base-1.2.4'))
    expect(git.file('main', 'services/a/Dockerfile')).toBe(dockerfile)
    expect(api.requests.map(request => `${request.method} ${request.path}`)).toEqual([
      'GET /repos/acme/shop',
      'GET /repos/acme/shop/git/ref/heads%2Fmain',
      'GET /repos/acme/shop/contents/services%2Fa%2FDockerfile?ref=main',
      `GET /repos/acme/shop/git/ref/heads%2Fdocker-actions%2Fbase-images`,
      'POST /repos/acme/shop/git/refs',
      'PUT /repos/acme/shop/contents/services%2Fa%2FDockerfile',
      `GET /repos/acme/shop/pulls?state=open&head=acme%3Adocker-actions%2Fbase-images`,
      'POST /repos/acme/shop/pulls'
    ])

    // The same bump again: nothing is committed, the pull request is updated.
    api.requests.length = 0
    const again = await proposeBump(octokit, plan('base-1.2.4'))
    expect(again).toMatchObject({ action: 'updated', number: 1 })
    expect(
      api.requests
        .filter(request => request.method !== 'GET')
        .map(request => `${request.method} ${request.path}`)
    ).toEqual(['PATCH /repos/acme/shop/pulls/1'])

    // A newer bump: the branch restarts from main, the same pull request carries it.
    const third = await proposeBump(octokit, plan('base-1.3.0'))
    expect(third).toMatchObject({ action: 'updated', number: 1 })
    expect(git.pulls).toHaveLength(1)
    expect(git.pulls[0].title).toBe('Update base image base to base-1.3.0')
    expect(git.file(BRANCH, 'services/a/Dockerfile')).toBe(dockerfile.replace('base-1.2.3', 'base-1.3.0'))
  })

  it('reports a missing Dockerfile and a refusing token as errors', async () => {
    const octokit = getOctokit('ghs_unit0123456789', { baseUrl: api.url })
    const missing = await proposeBump(
      octokit,
      planPullRequests([outdated('x', 'services/x/Dockerfile')], 'acme/shop').plans[0]
    )
    expect(missing.error).toContain('services/x/Dockerfile is not in acme/shop on main')
    const unknown = await proposeBump(
      octokit,
      planPullRequests([outdated('x', 'services/a/Dockerfile')], 'acme/elsewhere').plans[0]
    )
    expect(unknown.error).toContain('The token needs access to the repository')
  })
})
