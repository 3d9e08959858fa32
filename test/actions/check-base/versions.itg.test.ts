import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MEDIA_TYPES, openRepository } from '../../../src/lib/registry/index.js'
import { type ActionRun, runAction } from '../../support/action-runner.js'
import { docker, testBench, uniqueRepository } from '../../support/bench.js'
import { loadEvent } from '../../support/events.js'
import { FakeGitHubApi, FakeRepository } from '../../support/github-api.js'

interface Result {
  image: string
  status: string
  base?: string
  currentDigest?: string
  recordedDigest?: string
  newer?: {
    tag: string
    base: string
    digest: string
    labelChanges: Array<{ name: string; from?: string; to?: string }>
    layers: { pinned: number; newer: number; image?: number }
  }
  platforms?: Array<{ platform: string; status: string; recordedDigest?: string; layers: number }>
  detail: string
}

const main = loadEvent('push-main')
const TOKEN = 'ghs_versions0123456789'
const VERSION_LABEL = 'org.opencontainers.image.version'

/*
 * Versioned bases on the real registry: a base repository with base-1.2.3, base-1.2.4, base-1.3.0,
 * base-2.0.0, a pre-release and -alpine/-debian variants; services built FROM base-1.2.3 and
 * base-1.2.3-alpine by build-with-cache; the pull request flow against the GitHub REST stub.
 */
describe('check-base: newer versions of pinned bases, proposed as a pull request', () => {
  let prefix: string
  let base: string
  let work: string
  const digests = new Map<string, string>()
  const api = new FakeGitHubApi()
  const shop = new FakeRepository()
  const image = (name: string): string => `${testBench().registry}/${prefix}/${name}:main`
  const dockerfiles: Record<string, string> = {}

  /** A small base image (its own content and version label), pushed under `tag`. */
  const pushBase = async (tag: string): Promise<void> => {
    const context = join(work, 'bases', tag)
    mkdirSync(context, { recursive: true })
    writeFileSync(
      join(context, 'Dockerfile'),
      `FROM ${testBench().baseImage}\nCOPY version /etc/base-version\n`
    )
    writeFileSync(join(context, 'version'), `${tag}\n`)
    const reference = `${base}:${tag}`
    await docker(['build', '--quiet', '--label', `${VERSION_LABEL}=${tag}`, '--tag', reference, context])
    await docker(['push', reference])
    const head = await openRepository({
      registry: testBench().registry,
      repository: `${prefix}/base`
    }).headManifest(tag)
    digests.set(tag, head?.digest as string)
  }

  /** A service FROM base:<tag>, built and pushed by build-with-cache (base labels recorded). */
  const buildService = async (name: string, from: string): Promise<void> => {
    const context = join(work, 'repo', 'services', name)
    mkdirSync(context, { recursive: true })
    dockerfiles[name] = `# ${name}\nFROM ${from} AS production\nCOPY hello.txt /app/\nLABEL service=${name}\n`
    writeFileSync(join(context, 'Dockerfile'), dockerfiles[name])
    writeFileSync(join(context, 'hello.txt'), `${name}\n`)
    const run = await runAction('build-with-cache', {
      inputs: { images: `${testBench().registry}/${prefix}/${name}`, context, network: 'host' },
      env: { ...main.env, GITHUB_REPOSITORY: 'acme/shop', DOCKER_ACTIONS_DOCKER: testBench().dockerClient },
      event: main.payload
    })
    expect(run.exitCode).toBe(0)
  }

  const checkBase = (inputs: Record<string, string>): Promise<ActionRun> =>
    runAction('check-base', {
      inputs: {
        'github-token': TOKEN,
        dockerfiles: 'services/*/Dockerfile',
        'image-template': `${testBench().registry}/${prefix}/{dir}:main`,
        ...inputs
      },
      env: { ...main.env, GITHUB_REPOSITORY: 'acme/shop', GITHUB_API_URL: api.url },
      event: main.payload,
      cwd: join(work, 'repo')
    })
  const results = (run: ActionRun): Record<string, Result> =>
    Object.fromEntries(
      (JSON.parse(run.outputs.results) as Result[]).map(result => [result.image.split('/').pop(), result])
    )

  beforeAll(async () => {
    prefix = uniqueRepository('acme/cbv')
    base = `${testBench().registry}/${prefix}/base`
    work = mkdtempSync(join(tmpdir(), 'check-base-versions-'))
    await api.start()
    api.repositories.set('acme/shop', 'main')
    api.git.set('acme/shop', shop)
    for (const tag of [
      'base-1.2.3',
      'base-1.2.4',
      'base-1.3.0',
      'base-1.3.1-rc.1',
      'base-2.0.0',
      'base-1.2.3-alpine',
      'base-1.2.4-alpine',
      'base-1.5.0-debian',
      'edge'
    ])
      await pushBase(tag)
    await buildService('a', `${base}:base-1.2.3`)
    await buildService('b', `${base}:base-1.2.3-alpine`)
    await buildService('m', `${base}:edge`)
    shop.commit('main', {
      'services/a/Dockerfile': dockerfiles.a,
      'services/b/Dockerfile': dockerfiles.b,
      'services/m/Dockerfile': dockerfiles.m
    })
  })
  afterAll(() => api.stop())

  it('update: patch, minor and major each pick the newest allowed version; a suffix never crosses', async () => {
    const expected = { patch: 'base-1.2.4', minor: 'base-1.3.0', major: 'base-2.0.0' }
    for (const [update, tag] of Object.entries(expected)) {
      const run = await checkBase({ update })
      expect(run.exitCode).toBe(0)
      const { 'a:main': a, 'b:main': b, 'm:main': m } = results(run)
      expect(a).toMatchObject({
        status: 'outdated',
        base: `${base}:base-1.2.3`,
        currentDigest: digests.get('base-1.2.3')
      })
      expect(a.recordedDigest).toBe(digests.get('base-1.2.3'))
      expect(a.newer).toMatchObject({ tag, base: `${base}:${tag}`, digest: digests.get(tag) })
      expect(a.newer?.labelChanges).toEqual([{ name: VERSION_LABEL, from: 'base-1.2.3', to: tag }])
      expect(a.newer?.layers).toEqual({ pinned: 2, newer: 2, image: 3 })
      // -alpine only ever moves to -alpine (not base-1.5.0-debian, not base-2.0.0).
      expect(b).toMatchObject({ status: 'outdated', newer: { tag: 'base-1.2.4-alpine' } })
      expect(m).toMatchObject({ status: 'current' })
      expect(m.newer).toBeUndefined()
      expect(JSON.parse(run.outputs['outdated-images'])).toEqual([image('a'), image('b')])
      expect(run.outputs.outdated).toBe('true')
      expect(run.outputs.stale).toBe('false')
      expect(run.outputs['pull-requests']).toBe('[]')
    }
    expect(api.requests).toEqual([])
  })

  it('reads every page of the tag list (Link rel="next"), and refuses more tags than the cap', async () => {
    const repository = openRepository({ registry: testBench().registry, repository: `${prefix}/base` })
    const all = await repository.listTags({ pageSize: 2 })
    expect([...all].sort()).toEqual([...digests.keys()].sort())
    expect(all).toHaveLength(9)
    await expect(repository.listTags({ pageSize: 2, maxTags: 5 })).rejects.toThrow(
      'has more than 5 tags; refusing to read them all'
    )
    const missing = openRepository({ registry: testBench().registry, repository: `${prefix}/absent` })
    expect(await missing.listTags()).toEqual([])
  })

  it('pre-releases count only with prereleases: true; update: none looks for no versions', async () => {
    const run = await checkBase({ update: 'minor', prereleases: 'true' })
    expect(results(run)['a:main'].newer?.tag).toBe('base-1.3.1-rc.1')
    const none = await checkBase({ update: 'none' })
    expect(none.exitCode).toBe(0)
    expect(Object.values(results(none)).map(result => [result.status, result.newer])).toEqual([
      ['current', undefined],
      ['current', undefined],
      ['current', undefined]
    ])
    const refused = await checkBase({ update: 'none', 'open-pull-requests': 'true' })
    expect(refused.exitCode).toBe(1)
    expect(refused.stdout).toContain('open-pull-requests: true has nothing to propose with update: none')
    const policy = await checkBase({ update: 'latest' })
    expect(policy.stdout).toContain('Input "update" must be one of none, patch, minor, major')
  })

  it('without open-pull-requests, outdated images are dispatched like stale ones, with the newer base', async () => {
    api.requests.length = 0
    const run = await checkBase({ dispatch: 'repository' })
    expect(run.exitCode).toBe(0)
    expect(api.requests.map(request => `${request.method} ${request.path}`)).toEqual([
      'POST /repos/acme/shop/dispatches'
    ])
    const payload = (api.requests[0].body as { client_payload: { images: Array<Record<string, unknown>> } })
      .client_payload
    expect(payload.images.map(entry => [entry.image, entry.newer_base, entry.newer_digest])).toEqual([
      [image('a'), `${base}:base-1.3.0`, digests.get('base-1.3.0')],
      [image('b'), `${base}:base-1.2.4-alpine`, digests.get('base-1.2.4-alpine')]
    ])
  })

  it('open-pull-requests: one pull request changes only the FROM lines; a second run updates it; a moved tag is dispatched beside it', async () => {
    // The edge tag moves: m is stale (a rebuild fixes it), a and b are outdated (their FROM changes).
    await docker(['tag', `${base}:base-2.0.0`, `${base}:edge`])
    await docker(['push', `${base}:edge`])
    api.requests.length = 0
    const run = await checkBase({ 'open-pull-requests': 'true', dispatch: 'repository' })
    expect(run.exitCode).toBe(0)
    expect(results(run)['m:main'].status).toBe('stale')
    expect(JSON.parse(run.outputs['pull-requests'])).toEqual([
      {
        repository: 'acme/shop',
        branch: 'docker-actions/base-images',
        action: 'created',
        number: 1,
        url: 'https://github.com/acme/shop/pull/1',
        files: ['services/a/Dockerfile', 'services/b/Dockerfile'],
        images: [image('a'), image('b')]
      }
    ])
    const calls = api.requests.map(request => `${request.method} ${request.path}`)
    expect(calls.filter(call => !call.startsWith('GET'))).toEqual([
      'POST /repos/acme/shop/git/refs',
      'PUT /repos/acme/shop/contents/services%2Fa%2FDockerfile',
      'PUT /repos/acme/shop/contents/services%2Fb%2FDockerfile',
      'POST /repos/acme/shop/pulls',
      // The moved tag's rebuild, for m only.
      'POST /repos/acme/shop/dispatches'
    ])
    const dispatched = api.requests.at(-1)?.body as { client_payload: { images: Array<{ image: string }> } }
    expect(dispatched.client_payload.images.map(entry => entry.image)).toEqual([image('m')])
    expect(
      api.requests.find(request => request.method === 'POST' && request.path.endsWith('/git/refs'))?.body
    ).toEqual({
      ref: 'refs/heads/docker-actions/base-images',
      sha: shop.branches.get('main')
    })
    for (const request of api.requests) expect(request.headers.authorization).toBe(`token ${TOKEN}`)

    // Only the FROM line changed, in each file.
    const branch = 'docker-actions/base-images'
    for (const [name, tag] of [
      ['a', 'base-1.3.0'],
      ['b', 'base-1.2.4-alpine']
    ]) {
      const before = dockerfiles[name].split('\n')
      const after = (shop.file(branch, `services/${name}/Dockerfile`) as string).split('\n')
      expect(after.length).toBe(before.length)
      expect(after.filter((line, index) => line !== before[index])).toEqual([
        `FROM ${base}:${tag} AS production`
      ])
    }
    expect(shop.file('main', 'services/a/Dockerfile')).toBe(dockerfiles.a)
    const [pull] = shop.pulls
    expect(pull).toMatchObject({ head: branch, base: 'main', state: 'open', title: 'Update 2 base images' })
    for (const digest of [
      digests.get('base-1.2.3'),
      digests.get('base-1.3.0'),
      digests.get('base-1.2.4-alpine')
    ])
      expect(pull.body).toContain(digest)
    expect(pull.body).toContain(
      `| <code>${VERSION_LABEL}</code> | <code>base-1.2.3</code> | <code>base-1.3.0</code> |`
    )
    expect(pull.body).toContain("would have about 3 layers of Docker's limit of 127")

    // One table, both kinds.
    expect(run.summary).toContain('tag moved')
    expect(run.summary).toContain('newer version <code>base-1.3.0</code>')
    expect(run.summary).toContain('created <a href="https://github.com/acme/shop/pull/1">#1</a>')
    // The token is masked and never printed.
    expect(run.stdout).toContain(`::add-mask::${TOKEN}`)
    expect(run.stdout.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN)

    // Second run: the same pull request, updated; no second branch, commit or pull request.
    api.requests.length = 0
    const commits = shop.commits.size
    const again = await checkBase({ 'open-pull-requests': 'true' })
    expect(again.exitCode).toBe(0)
    expect(JSON.parse(again.outputs['pull-requests'])[0]).toMatchObject({ action: 'updated', number: 1 })
    expect(
      api.requests
        .filter(request => request.method !== 'GET')
        .map(request => `${request.method} ${request.path}`)
    ).toEqual(['PATCH /repos/acme/shop/pulls/1'])
    expect(shop.commits.size).toBe(commits)
    expect(shop.pulls).toHaveLength(1)

    // A wider policy: the branch restarts from main with the new bump, the same pull request carries it.
    const major = await checkBase({ 'open-pull-requests': 'true', update: 'major' })
    expect(JSON.parse(major.outputs['pull-requests'])[0]).toMatchObject({ action: 'updated', number: 1 })
    expect(shop.file(branch, 'services/a/Dockerfile')).toBe(dockerfiles.a.replace('base-1.2.3', 'base-2.0.0'))
    expect(shop.pulls).toHaveLength(1)
  })

  it('an index is judged on every platform: one stale platform makes the image stale', async () => {
    // Two images recording base-1.2.3's digest (current) and base-1.2.4's (not what base-1.2.3 is).
    const pushed: string[] = []
    for (const [platform, recorded] of [
      ['amd64', 'base-1.2.3'],
      ['arm64', 'base-1.2.4']
    ]) {
      const context = join(work, 'multi', platform)
      mkdirSync(context, { recursive: true })
      writeFileSync(join(context, 'Dockerfile'), `FROM ${base}:base-1.2.3\nCOPY hello.txt /app/\n`)
      writeFileSync(join(context, 'hello.txt'), `${platform}\n`)
      const tag = `${testBench().registry}/${prefix}/multi:${platform}`
      await docker([
        'build',
        '--quiet',
        '--label',
        `org.opencontainers.image.base.name=${base}:base-1.2.3`,
        '--label',
        `org.opencontainers.image.base.digest=${digests.get(recorded)}`,
        '--tag',
        tag,
        context
      ])
      await docker(['push', tag])
      pushed.push(tag)
    }
    const repository = openRepository({ registry: testBench().registry, repository: `${prefix}/multi` })
    const manifests = await Promise.all(['amd64', 'arm64'].map(tag => repository.getManifest(tag)))
    const index = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: manifests.map((manifest, position) => ({
        mediaType: manifest?.mediaType,
        digest: manifest?.digest,
        size: manifest?.body.length,
        platform: { os: 'linux', architecture: position === 0 ? 'amd64' : 'arm64' }
      }))
    }
    await repository.putManifest('main', Buffer.from(JSON.stringify(index)), MEDIA_TYPES.ociIndex)

    const run = await runAction('check-base', {
      inputs: { images: image('multi'), update: 'patch' },
      env: { ...main.env, GITHUB_REPOSITORY: 'acme/shop', GITHUB_API_URL: api.url },
      event: main.payload
    })
    expect(run.exitCode).toBe(0)
    const multi = results(run)['multi:main']
    expect(multi.status).toBe('stale')
    expect(multi.platforms).toEqual([
      expect.objectContaining({
        platform: 'linux/amd64',
        status: 'current',
        recordedDigest: digests.get('base-1.2.3')
      }),
      expect.objectContaining({
        platform: 'linux/arm64',
        status: 'stale',
        recordedDigest: digests.get('base-1.2.4')
      })
    ])
    expect(multi.detail).toMatch(/^linux\/amd64: .*still current; linux\/arm64: built on/)
    // The newer version is still named beside the moved verdict.
    expect(multi.newer?.tag).toBe('base-1.2.4')
    expect(JSON.parse(run.outputs['stale-images'])).toEqual([image('multi')])
    expect(readFileSync(join(work, 'multi', 'amd64', 'hello.txt'), 'utf8')).toBe('amd64\n')
  })
})
