/**
 * Authentication: reading a WWW-Authenticate challenge, and the process-wide cache of what a registry
 * accepted, keyed by registry, credential and scope (not by which client object asked).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { AuthCache, credentialKey, parseChallenge } from '../../../src/lib/registry/auth.js'
import { DEFAULT_RETRY, RegistryClient } from '../../../src/lib/registry/client.js'
import { type HostileServer, basicHeader, startHostileServer } from '../../support/hostile-registry.js'

describe('parseChallenge', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      'bearer',
      {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/nginx:pull'
      }
    ],
    // A quoted value may hold commas and spaces (several scopes).
    [
      'Bearer realm="https://ghcr.io/token",scope="repository:a/b:pull,push repository:c/d:pull"',
      'bearer',
      { realm: 'https://ghcr.io/token', scope: 'repository:a/b:pull,push repository:c/d:pull' }
    ],
    ['Basic realm="Registry Realm"', 'basic', { realm: 'Registry Realm' }],
    // Unquoted values, parameter names in any case, space after commas.
    [
      'BEARER Realm=https://r.example/token, Service=r.example',
      'bearer',
      { realm: 'https://r.example/token', service: 'r.example' }
    ],
    ['Negotiate', 'negotiate', {}],
    ['Bearer error="insufficient_scope",realm=""', 'bearer', { error: 'insufficient_scope', realm: '' }]
  ])('%s', (header, scheme, params) => {
    expect(parseChallenge(header)).toEqual({ scheme, params })
  })
})

describe('AuthCache', () => {
  const alice = credentialKey({ username: 'alice', password: 'a' })
  const bob = credentialKey({ username: 'bob', password: 'b' })
  const pull = ['repository:app:pull']

  it('keys tokens by registry, credential and scope set (in any order)', () => {
    const cache = new AuthCache()
    cache.storeToken('r.example', alice, ['repository:a:pull', 'repository:b:pull,push'], 't1')
    expect(cache.token('r.example', alice, ['repository:b:pull,push', 'repository:a:pull'])).toBe('t1')
    expect(cache.token('r.example', bob, ['repository:a:pull', 'repository:b:pull,push'])).toBeUndefined()
    expect(
      cache.token('r.example', credentialKey(undefined), ['repository:a:pull', 'repository:b:pull,push'])
    ).toBeUndefined()
    expect(
      cache.token('other.example', alice, ['repository:a:pull', 'repository:b:pull,push'])
    ).toBeUndefined()
    expect(cache.token('r.example', alice, ['repository:a:pull'])).toBeUndefined()
  })

  it('drops a token shortly before it expires (60 s when the service does not say)', () => {
    const cache = new AuthCache()
    cache.storeToken('r.example', alice, pull, 't', undefined, 0)
    expect(cache.token('r.example', alice, pull, 50_000)).toBe('t')
    expect(cache.token('r.example', alice, pull, 56_000)).toBeUndefined()
    cache.storeToken('r.example', alice, pull, 'long', 300, 0)
    expect(cache.token('r.example', alice, pull, 290_000)).toBe('long')
  })

  it('remembers Basic per registry and credential; a credential key never contains the secret', () => {
    const cache = new AuthCache()
    cache.rememberBasic('r.example', alice)
    expect(cache.usesBasic('r.example', alice)).toBe(true)
    expect(cache.usesBasic('r.example', bob)).toBe(false)
    expect(alice).not.toContain('alice')
    expect(credentialKey(undefined)).toBe('')
  })

  it('knows a registry once anything is remembered for it (a client then needs its credential key)', () => {
    const cache = new AuthCache()
    expect(cache.knows('r.example')).toBe(false)
    cache.rememberBasic('r.example', alice)
    cache.storeToken('t.example', bob, pull, 't')
    expect([cache.knows('r.example'), cache.knows('t.example'), cache.knows('x.example')]).toEqual([
      true,
      true,
      false
    ])
    cache.clear()
    expect(cache.knows('r.example')).toBe(false)
  })
})

describe('a token is reused by every client of the registry with the same credential', () => {
  let server: HostileServer | undefined
  afterEach(() => server?.close())

  it('a second client asks for no token; another credential does', async () => {
    let issued = 0
    server = await startHostileServer((req, res, self) => {
      if (req.url?.startsWith('/token')) {
        issued++
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            token: `token-${req.headers.authorization === basicHeader('u', 'p') ? 'u' : 'other'}`
          })
        )
      }
      if (
        req.headers.authorization !== 'Bearer token-u' &&
        req.headers.authorization !== 'Bearer token-other'
      )
        return void res
          .writeHead(401, { 'www-authenticate': `Bearer realm="${self.origin}/token",service="s"` })
          .end()
      res.writeHead(404).end()
    })
    const host = server.host
    const client = (password: string) =>
      new RegistryClient(host, {
        credentials: new Map([[host, { username: 'u', password }]]),
        retry: { ...DEFAULT_RETRY, attempts: 1 }
      }).repository('team/app')
    const digest = `sha256:${'2'.repeat(64)}`
    await client('p').hasBlob(digest)
    await client('p').hasBlob(digest)
    expect(issued).toBe(1)
    await client('other').hasBlob(digest)
    expect(issued).toBe(2)
    // One 401 in all for the first credential: the second client sent the cached token at once.
    const challenged = server.requests.filter(
      request => request.url.startsWith('/v2/') && !request.headers.authorization
    )
    expect(challenged).toHaveLength(2)
  })

  it('a token answer that is not a token service answer is refused by its schema', async () => {
    server = await startHostileServer((req, res, self) => {
      if (req.url?.startsWith('/token'))
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"token": 42}')
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${self.origin}/token"` }).end()
    })
    const repository = new RegistryClient(server.host, { credentials: new Map() }).repository('team/app')
    await expect(repository.hasBlob(`sha256:${'3'.repeat(64)}`)).rejects.toThrow(
      /the token service's answer is not valid \(token: .*expected string, received number\)/
    )
  })
})
