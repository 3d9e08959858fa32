import { describe, expect, it } from '@jest/globals'
import {
  MAX_BRANCH_TAG_LENGTH,
  branchTag,
  joinTag,
  sanitizeTagComponent
} from '../../../src/lib/image/sanitize.js'
import { computeTagPlan } from '../../../src/lib/image/tags.js'
import { parseImageName } from '../../../src/lib/image/reference.js'
import { eventContextFromGitHub } from '../../../src/lib/git/context.js'
import { HOSTILE_BRANCH_NAMES } from '../../fixtures/hostile-branch-names.js'

const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/

describe('sanitizeTagComponent', () => {
  it.each([
    ['feature/TEVA-1296 Alert_filters', 'feature-TEVA-1296-Alert_filters'],
    ['main', 'main'],
    ['release/2026.11', 'release-2026.11'],
    ['café-über', 'cafe-uber'],
    ['..hidden', 'hidden'],
    ['-leading-dash', 'leading-dash'],
    ['a..b', 'a.b'],
    ['trailing.', 'trailing'],
    ['UPPER_case', 'UPPER_case']
  ])('%j -> %j', (input, expected) => {
    expect(sanitizeTagComponent(input)).toBe(expected)
  })

  it('names with nothing usable left become branch-<hash>', () => {
    expect(sanitizeTagComponent('☃☃☃')).toMatch(/^branch-[0-9a-f]{8}$/)
    expect(sanitizeTagComponent('☃☃☃')).not.toBe(sanitizeTagComponent('❄❄❄'))
  })

  it('truncates long names with a hash so two long branches never collide', () => {
    const a = sanitizeTagComponent(`${'x'.repeat(150)}-one`)
    const b = sanitizeTagComponent(`${'x'.repeat(150)}-two`)
    expect(a).not.toBe(b)
    expect(a.length).toBeLessThanOrEqual(MAX_BRANCH_TAG_LENGTH)
    expect(a).toMatch(/^x+-[0-9a-f]{8}$/)
  })

  it('is stable: the same branch always gives the same tag', () => {
    const name = `feature/${'long-'.repeat(40)}`
    expect(sanitizeTagComponent(name)).toBe(sanitizeTagComponent(name))
  })

  it('joinTag refuses to produce an invalid tag', () => {
    expect(() => joinTag('builder', 'a b')).toThrow(/not valid/)
  })
})

describe("branchTag: no other branch ever gets the default branch's tags", () => {
  it.each(['main-', 'maín', 'main@', 'main.', '-main', 'main/'])('%j is not main', name => {
    const tag = branchTag(name, 'main', false)
    expect(tag).not.toBe('main')
    expect(tag).toMatch(/^main-[0-9a-f]{8}$/)
  })

  it('two names that sanitize alike get different tags', () => {
    expect(branchTag('feat/x', 'main', false)).not.toBe(branchTag('feat-x', 'main', false))
    expect(branchTag('feat-x', 'main', false)).toBe('feat-x')
  })

  it.each([
    'builder-main',
    'buildcache-main',
    'dev-0123456789abcdef0123456789abcdef01234567-20260101000000',
    'review-pr-1-x',
    'sha256-abc',
    'latest',
    '0123456',
    '0123456789abcdef0123456789abcdef01234567',
    '1.2',
    'v1.2.3',
    '2'
  ])('a branch named %j does not take the reserved tag', name => {
    expect(branchTag(name, 'main', false)).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}-[0-9a-f]{8}$`))
  })

  it('the default branch keeps its plain name, and a branch with a valid name keeps it', () => {
    expect(branchTag('main', 'main', true)).toBe('main')
    expect(branchTag('develop', 'main', false)).toBe('develop')
    expect(branchTag('main', 'main', false)).toMatch(/^main-[0-9a-f]{8}$/) // e.g. a fork's main
  })

  it('long and empty names keep their single hash and stay within the limit', () => {
    const long = branchTag(`feature/${'x'.repeat(200)}`, 'main', false)
    expect(long.length).toBeLessThanOrEqual(MAX_BRANCH_TAG_LENGTH)
    expect(long).toMatch(/^feature-x+-[0-9a-f]{8}$/)
    expect(branchTag('☃', 'main', false)).toMatch(/^branch-[0-9a-f]{8}$/)
    const near = branchTag(`${'y'.repeat(95)}/`, 'main', false)
    expect(near.length).toBeLessThanOrEqual(MAX_BRANCH_TAG_LENGTH)
    expect(near).toMatch(/-[0-9a-f]{8}$/)
  })
})

describe(`a corpus of ${HOSTILE_BRANCH_NAMES.length} hostile or odd branch names`, () => {
  it('has at least 50 names', () => {
    expect(HOSTILE_BRANCH_NAMES.length).toBeGreaterThanOrEqual(50)
  })

  it.each(HOSTILE_BRANCH_NAMES.map(name => [JSON.stringify(name).slice(0, 60), name]))(
    '%s gives only valid tags',
    (_label, branch) => {
      const ctx = eventContextFromGitHub(
        {
          eventName: 'push',
          ref: `refs/heads/${branch}`,
          sha: 'a'.repeat(40),
          payload: { repository: { full_name: 'acme/app', default_branch: 'main' } },
          serverUrl: 'https://github.com',
          runId: 1,
          runNumber: 1
        },
        {}
      )
      const plan = computeTagPlan(ctx, {
        preset: 'branch-cache',
        images: [parseImageName('127.0.0.1:5000/acme/app')],
        templates: ['{{branch}}-{{sha7}}'],
        now: new Date('2026-01-01T00:00:00Z'),
        latest: 'auto',
        knownVersions: [],
        extraLabels: new Map()
      })
      const bare = [...plan.tags.production, ...plan.tags.builder, ...plan.tags.cacheFrom, plan.tags.unique]
      for (const tag of bare) expect(tag).toMatch(DOCKER_TAG)
      // No branch but main writes main's tags or its cache.
      expect(plan.tags.production).not.toContain('main')
      expect(plan.tags.builder).not.toContain('builder-main')
      // Nothing a shell or template would interpret survives.
      for (const tag of bare) expect(tag).not.toMatch(/[$`;&|<>(){}\\'"\s*?!#~]/)
      expect(plan.labels['org.opencontainers.image.version']).toMatch(DOCKER_TAG)
    }
  )
})
