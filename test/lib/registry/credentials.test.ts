/**
 * Docker config credentials: read at once from the file, but a credential helper
 * (`docker-credential-*`, credHelpers / credsStore) runs only when a registry asks for credentials,
 * asynchronously and once per host; what it returns is masked. Credentials given as inputs are read
 * at start-up without the docker config, which the pipeline reads under them when it first needs one.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { build } from 'esbuild'
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mockCore } from '../../support/mock-core.js'
import { basicHeader, startHostileServer } from '../../support/hostile-registry.js'

const { core, run, reset } = mockCore()
jest.unstable_mockModule('@actions/core', () => core)
const {
  CredentialStore,
  GivenCredentials,
  loadDockerConfigCredentials,
  lookupCredential,
  parseRegistryAuth,
  peekCredential,
  secretValues,
  withDockerConfig
} = await import('../../../src/lib/registry/credentials.js')
const { RegistryClient } = await import('../../../src/lib/registry/client.js')
const { credentialLookup } = await import('../../../src/lib/registry/credential-lookup.js')

const savedPath = process.env.PATH
const savedDockerConfig = process.env.DOCKER_CONFIG
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
  process.env.DOCKER_CONFIG = savedDockerConfig
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
    expect([...store]).toEqual([
      ['ghcr.io', { username: 'me', password: 'pw' }],
      ['docker.io', { username: 'token', password: 'tok' }]
    ])
    expect(() => parseRegistryAuth('ghcr.io:hunter2')).toThrow(/line 1 is not .*\(the value is not shown\)/)
    expect(() => parseRegistryAuth('ghcr.io:hunter2')).not.toThrow(/hunter2/)
  })
})

describe('credentials given as inputs, over the docker config the pipeline reads (withDockerConfig)', () => {
  const b64 = (text: string): string => Buffer.from(text).toString('base64')
  /** A docker config in $DOCKER_CONFIG: inline credentials for a and b, a helper for c and d. */
  const useConfig = (text?: string): void => {
    const path = setUp({
      auths: { 'a.example': { auth: b64('config-a:a-pw') }, 'b.example': { auth: b64('config-b:b-pw') } },
      credHelpers: { 'c.example': 'fake', 'd.example': 'fake' }
    })
    if (text !== undefined) writeFileSync(path, text)
    process.env.DOCKER_CONFIG = dir
  }
  const given = (): InstanceType<typeof GivenCredentials> =>
    new GivenCredentials(parseRegistryAuth('a.example=me:given-a\nc.example=given-c'))

  it('the config is read on first use, once; the given credentials win, even over a helper, which never runs for them', async () => {
    useConfig()
    const credentials = given()
    const store = withDockerConfig(credentials)
    expect(withDockerConfig(credentials)).toBe(store)
    expect(peekCredential(credentials, 'a.example')).toEqual({
      credential: { username: 'me', password: 'given-a' }
    })
    expect(peekCredential(credentials, 'b.example')).toEqual({
      credential: { username: 'config-b', password: 'b-pw' }
    })
    expect(await lookupCredential(credentials, 'c.example')).toEqual({
      username: 'token',
      password: 'given-c'
    })
    expect(helperCalls()).toEqual([])
    // d has only the config's helper: unknown until it runs, then masked.
    expect(peekCredential(credentials, 'd.example')).toBeUndefined()
    expect(await lookupCredential(credentials, 'd.example')).toMatchObject({ password: 'helper-secret' })
    expect(helperCalls()).toEqual(['d.example'])
    // What the config adds is masked when read, once; a config secret an input replaced is never used.
    expect(run.secrets).toEqual(['b-pw', 'helper-secret'])
  })

  it('a config that is not JSON fails every use with its UserError, and masks nothing', async () => {
    useConfig('{nope')
    const credentials = given() // built at start-up: nothing read yet
    const message = /config\.json is not valid JSON .*fix or remove it/
    expect(() => withDockerConfig(credentials)).toThrow(message)
    expect(() => peekCredential(credentials, 'a.example')).toThrow(message)
    await expect(lookupCredential(credentials, 'b.example')).rejects.toThrow(message)
    expect(run.secrets).toEqual([])
  })

  it('any other source is used as it is, without reading the config', () => {
    useConfig('{nope')
    const plain = new Map([['a.example', { username: 'u', password: 'p' }]])
    expect(withDockerConfig(plain)).toBe(plain)
    expect(peekCredential(plain, 'a.example')).toEqual({ credential: { username: 'u', password: 'p' } })
    const store = new CredentialStore()
    expect(withDockerConfig(store)).toBe(store)
    expect(withDockerConfig(undefined)).toBeUndefined()
  })

  it('what a registry client finds (credentialLookup) is what withDockerConfig finds, config or none', async () => {
    useConfig()
    const withConfig = await credentialLookup(given())
    expect(withConfig.peek('b.example')).toEqual({ credential: { username: 'config-b', password: 'b-pw' } })
    expect(withConfig.peek('d.example')).toBeUndefined() // its helper has not run
    expect(await withConfig.resolve('a.example')).toEqual({ username: 'me', password: 'given-a' })
    const alone = await credentialLookup(undefined)
    expect(alone.peek('a.example')).toEqual({ credential: { username: 'config-a', password: 'a-pw' } })
    const store = new CredentialStore([['e.example', { username: 'e', password: 'e-pw' }]])
    expect((await credentialLookup(store)).peek('e.example')).toEqual({
      credential: { username: 'e', password: 'e-pw' }
    })
    // No docker config: the given credentials are all there are; nothing is masked again.
    process.env.DOCKER_CONFIG = join(dir, 'none')
    reset()
    const bare = await credentialLookup(given())
    expect(bare.peek('a.example')).toEqual({ credential: { username: 'me', password: 'given-a' } })
    expect(bare.peek('b.example')).toEqual({ credential: undefined })
    expect(await bare.resolve('c.example')).toEqual({ username: 'token', password: 'given-c' })
    expect((await credentialLookup(undefined)).peek('a.example')).toEqual({ credential: undefined })
    expect(run.secrets).toEqual([])
  })

  it('a registry client fails its first request on a config that is not a docker config, as withDockerConfig does', async () => {
    const server = await startHostileServer((_req, res) => void res.writeHead(404).end())
    try {
      useConfig('{"auths": 1}')
      for (const credentials of [given(), undefined]) {
        const client = new RegistryClient(server.host, { credentials })
        await expect(client.repository('private/app').hasBlob(`sha256:${'1'.repeat(64)}`)).rejects.toThrow(
          /config\.json is not a docker config .*fix or remove it/
        )
      }
      expect(server.requests).toEqual([])
    } finally {
      await server.close()
    }
  })

  it('a registry client given them runs the config helper only when its registry challenges it', async () => {
    const server = await startHostileServer((req, res) => {
      if (req.headers.authorization !== basicHeader('helper-user', 'helper-secret'))
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end()
      res.writeHead(404).end()
    })
    try {
      setUp({ credHelpers: { [server.host]: 'fake' } })
      process.env.DOCKER_CONFIG = dir
      const client = new RegistryClient(server.host, { credentials: given() })
      expect(await client.repository('private/app').hasBlob(`sha256:${'1'.repeat(64)}`)).toBe(false)
      expect(helperCalls()).toEqual([server.host])
      expect(server.authorized().length).toBeGreaterThan(0)
    } finally {
      await server.close()
    }
  })

  it('are the same class in the start-up bundle and in the pipeline bundle (branded)', async () => {
    useConfig()
    const out = join(dir, 'bundle') // beside the config, in this test's directory
    await build({
      entryPoints: { inputs: 'src/lib/registry/credential-inputs.ts' },
      outdir: out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
      logLevel: 'warning'
    })
    const other = createRequire(import.meta.url)(
      join(out, 'inputs.cjs')
    ) as typeof import('../../../src/lib/registry/credential-inputs.js')
    expect(other.GivenCredentials).not.toBe(GivenCredentials)
    const credentials = new other.GivenCredentials(other.parseRegistryAuth('a.example=me:given-a'))
    expect(credentials).toBeInstanceOf(GivenCredentials)
    expect(new Map()).not.toBeInstanceOf(GivenCredentials)
    expect(withDockerConfig(credentials).get('b.example')).toEqual({ username: 'config-b', password: 'b-pw' })
    expect(peekCredential(credentials, 'a.example')).toEqual({
      credential: { username: 'me', password: 'given-a' }
    })
  })
})

afterAll(() => {
  process.env.PATH = savedPath
})
