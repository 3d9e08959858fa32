/**
 * require-provenance against an in-memory registry, through the real client: provenance attached by
 * digest is found and judged; each refusal names the field that failed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  PROVENANCE_ARTIFACT_TYPE,
  attachProvenance,
  findProvenance
} from '../../../src/lib/provenance/attach.js'
import { branchAllowed, builderAllowed, requireProvenance } from '../../../src/lib/provenance/policy.js'
import { type BuildFacts, provenanceStatement } from '../../../src/lib/provenance/statement.js'
import { DEFAULT_RETRY, openRepository } from '../../../src/lib/registry/client.js'
import { attachArtifact, listReferrers } from '../../../src/lib/registry/referrers.js'
import { pushTinyImage } from '../../support/fake-repository.js'
import { type MemoryRegistry, startMemoryRegistry } from '../../support/hostile-registry.js'

const options = { credentials: new Map(), retry: { ...DEFAULT_RETRY, attempts: 1 } }
let registry: MemoryRegistry
beforeAll(async () => {
  registry = await startMemoryRegistry()
})
afterAll(() => registry.close())

const BUILDER = 'https://github.com/acme/app/.github/workflows/build.yml@refs/heads/main'
const facts = (overrides: Partial<BuildFacts> = {}): BuildFacts => ({
  dockerfile: 'Dockerfile',
  targets: ['production'],
  buildArgs: {},
  baseImages: [],
  source: { repository: 'acme/app', ref: 'refs/heads/main', commit: 'c'.repeat(40) },
  builderId: BUILDER,
  invocationId: 'https://github.com/acme/app/actions/runs/1/attempts/1',
  ...overrides
})
const policy = {
  required: true,
  allowedBuilders: ['acme/app/.github/workflows/build.yml@refs/heads/*'],
  allowedBranches: ['main', 'refs/tags/v*']
}

let images = 0
async function image() {
  const name = `prov/app-${images++}`
  const repository = openRepository({ registry: registry.host, repository: name }, options)
  return { name, repository, subject: await pushTinyImage(repository, { os: 'linux', name }) }
}

describe('require-provenance', () => {
  it('accepts provenance about the digest from an allowed builder and branch', async () => {
    const { repository, subject } = await image()
    const { digest } = await attachProvenance(repository, {
      name: `${registry.host}/x`,
      subject,
      facts: facts()
    })
    const [listed] = await listReferrers(repository, subject.digest)
    expect(listed).toMatchObject({ digest, artifactType: PROVENANCE_ARTIFACT_TYPE })
    expect(await requireProvenance(repository, subject.digest, policy)).toBe(
      `${subject.digest} was built by ${BUILDER} from refs/heads/main (provenance ${digest})`
    )
  })

  it('refuses an image without provenance', async () => {
    const { repository, subject } = await image()
    await expect(requireProvenance(repository, subject.digest, policy)).rejects.toThrow(
      /has no provenance \(no SLSA provenance referrer of type application\/vnd\.in-toto\+json\), so it is not promoted/
    )
  })

  it('refuses a non-allowed branch, naming the field', async () => {
    const { repository, subject } = await image()
    await attachProvenance(repository, {
      name: 'x',
      subject,
      facts: facts({
        source: { repository: 'acme/app', ref: 'refs/heads/feature/x', commit: 'c'.repeat(40) }
      })
    })
    await expect(requireProvenance(repository, subject.digest, policy)).rejects.toThrow(
      /buildDefinition\.externalParameters\.source\.ref is "refs\/heads\/feature\/x", which is not in allowed-branches \(main, refs\/tags\/v\*\)/
    )
  })

  it('refuses a non-allowed builder, naming the field', async () => {
    const { repository, subject } = await image()
    await attachProvenance(repository, {
      name: 'x',
      subject,
      facts: facts({
        builderId: 'https://github.com/mallory/fork/.github/workflows/build.yml@refs/heads/main'
      })
    })
    await expect(requireProvenance(repository, subject.digest, policy)).rejects.toThrow(
      /runDetails\.builder\.id is "https:\/\/github\.com\/mallory\/fork\/.*", which is not in allowed-builders/
    )
  })

  it('refuses provenance whose statement names another digest, naming the field', async () => {
    const { repository, subject } = await image()
    const other = `sha256:${'9'.repeat(64)}`
    // Attached to this image, but the statement inside is about another one.
    const statement = provenanceStatement({ name: 'x', digest: other }, facts())
    await attachArtifact(repository, {
      artifactType: PROVENANCE_ARTIFACT_TYPE,
      blob: Buffer.from(JSON.stringify(statement)),
      subject
    })
    expect(await findProvenance(repository, subject.digest)).toHaveLength(1)
    await expect(requireProvenance(repository, subject.digest, policy)).rejects.toThrow(
      new RegExp(`subject\\[\\]\\.digest names ${other}, not ${subject.digest}`)
    )
  })

  it('a malformed statement is an error naming the field, not a pass or a crash', async () => {
    const { repository, subject } = await image()
    const statement = provenanceStatement({ name: 'x', digest: subject.digest }, facts()) as unknown as {
      predicate: { runDetails: Record<string, unknown> }
    }
    statement.predicate.runDetails = {}
    await attachArtifact(repository, {
      artifactType: PROVENANCE_ARTIFACT_TYPE,
      blob: Buffer.from(JSON.stringify(statement)),
      subject
    })
    await expect(requireProvenance(repository, subject.digest, policy)).rejects.toThrow(
      /is not SLSA provenance v1 \(predicate\.runDetails\.builder: .*\), so it cannot be checked/
    )
  })
})

describe('allowed lists', () => {
  it.each([
    [BUILDER, ['acme/app/.github/workflows/build.yml@refs/heads/main'], true],
    [BUILDER, [BUILDER], true],
    [BUILDER, ['acme/app/.github/workflows/*.yml@refs/heads/main'], true],
    [BUILDER, ['acme/app/.github/workflows/release.yml@*'], false],
    [BUILDER, ['acme/ap?/.github/workflows/build.yml@refs/heads/main'], false]
  ])('builder %s with %j: %s', (id, allowed, expected) => {
    expect(builderAllowed(id, allowed)).toBe(expected)
  })

  it.each([
    ['refs/heads/main', ['main'], true],
    ['refs/heads/release/1.2', ['release/*'], true],
    ['refs/tags/v1.2.3', ['main', 'refs/tags/v*'], true],
    ['refs/tags/main', ['main'], false],
    ['refs/pull/7/merge', ['main', '*'], false]
  ])('ref %s with %j: %s', (ref, allowed, expected) => {
    expect(branchAllowed(ref, allowed)).toBe(expected)
  })
})
