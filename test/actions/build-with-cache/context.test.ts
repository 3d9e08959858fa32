/** build-with-cache's input reading, from its sources with @actions/core mirrored (no Docker). */
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { githubContextFor, loadEvent } from '../../support/events.js'
import { mockCore } from '../../support/mock-core.js'
import { samplePlan } from '../../support/tag-plans.js'

const { core, run, reset } = mockCore('build-with-cache')
jest.unstable_mockModule('@actions/core', () => core)
const githubContext: Record<string, unknown> = {}
// The runner's description of the event (GITHUB_* and the payload file), as src/lib/git/runner-context.ts reads it.
jest.unstable_mockModule('../../../src/lib/git/runner-context.js', () => ({
  runnerContext: () => githubContext
}))

const { getInputs, imagesFrom } = await import('../../../src/actions/build-with-cache/context.js')

const SHA = '0123456789abcdef0123456789abcdef01234567'
const root = mkdtempSync(join(tmpdir(), 'bwc-context-'))
const app = join(root, 'app')
mkdirSync(app)
writeFileSync(join(app, 'Dockerfile'), 'FROM scratch AS builder\nFROM scratch AS production\n')
const savedEnv = { ...process.env }

const COMPUTE_TAGS_PLAN = JSON.stringify(samplePlan())

function inputs(values: Record<string, string>): void {
  const event = loadEvent('push-main')
  Object.assign(process.env, event.env)
  for (const key of Object.keys(githubContext)) delete githubContext[key]
  Object.assign(githubContext, githubContextFor(event))
  run.inputs = { context: app, ...values }
}

describe('build-with-cache inputs (sources)', () => {
  beforeEach(reset)
  afterEach(() => {
    process.env = { ...savedEnv }
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('used alone: the tag inputs as compute-tags reads them, the labels shared, names lower-cased', () => {
    inputs({
      images: 'ghcr.io/Acme/App',
      'tag-templates': '{{branch}}-{{sha7}}',
      tags: '',
      labels: 'team=web',
      timestamp: '20261124090807',
      'build-args': 'A=x=y'
    })
    const read = getInputs()
    expect('request' in read.tagging).toBe(true)
    if (!('request' in read.tagging)) return
    const { request, ctx } = read.tagging
    expect(request.images.map(image => `${image.registry}/${image.repository}`)).toEqual(['ghcr.io/acme/app'])
    expect(request.templates).toEqual(['{{branch}}-{{sha7}}'])
    expect(request.timestamp).toBe('20261124090807')
    expect(request.extraLabels).toBe(read.labels)
    expect(read.labels).toEqual(new Map([['team', 'web']]))
    expect(ctx).toMatchObject({ sha: SHA, branch: 'main' })
    expect(run.notices).toEqual([expect.stringContaining('is written as "ghcr.io/acme/app"')])
    expect(read).toMatchObject({
      context: app,
      file: join(app, 'Dockerfile'),
      dockerfileText: expect.stringContaining('AS production'),
      buildArgs: new Map([['A', 'x=y']]),
      push: 'auto',
      pushBuilder: true,
      pull: true,
      cacheMode: 'auto',
      tags: [],
      builderTags: undefined,
      cacheFrom: undefined,
      login: undefined
    })
  })

  it("with compute-tags' plan: the plan is used as given and the image names are not read", () => {
    inputs({ 'tag-plan': COMPUTE_TAGS_PLAN, images: 'Not/Lower', 'push-builder': 'false' })
    const read = getInputs()
    expect(read.tagging).toEqual({ plan: JSON.parse(COMPUTE_TAGS_PLAN) })
    expect(read.pushBuilder).toBe(false)
    expect(run.notices).toEqual([])
  })

  it('explicit references name the images when images is empty', () => {
    expect(imagesFrom([], ['ghcr.io/acme/app:one', 'ghcr.io/acme/app:two', 'acme/other:x'])).toEqual([
      'ghcr.io/acme/app',
      'docker.io/acme/other'
    ])
    inputs({ tags: 'ghcr.io/acme/app:one\nghcr.io/acme/app:two' })
    const read = getInputs()
    expect(read.tags).toEqual(['ghcr.io/acme/app:one', 'ghcr.io/acme/app:two'])
  })

  it('masks the password and every secret, and logs in as "token" by default', () => {
    inputs({ images: 'acme/app', registry: 'ghcr.io', password: 'pw', secrets: 'npm=tok\nempty=' })
    const read = getInputs()
    expect(run.secrets).toEqual(['pw', 'tok'])
    expect(read.login).toEqual({ registry: 'ghcr.io', username: 'token', password: 'pw' })
    expect(read.secrets).toEqual(
      new Map([
        ['npm', 'tok'],
        ['empty', '']
      ])
    )
  })

  it('reads explicit lists, choices and targets', () => {
    inputs({
      images: 'acme/app',
      'builder-tags': 'acme/app:b1\nacme/app:b2',
      'cache-from': 'acme/app:c',
      platforms: 'linux/amd64,linux/arm64',
      'cache-mode': 'registry',
      push: 'false',
      pull: 'false',
      network: 'host',
      'builder-target': 'deps',
      'production-target': 'runtime'
    })
    expect(getInputs()).toMatchObject({
      builderTags: ['acme/app:b1', 'acme/app:b2'],
      cacheFrom: ['acme/app:c'],
      platforms: ['linux/amd64', 'linux/arm64'],
      cacheMode: 'registry',
      push: 'false',
      pull: false,
      network: 'host',
      builderTarget: 'deps',
      productionTarget: 'runtime'
    })
  })

  it.each([
    [{}, 'Input "images" is required (e.g. ghcr.io/acme/app), unless explicit "tags" are given.'],
    [{ images: 'acme/app', context: '/nope' }, 'Build context "/nope" does not exist (input "context").'],
    [{ images: 'acme/app', file: 'nope/Dockerfile' }, 'Dockerfile "nope/Dockerfile" not found'],
    [{ images: 'acme/app', password: 'pw' }, 'Input "password" is set but "registry" is not'],
    [{ images: 'acme/app', 'build-args': 'NOT A PAIR' }, 'Input "build-args": "NOT A PAIR" is not KEY=value'],
    [{ images: 'acme/app', push: 'always' }, 'Input "push" must be one of auto, true, false'],
    [{ images: 'acme/app', preset: 'fancy' }, '"preset" must be one of branch-cache, sha-latest'],
    [{ tags: 'acme/app:UPPER:x' }, 'acme/app:UPPER:x'],
    [{ images: 'acme/app:latest' }, 'must be a name without tag or digest'],
    [
      { 'tag-plan': '{"preset": "branch-cache"' },
      'Input "tag-plan" is not a compute-tags plan: it is not JSON'
    ]
  ])('refuses %j', (values, message) => {
    inputs(values as Record<string, string>)
    expect(() => getInputs()).toThrow(message)
  })
})
