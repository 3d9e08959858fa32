import { describe, expect, it } from '@jest/globals'
import { labelFor, newRunId } from '../../../src/lib/dockerflow/cleanup.js'
import {
  DEFAULT_SANDBOX,
  FALLBACK_USER,
  type Sandbox,
  runAs,
  runAsReadsAccounts,
  sandboxArgs,
  validateSandbox
} from '../../../src/lib/dockerflow/sandbox.js'

const files = {
  passwd: [
    'root:x:0:0:root:/root:/bin/sh',
    'toor:x:0:0:another root:/root:/bin/sh',
    'app:x:10001:10001:app:/app:/bin/sh',
    'wheel-app:x:10002:0::/app:/bin/sh',
    'web:x:1000:1000::/srv:/bin/sh'
  ].join('\n'),
  group: 'root:x:0:\napp:x:10001:\nweb:x:1000:\n'
}

describe('runAs: the user the verify container runs as', () => {
  it.each([
    // [image USER, --user]
    ['app', 'app'],
    ['app:app', 'app:app'],
    ['10001:10001', '10001:10001'],
    ['web', 'web'],
    ['1000', '1000'],
    ['4242:4242', '4242:4242'], // numeric ids need no /etc/passwd entry
    ['ghost', 'ghost'], // not in /etc/passwd: docker refuses to start it, as it would in production
    // root, by any spelling, never runs: the Dockerflow app account does
    [undefined, FALLBACK_USER],
    ['', FALLBACK_USER],
    ['root', FALLBACK_USER],
    ['0', FALLBACK_USER],
    ['0:0', FALLBACK_USER],
    ['root:app', FALLBACK_USER],
    ['toor', FALLBACK_USER],
    ['app:0', FALLBACK_USER],
    ['app:root', FALLBACK_USER],
    ['wheel-app', FALLBACK_USER]
  ])('USER %p runs as %p', (user, expected) => {
    expect(runAs(user, files).user).toBe(expected)
  })

  it('says why it replaced the image user', () => {
    expect(runAs('toor', files).reason).toBe("the image's USER toor is root: runs as 10001:10001 here")
    expect(runAs(undefined, files).reason).toBe('the image sets no USER (root): runs as 10001:10001 here')
    expect(runAs('app', files).reason).toBe("runs as the image's USER app")
    expect(FALLBACK_USER).toBe('10001:10001')
  })
})

describe('runAsReadsAccounts: whether the user is settled before /etc/passwd is read', () => {
  const users = [
    undefined,
    '',
    ' ',
    'root',
    '0',
    '0:0',
    'root:root',
    '10001',
    '10001:10001',
    '4242:0',
    '1000:root'
  ]
  const named = ['app', 'app:app', 'app:10001', '10001:app', 'toor', 'root:wheel', 'ghost', 'wheel-app']
  // Accounts that would change a named user's fate: every name resolves to 0.
  const hostile = {
    passwd: ['app', 'toor', 'ghost', 'wheel-app', '10001', '4242']
      .map(name => `${name}:x:0:0::/:/bin/sh`)
      .join('\n'),
    group: 'app:x:0:\nwheel:x:0:\n10001:x:0:\n'
  }

  it.each(users)('USER %p: no file can change who runs it, so none is read first', user => {
    expect(runAsReadsAccounts(user)).toBe(false)
    for (const accounts of [files, hostile, { passwd: '', group: '' }])
      expect(runAs(user, accounts)).toEqual(runAs(user, {}))
  })

  it.each(named)('USER %p names an account: /etc/passwd or /etc/group is read before it starts', user => {
    expect(runAsReadsAccounts(user)).toBe(true)
  })
})

describe('sandboxArgs: how the verify container is confined', () => {
  it('drops every capability, forbids new privileges, limits memory/cpu/pids, labels and sets the user', () => {
    expect(sandboxArgs(DEFAULT_SANDBOX, 'app', 'io.github.docker-actions.verify-image=1-ab')).toEqual([
      '--label',
      'io.github.docker-actions.verify-image=1-ab',
      '--user',
      'app',
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      '--memory',
      '512m',
      '--memory-swap',
      '512m',
      '--cpus',
      '1',
      '--pids-limit',
      '256',
      '--read-only',
      '--tmpfs',
      '/tmp:rw,nosuid,nodev,size=64m'
    ])
  })

  it('read-only: false keeps the root filesystem writable and nothing else', () => {
    const args = sandboxArgs({ ...DEFAULT_SANDBOX, readOnly: false }, 'app', 'l=1')
    expect(args).not.toContain('--read-only')
    expect(args).not.toContain('--tmpfs')
    expect(args).toContain('--cap-drop')
  })

  it.each<[Partial<Sandbox>, string]>([
    [{ memory: '0' }, '"memory" must be at least 6m'],
    [{ memory: '1m' }, '"memory" must be at least 6m'],
    [{ memory: '-1' }, '"memory" must be at least 6m'],
    [{ memory: '512 m' }, '"memory"'],
    [{ memory: '512mb' }, '"memory"'],
    [{ memory: '' }, '"memory"'],
    [{ cpus: '0' }, '"cpus" must be a positive number'],
    [{ cpus: '-1' }, '"cpus"'],
    [{ cpus: '1e3' }, '"cpus"'],
    [{ pidsLimit: 0 }, '"pids-limit" must be a whole number of at least 1'],
    [{ pidsLimit: -1 }, '"pids-limit"'],
    [{ pidsLimit: 1.5 }, '"pids-limit"'],
    [{ pidsLimit: Number.NaN }, '"pids-limit"']
  ])('refuses a limit that is no limit or unreadable: %p', (change, message) => {
    const sandbox = { ...DEFAULT_SANDBOX, ...change }
    expect(() => validateSandbox(sandbox)).toThrow(message)
    expect(() => sandboxArgs(sandbox, 'app', 'l=1')).toThrow(message)
  })

  it.each(['6m', '512M', '2g', '1073741824', '6291456b', '8192k'])('accepts memory %p', memory => {
    expect(validateSandbox({ ...DEFAULT_SANDBOX, memory }).memory).toBe(memory)
  })
})

describe('verify run ids and labels', () => {
  it('prefixes the workflow run id when it is one, and is unique', () => {
    expect(newRunId('123456')).toMatch(/^123456-[0-9a-f]{12}$/)
    expect(newRunId()).toMatch(/^[0-9a-f]{12}$/)
    expect(newRunId('12,label=x')).toMatch(/^[0-9a-f]{12}$/)
    expect(newRunId('1')).not.toBe(newRunId('1'))
  })

  it('labels with the run id and refuses one that could widen the filter', () => {
    expect(labelFor('1-ab')).toBe('io.github.docker-actions.verify-image=1-ab')
    for (const bad of ['', 'a,b', 'a=b', 'a b', '-x', 'x\ny'])
      expect(() => labelFor(bad)).toThrow('not a verify run id')
  })
})
