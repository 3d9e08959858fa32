import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { prepareEvent, readEventPayload } from '../../src/cli/replay.js'
import { eventContextFromGitHub } from '../../src/lib/git/context.js'
import {
  type LocalGitState,
  REPLAYABLE_EVENTS,
  type ReplayedEvent,
  replayEvent
} from '../../src/cli/local-git.js'
import { type EventFixture, eventNames, githubContextFor, loadEvent } from '../support/events.js'

const LOCAL_SHA = '0123456789abcdef0123456789abcdef01234567'
const OTHER_SHA = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd'
const local: LocalGitState = {
  sha: LOCAL_SHA,
  branch: 'feature/local',
  defaultBranch: 'main',
  repository: 'acme/app',
  serverUrl: 'https://github.com'
}

/** What the action sees: the EventContext from the replayed variables and payload (run ids aside). */
function contextOf(env: Record<string, string>, payload: Record<string, unknown>) {
  const fixture: EventFixture = { env, payload }
  return { ...eventContextFromGitHub(githubContextFor(fixture), env), runId: undefined, runNumber: undefined }
}

const replayable = eventNames().filter(name =>
  (REPLAYABLE_EVENTS as readonly string[]).includes(loadEvent(name).env.GITHUB_EVENT_NAME)
)

describe('event replay: GitHub variables from a payload', () => {
  it('covers push, pull requests (fork too), release and workflow_dispatch fixtures', () => {
    expect(replayable).toEqual(
      expect.arrayContaining([
        'push-main',
        'pull-request',
        'pull-request-fork',
        'release',
        'workflow-dispatch'
      ])
    )
  })

  it.each(replayable)('%s: the variables GitHub set, and the same build context', name => {
    const fixture = loadEvent(name)
    const eventName = fixture.env.GITHUB_EVENT_NAME
    const replayed = replayEvent({ eventName, payload: fixture.payload }, local)
    const pr = fixture.payload.pull_request as { head: { sha: string } } | undefined
    expect(replayed.env).toEqual({
      GITHUB_ACTIONS: 'false',
      GITHUB_EVENT_NAME: eventName,
      GITHUB_REF: fixture.env.GITHUB_REF,
      // The merge commit of a pull request exists only on GitHub: its head commit stands in.
      GITHUB_SHA: eventName === 'pull_request' ? pr?.head.sha : fixture.env.GITHUB_SHA,
      GITHUB_HEAD_REF: fixture.env.GITHUB_HEAD_REF ?? '',
      GITHUB_BASE_REF: fixture.env.GITHUB_BASE_REF ?? '',
      GITHUB_REPOSITORY: fixture.env.GITHUB_REPOSITORY,
      GITHUB_SERVER_URL: 'https://github.com'
    })
    expect(replayed.payload).toBe(fixture.payload)
    expect(replayed.payloadAsGiven).toBe(true)
    expect(contextOf(replayed.env, replayed.payload)).toEqual(contextOf(fixture.env, fixture.payload))
  })

  it('a fork pull request stays a fork', () => {
    const { env, payload } = replayEvent(
      { eventName: 'pull_request', payload: loadEvent('pull-request-fork').payload },
      local
    )
    expect(contextOf(env, payload).pullRequest).toMatchObject({ number: 43, isFork: true })
  })

  it('pull_request_target runs on the base branch, as GitHub does', () => {
    const { env } = replayEvent(
      { eventName: 'pull_request_target', payload: loadEvent('pull-request-fork').payload },
      local
    )
    expect(env).toMatchObject({
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_HEAD_REF: 'main',
      GITHUB_BASE_REF: 'main'
    })
  })

  it.each([
    ['release', { release: { tag_name: 'v2.0.0' } }, 'refs/tags/v2.0.0'],
    ['create', { ref: 'v2.0.0', ref_type: 'tag' }, 'refs/tags/v2.0.0'],
    ['create', { ref: 'release/2', ref_type: 'branch' }, 'refs/heads/release/2'],
    ['workflow_dispatch', { ref: 'refs/tags/v1.0.0' }, 'refs/tags/v1.0.0']
  ])('%s %j: ref %s, at the local commit or --sha', (eventName, payload, ref) => {
    expect(replayEvent({ eventName, payload }, local).env).toMatchObject({
      GITHUB_REF: ref,
      GITHUB_SHA: LOCAL_SHA
    })
    expect(replayEvent({ eventName, payload, sha: OTHER_SHA }, local).env.GITHUB_SHA).toBe(OTHER_SHA)
  })

  it('completes a payload without repository fields from the checkout (then it is written anew)', () => {
    const replayed = replayEvent(
      { eventName: 'release', payload: { release: { tag_name: 'v1.0.0' } } },
      local
    )
    expect(replayed.payloadAsGiven).toBe(false)
    expect(replayed.payload.repository).toEqual({ full_name: 'acme/app', default_branch: 'main' })
    expect(replayed.env.GITHUB_REPOSITORY).toBe('acme/app')
    const theirs = replayEvent(
      {
        eventName: 'release',
        payload: { release: { tag_name: 'v1' }, repository: { full_name: 'team/svc' } }
      },
      local
    )
    expect(theirs.payload.repository).toEqual({ full_name: 'team/svc', default_branch: 'main' })
    expect(theirs.env.GITHUB_REPOSITORY).toBe('team/svc')
  })
})

describe('event replay: a push without a payload', () => {
  const push = (request: Parameters<typeof replayEvent>[0]): ReplayedEvent => replayEvent(request, local)

  it("default: the checkout's branch at its commit (as before)", () => {
    const replayed = push({})
    expect(replayed.env).toMatchObject({
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/feature/local',
      GITHUB_SHA: LOCAL_SHA,
      GITHUB_REPOSITORY: 'acme/app'
    })
    expect(replayed.payload).toEqual({
      ref: 'refs/heads/feature/local',
      after: LOCAL_SHA,
      repository: { full_name: 'acme/app', default_branch: 'main' }
    })
    expect(replayed.payloadAsGiven).toBe(false)
  })

  it.each([
    [{ eventName: 'push', ref: 'refs/tags/v1.2.0' }, 'refs/tags/v1.2.0', LOCAL_SHA],
    [{ ref: 'main', sha: OTHER_SHA.toUpperCase() }, 'refs/heads/main', OTHER_SHA],
    [{ ref: 'refs/heads/release/1.x' }, 'refs/heads/release/1.x', LOCAL_SHA],
    [{ sha: OTHER_SHA }, 'refs/heads/feature/local', OTHER_SHA]
  ])('%j -> %s @ %s', (request, ref, sha) => {
    const replayed = push(request)
    expect(replayed.env).toMatchObject({ GITHUB_REF: ref, GITHUB_SHA: sha })
    expect(replayed.payload).toMatchObject({ ref, after: sha })
  })
})

describe('event replay refuses what GitHub would not send', () => {
  const pr = loadEvent('pull-request').payload
  const withPr = (change: Record<string, unknown>) => ({
    ...pr,
    pull_request: { ...(pr.pull_request as object), ...change }
  })
  it.each([
    [
      { eventName: 'schedule', payload: loadEvent('schedule').payload },
      /Cannot replay a "schedule" event: supported/
    ],
    [{ eventName: 'deploy', payload: {} }, /Cannot replay a "deploy" event/],
    [{ eventName: 'schedule' }, /Cannot replay a "schedule" event/],
    [{ eventName: 'pull_request' }, /--event-name pull_request needs --event-file/],
    [{ eventName: 'push', payload: { ref: 'refs/heads/main' } }, /push payload has no valid "after"/],
    [
      { eventName: 'push', payload: { ref: 'refs/heads/main', after: '0'.repeat(40) } },
      /not a full 40-character/
    ],
    [{ eventName: 'push', payload: { ref: 'refs/pull/1/merge', after: LOCAL_SHA } }, /no valid "ref"/],
    [{ eventName: 'push', payload: { ref: 'refs/heads/a\nb', after: LOCAL_SHA } }, /no valid "ref"/],
    [{ eventName: 'pull_request', payload: withPr({ number: '42' }) }, /no valid "pull_request.number"/],
    [
      { eventName: 'pull_request', payload: withPr({ head: { ref: 'x' } }) },
      /no valid "pull_request.head.sha"/
    ],
    [{ eventName: 'pull_request', payload: withPr({ base: {} }) }, /no valid "pull_request.base.ref"/],
    [{ eventName: 'release', payload: { release: {} } }, /release payload has no valid "release.tag_name"/],
    [{ eventName: 'create', payload: { ref: 'x' } }, /no valid "ref_type"/],
    [
      { eventName: 'workflow_dispatch', payload: { ref: 'main' } },
      /workflow_dispatch payload has no valid "ref"/
    ],
    [
      { eventName: 'release', payload: { release: { tag_name: 'v1' }, repository: 'acme/app' } },
      /must be an object/
    ],
    [{ eventName: 'pull_request', payload: pr, ref: 'main' }, /--ref replays a push without a payload/],
    [{ eventName: 'pull_request', payload: pr, sha: OTHER_SHA }, /payload names the commit/],
    [
      { eventName: 'push', payload: loadEvent('push-main').payload, sha: OTHER_SHA },
      /payload names the commit/
    ],
    [{ sha: 'abc123' }, /--sha "abc123" is not a full 40-character/],
    [{ ref: 'refs/pull/1/merge' }, /--ref "refs\/pull\/1\/merge" is not a branch or tag/],
    [{ ref: 'main\nx' }, /is not a branch or tag/]
  ])('%j', (request, message) => {
    expect(() => replayEvent(request, local)).toThrow(message)
  })
})

describe('the --event-file', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'event-file-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text)
    return join(dir, name)
  }

  it('is GITHUB_EVENT_PATH as given when it names its repository', () => {
    const path = file('fork.json', JSON.stringify(loadEvent('pull-request-fork').payload))
    const event = prepareEvent({ eventName: 'pull_request', eventFile: path }, local)
    expect(event.eventPath).toBe(resolve(path))
    event.removeWritten()
    expect(existsSync(path)).toBe(true)
  })

  it('else a completed copy is written, leaving the given file untouched', () => {
    const text = JSON.stringify({ release: { tag_name: 'v1.0.0' } })
    const path = file('release.json', text)
    const event = prepareEvent({ eventName: 'release', eventFile: path }, local)
    expect(event.eventPath).not.toBe(resolve(path))
    expect(JSON.parse(readFileSync(event.eventPath, 'utf8'))).toEqual({
      release: { tag_name: 'v1.0.0' },
      repository: { full_name: 'acme/app', default_branch: 'main' }
    })
    expect(readFileSync(path, 'utf8')).toBe(text)
    event.removeWritten()
    expect(existsSync(dirname(event.eventPath))).toBe(false)
    expect(readFileSync(path, 'utf8')).toBe(text)
  })

  it('refuses a payload without --event-name, unreadable, not JSON or not an object', () => {
    const path = file('x.json', '{}')
    expect(() => prepareEvent({ eventFile: path }, local)).toThrow(/--event-file needs --event-name/)
    expect(() => readEventPayload(join(dir, 'missing.json'))).toThrow(
      /cannot read .*missing\.json \(ENOENT\)/
    )
    expect(() => readEventPayload(file('bad.json', '{"ref":'))).toThrow(/is not JSON/)
    expect(() => readEventPayload(file('list.json', '[]'))).toThrow(/must hold a JSON object/)
  })
})

describe('npx docker-actions replays events (committed bundle, from a temp checkout)', () => {
  let dir: string
  const bin = resolve('bin/docker-actions.js')
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [bin, 'tags', '--images', '127.0.0.1:5000/acme/app', ...args], {
      cwd: join(dir, 'checkout'),
      encoding: 'utf8',
      env: { ...process.env, GITHUB_HEAD_REF: 'leftover', GITHUB_EVENT_NAME: 'leftover' }
    })
  let sha: string

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'replay-bin-'))
    // A local bare "origin" (its path ends in acme/app.git, so the repository is acme/app): no network.
    const origin = join(dir, 'remote', 'acme', 'app.git')
    mkdirSync(origin, { recursive: true })
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin])
    const checkout = join(dir, 'checkout')
    mkdirSync(checkout)
    const git = (...args: string[]) => execFileSync('git', args, { cwd: checkout, encoding: 'utf8' }).trim()
    git('init', '-q', '-b', 'main')
    git('-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '--allow-empty', '-m', 'init')
    git('remote', 'add', 'origin', origin)
    git('push', '-q', 'origin', 'main')
    sha = git('rev-parse', 'HEAD')
    writeFileSync(join(dir, 'fork-pr.json'), JSON.stringify(loadEvent('pull-request-fork').payload))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('a fork pull request: review-pr tags of its head commit, nothing pushed', () => {
    const result = run('--event-name', 'pull_request', '--event-file', join(dir, 'fork-pr.json'))
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('acme/app pull_request refs/pull/43/merge @ 89abcdef0123')
    expect(result.stdout).toMatch(
      /unique-tag: review-pr-43-89abcdef0123456789abcdef0123456789abcdef(-\d{14})?\n/
    )
    expect(result.stdout).toContain('push-allowed: false')
    expect(result.stdout).toContain('is-fork: true')
  })

  it('--event-name push --ref refs/tags/v1.2.0: a release of the checkout commit', () => {
    const result = run('--event-name', 'push', '--ref', 'refs/tags/v1.2.0')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain(`acme/app push refs/tags/v1.2.0 @ ${sha.slice(0, 12)}`)
    expect(result.stdout).toContain('127.0.0.1:5000/acme/app:1.2.0\n')
    expect(result.stdout).toContain('org.opencontainers.image.version=1.2.0')
    expect(result.stdout).toContain('push-allowed: true')
  })

  it("without flags: a push of the checkout's branch, whatever GITHUB_* the shell holds", () => {
    const result = run()
    expect(result.status).toBe(0)
    expect(result.stdout).toContain(`acme/app push refs/heads/main @ ${sha.slice(0, 12)}`)
    expect(result.stdout).toContain(`127.0.0.1:5000/acme/app:main\n`)
  })

  it('an unsupported event or a payload without its fields fails before anything runs', () => {
    const result = run('--event-name', 'schedule', '--event-file', join(dir, 'fork-pr.json'))
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/✖ Cannot replay a "schedule" event/)
    expect(result.stdout).not.toContain('compute-tags')
    writeFileSync(join(dir, 'empty.json'), '{}')
    const empty = run('--event-name', 'push', '--event-file', join(dir, 'empty.json'))
    expect(empty.status).toBe(1)
    expect(empty.stderr).toMatch(/push payload has no valid "ref"/)
  })

  it('a secret on the command line: one warning line, without the value', () => {
    const result = run('--password', 'hunter2-secret')
    expect(result.status).toBe(0)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(
      /⚠ --password on the command line .* --password-env NAME or --password-file PATH/
    )
    expect(result.stderr + result.stdout).not.toContain('hunter2-secret')
  })

  it('a secret from a variable that is not set fails, naming the variable only', () => {
    const result = run('--password-env', 'DOCKER_ACTIONS_TEST_UNSET')
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(
      /--password-env: the environment variable DOCKER_ACTIONS_TEST_UNSET is not set/
    )
  })
})
