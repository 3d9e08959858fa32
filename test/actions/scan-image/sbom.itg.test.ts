/**
 * scan-image `sbom` (issue 16) on the bench's engine and registry (distribution 2.8: no referrers
 * API, so the fallback tag schema is the real path): after a passed gate the stand-in scanner
 * (test/support/scanner-images.ts) is run in its SBOM mode on the same archive and prints a real
 * CycloneDX sample (test/fixtures/sbom/), which is attached to the scanned digest. What arrived is
 * read back with the raw registry API. An SBOM that is broken, oversized or fails leaves the verdict
 * as it was and warns; a cross-registry promotion (the committed promote bundle) carries it along.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { RunningRegistry } from '../../../scripts/testbench/registry.js'
import { type ActionRun, runAction } from '../../support/action-runner.js'
import { docker, testBench, uniqueRepository } from '../../support/bench.js'
import { loadEvent } from '../../support/events.js'
import { PASSWORD, USER, rawGet, rawReferrersIndex, startBasicRegistry } from '../../support/registries.js'
import {
  type StandInScanner,
  leftoverScanContainers,
  standInScannerImage
} from '../../support/scanner-images.js'

const CYCLONEDX = 'application/vnd.cyclonedx+json'
const GATE = 'application/vnd.docker-actions.gate.v1+json'
const TOKEN = 'snyk-standin-token-0456'
const SAMPLES: Record<StandInScanner, string> = {
  trivy: 'trivy-pywin32.cdx.json',
  grype: 'grype-TestCycloneDxPresenterImage.cdx.json',
  snyk: 'snyk-cyclonedx_document.cdx.json'
}
const PASSING: Record<StandInScanner, [string, string]> = {
  trivy: ['trivy-alpine-310.json', '0'],
  grype: ['grype-TestEmptyJsonPresenter.json', '0'],
  snyk: ['snyk-to-html-no-vulns.json', '0']
}

interface ArtifactManifest {
  artifactType: string
  config: { mediaType: string }
  layers: Array<{ mediaType: string; digest: string; size: number }>
  subject: { digest: string; mediaType: string; size: number }
  annotations?: Record<string, string>
}

/** The `::warning::` messages of a run. */
const warnings = (run: ActionRun): string[] =>
  run.stdout
    .split('\n')
    .filter(line => line.startsWith('::warning'))
    .map(line => line.replace(/^::warning[^:]*::/, ''))

describe('scan-image attaches the scanner’s SBOM to the scanned digest', () => {
  let dir: string
  let cacheHome: string
  let prod: RunningRegistry

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scan-sbom-'))
    cacheHome = join(dir, 'cache-home')
    mkdirSync(join(dir, 'runner-temp'))
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${testBench().baseImage}\nRUN echo sbom > /app\n`)
    await Promise.all((['trivy', 'grype', 'snyk'] as const).map(standInScannerImage))
    prod = await startBasicRegistry()
  }, 300_000)
  afterAll(async () => {
    await prod?.stop()
  })

  /** A fresh repository with the image pushed as dev-1: its repository path and digest. */
  async function pushedImage(prefix: string): Promise<{ repository: string; image: string; digest: string }> {
    const repository = uniqueRepository(prefix)
    const image = `${testBench().registry}/${repository}:dev-1`
    await docker(['build', '--quiet', '--network', 'host', '--tag', image, dir])
    const pushed = await docker(['push', image])
    const digest = (/digest: (sha256:[a-f0-9]{64})/.exec(pushed) as RegExpExecArray)[1]
    return { repository, image, digest }
  }

  const scan = async (
    image: string,
    scanner: StandInScanner,
    inputs: Record<string, string> = {},
    env: Record<string, string> = {}
  ): Promise<ActionRun> => {
    const fixture = loadEvent('push-main')
    const prefix = scanner.toUpperCase()
    const [report, exit] = PASSING[scanner]
    return runAction('scan-image', {
      inputs: {
        image,
        scanner,
        'scanner-image': await standInScannerImage(scanner),
        'record-gate': 'true',
        'output-dir': mkdtempSync(join(dir, 'out-')),
        ...inputs
      },
      env: {
        ...fixture.env,
        DOCKER_ACTIONS_DOCKER: testBench().dockerClient,
        XDG_CACHE_HOME: cacheHome,
        RUNNER_TEMP: join(dir, 'runner-temp'),
        SNYK_TOKEN: TOKEN,
        SNYK_STANDIN_TOKEN: TOKEN,
        [`${prefix}_STANDIN_REPORT`]: report,
        [`${prefix}_STANDIN_EXIT`]: exit,
        ...env
      },
      event: fixture.payload
    })
  }

  /** The CycloneDX referrers the fallback index of `digest` lists, on the bench registry. */
  const sbomReferrers = async (repository: string, digest: string) =>
    (await rawReferrersIndex(testBench().registry, repository, digest)).filter(
      entry => entry.artifactType === CYCLONEDX
    )

  it.each(['trivy', 'grype', 'snyk'] as const)(
    '%s: a passed image gets its SBOM as a referrer whose subject is its digest, the sample as written',
    async scanner => {
      const { repository, image, digest } = await pushedImage(`acme/sbom-${scanner}`)
      const run = await scan(image, scanner)
      expect(run.stdout).not.toMatch(/stand-in \w+:/)
      expect(run.exitCode).toBe(0)
      expect(run.outputs.passed).toBe('true')
      expect(warnings(run)).toEqual([])
      const [attached] = JSON.parse(run.outputs.sbom) as Array<{ subject: string; digest: string }>
      expect(JSON.parse(run.outputs.sbom)).toEqual([{ subject: digest, digest: expect.any(String) }])

      // Read back with the raw API: the fallback index lists the gate record, then the SBOM.
      const listed = await rawReferrersIndex(testBench().registry, repository, digest)
      expect(listed.map(entry => entry.artifactType)).toEqual([GATE, CYCLONEDX])
      expect(listed[1].digest).toBe(attached.digest)
      const manifest = JSON.parse(
        (await rawGet(testBench().registry, repository, 'manifests', attached.digest))?.toString() ?? '{}'
      ) as ArtifactManifest
      expect(manifest).toMatchObject({
        artifactType: CYCLONEDX,
        config: { mediaType: 'application/vnd.oci.empty.v1+json' },
        subject: { digest },
        layers: [{ mediaType: CYCLONEDX }]
      })
      expect(Date.parse(manifest.annotations?.['org.opencontainers.image.created'] ?? '')).not.toBeNaN()
      const blob = await rawGet(testBench().registry, repository, 'blobs', manifest.layers[0].digest)
      expect(blob).toEqual(readFileSync(resolve('test/fixtures/sbom', SAMPLES[scanner])))
      expect(run.summary).toContain('SBOM (CycloneDX) attached')
      expect(await leftoverScanContainers()).toEqual([])
    },
    180_000
  )

  it('the SBOM run gets the same archive mounts and its own command line', async () => {
    const { image } = await pushedImage('acme/sbom-mounts')
    const run = await scan(image, 'trivy')
    expect(run.exitCode).toBe(0)
    const database = join(cacheHome, 'docker-actions', 'scanner-db', 'trivy')
    expect(readFileSync(join(database, 'standin-sbom-run'), 'utf8')).toBe(
      '/db rw\n/scan ro\n/tmp tmpfs\nargs: image --input /scan/image.tar --format cyclonedx --quiet --cache-dir /db\n'
    )
    expect(readFileSync(join(database, 'standin-run'), 'utf8')).toContain('--format json')
  })

  it.each([
    [
      'not CycloneDX (a vulnerability report)',
      'trivy',
      { TRIVY_STANDIN_SBOM: 'trivy-alpine-310.json' },
      /^No SBOM is attached to .*@sha256:[a-f0-9]{64}: The trivy SBOM is not a CycloneDX JSON document \(bomFormat: .*\)\. The gate result stands; set sbom: false to skip it\.$/
    ],
    [
      'over 64 MiB',
      'trivy',
      { TRIVY_STANDIN_SBOM: 'oversized' },
      /^No SBOM is attached to .*: the trivy SBOM is larger than 64 MiB, the most read from a scanner\. The gate result stands/
    ],
    [
      'a failing SBOM command',
      'snyk',
      { SNYK_STANDIN_SBOM_EXIT: '2' },
      /^No SBOM is attached to .*: snyk exited with 2 writing the SBOM: .*\. The gate result stands/
    ]
  ] as const)(
    'an SBOM %s leaves the verdict as it was and warns; nothing is attached',
    async (_, scanner, env, warning) => {
      const { repository, image, digest } = await pushedImage('acme/sbom-broken')
      const run = await scan(image, scanner, {}, env)
      expect(run.exitCode).toBe(0)
      expect(run.outputs.passed).toBe('true')
      expect(warnings(run)).toEqual([expect.stringMatching(warning)])
      expect(run.outputs.sbom).toBe('[]')
      expect(
        (await rawReferrersIndex(testBench().registry, repository, digest)).map(e => e.artifactType)
      ).toEqual([GATE])
      expect(run.summary).toContain('No SBOM was attached')
      expect(await leftoverScanContainers()).toEqual([])
    },
    180_000
  )

  it('sbom: false attaches nothing; a failed gate gets no SBOM', async () => {
    const { repository, image, digest } = await pushedImage('acme/sbom-off')
    const off = await scan(image, 'trivy', { sbom: 'false' })
    expect(off.exitCode).toBe(0)
    expect(off.outputs.sbom).toBeUndefined()
    expect(await sbomReferrers(repository, digest)).toEqual([])

    const failed = await scan(
      image,
      'trivy',
      { 'severity-threshold': 'critical' },
      { TRIVY_STANDIN_REPORT: 'trivy-alpine-39-high-critical.json' }
    )
    expect(failed.exitCode).not.toBe(0)
    expect(failed.outputs.sbom).toBe('[]')
    expect(await sbomReferrers(repository, digest)).toEqual([])
    expect(failed.summary).toContain('No SBOM attached: the gate failed')
  }, 180_000)

  it('a cross-registry promotion carries the SBOM to the target registry', async () => {
    const { image, digest } = await pushedImage('acme/sbom-promote')
    const scanned = await scan(image, 'grype')
    expect(scanned.exitCode).toBe(0)
    const [{ digest: sbom }] = JSON.parse(scanned.outputs.sbom) as Array<{ digest: string }>
    const target = `team/${uniqueRepository('sbom')}`
    const promoted = await runAction('promote', {
      inputs: {
        source: image,
        targets: `${prod.host}/${target}:1.0.0`,
        'target-username': USER,
        'target-password': PASSWORD
      }
    })
    expect(promoted.exitCode).toBe(0)
    const auth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
    const listed = await rawReferrersIndex(prod.host, target, digest, auth)
    expect(listed.map(entry => [entry.artifactType, entry.digest])).toContainEqual([CYCLONEDX, sbom])
    const manifest = JSON.parse(
      (await rawGet(prod.host, target, 'manifests', sbom, auth))?.toString() ?? '{}'
    ) as ArtifactManifest
    expect(manifest.subject.digest).toBe(digest)
    expect(await rawGet(prod.host, target, 'blobs', manifest.layers[0].digest, auth)).toEqual(
      readFileSync(resolve('test/fixtures/sbom', SAMPLES.grype))
    )
  }, 180_000)
})
