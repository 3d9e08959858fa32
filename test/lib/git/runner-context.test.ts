import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runnerContext } from '../../../src/lib/git/runner-context.js'
import { loadEvent } from '../../support/events.js'

const dir = mkdtempSync(join(tmpdir(), 'runner-context-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The runner's environment for an event fixture, with its payload in a file as the runner writes it. */
function runnerEnvironment(name: string): NodeJS.ProcessEnv {
  const event = loadEvent(name)
  const path = join(dir, `${name}.json`)
  writeFileSync(path, JSON.stringify(event.payload))
  return { ...event.env, GITHUB_EVENT_PATH: path }
}

describe('runnerContext', () => {
  it("reads the event as @actions/github's context reads it", async () => {
    const env = runnerEnvironment('pull-request-fork')
    const saved = { ...process.env }
    Object.assign(process.env, env)
    try {
      // @actions/github builds its context from process.env when first imported.
      const { context } = await import('@actions/github')
      const ours = runnerContext(env)
      expect(ours).toEqual({
        eventName: context.eventName,
        sha: context.sha,
        ref: context.ref,
        payload: context.payload,
        serverUrl: context.serverUrl,
        runId: context.runId,
        runNumber: context.runNumber
      })
      expect(ours.eventName).toBe('pull_request')
    } finally {
      process.env = saved
    }
  })

  it('has an empty payload when the runner gave no event file', () => {
    const ours = runnerContext({ GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'abc' })
    expect(ours.payload).toEqual({})
    expect(ours.serverUrl).toBe('https://github.com')
    expect(Number.isNaN(ours.runId)).toBe(true)
  })
})
