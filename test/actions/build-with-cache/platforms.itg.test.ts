import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ActionRun, runAction } from '../../support/action-runner.js'
import { docker, registryTags, testBench, uniqueRepository } from '../../support/bench.js'
import { loadEvent } from '../../support/events.js'

interface PlatformDigest {
  platform: string
  digest: string
}
interface StepStats {
  total: number
  cached: number
  built: number
}
interface Cache extends StepStats {
  platforms: Record<string, StepStats & { stages: Record<string, StepStats> }>
}

const MULTIARCH_BASE = (): string => {
  const base = process.env.TESTBENCH_MULTIARCH_BASE_IMAGE
  if (!base) throw new Error('the bench provides TESTBENCH_MULTIARCH_BASE_IMAGE (scripts/testbench)')
  return base
}

/** Removes every image and all build cache: the engine is as empty as a fresh CI runner's. */
async function wipeEngine(): Promise<void> {
  const ids = (await docker(['images', '--all', '--quiet'])).split('\n').filter(Boolean)
  if (ids.length > 0) await docker(['rmi', '--force', ...new Set(ids)])
  await docker(['builder', 'prune', '--all', '--force'])
}

interface RegistryDocument {
  config: { digest: string }
  layers: Array<{ digest: string }>
  os: string
  architecture: string
}

async function registryJson(
  repository: string,
  kind: 'manifests' | 'blobs',
  digest: string
): Promise<RegistryDocument> {
  const response = await fetch(`http://${testBench().registry}/v2/${repository}/${kind}/${digest}`, {
    headers: {
      accept:
        'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json'
    }
  })
  expect(response.status).toBe(200)
  return (await response.json()) as RegistryDocument
}

/** The platform an image manifest's config says it is for. */
async function configPlatform(repository: string, digest: string): Promise<string> {
  const manifest = await registryJson(repository, 'manifests', digest)
  const config = await registryJson(repository, 'blobs', manifest.config.digest)
  return `${config.os}/${config.architecture}`
}

// Emulated RUN steps are slow (QEMU): a small Dockerfile, a few busybox steps per platform.
const DOCKERFILE = (base: string): string =>
  [
    `FROM ${base} AS builder`,
    'COPY deps.txt /src/deps.txt',
    'RUN uname -m > /src/arch && sort /src/deps.txt > /src/deps.sorted',
    'COPY app.sh /src/app.sh',
    'RUN cat /src/arch /src/app.sh > /src/bundle',
    `FROM ${base} AS production`,
    'COPY --from=builder /src/bundle /app/bundle',
    'CMD ["cat", "/app/bundle"]',
    ''
  ].join('\n')

describe('build-with-cache with platforms (linux/amd64 + linux/arm64 under QEMU)', () => {
  let app: string
  let repository: string
  let image: string
  const build = (extra: Record<string, string> = {}): Promise<ActionRun> => {
    const fixture = loadEvent('push-main')
    return runAction('build-with-cache', {
      inputs: {
        images: image,
        context: app,
        network: 'host',
        platforms: 'linux/amd64,linux/arm64',
        'push-builder': 'false',
        ...extra
      },
      env: { ...fixture.env, DOCKER_ACTIONS_DOCKER: testBench().dockerClient },
      event: fixture.payload
    })
  }

  beforeAll(() => {
    app = mkdtempSync(join(tmpdir(), 'platform-app-'))
    writeFileSync(join(app, 'Dockerfile'), DOCKERFILE(MULTIARCH_BASE()))
    writeFileSync(join(app, 'deps.txt'), 'zlib 1\nacme 2\n')
    writeFileSync(join(app, 'app.sh'), 'echo hello\n')
    repository = uniqueRepository('acme/multi')
    image = `${testBench().registry}/${repository}`
  })
  afterAll(() => rmSync(app, { recursive: true, force: true }))

  let first: ActionRun
  it('builds each platform and pushes each production image by digest, with no tag', async () => {
    await wipeEngine()
    first = await build()
    expect(first.stderr).toBe('')
    expect(first.exitCode).toBe(0)
    const digests = JSON.parse(first.outputs['platform-digests']) as PlatformDigest[]
    expect(digests.map(d => d.platform)).toEqual(['linux/amd64', 'linux/arm64'])
    expect(await configPlatform(repository, digests[0].digest)).toBe('linux/amd64')
    expect(await configPlatform(repository, digests[1].digest)).toBe('linux/arm64')
    expect(first.outputs.digest).toBe('')
    expect(first.outputs.image).toBe('')
    // Nothing tagged: not the production tags, and (push-builder: false) not the builders either;
    // only each platform image's referrers fallback tag (sha256-<hex>), holding its provenance.
    expect(await registryTags(repository)).toEqual(
      digests.map(({ digest }) => digest.replace(':', '-')).sort()
    )
    const provenance = JSON.parse(first.outputs.provenance) as Array<{ digest: string; artifact: string }>
    expect(provenance.map(({ digest }) => digest).sort()).toEqual(digests.map(({ digest }) => digest).sort())
    for (const { artifact } of provenance) expect(artifact).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(first.outputs['builder-pending'].split('\n')).toEqual([
      `${image}:builder-main-linux-amd64`,
      `${image}:builder-main-linux-arm64`
    ])
    const cache = JSON.parse(first.outputs.cache) as Cache
    expect(Object.keys(cache.platforms)).toEqual(['linux/amd64', 'linux/arm64'])
    expect(cache.platforms['linux/arm64'].built).toBeGreaterThan(0)

    // The arm64 image really is arm64 (run under emulation).
    const arm64 = `${image}@${digests[1].digest}`
    const out = await docker(['run', '--rm', '--network', 'none', '--platform', 'linux/arm64', arm64])
    expect(out.split('\n')[0]).toBe('aarch64')
  }, 300_000)

  it('the same layers upload as the same blobs (the gzip is deterministic)', async () => {
    const again = await build()
    expect(again.exitCode).toBe(0)
    const layers = async (run: ActionRun): Promise<string[][]> =>
      Promise.all(
        (JSON.parse(run.outputs['platform-digests']) as PlatformDigest[]).map(async ({ digest }) =>
          (await registryJson(repository, 'manifests', digest)).layers.map(layer => layer.digest)
        )
      )
    // (The configs differ: the build time is in the labels.)
    expect(await layers(again)).toEqual(await layers(first))
    expect(again.stdout).toMatch(/linux\/arm64: .*uploaded by digest, untagged: 0 bytes of new layers/)
  }, 300_000)

  let cached: ActionRun
  it('a build on a wiped engine takes each platform cache from its own builder tags', async () => {
    // The pipeline pushes builder-pending after the gate; here, by hand.
    for (const ref of first.outputs['builder-pending'].split('\n')) await docker(['push', ref])
    expect((await registryTags(repository)).filter(tag => !tag.startsWith('sha256-'))).toEqual([
      'builder-main-linux-amd64',
      'builder-main-linux-arm64'
    ])
    await wipeEngine()
    writeFileSync(join(app, 'app.sh'), 'echo hello again\n')
    const run = (cached = await build())
    expect(run.exitCode).toBe(0)
    const cache = JSON.parse(run.outputs.cache) as Cache
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      // COPY deps.txt and the RUN after it from cache; the changed app.sh and what follows rebuilt.
      expect([platform, cache.platforms[platform].stages.builder]).toEqual([
        platform,
        expect.objectContaining({ total: 4, cached: 2, built: 2 })
      ])
    }
    expect(run.stdout).toContain(`pulled ${image}:builder-main-linux-arm64 (linux/arm64)`)
  }, 300_000)

  it('a build on a wiped engine takes production cache for each platform from the index under <branch>', async () => {
    // What the pipeline does after the gate: builder cache pushed, the index merged and tagged `main`.
    for (const ref of cached.outputs['builder-pending'].split('\n')) await docker(['push', ref])
    const merged = await runAction('merge', {
      inputs: { image, digests: cached.outputs['platform-digests'] }
    })
    expect(merged.exitCode).toBe(0)
    const index = await fetch(
      `http://${testBench().registry}/v2/${repository}/manifests/${merged.outputs.digest}`,
      { headers: { accept: 'application/vnd.oci.image.index.v1+json' } }
    )
    const tagged = await fetch(`http://${testBench().registry}/v2/${repository}/manifests/main`, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' },
      body: Buffer.from(await index.arrayBuffer())
    })
    expect(tagged.status).toBe(201)

    await wipeEngine()
    const run = await build()
    expect(run.exitCode).toBe(0)
    const cache = JSON.parse(run.outputs.cache) as Cache
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      const { builder, production } = cache.platforms[platform].stages
      expect([platform, builder.built, production.built]).toEqual([platform, 0, 0])
      expect([platform, production.cached]).toEqual([platform, 1])
    }
    expect(run.stdout).toContain(`pulled ${image}:main (linux/arm64)`)
  }, 300_000)
})
