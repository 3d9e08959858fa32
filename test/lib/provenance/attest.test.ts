/**
 * The GitHub attestation, at @actions/attest's module boundary (the Sigstore and GitHub calls are its
 * own), and attachBuildProvenance, the call a build makes after its push, against an in-memory registry.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { type MemoryRegistry, startMemoryRegistry } from '../../support/hostile-registry.js'
import type { AttestOptions } from '@actions/attest'

const attest = jest.fn(async (_options: AttestOptions) => ({
  bundle: {} as never,
  certificate: 'cert',
  tlogID: '123',
  attestationID: '456'
}))
jest.unstable_mockModule('@actions/attest', () => ({ attest }))
const { recordGitHubAttestation } = await import('../../../src/lib/provenance/attest.js')
const { provenanceStatement } = await import('../../../src/lib/provenance/statement.js')
const { attachBuildProvenance } = await import('../../../src/lib/provenance/build.js')
const { findProvenance } = await import('../../../src/lib/provenance/attach.js')
const { DEFAULT_RETRY, openRepository } = await import('../../../src/lib/registry/client.js')

let registry: MemoryRegistry
beforeAll(async () => {
  registry = await startMemoryRegistry()
})
afterAll(() => registry.close())

describe('recordGitHubAttestation', () => {
  it('signs the same statement (subject, predicate type, predicate) with the token', async () => {
    const statement = provenanceStatement(
      { name: 'ghcr.io/acme/app', digest: `sha256:${'1'.repeat(64)}` },
      {
        dockerfile: 'Dockerfile',
        targets: ['production'],
        buildArgs: {},
        baseImages: [],
        source: { repository: 'acme/app', ref: 'refs/heads/main', commit: 'c'.repeat(40) },
        builderId: 'https://github.com/acme/app/.github/workflows/build.yml@refs/heads/main',
        invocationId: 'https://github.com/acme/app/actions/runs/1/attempts/1'
      }
    )
    expect(await recordGitHubAttestation(statement, 'gh-token')).toEqual({
      attestationId: '456',
      tlogId: '123'
    })
    expect(attest).toHaveBeenCalledWith({
      subjects: [{ name: 'ghcr.io/acme/app', digest: { sha256: '1'.repeat(64) } }],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: statement.predicate,
      token: 'gh-token'
    })
  })

  it('a failure of the attestation service reaches the caller', async () => {
    attest.mockRejectedValueOnce(new Error('Failed to get ID token: id-token: write is missing'))
    const statement = { subject: [], predicateType: 'x', predicate: {} } as never
    await expect(recordGitHubAttestation(statement, 't')).rejects.toThrow(/id-token: write/)
  })
})

describe('attachBuildProvenance', () => {
  const options = { credentials: new Map(), retry: { ...DEFAULT_RETRY, attempts: 1 } }
  const facts = {
    dockerfile: 'Dockerfile',
    targets: ['production'],
    buildArgs: { GITHUB_TOKEN: 'ghs_secretsecretsecretsecret' },
    baseImages: [],
    source: { repository: 'acme/app', ref: 'refs/heads/main', commit: 'c'.repeat(40) },
    builderId: 'https://github.com/acme/app/.github/workflows/build.yml@refs/heads/main',
    invocationId: 'https://github.com/acme/app/actions/runs/1/attempts/1'
  }
  const platformImage = (name: string, architecture: string): string =>
    registry.putRawManifest(
      name,
      { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', architecture, layers: [] },
      'application/vnd.oci.image.manifest.v1+json'
    )

  it('attaches provenance to each platform image and records each as a GitHub attestation', async () => {
    attest.mockClear()
    const name = 'build/app'
    const amd64 = platformImage(name, 'amd64')
    const arm64 = platformImage(name, 'arm64')
    const logged: string[] = []
    const attached = await attachBuildProvenance({
      images: [
        { repository: `${registry.host}/${name}`, digest: amd64, platform: 'linux/amd64' },
        { repository: `${registry.host}/${name}`, digest: arm64, platform: 'linux/arm64' }
      ],
      facts,
      attest: { token: 'gh-token' },
      registry: options,
      log: line => logged.push(line)
    })
    expect(attached.map(({ digest, attestationId }) => ({ digest, attestationId }))).toEqual([
      { digest: amd64, attestationId: '456' },
      { digest: arm64, attestationId: '456' }
    ])
    const repository = openRepository({ registry: registry.host, repository: name }, options)
    for (const [digest, platform] of [
      [amd64, 'linux/amd64'],
      [arm64, 'linux/arm64']
    ]) {
      const [found] = await findProvenance(repository, digest)
      expect(found.statement.subject).toEqual([
        { name: `${registry.host}/${name}`, digest: { sha256: digest.slice(7) } }
      ])
      expect(found.statement.predicate.buildDefinition.externalParameters).toMatchObject({
        platform,
        buildArgs: {},
        buildArgsOmitted: ['GITHUB_TOKEN']
      })
    }
    expect(attest.mock.calls.map(([call]) => call.subjects?.[0].digest.sha256)).toEqual([
      amd64.slice(7),
      arm64.slice(7)
    ])
    expect(logged.filter(line => line.startsWith('provenance sha256:'))).toHaveLength(2)
  })

  it('an image the registry does not have is a warning, not a failure; no attestation for it', async () => {
    attest.mockClear()
    const warnings: string[] = []
    const missing = `sha256:${'7'.repeat(64)}`
    const attached = await attachBuildProvenance({
      images: [{ repository: `${registry.host}/build/missing`, digest: missing }],
      facts,
      attest: { token: 't' },
      registry: options,
      warn: line => warnings.push(line)
    })
    expect(attached).toEqual([{ digest: missing }])
    expect(warnings).toEqual([
      expect.stringMatching(/could not be attached \(promote with require-provenance will refuse it\)/)
    ])
    expect(attest).not.toHaveBeenCalled()
  })

  it('an attestation that was asked for and fails is an error', async () => {
    attest.mockRejectedValueOnce(new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable'))
    const digest = platformImage('build/attest-fails', 'amd64')
    await expect(
      attachBuildProvenance({
        images: [{ repository: `${registry.host}/build/attest-fails`, digest }],
        facts,
        attest: { token: 't' },
        registry: options
      })
    ).rejects.toThrow(/ACTIONS_ID_TOKEN_REQUEST_URL/)
  })
})
