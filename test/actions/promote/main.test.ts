/**
 * promote's sources, in-process (@actions/core mirrored) against an in-memory registry: the gate
 * decides before anything is written, outputs name each target, and the verdict follows the image.
 * (promote.itg.test.ts runs the committed bundle against real registries.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type MemoryRegistry, startMemoryRegistry } from '../../support/hostile-registry.js'
import { mockCore } from '../../support/mock-core.js'

const { core, run, reset } = mockCore('promote')
jest.unstable_mockModule('@actions/core', () => core)
const { main } = await import('../../../src/actions/promote/main.js')
const { attachGateRecord, findGateRecords } = await import('../../../src/lib/gate/record.js')
const { MEDIA_TYPES } = await import('../../../src/lib/oci/media-types.js')
const { openRepository } = await import('../../../src/lib/registry/client.js')

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
  const config = Buffer.from(JSON.stringify({ os: 'linux', name }))
  const layer = Buffer.from(`layer of ${name}`)
  const descriptor = (mediaType: string, data: Buffer) => ({
    mediaType,
    digest: registry.putRawBlob(name, data),
    size: data.length
  })
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: descriptor('application/vnd.oci.image.config.v1+json', config),
      layers: [descriptor('application/vnd.oci.image.layer.v1.tar', layer)]
    })
  )
  const digest = registry.putRawManifest(name, manifest, MEDIA_TYPES.ociManifest, 'dev-1')
  return { name, reference: `${registry.host}/${name}:dev-1`, digest, size: manifest.length }
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
