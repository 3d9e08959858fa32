import { describe, expect, it } from '@jest/globals'
import { parseImageName } from '../../../src/lib/image/reference.js'
import {
  type TagOptions,
  computeTagPlan,
  expandTemplate,
  formatTimestamp,
  parseTimestampInput,
  releaseTags
} from '../../../src/lib/image/tags.js'
import { eventContextFor, eventNames } from '../../support/events.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'
const HEAD = '89abcdef0123456789abcdef0123456789abcdef'
const NOW = new Date('2026-11-24T09:08:07Z')
const TS = '20261124090807'

function options(overrides: Partial<TagOptions> = {}): TagOptions {
  return {
    preset: 'branch-cache',
    images: [parseImageName('ghcr.io/acme/app')],
    templates: [],
    now: NOW,
    latest: 'auto',
    knownVersions: [],
    extraLabels: new Map(),
    ...overrides
  }
}

describe('branch-cache preset, per event', () => {
  it('push to the default branch', () => {
    const plan = computeTagPlan(eventContextFor('push-main'), options())
    expect(plan.tags).toEqual({
      production: ['main', SHA, `dev-${SHA}-${TS}`],
      builder: ['builder-main'],
      unique: `dev-${SHA}-${TS}`,
      cacheFrom: ['builder-main', 'main'],
      immutable: [`dev-${SHA}-${TS}`],
      floating: ['main', SHA]
    })
    expect(plan.immutableTags).toEqual([`ghcr.io/acme/app:dev-${SHA}-${TS}`])
    expect(plan.floatingTags).toEqual(['ghcr.io/acme/app:main', `ghcr.io/acme/app:${SHA}`])
    expect(plan.cacheFrom).toEqual(['ghcr.io/acme/app:builder-main', 'ghcr.io/acme/app:main'])
    expect(plan.pushAllowed).toBe(true)
    expect(plan.eventKind).toBe('push')
  })

  it('push to a feature branch: sanitized branch tag (with the hash of its real name), cache from default then branch', () => {
    const plan = computeTagPlan(eventContextFor('push-feature'), options())
    const branch = 'feature-TEVA-1296-Alert_filters-fd7498dd'
    expect(plan.tags.production).toEqual([branch, SHA, `dev-${SHA}-${TS}`])
    expect(plan.tags.builder).toEqual([`builder-${branch}`])
    expect(plan.tags.cacheFrom).toEqual(['builder-main', `builder-${branch}`, 'main', branch])
  })

  it('takes the default branch from the payload (master)', () => {
    const plan = computeTagPlan(eventContextFor('push-master-default'), options())
    expect(plan.tags.cacheFrom).toEqual(['builder-master', 'master'])
  })

  it('the default-branch input wins over the payload', () => {
    const plan = computeTagPlan(eventContextFor('push-feature', { defaultBranch: 'develop' }), options())
    expect(plan.tags.cacheFrom[0]).toBe('builder-develop')
    expect(plan.tags.cacheFrom[2]).toBe('develop')
  })

  it('pull request: review-pr unique tag on the head commit, head branch tags', () => {
    const plan = computeTagPlan(eventContextFor('pull-request'), options())
    expect(plan.tags.unique).toBe(`review-pr-42-${HEAD}-${TS}`)
    const branch = 'feature-login-df7c7aeb'
    expect(plan.tags.production).toEqual([branch, HEAD, `review-pr-42-${HEAD}-${TS}`])
    expect(plan.tags.cacheFrom).toEqual(['builder-main', `builder-${branch}`, 'main', branch])
    expect(plan.tags.immutable).toEqual([`review-pr-42-${HEAD}-${TS}`])
    expect(plan.pushAllowed).toBe(true)
    expect(plan.eventKind).toBe('pull_request')
  })

  it('pull request from a fork: computed, but push is not allowed', () => {
    const plan = computeTagPlan(eventContextFor('pull-request-fork'), options())
    expect(plan.isFork).toBe(true)
    expect(plan.pushAllowed).toBe(false)
    expect(plan.tags.unique).toBe(`review-pr-43-${HEAD}-${TS}`)
  })

  it('pull request from a deleted fork (head.repo null) is treated as a fork', () => {
    expect(computeTagPlan(eventContextFor('pull-request-deleted-fork'), options()).pushAllowed).toBe(false)
  })

  it('semver tag push: 1.2.3, 1.2, 1 and latest when it is the highest', () => {
    const plan = computeTagPlan(
      eventContextFor('tag-release'),
      options({ knownVersions: ['v1.0.0', 'v1.2.2'] })
    )
    expect(plan.tags.production).toEqual(['1.2.3', '1.2', '1', 'latest', SHA, `dev-${SHA}-${TS}`])
    expect(plan.version).toBe('1.2.3')
    expect(plan.labels['org.opencontainers.image.version']).toBe('1.2.3')
    expect(plan.versionJson.version).toBe('1.2.3')
    expect(plan.eventKind).toBe('tag')
    expect(plan.tags.builder).toEqual(['builder-1.2.3'])
  })

  it('semver tag push that is not the highest of 1.x gets 1.2 only: no 1, no latest', () => {
    const plan = computeTagPlan(
      eventContextFor('tag-release'),
      options({ knownVersions: ['v1.3.0', 'v1.2.3'] })
    )
    expect(plan.tags.production).toEqual(['1.2.3', '1.2', SHA, `dev-${SHA}-${TS}`])
    expect(plan.tags.immutable).toEqual(['1.2.3', `dev-${SHA}-${TS}`])
    expect(plan.tags.floating).toEqual(['1.2', SHA])
  })

  it('prerelease tag: only its own version tag', () => {
    const plan = computeTagPlan(eventContextFor('tag-prerelease'), options())
    expect(plan.tags.production).toEqual(['2.0.0-rc.1', SHA, `dev-${SHA}-${TS}`])
  })

  it('a non-semver git tag is used as a sanitized tag', () => {
    const plan = computeTagPlan(eventContextFor('tag-not-semver'), options())
    expect(plan.tags.production[0]).toBe('nightly-2026')
  })

  it('workflow_dispatch on a branch behaves like a push', () => {
    const plan = computeTagPlan(eventContextFor('workflow-dispatch'), options())
    expect(plan.tags.production).toEqual(['release-2026.11-5db06f79', SHA, `dev-${SHA}-${TS}`])
    expect(plan.pushAllowed).toBe(true)
  })

  it('schedule without repository in the payload falls back to main', () => {
    const plan = computeTagPlan(eventContextFor('schedule'), options())
    expect(plan.tags.production[0]).toBe('main')
    expect(plan.tags.cacheFrom).toEqual(['builder-main', 'main'])
  })

  it.each(eventNames())('every output of %s is a valid, fully qualified tag', name => {
    for (const preset of ['branch-cache', 'sha-latest'] as const) {
      const plan = computeTagPlan(
        eventContextFor(name),
        options({ preset, templates: ['{{branch}}-{{sha7}}', 'pr-{{pr}}'] })
      )
      for (const ref of [
        ...plan.productionTags,
        ...plan.builderTags,
        ...plan.cacheFrom,
        ...plan.uniqueRefs
      ]) {
        expect(ref).toMatch(/^ghcr\.io\/acme\/app:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/)
      }
    }
  })
})

describe('release lines: latest, <major> and <major>.<minor> go to the highest release of their line', () => {
  const tagsOf = (tag: string, known: string[], latest: TagOptions['latest'] = 'auto'): string[] =>
    releaseTags(tag, known, latest)?.tags ?? []

  it.each([
    ['v1.0.0', [], ['1.0.0', '1.0', '1', 'latest']],
    ['v1.1.0', ['v1.0.0'], ['1.1.0', '1.1', '1', 'latest']],
    // A backport: its own 1.0 line moves; 1 stays on 1.1.0, latest stays on 1.1.0.
    ['v1.0.1', ['v1.0.0', 'v1.1.0'], ['1.0.1', '1.0']],
    // A backport to 1.x after 2.0.0: leads 1.x, not all.
    ['v1.2.0', ['v1.1.0', 'v2.0.0'], ['1.2.0', '1.2', '1']],
    // Prereleases never count against a release.
    ['v1.1.0', ['v1.0.0', 'v2.0.0-rc.1'], ['1.1.0', '1.1', '1', 'latest']],
    // The same version released again (its own tag in the list) is still the highest.
    ['v1.1.0', ['v1.0.0', 'v1.1.0'], ['1.1.0', '1.1', '1', 'latest']]
  ])('%s after %j -> %j', (tag, known, expected) => {
    expect(tagsOf(tag, known)).toEqual(expected)
  })

  it('latest: true tags latest whatever the history; false never', () => {
    expect(tagsOf('v1.0.1', ['v1.1.0'], 'true')).toContain('latest')
    expect(tagsOf('v9.0.0', [], 'false')).toEqual(['9.0.0', '9.0', '9'])
  })
})

describe('latest works in every preset', () => {
  it('branch-cache: latest: true tags pushes of any branch, never pull requests', () => {
    const push = computeTagPlan(eventContextFor('push-main'), options({ latest: 'true' }))
    expect(push.tags.floating).toEqual(['main', 'latest', SHA])
    const pr = computeTagPlan(eventContextFor('pull-request'), options({ latest: 'true' }))
    expect(pr.tags.production).not.toContain('latest')
  })

  it('branch-cache: auto gives latest only to the highest release', () => {
    expect(computeTagPlan(eventContextFor('push-main'), options()).tags.production).not.toContain('latest')
  })

  it('sha-latest: latest: true on a feature branch', () => {
    const plan = computeTagPlan(
      eventContextFor('push-feature'),
      options({ preset: 'sha-latest', latest: 'true' })
    )
    expect(plan.tags.production).toEqual(['0123456', 'latest'])
  })
})

describe('a rebuild of an earlier commit (sha input other than the event commit)', () => {
  const OLD = 'fedcba9876543210fedcba9876543210fedcba98'
  it('gets its commit and a new unique tag; branch, latest and the builder cache stay', () => {
    const ctx = eventContextFor('push-main', { sha: OLD })
    expect(ctx.rebuild).toBe(true)
    const plan = computeTagPlan(ctx, options({ latest: 'true' }))
    expect(plan.eventKind).toBe('rebuild')
    expect(plan.tags.production).toEqual([OLD, `dev-${OLD}-${TS}`])
    expect(plan.tags.builder).toEqual([])
    expect(plan.tags.cacheFrom).toEqual(['builder-main', 'main'])
    expect(plan.versionJson.commit).toBe(OLD)
  })

  it('a release tag rebuilt is not a release again', () => {
    const plan = computeTagPlan(eventContextFor('tag-release', { sha: OLD }), options())
    expect(plan.tags.production).toEqual([OLD, `dev-${OLD}-${TS}`])
  })

  it('the event commit given as sha is no rebuild', () => {
    expect(eventContextFor('push-main', { sha: SHA }).rebuild).toBe(false)
  })
})

describe('templates: timestamped ones are immutable, others float', () => {
  it('classifies template tags', () => {
    const plan = computeTagPlan(
      eventContextFor('push-main'),
      options({ templates: ['build-{{timestamp}}', '{{branch}}-{{sha7}}'] })
    )
    expect(plan.tags.immutable).toContain(`build-${TS}`)
    expect(plan.tags.floating).toContain('main-0123456')
  })
})

describe('sha-latest preset', () => {
  it('default branch: short sha and latest', () => {
    const plan = computeTagPlan(eventContextFor('push-main'), options({ preset: 'sha-latest' }))
    expect(plan.tags.production).toEqual(['0123456', 'latest'])
    expect(plan.tags.unique).toBe('0123456')
    expect(plan.tags.builder).toEqual(['builder-0123456', 'builder-latest'])
    expect(plan.tags.cacheFrom).toEqual(['builder-latest', 'latest'])
  })

  it('feature branch: short sha only', () => {
    const plan = computeTagPlan(eventContextFor('push-feature'), options({ preset: 'sha-latest' }))
    expect(plan.tags.production).toEqual(['0123456'])
  })

  it('latest: false turns latest off on the default branch', () => {
    const plan = computeTagPlan(
      eventContextFor('push-main'),
      options({ preset: 'sha-latest', latest: 'false' })
    )
    expect(plan.tags.production).toEqual(['0123456'])
  })

  it('release tag keeps the semver tags', () => {
    const plan = computeTagPlan(eventContextFor('tag-release'), options({ preset: 'sha-latest' }))
    expect(plan.tags.production).toEqual(['1.2.3', '1.2', '1', 'latest', '0123456'])
  })
})

describe('several images', () => {
  it('qualifies every tag for every image; cache-from only for the first', () => {
    const images = ['ghcr.io/acme/app', 'acme/app', '127.0.0.1:5000/acme/app'].map(parseImageName)
    const plan = computeTagPlan(eventContextFor('push-main'), options({ images }))
    expect(plan.productionTags).toHaveLength(9)
    expect(plan.productionTags).toContain('acme/app:main')
    expect(plan.productionTags).toContain('127.0.0.1:5000/acme/app:main')
    expect(plan.cacheFrom.every(ref => ref.startsWith('ghcr.io/'))).toBe(true)
    expect(plan.uniqueRefs).toEqual(images.map((_, i) => plan.productionTags[i * 3 + 2]))
  })

  it('refuses an empty image list', () => {
    expect(() => computeTagPlan(eventContextFor('push-main'), options({ images: [] }))).toThrow(/images/)
  })
})

describe('templates', () => {
  const values = {
    branch: 'feature-x',
    default_branch: 'main',
    sha: SHA,
    sha7: '0123456',
    pr: undefined,
    timestamp: TS,
    date: '20261124',
    version: undefined,
    run_number: '7',
    event: 'push'
  }
  it.each([
    ['{{branch}}-{{sha7}}', 'feature-x-0123456'],
    ['{{ branch }}-{{date}}', 'feature-x-20261124'],
    ['build-{{run_number}}', 'build-7'],
    ['{{event}}', 'push']
  ])('%s -> %s', (template, expected) => {
    expect(expandTemplate(template, values)).toBe(expected)
  })

  it('skips a template whose variable has no value for this event', () => {
    expect(expandTemplate('pr-{{pr}}', values)).toBeUndefined()
  })

  it('names the known variables when one is unknown', () => {
    expect(() => expandTemplate('{{branchh}}', values)).toThrow(
      /Unknown variable \{\{branchh\}\}.*\{\{branch\}\}/
    )
  })

  it('sanitizes what a template produces', () => {
    expect(expandTemplate('x/{{branch}}//y', values)).toBe('x-feature-x-y')
  })

  it('adds template tags to production tags', () => {
    const plan = computeTagPlan(
      eventContextFor('pull-request'),
      options({ templates: ['pr-{{pr}}', '{{version}}'] })
    )
    expect(plan.tags.production).toContain('pr-42')
    expect(plan.tags.production).not.toContain('')
  })
})

describe('labels and version.json', () => {
  it('computes OCI labels and Dockerflow version.json', () => {
    const plan = computeTagPlan(
      eventContextFor('push-main'),
      options({ extraLabels: new Map([['team', 'payments']]) })
    )
    expect(plan.labels).toEqual({
      'org.opencontainers.image.created': '2026-11-24T09:08:07.000Z',
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.version': 'main',
      'org.opencontainers.image.title': 'app',
      'org.opencontainers.image.source': 'https://github.com/acme/app',
      'org.opencontainers.image.url': 'https://github.com/acme/app',
      team: 'payments'
    })
    expect(plan.versionJson).toEqual({
      source: 'https://github.com/acme/app',
      version: `dev-${SHA}-${TS}`,
      commit: SHA,
      build: 'https://github.com/acme/app/actions/runs/1001'
    })
  })
})

describe('helpers', () => {
  it('formats timestamps in UTC', () => {
    expect(formatTimestamp(new Date('2026-01-02T03:04:05.999Z'))).toBe('20260102030405')
  })

  it.each([
    ['20260102030405', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02T03:04:05Z', '2026-01-02T03:04:05.000Z'],
    ['1767323045', '2026-01-02T03:04:05.000Z']
  ])('parses timestamp input %s', (input, iso) => {
    expect(parseTimestampInput(input).toISOString()).toBe(iso)
  })

  it('rejects a bad timestamp input', () => {
    expect(() => parseTimestampInput('yesterday')).toThrow(/timestamp/)
  })

  it('release tags for 0.x skip the bare major', () => {
    expect(releaseTags('v0.4.1', [], 'auto')?.tags).toEqual(['0.4.1', '0.4', 'latest'])
  })

  it('build metadata is dropped from the version tag', () => {
    expect(releaseTags('1.2.3+build.5', [], 'false')?.tags).toEqual(['1.2.3', '1.2', '1'])
  })
})
