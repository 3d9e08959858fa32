/**
 * compute-tags' sources, in-process: inputs -> outputs, with @actions/core mirrored and the runner's
 * context built from the event fixtures. (action.test.ts runs the committed bundle.)
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import type { KnownTags } from '../../../src/lib/git/tags.js'
import { githubContextFor, loadEvent } from '../../support/events.js'
import { mockCore } from '../../support/mock-core.js'

const { core, run, reset } = mockCore('compute-tags')
jest.unstable_mockModule('@actions/core', () => core)
/** The runner's context (`github.context`), filled per test from an event fixture. */
const githubContext: Record<string, unknown> = {}
// The runner's description of the event (GITHUB_* and the payload file), as src/lib/git/runner-context.ts reads it.
jest.unstable_mockModule('../../../src/lib/git/runner-context.js', () => ({
  runnerContext: () => githubContext
}))
/** The repository's git tags a release build reads. */
let knownTags: KnownTags = { tags: [], sources: ['local'] }
jest.unstable_mockModule('../../../src/lib/git/tags.js', () => ({ listGitTags: async () => knownTags }))

const { main } = await import('../../../src/actions/compute-tags/main.js')

const SHA = '0123456789abcdef0123456789abcdef01234567'
const savedEnv = { ...process.env }

/** Sets the runner's environment and context for an event fixture. */
function onEvent(name: string, inputs: Record<string, string>): void {
  const event = loadEvent(name)
  Object.assign(process.env, event.env)
  for (const key of Object.keys(githubContext)) delete githubContext[key]
  Object.assign(githubContext, githubContextFor(event))
  run.inputs = inputs
}

describe('compute-tags main (sources)', () => {
  beforeEach(reset)
  afterEach(() => {
    process.env = { ...savedEnv }
  })

  it('turns the inputs of a push into every output', async () => {
    onEvent('push-main', { images: 'ghcr.io/acme/app', timestamp: '20261124090807', labels: 'team=web' })
    await main()
    const unique = `dev-${SHA}-20261124090807`
    expect(run.outputs['production-tags'].split('\n')).toEqual([
      'ghcr.io/acme/app:main',
      `ghcr.io/acme/app:${SHA}`,
      `ghcr.io/acme/app:${unique}`
    ])
    expect(run.outputs['immutable-tags']).toBe(`ghcr.io/acme/app:${unique}`)
    expect(run.outputs['builder-tags']).toBe('ghcr.io/acme/app:builder-main')
    expect(run.outputs['unique-tag']).toBe(unique)
    expect(run.outputs['unique-refs']).toBe(`ghcr.io/acme/app:${unique}`)
    expect(run.outputs['push-allowed']).toBe('true')
    expect(run.outputs['is-fork']).toBe('false')
    expect(run.outputs.labels.split('\n')).toEqual(
      expect.arrayContaining([`org.opencontainers.image.revision=${SHA}`, 'team=web'])
    )
    expect(JSON.parse(run.outputs['version-json'])).toMatchObject({ version: unique, commit: SHA })
    expect(JSON.parse(run.outputs.json).productionTags).toEqual(run.outputs['production-tags'].split('\n'))
    expect(run.log).toContain('::group::Computed tags')
    expect(run.log).toContain(`unique tag: ${unique}`)
    expect(run.summary.join('\n')).toContain(unique)
  })

  it('applies the overriding inputs (branch, sha, default-branch, templates, latest)', async () => {
    const other = 'fedcba9876543210fedcba9876543210fedcba98'
    onEvent('push-main', {
      images: 'acme/app',
      branch: 'release/2',
      sha: other,
      'default-branch': 'trunk',
      'tag-templates': '{{branch}}-{{sha7}}',
      latest: 'true',
      timestamp: '20261124090807'
    })
    await main()
    const tags = run.outputs['production-tags'].split('\n')
    expect(tags).toContain(`acme/app:${other}`)
    expect(tags).not.toContain(`acme/app:${SHA}`)
    expect(run.log).toContain(
      'rebuild of an earlier commit: branch, release and latest tags stay where they are'
    )
  })

  it('reads the former name "tags" of tag-templates, with a warning; both at once is an error', async () => {
    onEvent('push-main', { images: 'acme/app', tags: 'v-{{sha7}}' })
    await main()
    expect(run.outputs['production-tags'].split('\n')).toContain('acme/app:v-0123456')
    expect(run.warnings).toContain(
      'Input "tags" is now called "tag-templates"; the old name still works for now.'
    )
    reset()
    onEvent('push-main', { images: 'acme/app', tags: 'a-{{sha7}}', 'tag-templates': 'b-{{sha7}}' })
    await expect(main()).rejects.toThrow('Inputs "tags" and "tag-templates" are one input, renamed')
  })

  it('a fork pull request may not push', async () => {
    onEvent('pull-request-fork', { images: 'ghcr.io/acme/app' })
    await main()
    expect(run.outputs['push-allowed']).toBe('false')
    expect(run.outputs['is-fork']).toBe('true')
    expect(run.log).toContain('pull request from a fork: images are built but never pushed')
  })

  it('lower-cases an image name with capitals, with a notice', async () => {
    onEvent('push-main', { images: 'ghcr.io/DFE-Digital/Find-Teacher' })
    await main()
    expect(run.notices).toEqual([
      'Image "ghcr.io/DFE-Digital/Find-Teacher" is written as "ghcr.io/dfe-digital/find-teacher": registries accept only lowercase repository names.'
    ])
    expect(run.outputs['production-tags'].split('\n')[0]).toBe('ghcr.io/dfe-digital/find-teacher:main')
  })

  it('a release build reads the release history, and warns when origin could not be asked', async () => {
    knownTags = { tags: ['v1.2.3', 'v2.0.0'], sources: ['local'], originError: 'fatal: no origin' }
    onEvent('tag-release', { images: 'acme/app' })
    await main()
    expect(run.warnings).toEqual([
      expect.stringContaining('Could not list the tags of the origin remote (fatal: no origin)')
    ])
    expect(run.log).toContain('release history: 2 git tag(s) from local')
    // 1.2.3 leads 1.x but not the history (2.0.0 is higher): 1.2 and 1 move, latest stays.
    const tags = run.outputs['production-tags'].split('\n')
    expect(tags).toEqual(expect.arrayContaining(['acme/app:1.2.3', 'acme/app:1.2', 'acme/app:1']))
    expect(tags).not.toContain('acme/app:latest')
  })

  it.each([
    [{ images: 'ghcr.io/acme/app:latest' }, /Image "ghcr.io\/acme\/app:latest" must be a name without tag/],
    [{ images: 'acme/app', preset: 'fancy' }, /"preset" must be one of branch-cache, sha-latest/],
    [{ images: 'acme/app', labels: 'no pair' }, /Input "labels": "no pair" is not KEY=value/],
    [{ images: 'acme/app', 'tag-templates': '{{nope}}' }, /Unknown variable \{\{nope\}\}/],
    [{ images: 'acme/app', timestamp: 'yesterday' }, /Input "timestamp" must be/],
    [{ images: '' }, /Input "images" is empty/]
  ])('refuses %j and writes no output', async (inputs, message) => {
    onEvent('push-main', inputs)
    await expect(main()).rejects.toThrow(message)
    expect(run.outputs).toEqual({})
  })
})
