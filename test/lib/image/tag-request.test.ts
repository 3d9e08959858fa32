import { describe, expect, it } from '@jest/globals'
import type { KnownTags } from '../../../src/lib/git/tags.js'
import { type TagRequest, imageNames, resolveTagPlan } from '../../../src/lib/image/tag-request.js'
import { eventContextFor } from '../../support/events.js'

const request = (extra: Partial<TagRequest> = {}): TagRequest => ({
  images: imageNames(['acme/app'], () => undefined),
  preset: 'branch-cache',
  templates: [],
  latest: 'auto',
  extraLabels: new Map(),
  ...extra
})

function recorder(tags: KnownTags): {
  lines: string[]
  options: Parameters<typeof resolveTagPlan>[2]
  asked: () => number
} {
  const lines: string[] = []
  let asked = 0
  return {
    lines,
    asked: () => asked,
    options: {
      log: message => lines.push(`info ${message}`),
      warn: message => lines.push(`warning ${message}`),
      now: new Date('2026-11-24T09:08:07Z'),
      listTags: async () => {
        asked++
        return tags
      }
    }
  }
}

describe('the tag request', () => {
  it('lower-cases image names with a notice each, and refuses a tag', () => {
    const notices: string[] = []
    const names = imageNames([' ghcr.io/Acme/App ', 'acme/app'], message => notices.push(message))
    expect(names.map(name => `${name.registry}/${name.repository}`)).toEqual([
      'ghcr.io/acme/app',
      'docker.io/acme/app'
    ])
    expect(notices).toEqual([
      'Image "ghcr.io/Acme/App" is written as "ghcr.io/acme/app": registries accept only lowercase repository names.'
    ])
    expect(() => imageNames(['acme/app:1'], () => undefined)).toThrow('must be a name without tag or digest')
  })

  it('a branch build reads no release history; the timestamp input fixes the unique tag', async () => {
    const { lines, options, asked } = recorder({ tags: [], sources: [] })
    const plan = await resolveTagPlan(
      request({ timestamp: '20200101000000' }),
      eventContextFor('push-main'),
      options
    )
    expect(plan.tags.unique).toMatch(/-20200101000000$/)
    expect(asked()).toBe(0)
    expect(lines).toEqual([])
  })

  it('a release build judges latest from the history, and says where it came from', async () => {
    const { lines, options } = recorder({ tags: ['v2.0.0'], sources: ['local', 'origin'] })
    const plan = await resolveTagPlan(request(), eventContextFor('tag-release'), options)
    expect(plan.tags.production).not.toContain('latest')
    expect(lines).toEqual(['info release history: 1 git tag(s) from local + origin'])
  })

  it('warns when origin could not be asked', async () => {
    const { lines, options } = recorder({ tags: [], sources: [], originError: 'fatal: no access' })
    const plan = await resolveTagPlan(request(), eventContextFor('tag-release'), options)
    expect(plan.tags.production).toContain('latest')
    expect(lines).toEqual([
      'warning Could not list the tags of the origin remote (fatal: no access); latest, <major> and <major>.<minor> are judged from the 0 tag(s) of the checkout. Check out with fetch-tags or give the job read access to the repository.',
      'info release history: 0 git tag(s) from nowhere'
    ])
  })

  it('refuses a timestamp it cannot read', async () => {
    const { options } = recorder({ tags: [], sources: [] })
    await expect(
      resolveTagPlan(request({ timestamp: 'soon' }), eventContextFor('push-main'), options)
    ).rejects.toThrow('Input "timestamp" must be YYYYmmddHHMMSS')
  })
})
