/**
 * Docker config credentials: read at once from the file, but a credential helper
 * (`docker-credential-*`, credHelpers / credsStore) runs only when a registry asks for credentials,
 * asynchronously and once per host; what it returns is masked.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mockCore } from '../../support/mock-core.js'
import { basicHeader, startHostileServer } from '../../support/hostile-registry.js'

const { core, run, reset } = mockCore()
jest.unstable_mockModule('@actions/core', () => core)
const { CredentialStore, loadDockerConfigCredentials, parseRegistryAuth, secretValues } =
  await import('../../../src/lib/registry/credentials.js')
const { RegistryClient } = await import('../../../src/lib/registry/client.js')

const savedPath = process.env.PATH
let dir: string
let calls: string

/** A docker config using a fake helper that logs each call (the host it was asked for) and answers. */
function setUp(config: object, answer = '{"Username":"helper-user","Secret":"helper-secret"}'): string {
  dir = mkdtempSync(join(tmpdir(), 'creds-'))
  calls = join(dir, 'calls')
  const helper = join(dir, 'docker-credential-fake')
  writeFileSync(helper, `#!/bin/sh\nread host\necho "$host" >> "${calls}"\necho '${answer}'\n`)
  chmodSync(helper, 0o755)
  process.env.PATH = `${dir}:${savedPath}`
  const path = join(dir, 'config.json')
  writeFileSync(path, JSON.stringify(config))
  return path
}
const helperCalls = (): string[] => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [])

beforeEach(reset)
afterEach(() => {
  process.env.PATH = savedPath
})

describe('credential helpers run lazily', () => {
  it('loading the config runs no helper; the first lookup runs it once, and its secret is masked', async () => {
    const path = setUp({ credHelpers: { 'registry.example': 'fake' } })
    const store = loadDockerConfigCredentials(path)
    expect(helperCalls()).toEqual([])
    expect(store.peek('registry.example')).toBeUndefined()
    expect(store.peek('elsewhere.example')).toEqual({ credential: undefined })

    expect(await store.resolve('registry.example')).toEqual({
      username: 'helper-user',
      password: 'helper-secret'
    })
    expect(await store.resolve('registry.example')).toEqual({
      username: 'helper-user',
      password: 'helper-secret'
    })
    expect(helperCalls()).toEqual(['registry.example'])
    expect(store.peek('registry.example')?.credential?.password).toBe('helper-secret')
    expect(run.secrets).toEqual(['helper-secret'])
  })

  it('credsStore serves the hosts listed in auths without inline credentials; Docker Hub is asked by its server URL', async () => {
    const path = setUp({
      credsStore: 'fake',
      auths: {
        'https://index.docker.io/v1/': {},
        'inline.example': { auth: Buffer.from('u:p').toString('base64') }
      }
    })
    const store = loadDockerConfigCredentials(path)
    expect(await store.resolve('inline.example')).toEqual({ username: 'u', password: 'p' })
    expect(helperCalls()).toEqual([])
    expect(await store.resolve('docker.io')).toMatchObject({ username: 'helper-user' })
    expect(helperCalls()).toEqual(['https://index.docker.io/v1/'])
  })

  it('an identity token from a helper becomes the refresh token; a helper that fails falls back to the file', async () => {
    const path = setUp(
      { credHelpers: { 'token.example': 'fake' } },
      '{"Username":"<token>","Secret":"identity-token"}'
    )
    expect(await loadDockerConfigCredentials(path).resolve('token.example')).toEqual({
      identityToken: 'identity-token'
    })
    const broken = setUp({
      credHelpers: { 'registry.example': 'missing' },
      auths: { 'registry.example': { username: 'file-user', password: 'file-password' } }
    })
    expect(await loadDockerConfigCredentials(broken).resolve('registry.example')).toEqual({
      username: 'file-user',
      password: 'file-password'
    })
  })

  it('a credential set explicitly wins over the helper, which then never runs', async () => {
    const path = setUp({ credHelpers: { 'registry.example': 'fake' } })
    const store = loadDockerConfigCredentials(path)
    store.set('registry.example', { username: 'given', password: 'given-secret' })
    expect(await store.resolve('registry.example')).toEqual({ username: 'given', password: 'given-secret' })
    expect(helperCalls()).toEqual([])
    expect(secretValues(store)).toEqual(['given-secret'])
  })

  it('a registry client runs the helper only when the registry challenges it', async () => {
    const server = await startHostileServer((req, res) => {
      if (
        req.url?.includes('/private/') &&
        req.headers.authorization !== basicHeader('helper-user', 'helper-secret')
      )
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end()
      res.writeHead(404).end()
    })
    try {
      const path = setUp({ credHelpers: { [server.host]: 'fake' } })
      const client = new RegistryClient(server.host, { credentials: loadDockerConfigCredentials(path) })
      expect(await client.repository('public/app').hasBlob(`sha256:${'1'.repeat(64)}`)).toBe(false)
      expect(helperCalls()).toEqual([])
      expect(await client.repository('private/app').hasBlob(`sha256:${'1'.repeat(64)}`)).toBe(false)
      expect(helperCalls()).toEqual([server.host])
      expect(server.authorized().length).toBeGreaterThan(0)
    } finally {
      await server.close()
    }
  })
})

describe('docker config and registry-auth', () => {
  it('a config that is not JSON, or not a docker config, is a UserError naming the file', () => {
    const path = setUp({})
    writeFileSync(path, '{nope')
    expect(() => loadDockerConfigCredentials(path)).toThrow(
      /config\.json is not valid JSON .*fix or remove it/
    )
    writeFileSync(path, JSON.stringify({ auths: { 'a.example': { auth: 5 } } }))
    expect(() => loadDockerConfigCredentials(path)).toThrow(
      /config\.json is not a docker config \(auths\.a\.example\.auth: .*expected string.*\), fix or remove it\./
    )
  })

  it('registry-auth lines: user:password or a bare token; a bad line does not show its value', () => {
    const store = parseRegistryAuth('ghcr.io=me:pw\n# comment\n\nhttps://index.docker.io/v1/=tok')
    expect(store).toBeInstanceOf(CredentialStore)
    expect([...store]).toEqual([
      ['ghcr.io', { username: 'me', password: 'pw' }],
      ['docker.io', { username: 'token', password: 'tok' }]
    ])
    expect(() => parseRegistryAuth('ghcr.io:hunter2')).toThrow(/line 1 is not .*\(the value is not shown\)/)
    expect(() => parseRegistryAuth('ghcr.io:hunter2')).not.toThrow(/hunter2/)
  })
})

afterAll(() => {
  process.env.PATH = savedPath
})
