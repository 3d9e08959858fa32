import { describe, expect, it } from '@jest/globals'
import { labelChanges } from '../../../src/lib/base-image/check.js'
import { bumpFromLines } from '../../../src/lib/base-image/rewrite.js'
import { type UpdatePolicy, newestVersion, parseVersionTag } from '../../../src/lib/base-image/versions.js'

describe('version tags', () => {
  it.each([
    ['base-1.2.3', 'base-', '1.2.3', '', 3],
    ['1.2.3', '', '1.2.3', '', 3],
    ['v1.2', 'v', '1.2.0', '', 2],
    ['3.12-alpine', '', '3.12.0', '-alpine', 2],
    ['3.12-alpine3.19', '', '3.12.0', '-alpine3.19', 2],
    ['1.3.0-rc.1', '', '1.3.0-rc.1', '', 3],
    ['1.3.0-rc1-alpine', '', '1.3.0-rc.1', '-alpine', 3],
    ['python3.12-slim', 'python', '3.12.0', '-slim', 2],
    ['1', '', '1.0.0', '', 1]
  ])('%s is prefix %j, version %s, suffix %j, %d part(s)', (tag, prefix, version, suffix, parts) => {
    expect(parseVersionTag(tag)).toMatchObject({
      prefix,
      suffix,
      parts,
      version: expect.objectContaining({ version })
    })
  })

  it.each(['main', 'latest', 'sha-3f2a9c1', '2024-01-05', ''])('%j is not a version', tag => {
    expect(parseVersionTag(tag)).toBeUndefined()
  })
})

describe('the newest allowed version', () => {
  const tags = [
    'base-1.2.3',
    'base-1.2.4',
    'base-1.2.10',
    'base-1.3.0',
    'base-1.4.0-rc.1',
    'base-2.0.0',
    '9.9.9',
    'base-1.9.0-alpine',
    'base-1.9',
    'main',
    'latest'
  ]
  it.each<[UpdatePolicy, string | undefined]>([
    ['patch', 'base-1.2.10'],
    ['minor', 'base-1.3.0'],
    ['major', 'base-2.0.0']
  ])('update: %s picks %s (semver order, not text order)', (update, expected) => {
    expect(newestVersion('base-1.2.3', tags, { update })?.tag).toBe(expected)
  })

  it('counts pre-releases only when asked', () => {
    expect(newestVersion('base-1.3.0', tags, { update: 'minor' })).toBeUndefined()
    expect(newestVersion('base-1.3.0', tags, { update: 'minor', prereleases: true })?.tag).toBe(
      'base-1.4.0-rc.1'
    )
  })

  it('never crosses a prefix, a suffix or a shape', () => {
    const variants = ['3.12-alpine', '3.13-alpine', '3.14-debian', '3.15', '3.16.1-alpine', 'v3.17-alpine']
    expect(newestVersion('3.12-alpine', variants, { update: 'minor' })?.tag).toBe('3.13-alpine')
    expect(newestVersion('3.12-debian', variants, { update: 'minor' })?.tag).toBe('3.14-debian')
    expect(newestVersion('3.12', variants, { update: 'minor' })?.tag).toBe('3.15')
    expect(newestVersion('v1.2', ['v1.3', 'v1.3.1', '1.4'], { update: 'minor' })?.tag).toBe('v1.3')
  })

  it('finds nothing for a tag that is not a version, or when it is the newest', () => {
    expect(newestVersion('main', tags, { update: 'major' })).toBeUndefined()
    expect(newestVersion('base-2.0.0', tags, { update: 'major' })).toBeUndefined()
  })
})

describe('the FROM bump', () => {
  it('changes the tag on the FROM lines naming the base, and nothing else', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'ARG X=1',
      'FROM --platform=$BUILDPLATFORM ghcr.io/acme/base:base-1.2.3 AS builder',
      'RUN echo ghcr.io/acme/base:base-1.2.3',
      'from ghcr.io/acme/base:base-1.2.3\r',
      'FROM ghcr.io/acme/base:base-1.2.3-alpine AS other',
      'FROM ghcr.io/acme/other:base-1.2.3',
      'FROM builder',
      ''
    ].join('\n')
    const bumped = bumpFromLines(text, [{ base: 'ghcr.io/acme/base:base-1.2.3', tag: 'base-1.3.0' }])
    expect(bumped.changed).toBe(2)
    const before = text.split('\n')
    const after = bumped.text.split('\n')
    expect(after.filter((line, index) => line !== before[index])).toEqual([
      'FROM --platform=$BUILDPLATFORM ghcr.io/acme/base:base-1.3.0 AS builder',
      'from ghcr.io/acme/base:base-1.3.0\r'
    ])
  })

  it('matches Docker Hub names however they are spelled', () => {
    const bumped = bumpFromLines('FROM python:3.12-alpine\n', [
      { base: 'docker.io/library/python:3.12-alpine', tag: '3.13-alpine' }
    ])
    expect(bumped.text).toBe('FROM python:3.13-alpine\n')
  })
})

describe('label changes', () => {
  it('lists added, changed and removed labels by name', () => {
    expect(labelChanges({ a: '1', b: '2', c: '3' }, { a: '1', b: '20', d: '4' })).toEqual([
      { name: 'b', from: '2', to: '20' },
      { name: 'c', from: '3', to: undefined },
      { name: 'd', from: undefined, to: '4' }
    ])
  })
})
