/** The SLSA provenance statement: its shape, the facts it names, and the secrets it never holds. */
import { describe, expect, it } from '@jest/globals'
import {
  BUILD_TYPE,
  IN_TOTO_STATEMENT_TYPE,
  SLSA_PROVENANCE_TYPE,
  StatementSchema,
  baseImageUri,
  githubBuildFacts,
  githubBuildFactsFromEnv,
  nonSecretBuildArgs,
  provenanceStatement
} from '../../../src/lib/provenance/statement.js'

const DIGEST = `sha256:${'1'.repeat(64)}`
const BASE = `sha256:${'2'.repeat(64)}`
const COMMIT = 'a'.repeat(40)
const facts = {
  dockerfile: 'Dockerfile',
  context: '.',
  targets: ['builder', 'production'],
  buildArgs: new Map([
    ['NODE_VERSION', '20'],
    ['NPM_TOKEN', 'npm-token-value-123'],
    ['DB_PASSWORD', 'hunter2-password'],
    ['API_KEY', 'key-value-xyz'],
    ['MIRROR', 'https://user:build-secret-value@mirror.example'],
    ['GREETING', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789']
  ]),
  secretValues: ['build-secret-value'],
  baseImages: [{ reference: 'ghcr.io/acme/base:1.2', digest: BASE }],
  source: { repository: 'acme/app', ref: 'refs/heads/main', commit: COMMIT },
  builderId: 'https://github.com/acme/app/.github/workflows/build.yml@refs/heads/main',
  invocationId: 'https://github.com/acme/app/actions/runs/42/attempts/1'
}

describe('provenanceStatement', () => {
  it('is an in-toto v1 statement with a SLSA provenance v1 predicate about the digest', () => {
    const statement = provenanceStatement({ name: 'ghcr.io/acme/app', digest: DIGEST }, facts)
    expect(StatementSchema.parse(statement)).toBeTruthy()
    expect(statement).toMatchObject({
      _type: IN_TOTO_STATEMENT_TYPE,
      subject: [{ name: 'ghcr.io/acme/app', digest: { sha256: '1'.repeat(64) } }],
      predicateType: SLSA_PROVENANCE_TYPE,
      predicate: {
        buildDefinition: {
          buildType: BUILD_TYPE,
          externalParameters: {
            source: { repository: 'https://github.com/acme/app', ref: 'refs/heads/main', commit: COMMIT },
            dockerfile: 'Dockerfile',
            targets: ['builder', 'production'],
            buildArgs: { NODE_VERSION: '20' }
          },
          resolvedDependencies: [
            { uri: 'git+https://github.com/acme/app@refs/heads/main', digest: { gitCommit: COMMIT } },
            {
              uri: 'pkg:docker/acme/base@1.2?repository_url=ghcr.io',
              name: 'ghcr.io/acme/base:1.2',
              digest: { sha256: '2'.repeat(64) }
            }
          ]
        },
        runDetails: {
          builder: { id: facts.builderId },
          metadata: { invocationId: facts.invocationId }
        }
      }
    })
  })

  it('never holds a secret: credential-named args, token-shaped values and known secret values are dropped, named only', () => {
    const text = JSON.stringify(provenanceStatement({ name: 'ghcr.io/acme/app', digest: DIGEST }, facts))
    for (const secret of [
      'npm-token-value-123',
      'hunter2-password',
      'key-value-xyz',
      'build-secret-value',
      'ghp_abc'
    ])
      expect(text).not.toContain(secret)
    expect(nonSecretBuildArgs(facts.buildArgs, facts.secretValues).dropped).toEqual([
      'API_KEY',
      'DB_PASSWORD',
      'GREETING',
      'MIRROR',
      'NPM_TOKEN'
    ])
    expect(text).toContain('"buildArgsOmitted":["API_KEY","DB_PASSWORD","GREETING","MIRROR","NPM_TOKEN"]')
  })

  it.each([
    ['busybox', 'pkg:docker/library/busybox@latest'],
    ['127.0.0.1:5000/base/busybox:1.36', 'pkg:docker/base/busybox@1.36?repository_url=127.0.0.1%3A5000']
  ])('names the base image %s as %s', (reference, uri) => {
    expect(baseImageUri(reference)).toBe(uri)
  })
})

describe('githubBuildFacts', () => {
  const ctx = {
    repository: 'acme/app',
    ref: 'refs/heads/main',
    sha: COMMIT,
    serverUrl: 'https://github.com',
    runId: 42,
    eventName: 'push'
  }

  it('builder = the workflow ref that ran, invocation = the run attempt', () => {
    expect(
      githubBuildFacts(ctx, {
        GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/build.yml@refs/heads/main',
        GITHUB_RUN_ATTEMPT: '2',
        RUNNER_ENVIRONMENT: 'github-hosted'
      })
    ).toEqual({
      source: { repository: 'https://github.com/acme/app', ref: 'refs/heads/main', commit: COMMIT },
      builderId: 'https://github.com/acme/app/.github/workflows/build.yml@refs/heads/main',
      invocationId: 'https://github.com/acme/app/actions/runs/42/attempts/2',
      internal: { eventName: 'push', runnerEnvironment: 'github-hosted' }
    })
  })

  it('outside a workflow the builder is `local`', () => {
    expect(githubBuildFacts({ ...ctx, runId: undefined }, {})).toMatchObject({
      builderId: 'local',
      invocationId: 'local'
    })
  })

  it('reads the same from the runner variables alone; a given commit wins over GITHUB_SHA', () => {
    const env = {
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_SHA: 'b'.repeat(40),
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '42',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/build.yml@refs/pull/7/merge'
    }
    expect(githubBuildFactsFromEnv(env, COMMIT)).toMatchObject({
      source: { repository: 'https://github.com/acme/app', ref: 'refs/pull/7/merge', commit: COMMIT },
      builderId: 'https://github.com/acme/app/.github/workflows/build.yml@refs/pull/7/merge',
      invocationId: 'https://github.com/acme/app/actions/runs/42/attempts/1'
    })
  })
})
