import { describe, expect, it } from '@jest/globals'
import { UserError } from '../../../src/lib/errors.js'
import { RegistryClient } from '../../../src/lib/registry/client.js'
import {
  checkTokenRealm,
  isPlainHttpRegistry,
  resolveUploadLocation
} from '../../../src/lib/registry/trust.js'

/** What checkTokenRealm says: 'ok', or the refusal's message. */
function realm(registry: string, url: string, insecure: string[] = []): string {
  try {
    checkTokenRealm(registry, url, insecure)
    return 'ok'
  } catch (error) {
    expect(error).toBeInstanceOf(UserError)
    return (error as Error).message
  }
}

describe('token realm policy (which realm may receive the credential)', () => {
  it.each([
    // https realms: any host (Docker Hub's realm is auth.docker.io, not the registry).
    ['ghcr.io', 'https://ghcr.io/token', []],
    ['docker.io', 'https://auth.docker.io/token', []],
    ['registry.example.com', 'https://auth.other.example/token', []],
    ['127.0.0.1:5000', 'https://auth.example/token', []],
    ['insecure.lan:5000', 'https://auth.example/token', ['insecure.lan:5000']],
    // http realms: the registry speaks plain HTTP, and the realm stays on loopback / its host / the list.
    ['127.0.0.1:5000', 'http://127.0.0.1:5001/token', []],
    ['127.0.0.1:5000', 'http://127.0.0.2/token', []],
    ['127.0.0.1:5000', 'http://localhost:6000/token', []],
    ['localhost:5000', 'http://localhost:6000/token', []],
    ['localhost:5000', 'http://127.0.0.1/token', []],
    ['[::1]:5000', 'http://[::1]:6000/token', []],
    ['insecure.lan:5000', 'http://insecure.lan/token', ['insecure.lan:5000']],
    ['insecure.lan:5000', 'http://insecure.lan:5001/token', ['insecure.lan:5000']],
    ['insecure.lan:5000', 'http://auth.lan/token', ['insecure.lan:5000', 'auth.lan']],
    ['insecure.lan:5000', 'http://auth.lan:8080/token', ['insecure.lan:5000', 'auth.lan:8080']],
    ['insecure.lan:5000', 'http://127.0.0.1:9000/token', ['insecure.lan:5000']]
  ])('%s may use the realm %s (insecure: %j)', (registry, url, insecure) => {
    expect(realm(registry, url, insecure)).toBe('ok')
  })

  it.each([
    // The attack: an https registry names a plain-HTTP realm, even one on this machine.
    ['registry.example.com', 'http://registry.example.com/token', [], /plain-HTTP token realm.*unencrypted/],
    ['registry.example.com', 'http://127.0.0.1:9000/token', [], /plain-HTTP token realm/],
    ['ghcr.io', 'http://ghcr.io:443/token', [], /plain-HTTP token realm/],
    ['docker.io', 'http://auth.docker.io/token', [], /plain-HTTP token realm/],
    // Being insecure does not make every http host acceptable.
    ['insecure.lan:5000', 'http://auth.evil.example/token', ['insecure.lan:5000'], /another host/],
    ['127.0.0.1:5000', 'http://evil.example/token', [], /another host.*insecure-registries/],
    ['127.0.0.1:5000', 'http://[::ffff:127.0.0.1]:6000/token', [], /another host/],
    // Listing the realm host alone does not make an https registry insecure.
    ['registry.example.com', 'http://auth.lan/token', ['auth.lan'], /plain-HTTP token realm/],
    // Not http(s), or not a URL at all.
    ['ghcr.io', 'ftp://ghcr.io/token', [], /scheme ftp:/],
    ['ghcr.io', 'file:///etc/passwd', [], /scheme file:/],
    ['ghcr.io', 'javascript:alert(1)', [], /scheme javascript:/],
    ['127.0.0.1:5000', 'data:application/json,{"token":"x"}', [], /scheme data:/],
    ['ghcr.io', '/token', [], /not an absolute URL/],
    ['ghcr.io', '', [], /not an absolute URL/]
  ])('%s may not use the realm %s (insecure: %j)', (registry, url, insecure, why) => {
    expect(realm(registry, url, insecure as string[])).toMatch(why)
  })

  it('quotes a garbage realm as one harmless line', () => {
    const message = realm('ghcr.io', 'not a url\n::add-mask::hunter2')
    expect(message).toMatch(/not an absolute URL/)
    expect(message).not.toMatch(/\n/)
  })

  it('plain HTTP registries are loopback ones and the listed ones', () => {
    expect(isPlainHttpRegistry('127.0.0.1:5000')).toBe(true)
    expect(isPlainHttpRegistry('localhost')).toBe(true)
    expect(isPlainHttpRegistry('[::1]:5000')).toBe(true)
    expect(isPlainHttpRegistry('registry.lan:5000')).toBe(false)
    expect(isPlainHttpRegistry('registry.lan:5000', ['registry.lan:5000'])).toBe(true)
  })
})

describe('upload Location policy', () => {
  const https = 'https://registry.example.com'
  it.each([
    [
      https,
      '/v2/app/blobs/uploads/1?_state=x',
      'https://registry.example.com/v2/app/blobs/uploads/1?_state=x'
    ],
    [https, 'https://storage.example.net/upload/1', 'https://storage.example.net/upload/1'],
    [https, '//storage.example.net/upload/1', 'https://storage.example.net/upload/1'],
    ['http://127.0.0.1:5000', 'http://127.0.0.1:6000/upload/1', 'http://127.0.0.1:6000/upload/1'],
    ['http://127.0.0.1:5000', 'https://127.0.0.1:6000/upload/1', 'https://127.0.0.1:6000/upload/1']
  ])('from %s, %s is followed as %s', (base, location, expected) => {
    expect(resolveUploadLocation(base, location, 'registry').href).toBe(expected)
  })

  it.each([
    [https, 'http://registry.example.com/v2/app/blobs/uploads/1', /refusing the downgrade/],
    [https, 'http://127.0.0.1:6000/upload/1', /refusing the downgrade/],
    [https, 'data:text/plain,hello', /data: Location; only http\(s\) is followed/],
    [https, 'file:///etc/passwd', /file: Location/],
    [https, 'http://[nope/upload', /not a URL/]
  ])('from %s, %s is refused', (base, location, why) => {
    expect(() => resolveUploadLocation(base, location, 'registry')).toThrow(why)
  })

  it('the client refuses an absolute http URL for an https registry before sending anything', async () => {
    const client = new RegistryClient('registry.example.com', { credentials: new Map() })
    expect(client.baseUrl).toBe('https://registry.example.com')
    // Port 9 on loopback: were the guard gone, this would fail differently (connection refused).
    await expect(
      client.request('PUT', 'http://127.0.0.1:9/upload/1', { scopes: ['repository:app:pull,push'] })
    ).rejects.toThrow(/refusing the downgrade/)
  })
})
