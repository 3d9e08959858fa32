import { beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type GateRecord,
  attachGateRecord,
  copyGateRecords,
  findGateRecords,
  requirePassedGate
} from '../../../src/lib/gate/record.js'
import { openRepository } from '../../../src/lib/registry/client.js'
import { runAction } from '../../support/action-runner.js'
import { testBench, uniqueRepository } from '../../support/bench.js'
import { loadEvent } from '../../support/events.js'
import { rawPushImage, rawPutManifest } from '../../support/registries.js'

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'

const verdict = (subject: string, passed: boolean, scannedAt: string): GateRecord => ({
  subject,
  passed,
  scanner: 'trivy',
  severityThreshold: 'high',
  failOn: 'all',
  counts: { high: passed ? 0 : 1 },
  reasons: passed ? [] : ['1 high finding (allowed: 0)'],
  scannedAt,
  producer: { repository: 'acme/app' },
  selfReported: false
})

describe('gate records on the real registry', () => {
  let dev: string

  beforeAll(() => {
    dev = testBench().registry
  })

  async function image(prefix: string) {
    const repository = uniqueRepository(prefix)
    const pushed = await rawPushImage(dev, repository)
    await rawPutManifest(dev, repository, 'dev-1', pushed.manifest)
    const subject = { mediaType: OCI_MANIFEST, digest: pushed.digest, size: pushed.size }
    return { repository, subject, registry: openRepository({ registry: dev, repository }) }
  }

  it('a forged passing record dated 9999 does not outrank a failure written after it', async () => {
    const { subject, registry } = await image('gate/forged')
    await attachGateRecord(registry, subject, verdict(subject.digest, true, '9999-12-31T23:59:59.999Z'))
    await attachGateRecord(registry, subject, verdict(subject.digest, false, new Date().toISOString()))
    expect((await findGateRecords(registry, subject.digest)).map(record => record.passed)).toEqual([
      true,
      false
    ])
    await expect(requirePassedGate(registry, subject.digest)).rejects.toThrow(
      /failed its vulnerability gate \(trivy, threshold high, .*\): 1 high finding/
    )

    // Order, not dates, both ways: a pass written after the failure (dated in the past) decides.
    await attachGateRecord(registry, subject, verdict(subject.digest, true, '2000-01-01T00:00:00.000Z'))
    expect((await requirePassedGate(registry, subject.digest)).scannedAt).toBe('2000-01-01T00:00:00.000Z')
  })

  it('records copied to another repository keep their order, so the verdict is the same there', async () => {
    const source = await image('gate/copy-src')
    const target = await image('gate/copy-dst')
    await attachGateRecord(
      source.registry,
      source.subject,
      verdict(source.subject.digest, true, '9999-01-01T00:00:00.000Z')
    )
    const failure = verdict(source.subject.digest, false, '2026-01-01T00:00:00.000Z')
    await attachGateRecord(source.registry, source.subject, failure)
    // The target already holds the failure (say, from an earlier copy), then gets everything.
    const targetRegistry = openRepository({ registry: dev, repository: target.repository })
    await attachGateRecord(targetRegistry, source.subject, failure)
    await copyGateRecords(source.registry, targetRegistry, source.subject)
    expect((await findGateRecords(targetRegistry, source.subject.digest)).at(-1)?.passed).toBe(false)
    await expect(requirePassedGate(targetRegistry, source.subject.digest)).rejects.toThrow(
      /failed its vulnerability gate/
    )
  })

  it('scanner: report writes a self-reported record; promote refuses it unless allow-self-reported', async () => {
    const { repository, subject } = await image('gate/self-reported')
    const reportFile = 'test/fixtures/scan/snyk/snyk-to-html-no-vulns.json'
    const fixture = loadEvent('push-main')
    const dir = mkdtempSync(join(tmpdir(), 'gate-self-'))
    const scan = await runAction('scan-image', {
      inputs: {
        image: `${dev}/${repository}:dev-1`,
        scanner: 'report',
        'report-file': reportFile,
        'record-gate': 'true',
        'output-dir': join(dir, 'out')
      },
      env: fixture.env,
      event: fixture.payload
    })
    expect(scan.exitCode).toBe(0)
    expect(scan.outputs.passed).toBe('true')
    const sha256 = `sha256:${createHash('sha256').update(readFileSync(reportFile)).digest('hex')}`
    expect(scan.stdout).toContain(`(self-reported: computed from ${reportFile}, ${sha256})`)
    const [record] = await findGateRecords(openRepository({ registry: dev, repository }), subject.digest)
    expect(record).toMatchObject({ passed: true, selfReported: true, reportSha256: sha256 })

    const promote = (extra: Record<string, string>) =>
      runAction('promote', {
        inputs: {
          source: `${dev}/${repository}:dev-1`,
          'floating-targets': `${dev}/${repository}:staging`,
          ...extra
        }
      })
    const refused = await promote({})
    expect(refused.exitCode).not.toBe(0)
    expect(refused.stdout).toMatch(
      new RegExp(
        `::error::.*has only self-reported gate records .*sha256 ${sha256}.*allow-self-reported: true`
      )
    )
    const accepted = await promote({ 'allow-self-reported': 'true' })
    expect(accepted.exitCode).toBe(0)
    expect(accepted.stdout).toMatch(/passed snyk \(self-reported\)/)
    expect(accepted.outputs.digest).toBe(subject.digest)
  })
})
