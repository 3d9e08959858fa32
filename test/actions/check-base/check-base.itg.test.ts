import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type ActionRun, runAction } from '../../support/action-runner.js'
import { docker, registryTags, testBench, uniqueRepository } from '../../support/bench.js'
import { loadEvent } from '../../support/events.js'
import { FakeGitHubApi } from '../../support/github-api.js'

interface Result {
  image: string
  status: string
  base?: string
  recordedDigest?: string
  currentDigest?: string
  method?: string
  layers?: number
  repository?: string
  detail: string
  warnings: string[]
}

const main = loadEvent('push-main')
const release = loadEvent('tag-release')
const TOKEN = 'ghs_checkbase0123456789'

describe('check-base: base-image propagation on the real engine + registry', () => {
  let prefix: string
  let base: string
  let work: string
  const api = new FakeGitHubApi()
  const image = (name: string): string => `${testBench().registry}/${prefix}/${name}:main`

  /** Builds examples/base as release v<version> with build-with-cache (tags 1.0.0, 1.0, 1, base-1.0.0). */
  const buildBase = async (version: string): Promise<ActionRun> => {
    const run = await runAction('build-with-cache', {
      inputs: {
        images: base,
        context: resolve('examples/base'),
        file: resolve('examples/base/Dockerfile.base'),
        network: 'host',
        'tag-templates': 'base-{{version}}',
        'build-args': `BASE_IMAGE=${testBench().baseImage}\nBASE_VERSION=${version}`
      },
      env: {
        ...release.env,
        GITHUB_REF: `refs/tags/v${version}`,
        DOCKER_ACTIONS_DOCKER: testBench().dockerClient
      },
      event: { ...(release.payload as object), ref: `refs/tags/v${version}` }
    })
    expect(run.exitCode).toBe(0)
    return run
  }

  /** A service FROM base:1 (or another base), built and pushed by build-with-cache from repository `repo`. */
  const buildService = async (name: string, repo: string, from = `${base}:1`): Promise<ActionRun> => {
    const context = join(work, name)
    mkdirSync(context, { recursive: true })
    writeFileSync(join(context, 'Dockerfile'), `FROM ${from} AS production\nCOPY hello.txt /app/\n`)
    writeFileSync(join(context, 'hello.txt'), `${name}\n`)
    const run = await runAction('build-with-cache', {
      inputs: { images: `${testBench().registry}/${prefix}/${name}`, context, network: 'host' },
      env: { ...main.env, GITHUB_REPOSITORY: repo, DOCKER_ACTIONS_DOCKER: testBench().dockerClient },
      event: main.payload
    })
    expect(run.exitCode).toBe(0)
    return run
  }

  /** An image built without docker-actions (no base labels), pushed with plain docker. */
  const buildUnlabelled = async (name: string): Promise<void> => {
    const context = join(work, name)
    mkdirSync(context, { recursive: true })
    writeFileSync(join(context, 'Dockerfile'), `FROM ${base}:1\nRUN echo ${name} > /app/name\n`)
    await docker(['build', '--pull', '--quiet', '--network', 'host', '--tag', image(name), context])
    await docker(['push', image(name)])
  }

  const checkBase = (inputs: Record<string, string>, cwd?: string): Promise<ActionRun> =>
    runAction('check-base', {
      inputs: { 'github-token': TOKEN, ...inputs },
      env: { ...main.env, GITHUB_API_URL: api.url },
      event: main.payload,
      cwd
    })
  const results = (run: ActionRun): Result[] => JSON.parse(run.outputs.results) as Result[]
  const statusOf = (run: ActionRun): Record<string, string> =>
    Object.fromEntries(results(run).map(result => [result.image.split('/').pop() as string, result.status]))

  beforeAll(async () => {
    prefix = uniqueRepository('acme/cb')
    base = `${testBench().registry}/${prefix}/base`
    work = mkdtempSync(join(tmpdir(), 'check-base-'))
    await api.start()
    api.repositories.set('acme/service-a', 'main')
    api.repositories.set('acme/service-b', 'trunk')
    api.repositories.set('acme/platform', 'main')

    const first = await buildBase('1.0.0')
    expect(await registryTags(`${prefix}/base`)).toEqual(
      expect.arrayContaining(['1', '1.0', '1.0.0', 'base-1.0.0'])
    )
    expect(first.outputs.tags).toContain(`${base}:base-1.0.0`)
    await buildService('a', 'acme/service-a')
    await buildService('b', 'acme/service-b')
    // c is built on the shared busybox image, which does not change in this test.
    await buildService('c', 'acme/service-a', testBench().baseImage)
    await buildUnlabelled('d')
    // d's Dockerfile, found by discovery (services/*/Dockerfile -> image-template {dir}).
    mkdirSync(join(work, 'repo', 'services', 'd'), { recursive: true })
    writeFileSync(
      join(work, 'repo', 'services', 'd', 'Dockerfile'),
      `FROM ${base}:1\nRUN echo d > /app/name\n`
    )
  })
  afterAll(() => api.stop())

  it('every image is current while the base has not moved; an unlabelled image is compared by layers', async () => {
    const images = await checkBase({ images: ['a', 'b', 'c', 'd'].map(image).join('\n') })
    expect(images.exitCode).toBe(0)
    // d was built FROM base:1 without docker-actions, so it inherited base's own labels (base = busybox);
    // listed alone, check-base can only trust them.
    expect(results(images)[3]).toMatchObject({ base: testBench().baseImage, method: 'label' })

    const run = await checkBase(
      {
        images: ['a', 'b', 'c'].map(image).join('\n'),
        dockerfiles: 'services/*/Dockerfile',
        'image-template': `${testBench().registry}/${prefix}/{dir}:main`
      },
      join(work, 'repo')
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs.stale).toBe('false')
    expect(run.outputs['stale-images']).toBe('[]')
    expect(statusOf(run)).toEqual({
      'a:main': 'current',
      'b:main': 'current',
      'c:main': 'current',
      'd:main': 'current'
    })
    const [a, , c, d] = results(run)
    expect(a).toMatchObject({ base: `${base}:1`, method: 'label', repository: 'acme/service-a' })
    expect(a.recordedDigest).toBe(a.currentDigest)
    expect(c).toMatchObject({ base: testBench().baseImage, method: 'label' })
    // With its Dockerfile, d's FROM wins over the inherited labels, and its layers are compared.
    expect(d).toMatchObject({ base: `${base}:1`, method: 'layers', dockerfile: 'services/d/Dockerfile' })
    expect(d.detail).toContain(`its base label names ${testBench().baseImage}, inherited`)
    expect(api.requests).toEqual([])
  })

  it('after the base moves, exactly the images built on the old base are stale, and each repository gets one repository_dispatch', async () => {
    const before = results(await checkBase({ images: image('a') }))[0].currentDigest
    await buildBase('1.0.1')
    const dockerfiles = join(work, 'repo')
    mkdirSync(join(dockerfiles, 'services', 'd'), { recursive: true })
    writeFileSync(
      join(dockerfiles, 'services', 'd', 'Dockerfile'),
      `FROM ${base}:1\nRUN echo d > /app/name\n`
    )

    api.requests.length = 0
    const run = await checkBase(
      {
        images: ['a', 'b', 'c'].map(image).join('\n'),
        dockerfiles: 'services/*/Dockerfile',
        'image-template': `${testBench().registry}/${prefix}/{dir}:main`,
        dispatch: 'repository',
        repository: 'acme/platform'
      },
      dockerfiles
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs.stale).toBe('true')
    expect(JSON.parse(run.outputs['stale-images'])).toEqual([image('a'), image('b'), image('d')])
    expect(statusOf(run)).toEqual({
      'a:main': 'stale',
      'b:main': 'stale',
      'c:main': 'current',
      'd:main': 'stale'
    })
    const [a, , , d] = results(run)
    expect(a.recordedDigest).toBe(before)
    expect(a.currentDigest).not.toBe(before)
    expect(d).toMatchObject({ method: 'layers', base: `${base}:1` })

    // The exact REST calls: POST /repos/{owner}/{repo}/dispatches, one per repository.
    expect(api.requests.map(request => `${request.method} ${request.path}`)).toEqual([
      'POST /repos/acme/service-a/dispatches',
      'POST /repos/acme/service-b/dispatches',
      'POST /repos/acme/platform/dispatches'
    ])
    const stale = (name: string, dockerfile: string | null, previous: string | null): object => ({
      image: image(name),
      dockerfile,
      base: `${base}:1`,
      previous_digest: previous,
      current_digest: a.currentDigest
    })
    expect(api.requests[0].body).toEqual({
      event_type: 'base-image-updated',
      client_payload: { reason: 'base-image-updated', images: [stale('a', null, before as string)] }
    })
    expect((api.requests[1].body as { client_payload: { images: unknown[] } }).client_payload.images).toEqual(
      [stale('b', null, before as string)]
    )
    expect(api.requests[2].body).toEqual({
      event_type: 'base-image-updated',
      client_payload: { reason: 'base-image-updated', images: [stale('d', 'services/d/Dockerfile', null)] }
    })
    for (const request of api.requests) {
      expect(request.headers.authorization).toBe(`token ${TOKEN}`)
      expect(request.headers['content-type']).toMatch(/^application\/json/)
      expect(request.headers.accept).toMatch(/^application\/vnd\.github/)
    }
    // The token is registered as a secret, and appears nowhere else.
    expect(run.stdout).toContain(`::add-mask::${TOKEN}`)
    expect(run.stdout.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN)
    expect(run.summary + run.outputs.results + run.outputs.dispatched).not.toContain(TOKEN)
    expect(run.summary).toContain('3 of 4 image(s) built on an outdated base')
    expect(run.summary).toContain('repository_dispatch base-image-updated')
  })

  it('workflow_dispatch: the default branch is looked up, inputs are templated, a missing repository is reported', async () => {
    api.requests.length = 0
    const run = await checkBase({
      images: [image('a'), image('b')].join('\n'),
      dispatch: 'workflow',
      workflow: 'build.yml',
      'workflow-inputs': 'reason=base image updated\nimages={images}'
    })
    expect(run.exitCode).toBe(0)
    expect(api.requests.map(request => `${request.method} ${request.path}`)).toEqual([
      'GET /repos/acme/service-a',
      'POST /repos/acme/service-a/actions/workflows/build.yml/dispatches',
      'GET /repos/acme/service-b',
      'POST /repos/acme/service-b/actions/workflows/build.yml/dispatches'
    ])
    expect(api.requests[1].body).toEqual({
      ref: 'main',
      inputs: { reason: 'base image updated', images: image('a') }
    })
    expect(api.requests[3].body).toEqual({
      ref: 'trunk',
      inputs: { reason: 'base image updated', images: image('b') }
    })

    api.repositories.delete('acme/service-b')
    const failed = await checkBase({
      images: image('b'),
      dispatch: 'workflow',
      workflow: 'build.yml',
      ref: 'main'
    })
    expect(failed.exitCode).toBe(1)
    expect(failed.stdout).toContain('acme/service-b: not found')
    expect(JSON.parse(failed.outputs.dispatched)[0]).toMatchObject({
      repository: 'acme/service-b',
      error: expect.any(String)
    })
    api.repositories.set('acme/service-b', 'trunk')
  })

  it('after the rebuilds nothing is stale; the layer-count warning and unreachable images are reported', async () => {
    await buildService('a', 'acme/service-a')
    await buildService('b', 'acme/service-b')
    await buildUnlabelled('d')
    api.requests.length = 0
    const run = await checkBase(
      {
        images: ['a', 'b', 'c'].map(image).join('\n'),
        dockerfiles: 'services/*/Dockerfile',
        'image-template': `${testBench().registry}/${prefix}/{dir}:main`,
        dispatch: 'repository',
        'layer-warning': '3'
      },
      join(work, 'repo')
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs.stale).toBe('false')
    expect(statusOf(run)).toEqual({
      'a:main': 'current',
      'b:main': 'current',
      'c:main': 'current',
      'd:main': 'current'
    })
    expect(api.requests).toEqual([])
    // base busybox (1 layer) + 3 base layers + 1 = 5 layers for a, b, d; c has 2.
    const warned = results(run)
      .filter(result => result.warnings.length > 0)
      .map(result => result.image)
    expect(warned).toEqual([image('a'), image('b'), image('d')])
    expect(run.stdout).toContain('::warning title=Layer count::')

    const missing = await checkBase({
      images: [image('a'), image('absent')].join('\n'),
      'fail-on-stale': 'true'
    })
    expect(missing.exitCode).toBe(1)
    expect(statusOf(missing)).toEqual({ 'a:main': 'current', 'absent:main': 'error' })
    expect(missing.stdout).toContain(`could not check ${image('absent')}`)
  })

  it('rejects incomplete inputs', async () => {
    const none = await checkBase({})
    expect(none.stdout).toContain('Nothing to check')
    const template = await checkBase({ dockerfiles: 'Dockerfile' })
    expect(template.stdout).toContain('Input "image-template" is required with "dockerfiles"')
    const workflow = await checkBase({ images: image('a'), dispatch: 'workflow' })
    expect(workflow.stdout).toContain('Input "workflow" is required with dispatch: workflow')
  })
})
