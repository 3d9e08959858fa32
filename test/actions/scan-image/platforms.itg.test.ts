/**
 * scan-image given an image index (linux/amd64 + linux/arm64), on the bench's engine and registry:
 * each platform image is exported and scanned by its digest (pulled for its platform: the engine
 * does not hold them), each gets its own gate record, and the step passes only when every platform
 * passes. The platform images name the sample report their stand-in scan prints (/standin-report).
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findGateRecords } from '../../../src/lib/gate/record.js'
import { openRepository } from '../../../src/lib/registry/client.js'
import { type ActionRun, runAction } from '../../support/action-runner.js'
import { docker, testBench, uniqueRepository } from '../../support/bench.js'
import { loadEvent } from '../../support/events.js'
import { rawGet, rawReferrersIndex } from '../../support/registries.js'
import { standInScannerImage } from '../../support/scanner-images.js'

const CYCLONEDX = 'application/vnd.cyclonedx+json'

const PASSING = 'trivy-alpine-310.json' // 4 medium
const FAILING = 'trivy-alpine-39-high-critical.json' // critical findings

function multiarchBase(): string {
  const base = process.env.TESTBENCH_MULTIARCH_BASE_IMAGE
  if (!base) throw new Error('the bench has no TESTBENCH_MULTIARCH_BASE_IMAGE (arm64 emulation)')
  return base
}

interface PlatformImage {
  platform: string
  digest: string
  size: number
  mediaType: string
}

/** An image for one platform whose stand-in scan prints `report`; pushed, then untagged in the engine. */
async function buildFor(repository: string, platform: string, report: string): Promise<PlatformImage> {
  const dir = mkdtempSync(join(tmpdir(), 'scan-platforms-'))
  writeFileSync(join(dir, 'standin-report'), report)
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${multiarchBase()}\nCOPY standin-report /standin-report\n`)
  const tag = `${testBench().registry}/${repository}:${platform.replace(/\//g, '-')}-${report.length}`
  await docker(['build', '--quiet', '--network', 'host', '--platform', platform, '--tag', tag, dir])
  await docker(['push', '--quiet', tag])
  // The engine keeps one image per name: untagged, so scan-image pulls each platform by digest.
  await docker(['rmi', tag])
  const manifest = await openRepository({ registry: testBench().registry, repository }).getManifest(
    tag.slice(tag.lastIndexOf(':') + 1)
  )
  if (!manifest) throw new Error(`${tag} is not in the registry`)
  return { platform, digest: manifest.digest, size: manifest.body.length, mediaType: manifest.mediaType }
}

/** Writes an OCI index of the platform images by digest (untagged), with the registry client. */
async function writeIndex(repository: string, images: PlatformImage[]): Promise<string> {
  const body = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: images.map(({ platform, digest, size, mediaType }) => {
        const [os, architecture] = platform.split('/')
        return { mediaType, digest, size, platform: { os, architecture } }
      })
    })
  )
  const repo = openRepository({ registry: testBench().registry, repository })
  const { createHash } = await import('node:crypto')
  const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`
  await repo.putManifest(digest, body, 'application/vnd.oci.image.index.v1+json')
  return digest
}

describe('scan-image on an index of linux/amd64 and linux/arm64', () => {
  const event = loadEvent('push-main')
  let repository: string
  let passingIndex: string
  let mixedIndex: string
  let amd64: PlatformImage
  let arm64Passing: PlatformImage
  let arm64Failing: PlatformImage

  beforeAll(async () => {
    repository = uniqueRepository('acme/scan-platforms')
    amd64 = await buildFor(repository, 'linux/amd64', PASSING)
    arm64Passing = await buildFor(repository, 'linux/arm64', PASSING)
    arm64Failing = await buildFor(repository, 'linux/arm64', FAILING)
    passingIndex = await writeIndex(repository, [amd64, arm64Passing])
    mixedIndex = await writeIndex(repository, [amd64, arm64Failing])
    await standInScannerImage('trivy')
  }, 300_000)

  const scan = async (image: string): Promise<ActionRun> =>
    runAction('scan-image', {
      inputs: {
        image,
        scanner: 'trivy',
        'scanner-image': await standInScannerImage('trivy'),
        'severity-threshold': 'critical',
        'record-gate': 'true',
        'output-dir': mkdtempSync(join(tmpdir(), 'scan-platforms-out-'))
      },
      env: {
        ...event.env,
        DOCKER_ACTIONS_DOCKER: testBench().dockerClient,
        XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'scan-platforms-cache-'))
      },
      event: event.payload
    })

  const records = async (digest: string) =>
    findGateRecords(openRepository({ registry: testBench().registry, repository }), digest)

  it('scans every platform by its digest and records a passing verdict on each platform image', async () => {
    const run = await scan(`${testBench().registry}/${repository}@${passingIndex}`)
    expect(run.stdout).not.toMatch(/stand-in trivy:/)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.passed).toBe('true')
    expect(run.outputs.digest).toBe(passingIndex)
    expect(JSON.parse(run.outputs.platforms)).toEqual([
      expect.objectContaining({ platform: 'linux/amd64', digest: amd64.digest, passed: true }),
      expect.objectContaining({ platform: 'linux/arm64', digest: arm64Passing.digest, passed: true })
    ])
    expect(run.stdout).toContain('is an index of 2 platform images: linux/amd64, linux/arm64')
    for (const image of [amd64, arm64Passing]) {
      const found = await records(image.digest)
      expect(found.map(record => [record.subject, record.passed])).toEqual([[image.digest, true]])
    }
    // A record on the index itself would not be enough for promote: none is written there.
    expect(await records(passingIndex)).toEqual([])
    expect(run.summary).toContain('scan-image linux/amd64: ✅ passed')
    expect(run.summary).toContain('scan-image linux/arm64: ✅ passed')
    // sbom (default true): each platform image gets its own SBOM referrer, read back from the registry.
    const sboms = JSON.parse(run.outputs.sbom) as Array<{ platform: string; subject: string; digest: string }>
    expect(sboms).toEqual([
      { platform: 'linux/amd64', subject: amd64.digest, digest: expect.stringMatching(/^sha256:/) },
      { platform: 'linux/arm64', subject: arm64Passing.digest, digest: expect.stringMatching(/^sha256:/) }
    ])
    for (const sbom of sboms) {
      const listed = await rawReferrersIndex(testBench().registry, repository, sbom.subject)
      expect(listed.filter(entry => entry.artifactType === CYCLONEDX).map(entry => entry.digest)).toEqual([
        sbom.digest
      ])
      const manifest = JSON.parse(
        (await rawGet(testBench().registry, repository, 'manifests', sbom.digest))?.toString() ?? '{}'
      ) as { subject?: { digest: string } }
      expect(manifest.subject?.digest).toBe(sbom.subject)
    }
    expect(await rawReferrersIndex(testBench().registry, repository, passingIndex)).toEqual([])
  }, 240_000)

  it('one failing platform fails the step, names it, and still records each verdict', async () => {
    const before = (await records(amd64.digest)).length
    const run = await scan(`${testBench().registry}/${repository}@${mixedIndex}`)
    expect(run.exitCode).not.toBe(0)
    expect(run.outputs.passed).toBe('false')
    expect(run.stdout).toMatch(
      /::error::Vulnerability gate failed for 1 of 2 platforms: linux\/arm64 \(.*@sha256:[a-f0-9]{64}\): \d+ critical findings? .*Every platform must pass\./
    )
    expect(JSON.parse(run.outputs.platforms).map((entry: { passed: boolean }) => entry.passed)).toEqual([
      true,
      false
    ])
    expect((await records(amd64.digest)).length).toBe(before + 1)
    expect((await records(arm64Failing.digest)).map(record => record.passed)).toEqual([false])
    // An index that failed gets no SBOM, on any platform.
    expect(run.outputs.sbom).toBe('[]')
    expect(
      (await rawReferrersIndex(testBench().registry, repository, arm64Failing.digest)).map(
        e => e.artifactType
      )
    ).not.toContain(CYCLONEDX)
    // The outputs describe the failing platform.
    expect(JSON.parse(run.outputs.counts).after.critical).toBeGreaterThan(0)
  }, 240_000)
})
