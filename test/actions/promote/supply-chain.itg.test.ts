/**
 * Supply chain on the real registries (issue 16): provenance attached to a built image by digest,
 * referrers of other tools travelling with a cross-registry promotion (a single image and a
 * two-platform index), and the promotion policy refusing what it must. The registries are
 * distribution 2.8 (no referrers API: the fallback tag schema is the real path here); the promotions
 * run the committed promote bundle; what arrived is read back with the raw API, not the client.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningRegistry } from '../../../scripts/testbench/registry.js'
import { attachGateRecord } from '../../../src/lib/gate/record.js'
import { MEDIA_TYPES } from '../../../src/lib/oci/media-types.js'
import { attachProvenance } from '../../../src/lib/provenance/attach.js'
import { type BuildFacts, provenanceStatement } from '../../../src/lib/provenance/statement.js'
import { openRepository, resolveDigest } from '../../../src/lib/registry/index.js'
import { runAction } from '../../support/action-runner.js'
import { loadEvent } from '../../support/events.js'
import { testBench, uniqueRepository } from '../../support/bench.js'
import { sampleRecord } from '../../support/gate-records.js'
import {
  PASSWORD,
  USER,
  rawAttachArtifact,
  rawGet,
  rawPushImage,
  rawPutManifest,
  rawReferrersIndex,
  startBasicRegistry
} from '../../support/registries.js'

const SIGNATURE = 'application/vnd.example.signature'
const IN_TOTO = 'application/vnd.in-toto+json'
const GATE = 'application/vnd.docker-actions.gate.v1+json'
const basicAuth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
const COMMIT = '0123456789abcdef0123456789abcdef01234567'
const BUILDER = 'https://github.com/acme/app/.github/workflows/build.yml@refs/heads/main'
const BUILD_SECRET = 'build-secret-Zq8v1'
const ARG_SECRET = 'npm-token-Kx93b'

type Subject = { mediaType: string; digest: string; size: number }

const facts = (overrides: Partial<BuildFacts> = {}): BuildFacts => ({
  dockerfile: 'Dockerfile',
  context: '.',
  targets: ['production'],
  buildArgs: {},
  baseImages: [],
  source: { repository: 'acme/app', ref: 'refs/heads/main', commit: COMMIT },
  builderId: BUILDER,
  invocationId: 'https://github.com/acme/app/actions/runs/7/attempts/1',
  ...overrides
})

describe('supply chain on the real registry', () => {
  let dev: string
  let prod: RunningRegistry

  beforeAll(async () => {
    dev = testBench().registry
    prod = await startBasicRegistry()
  })
  afterAll(async () => {
    await prod?.stop()
  })

  /** A small image pushed by the raw API, tagged dev-1, with a passing gate record. */
  async function gatedImage(prefix: string): Promise<{ repository: string; subject: Subject }> {
    const repository = uniqueRepository(prefix)
    const image = await rawPushImage(dev, repository)
    await rawPutManifest(dev, repository, 'dev-1', image.manifest)
    const subject = { mediaType: MEDIA_TYPES.ociManifest, digest: image.digest, size: image.size }
    await attachGateRecord(
      openRepository({ registry: dev, repository }),
      subject,
      sampleRecord(image.digest, true)
    )
    return { repository, subject }
  }

  const promote = (inputs: Record<string, string>) =>
    runAction('promote', {
      inputs: { 'target-username': USER, 'target-password': PASSWORD, ...inputs }
    })

  it('build-with-cache attaches a provenance referrer about the pushed digest, naming the base image digest and the commit, and no secret', async () => {
    const bench = testBench()
    const repository = uniqueRepository('supply/built')
    const context = mkdtempSync(join(tmpdir(), 'provenance-itg-'))
    writeFileSync(
      join(context, 'Dockerfile'),
      `FROM ${bench.baseImage}\nARG NPM_TOKEN\nARG APP_VERSION\nRUN --mount=type=secret,id=token test -s /run/secrets/token && echo built > /built\n`
    )
    const fixture = loadEvent('push-main')
    const commit = fixture.env.GITHUB_SHA
    const run = await runAction('build-with-cache', {
      inputs: {
        images: `${dev}/${repository}`,
        context,
        network: 'host',
        secrets: `token=${BUILD_SECRET}`,
        'build-args': `NPM_TOKEN=${ARG_SECRET}\nAPP_VERSION=1.0.0`,
        'push-builder': 'false'
      },
      env: { ...fixture.env, DOCKER_ACTIONS_DOCKER: bench.dockerClient },
      event: fixture.payload
    })
    expect(run.exitCode).toBe(0)
    const digest = run.outputs.digest
    expect(digest).toMatch(/^sha256:/)
    const [attached] = JSON.parse(run.outputs.provenance) as Array<{ digest: string; artifact: string }>
    expect(attached.digest).toBe(digest)
    const artifact = attached.artifact
    expect(artifact).toMatch(/^sha256:/)
    const baseDigest = await resolveDigest(bench.baseImage)

    // Read back with the raw API: the fallback index, the artifact manifest, its one layer.
    const listed = await rawReferrersIndex(dev, repository, digest)
    expect(listed).toEqual([expect.objectContaining({ digest: artifact, artifactType: IN_TOTO })])
    const artifactManifest = JSON.parse(
      (await rawGet(dev, repository, 'manifests', artifact))?.toString() ?? '{}'
    ) as {
      artifactType: string
      config: { mediaType: string }
      subject: Subject
      layers: Array<{ digest: string }>
    }
    expect(artifactManifest).toMatchObject({
      artifactType: IN_TOTO,
      config: { mediaType: 'application/vnd.oci.empty.v1+json' },
      subject: { digest }
    })
    const blob = (await rawGet(dev, repository, 'blobs', artifactManifest.layers[0].digest)) as Buffer
    const statement = JSON.parse(blob.toString()) as {
      subject: Array<{ digest: { sha256: string } }>
      predicate: { buildDefinition: { resolvedDependencies: Array<{ digest: Record<string, string> }> } }
    }
    expect(statement.subject).toEqual([{ name: `${dev}/${repository}`, digest: { sha256: digest.slice(7) } }])
    const dependencies = statement.predicate.buildDefinition.resolvedDependencies
    expect(dependencies).toContainEqual(expect.objectContaining({ digest: { gitCommit: commit } }))
    expect(dependencies).toContainEqual(expect.objectContaining({ digest: { sha256: baseDigest.slice(7) } }))
    const text = blob.toString()
    expect(text).not.toContain(BUILD_SECRET)
    expect(text).not.toContain(ARG_SECRET)
    expect(text).toContain('"APP_VERSION": "1.0.0"')
    // The build secret is never printed; the credential-like build arg is masked before docker's
    // command line is logged (the runner replaces it with ***), with a warning to use secrets.
    expect(run.stdout.split(BUILD_SECRET)).toHaveLength(2)
    expect(run.stdout).toContain(`::add-mask::${BUILD_SECRET}`)
    const maskedAt = run.stdout.indexOf(`::add-mask::${ARG_SECRET}`)
    expect(maskedAt).toBeGreaterThanOrEqual(0)
    expect(run.stdout.indexOf(ARG_SECRET)).toBe(maskedAt + '::add-mask::'.length)
    expect(run.stdout).toMatch(/::warning::Build arg NPM_TOKEN looks like a credential/)
  }, 180_000)

  it('a foreign referrer reaches the other registry with a single image; the target fallback index lists it', async () => {
    const { repository, subject } = await gatedImage('supply/single')
    const signature = await rawAttachArtifact(
      dev,
      repository,
      subject,
      SIGNATURE,
      Buffer.from('signed by a test')
    )
    const target = `team/${uniqueRepository('single')}`
    const run = await promote({
      source: `${dev}/${repository}:dev-1`,
      targets: `${prod.host}/${target}:1.0.0`
    })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(`copied 1 gate record(s) to ${prod.host}/${target}`)
    expect(run.stdout).toContain(`copied 1 other referrer(s) (${SIGNATURE}) to ${prod.host}/${target}`)

    const listed = await rawReferrersIndex(prod.host, target, subject.digest, basicAuth)
    expect(listed.map(entry => entry.artifactType)).toEqual([GATE, SIGNATURE])
    expect(listed[1].digest).toBe(signature)
    expect(await rawGet(prod.host, target, 'manifests', signature, basicAuth)).toBeDefined()
    // The promoted image's gate holds on the target: the next stage can promote it from there.
    const next = await promote({
      source: `${prod.host}/${target}:1.0.0`,
      'floating-targets': `${prod.host}/${target}:production`,
      'registry-auth': `${prod.host}=${USER}:${PASSWORD}`
    })
    expect(next.exitCode).toBe(0)
  })

  it('a two-platform index travels whole with the referrers of every platform; a gate record on one platform only is refused', async () => {
    const repository = uniqueRepository('supply/index')
    const registry = openRepository({ registry: dev, repository })
    const platforms: Array<Subject & { architecture: string }> = []
    for (const architecture of ['amd64', 'arm64']) {
      const image = await rawPushImage(dev, repository, { platform: { os: 'linux', architecture } })
      await rawPutManifest(dev, repository, image.digest, image.manifest)
      platforms.push({
        mediaType: MEDIA_TYPES.ociManifest,
        digest: image.digest,
        size: image.size,
        architecture
      })
    }
    // The index, written with the registry client.
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociIndex,
        manifests: platforms.map(({ architecture, ...descriptor }) => ({
          ...descriptor,
          platform: { os: 'linux', architecture }
        }))
      })
    )
    const { digest: indexDigest } = await registry.putManifest('dev-1', index, MEDIA_TYPES.ociIndex)
    await attachGateRecord(registry, platforms[0], sampleRecord(platforms[0].digest, true))
    const target = `team/${uniqueRepository('index')}`
    const source = `${dev}/${repository}:dev-1`

    const refused = await promote({ source, targets: `${prod.host}/${target}:1.0.0` })
    expect(refused.exitCode).not.toBe(0)
    expect(refused.stdout).toMatch(
      new RegExp(
        `::error::.*is not promoted: platform linux/arm64 of the index: .*@${platforms[1].digest} has no vulnerability gate record`
      )
    )
    expect(await rawGet(prod.host, target, 'manifests', '1.0.0', basicAuth)).toBeUndefined()

    await attachGateRecord(registry, platforms[1], sampleRecord(platforms[1].digest, true))
    const signature = await rawAttachArtifact(
      dev,
      repository,
      platforms[1],
      SIGNATURE,
      Buffer.from('arm64 signed')
    )
    const onIndex = await rawAttachArtifact(
      dev,
      repository,
      { mediaType: MEDIA_TYPES.ociIndex, digest: indexDigest, size: index.length },
      SIGNATURE,
      Buffer.from('index signed')
    )
    const run = await promote({ source, targets: `${prod.host}/${target}:1.0.0` })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.digest).toBe(indexDigest)
    expect(await rawGet(prod.host, target, 'manifests', '1.0.0', basicAuth)).toEqual(index)
    for (const platform of platforms)
      expect(await rawGet(prod.host, target, 'manifests', platform.digest, basicAuth)).toBeDefined()
    expect(
      (await rawReferrersIndex(prod.host, target, platforms[1].digest, basicAuth)).map(e => e.digest)
    ).toContain(signature)
    expect(
      (await rawReferrersIndex(prod.host, target, platforms[0].digest, basicAuth)).map(e => e.artifactType)
    ).toEqual([GATE])
    expect((await rawReferrersIndex(prod.host, target, indexDigest, basicAuth)).map(e => e.digest)).toEqual([
      onIndex
    ])
  })

  describe('require-provenance refuses', () => {
    const policy = {
      'require-provenance': 'true',
      'allowed-builders': 'acme/app/.github/workflows/build.yml@refs/heads/main',
      'allowed-branches': 'main'
    }

    it('an image without provenance, and accepts it once provenance from main is attached', async () => {
      const { repository, subject } = await gatedImage('supply/noprov')
      const target = `${dev}/${repository}:production`
      const refused = await promote({
        source: `${dev}/${repository}:dev-1`,
        'floating-targets': target,
        ...policy
      })
      expect(refused.exitCode).not.toBe(0)
      expect(refused.stdout).toMatch(
        /::error::.*has no provenance .*so it is not promoted \(require-provenance: true\)/
      )
      expect(await rawGet(dev, repository, 'manifests', 'production')).toBeUndefined()

      await attachProvenance(openRepository({ registry: dev, repository }), {
        name: `${dev}/${repository}`,
        subject,
        facts: facts()
      })
      const accepted = await promote({
        source: `${dev}/${repository}:dev-1`,
        'floating-targets': target,
        ...policy
      })
      expect(accepted.exitCode).toBe(0)
      expect(accepted.stdout).toContain(`${subject.digest} was built by ${BUILDER} from refs/heads/main`)
    })

    it('an image built from a branch that is not allowed', async () => {
      const { repository, subject } = await gatedImage('supply/branch')
      await attachProvenance(openRepository({ registry: dev, repository }), {
        name: `${dev}/${repository}`,
        subject,
        facts: facts({ source: { repository: 'acme/app', ref: 'refs/heads/feature/login', commit: COMMIT } })
      })
      const run = await promote({
        source: `${dev}/${repository}:dev-1`,
        'floating-targets': `${dev}/${repository}:production`,
        ...policy
      })
      expect(run.exitCode).not.toBe(0)
      expect(run.stdout).toMatch(
        /::error::.*buildDefinition\.externalParameters\.source\.ref is "refs\/heads\/feature\/login", which is not in allowed-branches \(main\)/
      )
      expect(await rawGet(dev, repository, 'manifests', 'production')).toBeUndefined()
    })

    it('an image whose provenance names another digest', async () => {
      const { repository, subject } = await gatedImage('supply/otherdigest')
      const other = `sha256:${'e'.repeat(64)}`
      const statement = provenanceStatement({ name: `${dev}/${repository}`, digest: other }, facts())
      await rawAttachArtifact(dev, repository, subject, IN_TOTO, Buffer.from(JSON.stringify(statement)))
      const run = await promote({
        source: `${dev}/${repository}:dev-1`,
        'floating-targets': `${dev}/${repository}:production`,
        ...policy
      })
      expect(run.exitCode).not.toBe(0)
      expect(run.stdout).toContain(`its subject[].digest names ${other}, not ${subject.digest}`)
      expect(await rawGet(dev, repository, 'manifests', 'production')).toBeUndefined()
    })
  })
})
