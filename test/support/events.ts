import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  type EventContext,
  type GitHubContextLike,
  eventContextFromGitHub
} from '../../src/lib/git/context.js'

export const EVENTS_DIR = join(import.meta.dirname, '..', 'fixtures', 'events')

/** An event fixture: the runner's GITHUB_* environment and the webhook payload, as GitHub sends them. */
export interface EventFixture {
  env: Record<string, string>
  payload: Record<string, unknown>
}

export function eventNames(): string[] {
  return readdirSync(EVENTS_DIR)
    .filter(file => file.endsWith('.json'))
    .map(file => file.replace(/\.json$/, ''))
    .sort()
}

export function loadEvent(name: string): EventFixture {
  return JSON.parse(readFileSync(join(EVENTS_DIR, `${name}.json`), 'utf8')) as EventFixture
}

/** The same object @actions/github's Context builds from this environment and payload. */
export function githubContextFor(event: EventFixture): GitHubContextLike {
  return {
    eventName: event.env.GITHUB_EVENT_NAME,
    sha: event.env.GITHUB_SHA,
    ref: event.env.GITHUB_REF,
    payload: event.payload,
    serverUrl: event.env.GITHUB_SERVER_URL ?? 'https://github.com',
    runId: parseInt(event.env.GITHUB_RUN_ID, 10),
    runNumber: parseInt(event.env.GITHUB_RUN_NUMBER, 10)
  }
}

export function eventContextFor(name: string, overrides = {}): EventContext {
  const event = loadEvent(name)
  return eventContextFromGitHub(githubContextFor(event), event.env, overrides)
}
