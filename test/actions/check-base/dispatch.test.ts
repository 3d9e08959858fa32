import { describe, expect, it } from '@jest/globals'
import type { BaseCheckResult } from '../../../src/lib/base-image/check.js'
import {
  type DispatchOptions,
  type Octokit,
  clientPayload,
  dispatchRebuilds,
  planDispatches,
  workflowInputs
} from '../../../src/actions/check-base/dispatch.js'

const stale = (image: string, repository?: string): BaseCheckResult => ({
  image,
  repository,
  status: 'stale',
  base: 'ghcr.io/acme/base:1',
  recordedDigest: `sha256:${'1'.repeat(64)}`,
  currentDigest: `sha256:${'2'.repeat(64)}`,
  detail: '',
  warnings: []
})

describe('dispatch planning', () => {
  it('groups stale images per repository, with the fallback for unlabelled ones', () => {
    const plans = planDispatches(
      [stale('a', 'acme/one'), stale('b'), stale('c', 'acme/one')],
      'acme/platform'
    )
    expect(plans.map(plan => [plan.repository, plan.images.map(result => result.image)])).toEqual([
      ['acme/one', ['a', 'c']],
      ['acme/platform', ['b']]
    ])
    expect(() => planDispatches([stale('b')], undefined)).toThrow('Cannot tell which repository builds b')
  })

  it('builds the repository_dispatch payload and templated workflow inputs', () => {
    const plan = { repository: 'acme/one', images: [stale('ghcr.io/acme/a:main', 'acme/one')] }
    expect(clientPayload(plan)).toEqual({
      reason: 'base-image-updated',
      images: [
        {
          image: 'ghcr.io/acme/a:main',
          dockerfile: null,
          base: 'ghcr.io/acme/base:1',
          previous_digest: `sha256:${'1'.repeat(64)}`,
          current_digest: `sha256:${'2'.repeat(64)}`
        }
      ]
    })
    expect(
      workflowInputs(
        plan,
        new Map([
          ['images', '{images}'],
          ['why', 'base {bases} moved']
        ])
      )
    ).toEqual({
      images: 'ghcr.io/acme/a:main',
      why: 'base ghcr.io/acme/base:1 moved'
    })
  })
})

describe('dispatching rebuilds', () => {
  /** The two Octokit calls a repository_dispatch run makes; the second repository refuses. */
  function fakeOctokit(calls: unknown[]): Octokit {
    const createDispatchEvent = async (request: { owner: string; repo: string }): Promise<void> => {
      calls.push(request)
      if (request.repo === 'two') throw Object.assign(new Error('Not Found'), { status: 404 })
    }
    return { rest: { repos: { createDispatchEvent } } } as unknown as Octokit
  }

  it('sends one dispatch per repository; a refusal is recorded and the others are still sent', async () => {
    const calls: unknown[] = []
    const heard: string[] = []
    const options: DispatchOptions = { kind: 'repository', eventType: 'base-moved' }
    const plans = planDispatches([stale('a', 'acme/two'), stale('b', 'acme/three')], undefined)
    const records = await dispatchRebuilds(fakeOctokit(calls), plans, options, record =>
      heard.push(record.repository)
    )
    expect(calls).toHaveLength(2)
    expect(heard).toEqual(['acme/two', 'acme/three'])
    expect(records[0]).toMatchObject({ repository: 'acme/two', target: 'base-moved' })
    expect(records[0].error).toMatch(/acme\/two: not found \(Not Found\)\. The token needs access/)
    expect(records[1]).toEqual({
      repository: 'acme/three',
      kind: 'repository',
      images: ['b'],
      target: 'base-moved'
    })
  })
})
