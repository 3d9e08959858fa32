/**
 * verify-image on a multi-platform image: which platform images an index names (attestations left
 * out, a hostile platform text refused), whether the registry says index, single or nothing, that an
 * image must be what its index entry claims, and that the verdict passes only when every platform
 * passes.
 */
import { describe, expect, it } from '@jest/globals'
import { lookUpPlatforms, platformImages } from '../../../src/lib/dockerflow/platforms.js'
import { platformOf } from '../../../src/lib/platform/index-images.js'
import { type CheckResult, judge, verdictOfImages } from '../../../src/lib/dockerflow/requirements.js'
import { checkPlatform, isEmulated } from '../../../src/lib/dockerflow/verify.js'
import { verifyOutputs } from '../../../src/actions/verify-image/outputs.js'
import { verdictLine } from '../../../src/actions/verify-image/summary.js'
import type { Manifest } from '../../../src/lib/registry/index.js'
import type { ManifestDocument } from '../../../src/lib/oci/index.js'

const AMD = `sha256:${'a'.repeat(64)}`
const ARM = `sha256:${'b'.repeat(64)}`
const ATTESTATION = `sha256:${'c'.repeat(64)}`
const INDEX = `sha256:${'d'.repeat(64)}`
const REPO = { registry: '127.0.0.1:5000', repository: 'team/app' }
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'

const entry = (digest: string, platform?: Record<string, string>) => ({
  mediaType: OCI_MANIFEST,
  digest,
  size: 500,
  ...(platform ? { platform } : {})
})
const INDEX_ENTRIES = [
  entry(AMD, { os: 'linux', architecture: 'amd64' }),
  entry(ARM, { os: 'linux', architecture: 'arm64', variant: 'v8' }),
  entry(ATTESTATION, { os: 'unknown', architecture: 'unknown' })
]

const manifest = (mediaType: string, document: ManifestDocument, digest = INDEX): Manifest => ({
  body: Buffer.from(JSON.stringify(document)),
  mediaType,
  digest,
  document
})

describe('the platform images of an index', () => {
  it('names each platform os/architecture[/variant] with its digest reference, leaving attestations out', () => {
    expect(platformImages(REPO, INDEX_ENTRIES)).toEqual([
      { platform: 'linux/amd64', digest: AMD, reference: `127.0.0.1:5000/team/app@${AMD}` },
      { platform: 'linux/arm64/v8', digest: ARM, reference: `127.0.0.1:5000/team/app@${ARM}` }
    ])
  })

  it('skips an entry without a platform, an annotated attestation and an artifact', () => {
    expect(platformOf(entry(AMD))).toBeUndefined()
    const linux = { os: 'linux', architecture: 'amd64' }
    expect(
      platformOf({
        ...entry(AMD, linux),
        annotations: { 'vnd.docker.reference.type': 'attestation-manifest' }
      })
    ).toBeUndefined()
    expect(platformOf({ ...entry(AMD, linux), artifactType: 'application/vnd.example+json' })).toBeUndefined()
  })

  it.each([
    ['an option', { os: '--privileged', architecture: 'amd64' }],
    ['a workflow command', { os: 'linux', architecture: '::error::x' }],
    ['a path', { os: 'linux', architecture: 'arm64', variant: '../v8' }]
  ])('refuses a platform that is %s', (_what, platform) => {
    expect(() => platformOf(entry(AMD, platform))).toThrow('is not a platform')
  })

  it('refuses an index that lists one platform twice', () => {
    expect(() =>
      platformImages(REPO, [
        entry(AMD, { os: 'linux', architecture: 'amd64' }),
        entry(ARM, { os: 'linux', architecture: 'amd64' })
      ])
    ).toThrow('The index lists linux/amd64 twice')
  })
})

describe('what the registry holds under a reference', () => {
  const reference = '127.0.0.1:5000/team/app:main'

  it('an index: its digest and platform images', async () => {
    const found = await lookUpPlatforms(reference, {
      fetch: async () =>
        manifest('application/vnd.oci.image.index.v1+json', { schemaVersion: 2, manifests: INDEX_ENTRIES })
    })
    expect(found).toEqual({
      kind: 'index',
      digest: INDEX,
      images: platformImages(REPO, INDEX_ENTRIES)
    })
  })

  it('a Docker manifest list is an index too', async () => {
    const found = await lookUpPlatforms(reference, {
      fetch: async () =>
        manifest('application/vnd.docker.distribution.manifest.list.v2+json', {
          schemaVersion: 2,
          manifests: INDEX_ENTRIES.slice(0, 1)
        })
    })
    expect(found).toMatchObject({ kind: 'index', images: [{ platform: 'linux/amd64' }] })
  })

  it('one image: single', async () => {
    const found = await lookUpPlatforms(reference, {
      fetch: async () => manifest(OCI_MANIFEST, { schemaVersion: 2, config: entry(AMD), layers: [] }, AMD)
    })
    expect(found).toEqual({ kind: 'single', digest: AMD })
  })

  it('no answer (a name only the engine has): unknown, and says so', async () => {
    const log: string[] = []
    const found = await lookUpPlatforms(reference, {
      fetch: async () => {
        throw new Error('getaddrinfo ENOTFOUND')
      },
      log: message => log.push(message)
    })
    expect(found).toEqual({ kind: 'unknown' })
    expect(log.join('\n')).toContain("verifying the engine's image")
  })

  it('an index with attestations only is an error, not a pass', async () => {
    await expect(
      lookUpPlatforms(reference, {
        fetch: async () =>
          manifest('application/vnd.oci.image.index.v1+json', { manifests: INDEX_ENTRIES.slice(2) })
      })
    ).rejects.toThrow('an index without an image of any platform')
  })
})

describe('which platform runs under emulation on this runner', () => {
  it.each([
    ['linux/amd64', 'x64', false],
    ['linux/arm64', 'x64', true],
    ['linux/arm64/v8', 'arm64', false],
    ['linux/amd64', 'arm64', true],
    ['linux/arm/v7', 'arm64', true]
  ])('%s on a %s runner: %p', (platform, host, emulated) => {
    expect(isEmulated(platform, host)).toBe(emulated)
  })
})

describe('an index entry must be what its image config says', () => {
  it.each([
    ['linux/arm64', { Os: 'linux', Architecture: 'arm64' }],
    ['linux/arm64/v8', { Os: 'linux', Architecture: 'arm64' }],
    ['linux/arm/v7', { Os: 'linux', Architecture: 'arm', Variant: 'v7' }]
  ])('%s matches %j', (platform, inspected) => {
    expect(() => checkPlatform('app@x', platform, inspected)).not.toThrow()
  })

  it.each([
    ['linux/arm64', { Os: 'linux', Architecture: 'amd64' }, 'its config says linux/amd64'],
    ['linux/arm/v7', { Os: 'linux', Architecture: 'arm', Variant: 'v6' }, 'its config says linux/arm/v6'],
    ['linux/amd64', {}, 'its config says no platform']
  ])('%s does not match %j', (platform, inspected, message) => {
    expect(() => checkPlatform('app@x', platform, inspected)).toThrow(message)
  })
})

describe('the verdict of an index', () => {
  const pass = (): CheckResult[] => [judge('user', true, 'app'), judge('expose-8000', true, '8000')]
  const failUser = (): CheckResult[] => [judge('user', false, 'root'), judge('expose-8000', false, 'none')]
  const reports = (arm: CheckResult[]) => [
    { image: `app@${AMD}`, imageId: 'sha256:1', platform: 'linux/amd64', results: pass() },
    { image: `app@${ARM}`, imageId: 'sha256:2', platform: 'linux/arm64', results: arm }
  ]

  it('passes when every platform passes', () => {
    const verdict = verdictOfImages(reports(pass()), 'required')
    expect(verdict).toMatchObject({ passed: true, failed: [], warnings: [] })
    expect(verdictLine(verdict)).toBe('meets the Dockerflow contract on all 2 platforms')
  })

  it('fails when one platform fails, naming it', () => {
    const verdict = verdictOfImages(reports(failUser()), 'required')
    expect(verdict).toMatchObject({ passed: false, failed: ['user'], warnings: ['expose-8000'] })
    expect(verdict.images.map(image => [image.platform, image.passed])).toEqual([
      ['linux/amd64', true],
      ['linux/arm64', false]
    ])
    expect(verdictLine(verdict)).toBe(
      'does not meet the Dockerflow contract (on linux/arm64 of 2 platforms): user, expose-8000'
    )
  })

  it('no image checked is no pass', () => {
    expect(verdictOfImages([], 'required').passed).toBe(false)
  })

  it("outputs: every platform's checks with its platform, and each platform's verdict", () => {
    const run = { image: 'app:main', index: INDEX, reports: reports(failUser()) }
    const outputs = verifyOutputs(run, verdictOfImages(run.reports, 'required'))
    expect(outputs).toMatchObject({ passed: false, failed: '["user"]', 'image-id': '' })
    const results = JSON.parse(String(outputs.results)) as Array<{ id: string; platform: string }>
    expect(results.map(result => `${result.platform} ${result.id}`)).toEqual([
      'linux/amd64 user',
      'linux/amd64 expose-8000',
      'linux/arm64 user',
      'linux/arm64 expose-8000'
    ])
    expect(JSON.parse(String(outputs.platforms))).toEqual([
      {
        platform: 'linux/amd64',
        digest: AMD,
        'image-id': 'sha256:1',
        passed: true,
        failed: [],
        warnings: []
      },
      {
        platform: 'linux/arm64',
        digest: ARM,
        'image-id': 'sha256:2',
        passed: false,
        failed: ['user'],
        warnings: ['expose-8000']
      }
    ])
  })

  it('outputs of a single image are as before, with no platforms', () => {
    const run = { image: 'app:main', reports: [{ image: 'app:main', imageId: 'sha256:1', results: pass() }] }
    const outputs = verifyOutputs(run, verdictOfImages(run.reports, 'required'))
    expect(outputs).toMatchObject({ passed: true, 'image-id': 'sha256:1', platforms: '[]' })
    expect(JSON.parse(String(outputs.results))).toEqual(pass())
  })
})
