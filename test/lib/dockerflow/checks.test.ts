import { describe, expect, it } from '@jest/globals'
import { verdict } from '../../../src/lib/dockerflow/requirements.js'
import {
  type RuntimeObservations,
  failedBackingChecks,
  isMozlogLine,
  runtimeChecks
} from '../../../src/lib/dockerflow/runtime-checks.js'
import {
  type ImageFiles,
  type ImageRuntimeConfig,
  parseAccounts,
  staticChecks
} from '../../../src/lib/dockerflow/static-checks.js'

const COMMIT = '0123456789abcdef0123456789abcdef01234567'
const VERSION = JSON.stringify({
  source: 'https://github.com/acme/app',
  version: '1.0.0',
  commit: COMMIT,
  build: 'https://ci/1'
})
const config: ImageRuntimeConfig = {
  User: 'app',
  Entrypoint: ['/app/bin/entrypoint'],
  Cmd: ['web'],
  WorkingDir: '/app',
  ExposedPorts: { '8000/tcp': {} }
}
const files: ImageFiles = {
  passwd: 'root:x:0:0:root:/root:/bin/sh\napp:x:10001:10001:app:/app:/bin/sh\n',
  group: 'root:x:0:\napp:x:10001:\n',
  versionJson: VERSION,
  appEntries: 12
}
const statuses = (results: ReturnType<typeof staticChecks>): Record<string, string> =>
  Object.fromEntries(results.map(result => [result.id, result.status]))

describe('static Dockerflow checks', () => {
  it('a compliant image passes every static requirement', () => {
    const results = staticChecks(config, files, COMMIT)
    expect(results.map(result => result.id)).toEqual([
      'user',
      'uid-gid',
      'entrypoint-cmd',
      'version-json',
      'version-commit',
      'app-dir',
      'expose-8000'
    ])
    expect(results.filter(result => result.status !== 'pass')).toEqual([])
  })

  it.each([
    ['unset USER (root)', { User: '' }, 'user', /runs as root/],
    ['USER root', { User: 'root' }, 'user', /runs as root/],
    ['USER 0:0', { User: '0:0' }, 'user', /runs as root/],
    ['another user', { User: 'nobody' }, 'user', /expected app/],
    ['no CMD', { Cmd: null }, 'entrypoint-cmd', /CMD not set/],
    ['no ENTRYPOINT', { Entrypoint: [] }, 'entrypoint-cmd', /ENTRYPOINT not set/]
  ])('%s fails %s', (_, override, id, detail) => {
    const result = staticChecks({ ...config, ...override }, files, COMMIT).find(r => r.id === id)
    expect(result).toMatchObject({ status: 'fail' })
    expect(result?.detail).toMatch(detail)
  })

  it('numeric USER 10001:10001 is the app user', () => {
    expect(statuses(staticChecks({ ...config, User: '10001:10001' }, files, COMMIT)).user).toBe('pass')
  })

  it('names the wrong uid, gid and group', () => {
    const wrong = {
      ...files,
      passwd: 'app:x:1000:1001:app:/app:/bin/sh\n',
      group: 'app:x:1002:\n'
    }
    const result = staticChecks(config, wrong, COMMIT).find(r => r.id === 'uid-gid')
    expect(result?.status).toBe('fail')
    expect(result?.detail).toBe(
      'app has uid 1000, not 10001; app has primary gid 1001, not 10001; group app has gid 1002, not 10001'
    )
  })

  it.each([
    ['absent', undefined, /does not exist/],
    ['not JSON', '{oops', /not valid JSON/],
    ['an array', '[]', /not a JSON object/],
    [
      'missing fields',
      JSON.stringify({ version: '1', commit: COMMIT }),
      /missing or not a string: source, build/
    ]
  ])('version.json %s fails', (_, versionJson, detail) => {
    const result = staticChecks(config, { ...files, versionJson }, COMMIT).find(r => r.id === 'version-json')
    expect(result?.status).toBe('fail')
    expect(result?.detail).toMatch(detail)
  })

  it('version-commit compares with the commit being built, and is skipped without one', () => {
    const other = 'f'.repeat(40)
    const wrong = staticChecks(config, files, other).find(r => r.id === 'version-commit')
    expect(wrong).toMatchObject({
      status: 'fail',
      detail: `version.json says commit "${COMMIT}", the build is ${other}`
    })
    expect(staticChecks(config, files).find(r => r.id === 'version-commit')?.status).toBe('skip')
  })

  it('recommended requirements warn instead of failing', () => {
    const results = staticChecks(
      { ...config, WorkingDir: '/srv', ExposedPorts: { '8080/tcp': {} } },
      files,
      COMMIT
    )
    expect(statuses(results)).toMatchObject({ 'app-dir': 'warn', 'expose-8000': 'warn' })
    expect(verdict(results, 'required')).toEqual({
      passed: true,
      failed: [],
      warnings: ['app-dir', 'expose-8000']
    })
    expect(verdict(results, 'recommended').passed).toBe(false)
  })

  it('parses passwd and group lines, ignoring junk', () => {
    expect(parseAccounts('app:x:10001:10001::/app:/bin/sh\n# c\nbad\n', 'passwd')).toEqual([
      { name: 'app', id: 10001, gid: 10001 }
    ])
  })
})

const observed = (extra: Partial<RuntimeObservations> = {}): RuntimeObservations => ({
  port: 41234,
  listening: true,
  waitedMs: 300,
  responses: {
    '/__version__': { status: 200, contentType: 'application/json', body: VERSION },
    '/__lbheartbeat__': { status: 200, contentType: 'application/json', body: '{}' },
    '/__heartbeat__': { status: 200, contentType: 'application/json', body: '{"status":"ok"}' }
  },
  stdout: '{"Timestamp":1,"Type":"app.start","Logger":"a","Severity":6,"Fields":{}}\n',
  stderr: '',
  processes: ['nc -ll -p 41234'],
  versionJson: VERSION,
  ...extra
})

describe('runtime Dockerflow checks', () => {
  it('a compliant container passes every runtime requirement', () => {
    const results = runtimeChecks(observed())
    expect(results.map(r => [r.id, r.status])).toEqual([
      ['listens-on-port', 'pass'],
      ['version-endpoint', 'pass'],
      ['lbheartbeat', 'pass'],
      ['heartbeat', 'pass'],
      ['heartbeat-healthy', 'pass'],
      ['logs-stdout', 'pass'],
      ['mozlog', 'pass'],
      ['one-process', 'pass']
    ])
  })

  it('a 5xx heartbeat with a JSON body is the contract, and names the failing backing checks', () => {
    const body = JSON.stringify({
      status: 'error',
      checks: { database: 'error', cache: 'ok', queue: { status: 'warning' } }
    })
    const results = runtimeChecks(
      observed({
        responses: {
          ...observed().responses,
          '/__heartbeat__': { status: 503, contentType: 'application/json', body }
        }
      })
    )
    expect(results.find(r => r.id === 'heartbeat')?.status).toBe('pass')
    expect(results.find(r => r.id === 'heartbeat-healthy')).toMatchObject({
      status: 'warn',
      detail: 'failing backing checks: database, queue'
    })
  })

  it('a 500 heartbeat with a text body fails', () => {
    const results = runtimeChecks(
      observed({
        responses: {
          ...observed().responses,
          '/__heartbeat__': { status: 500, contentType: 'text/plain', body: 'boom' }
        }
      })
    )
    expect(results.find(r => r.id === 'heartbeat')).toMatchObject({ status: 'fail' })
    expect(results.find(r => r.id === 'heartbeat')?.detail).toMatch(
      /^GET \/__heartbeat__: 500 \(text\/plain\) boom/
    )
  })

  it('a silent $PORT skips the HTTP checks and says which port answered instead', () => {
    const results = runtimeChecks(
      observed({ listening: false, answeredOn: 8000, waitedMs: 5000, processes: undefined })
    )
    expect(results.find(r => r.id === 'listens-on-port')).toMatchObject({
      status: 'fail',
      detail:
        'nothing answered HTTP on PORT=41234 within 5.0s; port 8000 answered instead: the app ignores $PORT'
    })
    expect(results.filter(r => r.status === 'skip').map(r => r.id)).toEqual([
      'version-endpoint',
      'lbheartbeat',
      'heartbeat',
      'heartbeat-healthy',
      'one-process'
    ])
  })

  it('an exited container reports its exit code and last output', () => {
    const result = runtimeChecks(observed({ listening: false, exitCode: 3, stderr: 'config missing\n' }))[0]
    expect(result.detail).toBe(
      'the container exited with code 3 before answering on PORT=41234; last output: {"Timestamp":1,"Type":"app.start","Logger":"a","Severity":6,"Fields":{}} | config missing'
    )
  })

  it('a container killed by the memory limit says so', () => {
    const result = runtimeChecks(
      observed({ listening: false, exitCode: 137, oomKilled: true, memoryLimit: '512m', stdout: '' })
    )[0]
    expect(result.detail).toBe(
      'the container exited with code 137 before answering on PORT=41234 (killed for exceeding its memory limit of 512m)'
    )
  })

  it('a silent port below 1024 is explained (the verify container has no capabilities)', () => {
    const result = runtimeChecks(observed({ port: 80, listening: false, waitedMs: 5000 }))[0]
    expect(result.detail).toBe(
      'nothing answered HTTP on PORT=80 within 5.0s; ports below 1024 need a capability the verify container is not given: use a higher port'
    )
  })

  it('a container that did not start fails listens-on-port and skips the rest', () => {
    const results = runtimeChecks(observed({ listening: false, startError: 'No command specified.' }))
    expect(results[0]).toMatchObject({
      status: 'fail',
      detail: 'the container did not start: No command specified.'
    })
    expect(results.slice(1).every(r => r.status === 'skip')).toBe(true)
  })

  it('/__version__ must equal version.json', () => {
    const served = JSON.stringify({ ...JSON.parse(VERSION), commit: 'x' })
    const results = runtimeChecks(
      observed({
        responses: {
          ...observed().responses,
          '/__version__': { status: 200, contentType: 'application/json', body: served }
        }
      })
    )
    expect(results.find(r => r.id === 'version-endpoint')?.status).toBe('fail')
  })

  it('logs, mozlog and processes are recommended', () => {
    const results = runtimeChecks(
      observed({ stdout: 'plain text line\n', processes: ['sh entrypoint', 'node app'] })
    )
    const byId = Object.fromEntries(results.map(r => [r.id, r]))
    expect(byId.mozlog).toMatchObject({
      status: 'warn',
      detail: '0 of 1 line(s) are mozlog JSON; e.g. plain text line'
    })
    expect(byId['one-process']).toMatchObject({
      status: 'warn',
      detail: '2 processes: sh entrypoint | node app'
    })
    const silent = runtimeChecks(observed({ stdout: '' }))
    expect(silent.find(r => r.id === 'logs-stdout')?.status).toBe('warn')
    expect(silent.find(r => r.id === 'mozlog')?.status).toBe('skip')
  })

  it('recognizes mozlog lines and backing checks', () => {
    expect(isMozlogLine('{"Timestamp":1,"Type":"t","Logger":"l","Fields":{}}')).toBe(true)
    expect(isMozlogLine('{"msg":"hi"}')).toBe(false)
    expect(isMozlogLine('not json')).toBe(false)
    expect(failedBackingChecks({ checks: { a: 'ok', b: 'error' } })).toEqual(['b'])
    expect(failedBackingChecks('x')).toEqual([])
  })
})
