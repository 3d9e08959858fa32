import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type ActionRun, runAction } from '../../support/action-runner.js'
import { docker, testBench, uniqueRepository } from '../../support/bench.js'
import { loadEvent } from '../../support/events.js'

interface Result {
  id: string
  status: string
  detail: string
}

// Spelled out here, not imported: the test pins the public ids and their order.
const STATIC_IDS = [
  'user',
  'uid-gid',
  'entrypoint-cmd',
  'version-json',
  'version-commit',
  'app-dir',
  'expose-8000'
]
const RUNTIME_IDS = [
  'listens-on-port',
  'version-endpoint',
  'lbheartbeat',
  'heartbeat',
  'heartbeat-healthy',
  'logs-stdout',
  'mozlog',
  'one-process'
]

const event = loadEvent('push-main')
const COMMIT = event.env.GITHUB_SHA as string

function verify(image: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction('verify-image', {
    inputs: { image, 'startup-timeout': '8', ...inputs },
    env: { ...event.env, DOCKER_ACTIONS_DOCKER: testBench().dockerClient },
    event: event.payload
  })
}

const results = (run: ActionRun): Result[] => JSON.parse(run.outputs.results) as Result[]
const failedIds = (run: ActionRun): string[] => JSON.parse(run.outputs.failed) as string[]
const warningIds = (run: ActionRun): string[] => JSON.parse(run.outputs.warnings) as string[]
const detailOf = (run: ActionRun, id: string): string => results(run).find(r => r.id === id)?.detail ?? ''

/** Containers the action left behind (it must always remove its own). */
async function leftoverContainers(): Promise<string> {
  return (await docker(['ps', '--all', '--quiet', '--filter', 'name=dockerflow-verify-'])).trim()
}

describe('verify-image on the real engine (examples/app and deliberately broken images)', () => {
  let app: string
  let appId: string
  /** Builds a variant of the compliant app: its Dockerfile lines after FROM, plus extra files. */
  const variant = async (
    name: string,
    lines: string[],
    files: Record<string, string> = {}
  ): Promise<string> => {
    const dir = mkdtempSync(join(tmpdir(), `broken-${name}-`))
    writeFileSync(join(dir, 'Dockerfile'), [`FROM ${app}`, ...lines, ''].join('\n'))
    for (const [file, content] of Object.entries(files))
      writeFileSync(join(dir, file), content, { mode: 0o755 })
    const tag = `broken-app:${name}`
    await docker(['build', '--quiet', '--network', 'host', '--tag', tag, dir])
    return tag
  }

  beforeAll(async () => {
    // The compliant image, built by build-with-cache exactly as a workflow would (version.json included).
    const repository = uniqueRepository('acme/verify')
    const build = await runAction('build-with-cache', {
      inputs: {
        images: `${testBench().registry}/${repository}`,
        context: resolve('examples/app'),
        network: 'host',
        'build-args': `BASE_IMAGE=${testBench().baseImage}`
      },
      env: { ...event.env, DOCKER_ACTIONS_DOCKER: testBench().dockerClient },
      event: event.payload
    })
    expect(build.exitCode).toBe(0)
    app = build.outputs.image
    appId = build.outputs['image-id']
  })

  it('examples/app meets every requirement, static and runtime, by digest reference', async () => {
    const run = await verify(app)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.passed).toBe('true')
    expect(failedIds(run)).toEqual([])
    expect(warningIds(run)).toEqual([])
    expect(results(run).map(r => `${r.id}:${r.status}`)).toEqual(
      [...STATIC_IDS, ...RUNTIME_IDS].map(id => `${id}:pass`)
    )
    expect(detailOf(run, 'version-commit')).toBe(`commit ${COMMIT}`)
    expect(run.outputs['image-id']).toBe(appId)
    expect(run.summary).toContain('meets the Dockerflow contract')
    expect(run.summary).toContain('<code>one-process</code>')
    expect(await leftoverContainers()).toBe('')
  })

  it('verifies an unpushed image by ID, static checks only, without starting it', async () => {
    const run = await verify(appId, { checks: 'static' })
    expect(run.exitCode).toBe(0)
    expect(results(run).map(r => r.id)).toEqual(STATIC_IDS)
    expect(run.stdout).not.toContain('started dockerflow-verify-')
  })

  it.each([
    ['root user', ['USER root'], ['user'], 'user', 'USER is root, so the app runs as root; add USER app'],
    [
      'wrong uid',
      [
        'USER root',
        'RUN sed -i "s/^app:x:10001:10001:/app:x:1000:1000:/" /etc/passwd && sed -i "s/^app:x:10001:/app:x:1000:/" /etc/group',
        'USER app'
      ],
      ['user', 'uid-gid'],
      'uid-gid',
      'app has uid 1000, not 10001; app has primary gid 1000, not 10001; group app has gid 1000, not 10001'
    ],
    [
      'missing version.json',
      ['USER root', 'RUN rm /app/version.json', 'USER app'],
      ['version-json', 'version-commit', 'version-endpoint'],
      'version-json',
      '/app/version.json does not exist'
    ],
    [
      'wrong port',
      ['USER root', 'RUN sed -i "s/port=\\${PORT:-8000}/port=8000/" /app/bin/entrypoint', 'USER app'],
      ['listens-on-port'],
      'listens-on-port',
      'port 8000 answered instead: the app ignores $PORT'
    ],
    [
      'no CMD',
      ['ENTRYPOINT ["/app/bin/entrypoint", "web"]'],
      ['entrypoint-cmd'],
      'entrypoint-cmd',
      'CMD not set'
    ]
  ])('%s: names exactly the broken requirements', async (name, lines, expected, id, detail) => {
    const image = await variant(name.replace(/\W+/g, '-'), lines)
    const run = await verify(image)
    expect(run.exitCode).toBe(1)
    expect(run.outputs.passed).toBe('false')
    expect(failedIds(run)).toEqual(expected)
    expect(detailOf(run, id)).toContain(detail)
    expect(run.stdout).toContain(`::error title=Dockerflow ${id}::`)
    expect(run.stdout).toContain(`does not meet the Dockerflow contract: ${expected.join(', ')}`)
    expect(await leftoverContainers()).toBe('')
  })

  it('a heartbeat that answers 500 with a text body breaks the contract', async () => {
    // Every route as before, except /__heartbeat__.
    const override = [
      'route() {',
      '  if [ "$1" = /__heartbeat__ ]; then status="500 Internal Server Error"; type=text/plain; body=boom',
      '  else compliant_route "$1"; fi',
      '}'
    ].join('\n')
    const image = await variant(
      'heartbeat-500',
      [
        'COPY heartbeat-500.sh /tmp/',
        'RUN sed -i "s/^route() {/compliant_route() {/" /app/src/routes.sh && cat /tmp/heartbeat-500.sh >> /app/src/routes.sh'
      ],
      { 'heartbeat-500.sh': override }
    )
    const run = await verify(image)
    expect(failedIds(run)).toEqual(['heartbeat'])
    expect(detailOf(run, 'heartbeat')).toMatch(/^GET \/__heartbeat__: 500 \(text\/plain\) boom/)
    expect(results(run).find(r => r.id === 'lbheartbeat')?.status).toBe('pass')
    expect(run.exitCode).toBe(1)
  })

  it('a heartbeat whose backing check fails (5xx + JSON) passes required, warns, and fails with fail-on: recommended', async () => {
    const image = await variant('dependency-corrupt', ['RUN echo corrupt >> /app/vendor/SHA256SUMS'])
    const required = await verify(image)
    expect(required.exitCode).toBe(0)
    expect(failedIds(required)).toEqual([])
    expect(warningIds(required)).toEqual(['heartbeat-healthy'])
    expect(detailOf(required, 'heartbeat-healthy')).toBe('failing backing checks: dependencies')
    expect(required.stdout).toContain('::warning title=Dockerflow heartbeat-healthy::')

    const recommended = await verify(image, { 'fail-on': 'recommended' })
    expect(recommended.exitCode).toBe(1)
    expect(recommended.outputs.passed).toBe('false')
  })

  it('an entrypoint that does not exec is two processes (recommended), and skip silences it', async () => {
    const image = await variant('two-processes', [
      'USER root',
      'RUN sed -i "s/exec nc -ll/nc -ll/" /app/bin/entrypoint',
      'USER app'
    ])
    const run = await verify(image)
    expect(warningIds(run)).toEqual(['one-process'])
    expect(detailOf(run, 'one-process')).toMatch(/^2 processes: /)
    const skipped = await verify(image, { skip: 'one-process', 'fail-on': 'recommended' })
    expect(skipped.exitCode).toBe(0)
    expect(results(skipped).find(r => r.id === 'one-process')?.status).toBe('skip')
  })

  it('a version.json from another commit fails version-commit', async () => {
    const run = await verify(app, { commit: 'f'.repeat(40), checks: 'static' })
    expect(failedIds(run)).toEqual(['version-commit'])
    expect(detailOf(run, 'version-commit')).toBe(
      `version.json says commit "${COMMIT}", the build is ${'f'.repeat(40)}`
    )
  })

  it.each([
    ['a VOLUME over /app', ['VOLUME /app'], {}],
    ['a writable root', [], { 'read-only': 'false' }]
  ])(
    'the static checks judge the image, not what the app makes of its files once started: %s',
    async (_, lines, inputs) => {
      const rewritten = JSON.stringify({
        source: '',
        version: 'rewritten',
        commit: 'e'.repeat(40),
        build: ''
      })
      const image = await variant(
        `rewrites-version-${lines.length}`,
        [
          'COPY --chown=10001:10001 rewrite /app/bin/rewrite',
          ...lines,
          'ENTRYPOINT ["/app/bin/rewrite"]',
          'CMD ["web"]'
        ],
        {
          rewrite: [
            '#!/bin/sh',
            '# Rewrites version.json where it can (a volume, a writable root), then runs the app.',
            `printf '%s\\n' '${rewritten}' > /app/version.json`,
            'exec /app/bin/entrypoint "$@"',
            ''
          ].join('\n')
        }
      )
      const run = await verify(image, inputs)
      expect(detailOf(run, 'version-commit')).toBe(`commit ${COMMIT}`)
      expect(failedIds(run)).toEqual(['version-endpoint'])
      expect(detailOf(run, 'version-endpoint')).toMatch(
        /^GET \/__version__ differs from \/app\/version.json: .*rewritten/
      )
      expect(await leftoverContainers()).toBe('')
    }
  )

  it('rejects bad inputs before touching the engine', async () => {
    const bad = await verify('Not A Valid//Ref')
    expect(bad.exitCode).toBe(1)
    expect(bad.stdout).toContain('Input "image" must be an image reference')
    const port = await verify(app, { env: 'PORT=1' })
    expect(port.stdout).toContain('Input "env" must not set PORT: use the "port" input.')
    const skip = await verify(app, { skip: 'heartbeats' })
    expect(skip.stdout).toContain('Unknown requirement(s) heartbeats')
    const missing = await verify(`${testBench().registry}/acme/absent:nope`)
    expect(missing.exitCode).toBe(1)
    expect(missing.stdout).toContain(`Could not pull ${testBench().registry}/acme/absent:nope`)
  })
})
