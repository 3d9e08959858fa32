/**
 * promote's sources, in-process (@actions/core mirrored) against an in-memory registry: the gate
 * decides before anything is written, outputs name each target, and the verdict follows the image.
 * (promote.itg.test.ts runs the committed bundle against real registries.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tinyManifest } from '../../support/fake-repository.js'
import { type MemoryRegistry, putTinyImage, startMemoryRegistry } from '../../support/hostile-registry.js'
import { mockCore } from '../../support/mock-core.js'

const { core, run, reset } = mockCore('promote')
jest.unstable_mockModule('@actions/core', () => core)
const { main } = await import('../../../src/actions/promote/main.js')
const { attachGateRecord, findGateRecords } = await import('../../../src/lib/gate/record.js')
const { MEDIA_TYPES } = await import('../../../src/lib/oci/media-types.js')
const { openRepository } = await import('../../../src/lib/registry/client.js')
const { attachProvenance, PROVENANCE_ARTIFACT_TYPE } = await import('../../../src/lib/provenance/attach.js')
const { fallbackReferrers } = await import('../../../src/lib/registry/referrers.js')

let registry: MemoryRegistry
const savedDockerConfig = process.env.DOCKER_CONFIG
beforeAll(async () => {
  registry = await startMemoryRegistry()
  // No docker config of the machine running the tests.
  process.env.DOCKER_CONFIG = mkdtempSync(join(tmpdir(), 'promote-main-'))
})
afterAll(async () => {
  process.env.DOCKER_CONFIG = savedDockerConfig
  await registry.close()
})
beforeEach(reset)

let images = 0
/** An image tagged dev-1 in a repository of its own. */
async function image(): Promise<{ name: string; reference: string; digest: string; size: number }> {
  const name = `promote/app-${images++}`
  const { digest, size } = putTinyImage(registry, name)
  return { name, reference: `${registry.host}/${name}:dev-1`, digest, size }
}

async function recordVerdict(name: string, subject: { digest: string; size: number }, passed: boolean) {
  await attachGateRecord(
    openRepository({ registry: registry.host, repository: name }),
    { mediaType: MEDIA_TYPES.ociManifest, ...subject },
    {
      subject: subject.digest,
      passed,
      scanner: 'trivy',
      severityThreshold: 'high',
      failOn: 'all',
      counts: {},
      reasons: passed ? [] : ['1 critical finding (allowed: 0)'],
      scannedAt: '2026-01-01T00:00:00.000Z',
      producer: {},
      selfReported: false
    }
  )
}

describe('promote main (sources)', () => {
  it('refuses an image without a gate record before writing anything (require-gate defaults to on)', async () => {
    const source = await image()
    run.inputs = { source: source.reference, 'floating-targets': `${registry.host}/${source.name}:staging` }
    await expect(main()).rejects.toThrow(/has no vulnerability gate record, so it is not promoted/)
    expect(registry.tagged(source.name, 'staging')).toBeUndefined()
    expect(run.outputs).toEqual({})
  })

  it('refuses an image whose last record failed', async () => {
    const source = await image()
    await recordVerdict(source.name, source, true)
    await recordVerdict(source.name, source, false)
    run.inputs = { source: source.reference, 'floating-targets': `${registry.host}/${source.name}:staging` }
    await expect(main()).rejects.toThrow(/failed its vulnerability gate .*1 critical finding/)
    expect(registry.tagged(source.name, 'staging')).toBeUndefined()
  })

  it('promotes a passed image by digest, sets every output, and carries the record to the other repository', async () => {
    const source = await image()
    await recordVerdict(source.name, source, true)
    const sameRepository = `${registry.host}/${source.name}:staging`
    const otherRepository = `${registry.host}/prod/app-${images}:1.0.0`
    run.inputs = {
      source: source.reference,
      targets: otherRepository,
      'floating-targets': sameRepository,
      'expected-digest': source.digest
    }
    await main()

    expect(run.log).toContain(`${source.digest} passed trivy (threshold high) at 2026-01-01T00:00:00.000Z`)
    expect(run.outputs.digest).toBe(source.digest)
    expect(run.outputs.promoted.split('\n')).toEqual([otherRepository, sameRepository])
    expect(JSON.parse(run.outputs.results)).toEqual([
      { reference: otherRepository, floating: false, action: 'created', previousDigest: null },
      { reference: sameRepository, floating: true, action: 'created', previousDigest: null }
    ])
    expect(JSON.parse(run.outputs.json)).toMatchObject({ digest: source.digest, source: source.reference })
    expect(registry.tagged(`prod/app-${images}`, '1.0.0')).toBe(source.digest)
    expect(registry.tagged(source.name, 'staging')).toBe(source.digest)
    expect(run.log).toContain(`copied 1 gate record(s) to ${registry.host}/prod/app-${images}`)
    const carried = await findGateRecords(
      openRepository({ registry: registry.host, repository: `prod/app-${images}` }),
      source.digest
    )
    expect(carried.map(record => record.passed)).toEqual([true])
    expect(run.summary.some(line => line.includes('cross-repository mount'))).toBe(true)
  })

  it('dry run: reports what would happen, writes no tag and no record', async () => {
    const source = await image()
    await recordVerdict(source.name, source, true)
    const target = `${registry.host}/prod/dry-${images}:1.0.0`
    run.inputs = { source: source.reference, targets: target, 'dry-run': 'true' }
    await main()
    expect(run.outputs.promoted).toBe('')
    expect(JSON.parse(run.outputs.results)).toEqual([
      { reference: target, floating: false, action: 'would create', previousDigest: null }
    ])
    expect(registry.tagged(`prod/dry-${images}`, '1.0.0')).toBeUndefined()
    expect(run.log.filter(line => line.startsWith('copied'))).toEqual([])
  })

  it('require-gate: false promotes an ungated image and says the gate was not checked', async () => {
    const source = await image()
    run.inputs = {
      source: source.reference,
      'floating-targets': `${registry.host}/${source.name}:latest`,
      'require-gate': 'false'
    }
    await main()
    expect(run.log).toContain('require-gate: false: the gate record is not checked')
    expect(registry.tagged(source.name, 'latest')).toBe(source.digest)
  })
})

/** A two-platform index (each platform an image of its own) tagged dev-1. */
async function platformIndex(): Promise<{
  name: string
  reference: string
  digest: string
  platforms: Array<{ digest: string; size: number }>
}> {
  const name = `promote/multi-${images++}`
  const platforms = []
  for (const architecture of ['amd64', 'arm64']) {
    const config = Buffer.from(JSON.stringify({ os: 'linux', architecture, name }))
    const manifest = tinyManifest({ digest: registry.putRawBlob(name, config), size: config.length })
    platforms.push({
      architecture,
      digest: registry.putRawManifest(name, manifest, MEDIA_TYPES.ociManifest),
      size: manifest.length
    })
  }
  const index = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociIndex,
    manifests: platforms.map(p => ({
      mediaType: MEDIA_TYPES.ociManifest,
      digest: p.digest,
      size: p.size,
      platform: { os: 'linux', architecture: p.architecture }
    }))
  }
  const digest = registry.putRawManifest(name, index, MEDIA_TYPES.ociIndex, 'dev-1')
  return { name, reference: `${registry.host}/${name}:dev-1`, digest, platforms }
}

const BUILDER = 'https://github.com/acme/app/.github/workflows/build.yml@refs/heads/main'
async function provenance(name: string, subject: { digest: string; size: number }, ref = 'refs/heads/main') {
  await attachProvenance(openRepository({ registry: registry.host, repository: name }), {
    name: `${registry.host}/${name}`,
    subject: { mediaType: MEDIA_TYPES.ociManifest, ...subject },
    facts: {
      dockerfile: 'Dockerfile',
      targets: ['production'],
      buildArgs: {},
      baseImages: [],
      source: { repository: 'acme/app', ref, commit: 'c'.repeat(40) },
      builderId: BUILDER,
      invocationId: 'https://github.com/acme/app/actions/runs/1/attempts/1'
    }
  })
}

describe('promote main: indexes and provenance', () => {
  it('an index with a gate record on one platform only is refused, naming the platform; nothing is written', async () => {
    const source = await platformIndex()
    await recordVerdict(source.name, source.platforms[0], true)
    // A pass on the index itself does not stand in for the platform.
    await recordVerdict(source.name, { digest: source.digest, size: 100 }, true)
    run.inputs = { source: source.reference, targets: `${registry.host}/prod/multi-${images}:1.0.0` }
    await expect(main()).rejects.toThrow(
      new RegExp(
        `is not promoted: platform linux/arm64 of the index: .*@${source.platforms[1].digest} has no vulnerability gate record`
      )
    )
    expect(registry.tagged(`prod/multi-${images}`, '1.0.0')).toBeUndefined()
  })

  it('an index gated on every platform travels whole with every referrer of every platform', async () => {
    const source = await platformIndex()
    for (const platform of source.platforms) {
      await recordVerdict(source.name, platform, true)
      await provenance(source.name, platform)
    }
    const target = `prod/multi-copy-${images}`
    run.inputs = {
      source: source.reference,
      targets: `${registry.host}/${target}:1.0.0`,
      'require-provenance': 'true',
      'allowed-builders': 'acme/app/.github/workflows/build.yml@refs/heads/main',
      'allowed-branches': 'main'
    }
    await main()
    const lines = run.log.flatMap(line => line.split('\n'))
    expect(lines.filter(line => line.startsWith('platform linux/'))).toEqual([
      expect.stringMatching(/^platform linux\/amd64 of the index: sha256:.* passed trivy/),
      expect.stringMatching(/^platform linux\/arm64 of the index: sha256:.* passed trivy/),
      expect.stringMatching(
        /^platform linux\/amd64 of the index: sha256:.* was built by https:\/\/github.com\/acme/
      ),
      expect.stringMatching(
        /^platform linux\/arm64 of the index: sha256:.* was built by https:\/\/github.com\/acme/
      )
    ])
    expect(registry.tagged(target, '1.0.0')).toBe(source.digest)
    expect(run.log).toContain(`copied 2 gate record(s) to ${registry.host}/${target}`)
    expect(run.log).toContain(`copied 2 in-toto statement(s) (provenance) to ${registry.host}/${target}`)
    expect(JSON.parse(run.outputs.json).targets[0].referrers).toEqual({ copied: 4, present: 0 })
    expect(run.summary.some(line => line.includes('Referrers copied / present'))).toBe(true)
    for (const platform of source.platforms) {
      const listed = await fallbackReferrers(
        openRepository({ registry: registry.host, repository: target }),
        platform.digest
      )
      expect(listed.map(entry => entry.artifactType).sort()).toEqual([
        'application/vnd.docker-actions.gate.v1+json',
        PROVENANCE_ARTIFACT_TYPE
      ])
    }
  })

  it('require-provenance refuses provenance from a branch not allowed, naming the field', async () => {
    const source = await image()
    await recordVerdict(source.name, source, true)
    await provenance(source.name, source, 'refs/heads/feature')
    run.inputs = {
      source: source.reference,
      'floating-targets': `${registry.host}/${source.name}:production`,
      'require-provenance': 'true',
      'allowed-branches': 'main'
    }
    await expect(main()).rejects.toThrow(
      /source\.ref is "refs\/heads\/feature", which is not in allowed-branches \(main\)\. It is not promoted\./
    )
    expect(registry.tagged(source.name, 'production')).toBeUndefined()
  })
})
