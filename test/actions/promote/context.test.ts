/**
 * promote's inputs: credentials from every source, most specific last, and every secret masked
 * before anything can print it: the inputs' as they are read, the docker config's when the pipeline
 * reads it (withDockerConfig), never at start-up.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mockCore } from '../../support/mock-core.js'

const { core, run, reset } = mockCore('promote')
jest.unstable_mockModule('@actions/core', () => core)
const { buildCredentials, getInputs } = await import('../../../src/actions/promote/context.js')
const { CredentialStore, GivenCredentials, withDockerConfig } =
  await import('../../../src/lib/registry/credentials.js')

const savedDockerConfig = process.env.DOCKER_CONFIG
const encoded = (user: string, password: string): string =>
  Buffer.from(`${user}:${password}`).toString('base64')

beforeEach(() => {
  reset()
  const dir = mkdtempSync(join(tmpdir(), 'promote-context-'))
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      auths: {
        'ghcr.io': { auth: encoded('config-user', 'config-pw') },
        'quay.io': { auth: encoded('quay-user', 'quay-pw') },
        'https://index.docker.io/v1/': { auth: encoded('hub-user', 'hub-pw') }
      },
      credHelpers: { 'ecr.example': 'never-run' }
    })
  )
  process.env.DOCKER_CONFIG = dir
})
afterEach(() => {
  process.env.DOCKER_CONFIG = savedDockerConfig
})

describe('buildCredentials', () => {
  it('docker config, then registry-auth lines, then username/password for the source registry', () => {
    const given = buildCredentials({
      sourceRegistry: 'ghcr.io',
      targetRegistries: ['ghcr.io'],
      username: 'actor',
      password: 'source-pw',
      registryAuth: 'quay.io=robot:quay-token\nregistry.example=bare-token'
    })
    // The inputs alone: the docker config is the pipeline's to read.
    expect(given).toBeInstanceOf(GivenCredentials)
    expect([...given.keys()]).toEqual(['quay.io', 'registry.example', 'ghcr.io'])
    const store = withDockerConfig(given)
    expect(store).toBeInstanceOf(CredentialStore)
    expect(withDockerConfig(given)).toBe(store) // read once
    expect(store.get('ghcr.io')).toEqual({ username: 'actor', password: 'source-pw' })
    expect(store.get('quay.io')).toEqual({ username: 'robot', password: 'quay-token' })
    expect(store.get('registry.example')).toEqual({ username: 'token', password: 'bare-token' })
    expect(store.get('docker.io')).toEqual({ username: 'hub-user', password: 'hub-pw' })
  })

  it('target-username/target-password go to every target registry other than the source one', () => {
    const store = withDockerConfig(
      buildCredentials({
        sourceRegistry: 'ghcr.io',
        targetRegistries: ['ghcr.io', 'ecr.example', 'docker.io'],
        targetPassword: 'target-pw'
      })
    )
    // The source keeps the docker config's; no username means `token`.
    expect(store.get('ghcr.io')).toEqual({ username: 'config-user', password: 'config-pw' })
    expect(store.get('ecr.example')).toEqual({ username: 'token', password: 'target-pw' })
    expect(store.get('docker.io')).toEqual({ username: 'token', password: 'target-pw' })
  })

  it('a credential given as input wins over the credential helper, which never runs', async () => {
    const store = withDockerConfig(
      buildCredentials({
        sourceRegistry: 'ecr.example',
        targetRegistries: [],
        username: 'AWS',
        password: 'ecr-pw'
      })
    )
    // `docker-credential-never-run` does not exist: asking it would yield nothing.
    expect(await store.resolve('ecr.example')).toEqual({ username: 'AWS', password: 'ecr-pw' })
  })
})

describe('getInputs', () => {
  it('masks every secret it reads, and groups the promotion and gate inputs', () => {
    run.inputs = {
      source: 'ghcr.io/acme/app:dev-1',
      targets: 'ghcr.io/acme/app:1.0.0',
      'floating-targets': 'quay.io/acme/app:latest',
      password: 'source-pw',
      'target-password': 'target-pw',
      'registry-auth': 'quay.io=robot:quay-token',
      'require-gate': 'true',
      'allow-self-reported': 'false',
      'allow-overwrite': 'false',
      'dry-run': 'false'
    }
    const inputs = getInputs()
    // quay-token is replaced by target-password for quay.io, and still masked; each secret once.
    expect(run.secrets).toEqual(['source-pw', 'target-pw', 'quay-token'])
    // The docker config's, when the pipeline reads it: only those no input replaced (hub-pw), once.
    const { credentials } = inputs.registry
    expect(credentials).toBeInstanceOf(GivenCredentials)
    withDockerConfig(credentials)
    withDockerConfig(credentials)
    expect(run.secrets).toEqual(['source-pw', 'target-pw', 'quay-token', 'hub-pw'])
    expect(inputs.promotion).toEqual({
      targets: ['ghcr.io/acme/app:1.0.0'],
      floatingTargets: ['quay.io/acme/app:latest'],
      expectedDigest: undefined,
      allowOverwrite: false
    })
    expect(inputs.gate).toEqual({ required: true, allowSelfReported: false })
  })

  it('refuses a run without targets', () => {
    run.inputs = { source: 'ghcr.io/acme/app:dev-1' }
    expect(() => getInputs()).toThrow(/Input "targets" or "floating-targets" is required/)
  })
})

describe('the provenance policy inputs', () => {
  it('off by default (action.yml), lists split on commas and lines', () => {
    run.inputs = { source: 'ghcr.io/acme/app:dev-1', targets: 'ghcr.io/acme/app:prod-1' }
    expect(getInputs().provenance).toEqual({ required: false, allowedBuilders: [], allowedBranches: [] })
    run.inputs = {
      ...run.inputs,
      'require-provenance': 'true',
      'allowed-builders':
        'acme/app/.github/workflows/build.yml@refs/heads/main,\nacme/app/.github/workflows/release.yml@refs/tags/*',
      'allowed-branches': 'main, release/*'
    }
    expect(getInputs().provenance).toEqual({
      required: true,
      allowedBuilders: [
        'acme/app/.github/workflows/build.yml@refs/heads/main',
        'acme/app/.github/workflows/release.yml@refs/tags/*'
      ],
      allowedBranches: ['main', 'release/*']
    })
  })
})
