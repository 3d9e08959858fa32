/**
 * The SBOM of a scanned image without an engine: the scanners' SBOM command lines, what is accepted
 * as an SBOM (real CycloneDX samples of each scanner, test/fixtures/sbom/), the output cap, and the
 * referrer it becomes on a registry without the referrers API (the in-memory one, as distribution 2.8).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../../../src/lib/errors.js'
import { MEDIA_TYPES } from '../../../src/lib/oci/media-types.js'
import { openRepository } from '../../../src/lib/registry/client.js'
import { attachedReferrers } from '../../../src/lib/registry/referrers.js'
import { runBounded } from '../../../src/lib/scan/bounded-exec.js'
import {
  MAX_SBOM_BYTES,
  SBOM_ARTIFACT_TYPE,
  acceptSbom,
  attachSboms,
  sbomArgs
} from '../../../src/lib/scan/sbom.js'
import { type MemoryRegistry, sha256, startMemoryRegistry } from '../../support/hostile-registry.js'

const SAMPLES = {
  trivy: ['test/fixtures/sbom/trivy-pywin32.cdx.json', '1.6'],
  grype: ['test/fixtures/sbom/grype-TestCycloneDxPresenterImage.cdx.json', '1.7'],
  snyk: ['test/fixtures/sbom/snyk-cyclonedx_document.cdx.json', '1.4']
} as const

const ok = (stdout: string) => ({ exitCode: 0, stdout, stderr: '' })

describe('the scanners’ SBOM command lines', () => {
  it.each([
    [
      'trivy',
      ['image', '--input', '/scan/image.tar', '--format', 'cyclonedx', '--quiet', '--cache-dir', '/db']
    ],
    ['grype', ['docker-archive:/scan/image.tar', '-o', 'cyclonedx-json']],
    ['snyk', ['container', 'sbom', '--format=cyclonedx1.5+json', 'docker-archive:/scan/image.tar']]
  ] as const)('%s against the docker save archive', (scanner, args) => {
    expect(sbomArgs(scanner, { archive: true })).toEqual(args)
  })

  it.each([
    ['trivy', ['image', '--format', 'cyclonedx', '--quiet', 'r.example/app@sha256:1']],
    ['grype', ['r.example/app@sha256:1', '-o', 'cyclonedx-json']],
    ['snyk', ['container', 'sbom', '--format=cyclonedx1.5+json', 'r.example/app@sha256:1']]
  ] as const)('%s on PATH, against the image by digest', (scanner, args) => {
    expect(sbomArgs(scanner, { image: 'r.example/app@sha256:1' })).toEqual(args)
  })
})

describe('acceptSbom', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sbom-accept-'))

  it.each(Object.entries(SAMPLES))(
    '%s: its real CycloneDX output is kept byte for byte',
    (scanner, [sample, specVersion]) => {
      const text = readFileSync(sample, 'utf8')
      const file = acceptSbom(scanner as 'trivy', ok(text), dir)
      expect(file).toEqual({ path: join(dir, 'sbom.cdx.json'), size: Buffer.byteLength(text), specVersion })
      expect(readFileSync(file.path, 'utf8')).toBe(text)
    }
  )

  it.each([
    [
      'a vulnerability report',
      ok(readFileSync('test/fixtures/scan/trivy/trivy-alpine-310.json', 'utf8')),
      /^The trivy SBOM is not a CycloneDX JSON document \(bomFormat: .*\)\.$/
    ],
    [
      'text that is not JSON',
      ok('Need to update DB\n{'),
      /^The trivy SBOM is not a CycloneDX JSON document \(not JSON\)\.$/
    ],
    [
      'SPDX',
      ok(JSON.stringify({ spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT' })),
      /^The trivy SBOM is not a CycloneDX JSON document/
    ],
    [
      'a failed run',
      { exitCode: 2, stdout: '', stderr: 'Error: authentication failed\n' },
      /^trivy exited with 2 writing the SBOM: Error: authentication failed$/
    ],
    [
      'an output over the cap',
      { ...ok('{}'), overflowed: true },
      /^the trivy SBOM is larger than 64 MiB, the most read from a scanner$/
    ]
  ])('refuses %s with a UserError that says so', (_, result, message) => {
    let error: unknown
    try {
      acceptSbom('trivy', result, dir)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(UserError)
    expect((error as Error).message).toMatch(message)
  })
})

describe('runBounded', () => {
  it('reads a program’s output up to the cap, and kills one that writes more', async () => {
    const small = await runBounded('sh', ['-c', 'printf "%s" "$0"', 'bom'], { maxStdoutBytes: 10 })
    expect(small).toEqual({ exitCode: 0, stdout: 'bom', stderr: '', overflowed: false })
    const large = await runBounded('sh', ['-c', 'yes {} | head -c 10000000'], { maxStdoutBytes: 65536 })
    expect(large.overflowed).toBe(true)
    expect(large.stdout.length).toBeLessThanOrEqual(65536)
    expect(MAX_SBOM_BYTES).toBe(64 * 1024 * 1024)
  })
})

describe('attachSboms (a registry without the referrers API)', () => {
  let registry: MemoryRegistry
  beforeAll(async () => {
    registry = await startMemoryRegistry()
  })
  afterAll(() => registry.close())

  it('attaches each SBOM to its digest, skips scans without one, and warns for an image not in the registry', async () => {
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        config: { mediaType: 'x', digest: sha256('c'), size: 1 },
        layers: []
      })
    )
    const digest = registry.putRawManifest('acme/app', manifest, MEDIA_TYPES.ociManifest, 'dev-1')
    const missing = sha256('absent')
    const sbom = { path: SAMPLES.grype[0], size: 1, specVersion: '1.7' }
    const logs: string[] = []
    const warnings: string[] = []
    const attached = await attachSboms(
      [
        { scanned: `${registry.host}/acme/app@${digest}`, digest, platform: 'linux/amd64', sbom },
        { scanned: `${registry.host}/acme/app@${digest}`, digest },
        { scanned: `${registry.host}/acme/app@${missing}`, digest: missing, sbom }
      ],
      path => readFileSync(path),
      {
        log: line => logs.push(line),
        warn: line => warnings.push(line),
        now: new Date('2026-11-26T00:00:00Z')
      }
    )
    expect(attached).toEqual([
      { platform: 'linux/amd64', subject: digest, digest: expect.stringMatching(/^sha256:/) }
    ])
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(`^The SBOM of .*@${missing} could not be attached: .*is not in the registry`)
      )
    ])
    expect(logs).toEqual([
      `SBOM ${attached[0].digest} (CycloneDX 1.7, 1 bytes) attached to ${registry.host}/acme/app@${digest}`
    ])

    const repository = openRepository({ registry: registry.host, repository: 'acme/app' })
    const [referrer] = await attachedReferrers(repository, digest)
    expect(referrer.descriptor).toMatchObject({
      digest: attached[0].digest,
      artifactType: SBOM_ARTIFACT_TYPE
    })
    expect(referrer.manifest.document).toMatchObject({
      artifactType: SBOM_ARTIFACT_TYPE,
      subject: { digest, mediaType: MEDIA_TYPES.ociManifest, size: manifest.length },
      layers: [{ mediaType: SBOM_ARTIFACT_TYPE }],
      annotations: { 'org.opencontainers.image.created': '2026-11-26T00:00:00.000Z' }
    })
    const layer = referrer.manifest.document.layers?.[0]
    expect(await repository.getBlob(layer?.digest ?? '')).toEqual(readFileSync(SAMPLES.grype[0]))
  })
})
