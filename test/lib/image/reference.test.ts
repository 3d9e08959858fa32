import { describe, expect, it } from '@jest/globals'
import {
  isLoopbackRegistry,
  parseImageName,
  parseReference,
  withTag
} from '../../../src/lib/image/reference.js'

describe('parseReference', () => {
  it.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['acme/app:1.0', { registry: 'docker.io', repository: 'acme/app', tag: '1.0' }],
    ['ghcr.io/acme/app', { registry: 'ghcr.io', repository: 'acme/app' }],
    ['127.0.0.1:5000/team/app:dev', { registry: '127.0.0.1:5000', repository: 'team/app', tag: 'dev' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    [
      `ghcr.io/a/b@sha256:${'a'.repeat(64)}`,
      { registry: 'ghcr.io', repository: 'a/b', digest: `sha256:${'a'.repeat(64)}` }
    ]
  ])('parses %s', (input, expected) => {
    expect(parseReference(input)).toEqual(expected)
  })

  it.each([
    ['', /empty/],
    ['ghcr.io/Acme/app', /lowercase/],
    ['app:bad tag', /white space/],
    ['app:-x', /not a valid tag/],
    ['app@sha256:xyz', /not a valid digest/],
    ['host:99999/app', /port/],
    ['ghcr.io/acme//app', /path component/],
    ['$(id)/app', /path component/]
  ])('rejects %j', (input, message) => {
    expect(() => parseReference(input)).toThrow(message)
  })

  it('refuses a tag in an image name and shows the name to write instead', () => {
    expect(() => parseImageName('ghcr.io/acme/app:latest')).toThrow(/Write "ghcr.io\/acme\/app"/)
  })

  it('qualifies tags in the short form Docker prints', () => {
    expect(withTag(parseImageName('nginx'), 'x')).toBe('nginx:x')
    expect(withTag(parseImageName('127.0.0.1:5000/a/b'), 'x')).toBe('127.0.0.1:5000/a/b:x')
  })

  it('knows loopback registries', () => {
    expect(isLoopbackRegistry('127.0.0.1:5000')).toBe(true)
    expect(isLoopbackRegistry('127.9.0.3')).toBe(true)
    expect(isLoopbackRegistry('localhost:5000')).toBe(true)
    expect(isLoopbackRegistry('[::1]:5000')).toBe(true)
    expect(isLoopbackRegistry('ghcr.io')).toBe(false)
    expect(isLoopbackRegistry('127.0.0.1.example.com')).toBe(false)
  })
})
