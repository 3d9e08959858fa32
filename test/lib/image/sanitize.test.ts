import { describe, expect, it } from '@jest/globals'
import { MAX_BRANCH_TAG_LENGTH, joinTag, sanitizeTagComponent } from '../../../src/lib/image/sanitize.js'
import { computeTagPlan } from '../../../src/lib/image/tags.js'
import { parseImageName } from '../../../src/lib/image/reference.js'
import { buildContextFromGitHub } from '../../../src/lib/git/context.js'
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

describe(`a corpus of ${HOSTILE_BRANCH_NAMES.length} hostile or odd branch names`, () => {
  it('has at least 50 names', () => {
    expect(HOSTILE_BRANCH_NAMES.length).toBeGreaterThanOrEqual(50)
  })

  it.each(HOSTILE_BRANCH_NAMES.map(name => [JSON.stringify(name).slice(0, 60), name]))(
    '%s gives only valid tags',
    (_label, branch) => {
      const ctx = buildContextFromGitHub(
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
      // Nothing a shell or template would interpret survives.
      for (const tag of bare) expect(tag).not.toMatch(/[$`;&|<>(){}\\'"\s*?!#~]/)
      expect(plan.labels['org.opencontainers.image.version']).toMatch(DOCKER_TAG)
    }
  )
})
