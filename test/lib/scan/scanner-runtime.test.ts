/**
 * The pieces of running a scanner from its image that need no engine: the `docker run` command line
 * (what is mounted, what reaches the environment, never a secret in argv), the pinned images, the
 * timeout, the database directory and key, the runtime choice, and how an index is planned.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../../../src/lib/errors.js'
import { containerRunArgs, passedVariables } from '../../../src/lib/scan/container-scanner.js'
import { monitorProjectName } from '../../../src/lib/scan/monitor.js'
import { platformOf } from '../../../src/lib/platform/index-images.js'
import { planScan } from '../../../src/lib/scan/platforms.js'
import { findOnPath, parseTimeout, prepareRuntime, scannerImageFor } from '../../../src/lib/scan/runtime.js'
import { databaseCacheKey, databaseDir, restoreDatabase } from '../../../src/lib/scan/scanner-db.js'
import { SCANNER_IMAGES, archiveScanArgs } from '../../../src/lib/scan/scanner-images.js'
import { type MemoryRegistry, startMemoryRegistry } from '../../support/hostile-registry.js'

describe('the scanner images', () => {
  it('are the official images, each pinned by digest', () => {
    expect(
      Object.fromEntries(Object.entries(SCANNER_IMAGES).map(([name, spec]) => [name, spec.image]))
    ).toEqual({
      snyk: expect.stringMatching(/^snyk\/snyk:alpine@sha256:[a-f0-9]{64}$/),
      trivy: expect.stringMatching(/^aquasec\/trivy:[\d.]+@sha256:[a-f0-9]{64}$/),
      grype: expect.stringMatching(/^anchore\/grype:v[\d.]+@sha256:[a-f0-9]{64}$/)
    })
  })

  it('scan the docker save archive, never a daemon', () => {
    expect(archiveScanArgs('trivy')).toEqual([
      'image',
      '--input',
      '/scan/image.tar',
      '--format',
      'json',
      '--quiet',
      '--cache-dir',
      '/db'
    ])
    expect(archiveScanArgs('grype')).toEqual(['docker-archive:/scan/image.tar', '-o', 'json'])
    expect(archiveScanArgs('snyk', { dockerfile: '/scan/Dockerfile' })).toEqual([
      'container',
      'test',
      'docker-archive:/scan/image.tar',
      '--json',
      '--file=/scan/Dockerfile'
    ])
    expect(
      archiveScanArgs('snyk', { command: 'monitor', projectName: 'acme/app: ghcr.io/acme/app' })
    ).toEqual([
      'container',
      'monitor',
      'docker-archive:/scan/image.tar',
      '--json',
      '--project-name=acme/app: ghcr.io/acme/app'
    ])
  })

  it('scanner-image replaces the image (a reference is checked), not the command line', () => {
    expect(scannerImageFor('trivy', 'mirror.example/aquasec/trivy@sha256:' + 'a'.repeat(64))).toEqual({
      ...SCANNER_IMAGES.trivy,
      image: 'mirror.example/aquasec/trivy@sha256:' + 'a'.repeat(64)
    })
    expect(() => scannerImageFor('trivy', 'Not An Image')).toThrow(
      /"scanner-image" is not an image reference/
    )
  })
})

describe('the scanner container', () => {
  const env = {
    SNYK_TOKEN: 'secret-token',
    SNYK_CFG_ORG: 'acme',
    TRIVY_DB_REPOSITORY: 'mirror.example/trivy-db',
    TRIVY_CACHE_DIR: '/elsewhere',
    GRYPE_DB_CACHE_DIR: '/elsewhere',
    HTTPS_PROXY: 'http://proxy:3128',
    GITHUB_TOKEN: 'not-for-the-scanner',
    AWS_SECRET_ACCESS_KEY: 'nor-this'
  }

  it("receives its own settings and the proxy by name only, never another tool's variables", () => {
    expect(passedVariables('snyk', env)).toEqual(['HTTPS_PROXY', 'SNYK_CFG_ORG', 'SNYK_TOKEN'])
    // The database directory and the input are the action's: a variable cannot move them.
    expect(passedVariables('trivy', env)).toEqual(['HTTPS_PROXY', 'TRIVY_DB_REPOSITORY'])
    expect(passedVariables('grype', env)).toEqual(['HTTPS_PROXY'])
  })

  it('mounts the archive directory read-only and the database, names and labels itself, and carries no secret in argv', () => {
    const args = containerRunArgs({
      name: 'docker-actions-scan-trivy-abc',
      runId: 'abc',
      scannerImage: SCANNER_IMAGES.trivy,
      scanDir: '/tmp/scan-1',
      databaseDir: '/home/runner/.cache/docker-actions/scanner-db/trivy',
      variables: passedVariables('trivy', { ...env, TRIVY_PASSWORD: 'registry-secret' }),
      args: archiveScanArgs('trivy'),
      user: '1001:118'
    })
    expect(args).toEqual([
      'run',
      '--rm',
      '--name',
      'docker-actions-scan-trivy-abc',
      '--label',
      'io.github.docker-actions.scan-image=abc',
      '--network',
      'host',
      '--user',
      '1001:118',
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      '--tmpfs',
      '/tmp:rw,exec,nosuid,nodev,mode=1777',
      '--env',
      'HOME=/tmp',
      '--env',
      'HTTPS_PROXY',
      '--env',
      'TRIVY_DB_REPOSITORY',
      '--env',
      'TRIVY_PASSWORD',
      '--mount',
      'type=bind,source=/tmp/scan-1,target=/scan,readonly',
      '--mount',
      'type=bind,source=/home/runner/.cache/docker-actions/scanner-db/trivy,target=/db',
      SCANNER_IMAGES.trivy.image,
      ...archiveScanArgs('trivy')
    ])
    expect(args.join(' ')).not.toMatch(/registry-secret|secret-token|docker\.sock/)
  })

  it("Snyk's container: the token by name, the CLI as entrypoint, no database mount", () => {
    const args = containerRunArgs({
      name: 'n',
      runId: 'r',
      scannerImage: SCANNER_IMAGES.snyk,
      scanDir: '/tmp/scan-2',
      databaseDir: '/should/not/be/mounted',
      variables: passedVariables('snyk', env),
      args: archiveScanArgs('snyk')
    })
    expect(args).toContain('SNYK_TOKEN')
    expect(args.join(' ')).not.toContain('secret-token')
    expect(args.filter(arg => arg.startsWith('type=bind'))).toEqual([
      'type=bind,source=/tmp/scan-2,target=/scan,readonly'
    ])
    expect(args.slice(args.indexOf('--entrypoint'), args.indexOf('--entrypoint') + 2)).toEqual([
      '--entrypoint',
      '/usr/local/bin/snyk'
    ])
  })
})

describe('scan-timeout', () => {
  it.each([
    ['10m', 600_000],
    ['90s', 90_000],
    ['1h', 3_600_000],
    ['45', 45_000]
  ])('%s is %d ms', (value, ms) => expect(parseTimeout(value)).toBe(ms))

  it.each(['', '0', '10 minutes', '-1m', '1.5m'])('"%s" is refused', value => {
    expect(() => parseTimeout(value)).toThrow(UserError)
  })
})

describe('the database directory and its daily key', () => {
  it('lives under the user cache directory', () => {
    expect(databaseDir('trivy', { XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' })).toBe(
      '/x/cache/docker-actions/scanner-db/trivy'
    )
    expect(databaseDir('grype', { HOME: '/home/u' })).toBe('/home/u/.cache/docker-actions/scanner-db/grype')
  })

  it('is keyed by scanner and UTC day, restored from the newest earlier day', () => {
    expect(databaseCacheKey('trivy', new Date('2026-11-26T23:59:59Z'))).toEqual({
      key: 'docker-actions-scanner-db-trivy-2026-11-26',
      restoreKey: 'docker-actions-scanner-db-trivy-'
    })
  })

  it('Snyk has none (a service); without the cache service the directory is only created', async () => {
    expect(await restoreDatabase('snyk', { env: {} })).toBeUndefined()
    const home = mkdtempSync(join(tmpdir(), 'db-'))
    const log: string[] = []
    const database = await restoreDatabase('grype', {
      env: { XDG_CACHE_HOME: home },
      log: line => log.push(line)
    })
    expect(database).toMatchObject({ dir: join(home, 'docker-actions/scanner-db/grype'), cached: false })
    expect(log[0]).toMatch(
      /kept on this machine \(no GitHub cache service here\); empty: the scanner downloads it$/
    )
  })
})

describe('the runtime', () => {
  it('auto takes a scanner CLI installed on the runner; path takes it without looking', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'bin-'))
    writeFileSync(join(bin, 'grype'), '#!/bin/sh\n')
    chmodSync(join(bin, 'grype'), 0o755)
    writeFileSync(join(bin, 'trivy'), 'not executable')
    expect(findOnPath('grype', { PATH: `/nonexistent:${bin}` })).toBe(join(bin, 'grype'))
    expect(findOnPath('trivy', { PATH: bin })).toBeUndefined()
    const log: string[] = []
    const runtime = await prepareRuntime(
      'grype',
      { choice: 'auto', timeoutMs: 1000 },
      { env: { PATH: bin }, log: line => log.push(line) }
    )
    expect(runtime).toEqual({ kind: 'path' })
    expect(log).toEqual([
      `grype runs from ${join(bin, 'grype')} (installed on this runner; scanner-runtime: container runs its image instead)`
    ])
    expect(await prepareRuntime('trivy', { choice: 'path', timeoutMs: 1000 }, { env: { PATH: '' } })).toEqual(
      {
        kind: 'path'
      }
    )
  })
})

describe('monitor project names', () => {
  it('name the repository and the image (and the platform of an index)', () => {
    expect(monitorProjectName({ scanned: `ghcr.io/acme/app@sha256:${'a'.repeat(64)}` }, 'acme/app')).toBe(
      'acme/app: ghcr.io/acme/app'
    )
    expect(
      monitorProjectName({ scanned: `acme/app@sha256:${'a'.repeat(64)}`, platform: 'linux/arm64' }, undefined)
    ).toBe('acme/app [linux/arm64]')
  })
})

describe('planning the scan of an index', () => {
  let registry: MemoryRegistry
  beforeAll(async () => {
    registry = await startMemoryRegistry()
  })
  afterAll(() => registry.close())

  it('scans each platform image of an index by digest, leaving attestations out', async () => {
    const image = (marker: string) =>
      registry.putRawManifest(
        'acme/app',
        {
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'x', digest: `sha256:${marker.repeat(64)}`, size: 1 },
          layers: []
        },
        'application/vnd.oci.image.manifest.v1+json'
      )
    const amd64 = image('a')
    const arm64 = image('b')
    const attestation = image('c')
    const manifests = [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: amd64,
        size: 1,
        platform: { os: 'linux', architecture: 'amd64' }
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: arm64,
        size: 1,
        platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: attestation,
        size: 1,
        platform: { os: 'unknown', architecture: 'unknown' },
        annotations: {
          'vnd.docker.reference.type': 'attestation-manifest',
          'vnd.docker.reference.digest': amd64
        }
      }
    ]
    const index = registry.putRawManifest(
      'acme/app',
      { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests },
      'application/vnd.oci.image.index.v1+json',
      'main'
    )
    const repo = `${registry.host}/acme/app`
    expect(await planScan(`${repo}:main`)).toEqual({
      index: { image: `${repo}@${index}`, digest: index },
      targets: [
        { image: `${repo}@${amd64}`, platform: 'linux/amd64' },
        { image: `${repo}@${arm64}`, platform: 'linux/arm64/v8' }
      ]
    })
    // A single image, or a local image ID, is scanned as it is.
    expect(await planScan(`${repo}@${amd64}`)).toEqual({ targets: [{ image: `${repo}@${amd64}` }] })
    expect(await planScan(`sha256:${'d'.repeat(64)}`)).toEqual({
      targets: [{ image: `sha256:${'d'.repeat(64)}` }]
    })
    expect(platformOf(manifests[1])).toBe('linux/arm64/v8')
  })

  it('an index without any platform image is an error', async () => {
    const index = registry.putRawManifest(
      'acme/empty',
      { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] },
      'application/vnd.oci.image.index.v1+json',
      'main'
    )
    await expect(planScan(`${registry.host}/acme/empty@${index}`)).rejects.toThrow(
      /is an image index without any platform image in it/
    )
  })
})
