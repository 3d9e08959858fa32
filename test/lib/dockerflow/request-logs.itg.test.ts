/**
 * The app's request log lines are read once they are in, not after a fixed pause: on the real
 * engine, through its API and through the docker CLI, an app that logs each request late (well
 * within the time it was always given) is read whole, a line that follows a request's own line is
 * still read, and an app that logs nothing still does not meet logs-stdout.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { labelFor, newRunId } from '../../../src/lib/dockerflow/cleanup.js'
import type { VerifyEngine } from '../../../src/lib/dockerflow/engine.js'
import { requestsLogged } from '../../../src/lib/dockerflow/probe.js'
import { type VerifyReport, verifyImage } from '../../../src/lib/dockerflow/verify.js'
import { docker, testBench } from '../../support/bench.js'
import { verifyEngines } from '../../support/verify-engines.js'

/**
 * A one-process Dockerflow service in busybox: nc forks a handler per request, which answers, then
 * logs the request as $LOGS says: `late` one mozlog line 100 ms after answering, `trailing` one
 * mozlog line then a plain-text one, `none` nothing at all.
 */
const HANDLER = [
  '#!/bin/sh',
  'read -r method path _ || exit 0',
  "path=$(printf '%s' \"$path\" | tr -d '\\r')",
  'while read -r header; do',
  '  [ -z "$(printf \'%s\' "$header" | tr -d \'\\r\')" ] && break',
  'done',
  'body=\'{"status":"ok","checks":{},"details":{}}\'',
  'printf \'HTTP/1.0 200 OK\\r\\nContent-Type: application/json\\r\\nContent-Length: %s\\r\\nConnection: close\\r\\n\\r\\n%s\' "${#body}" "$body"',
  'line() {',
  '  printf \'{"Timestamp":0,"Type":"request.summary","Logger":"t","Severity":6,"Fields":{"path":"%s"}}\\n\' "$path" >&2',
  '}',
  'case "$LOGS" in',
  '  late) sleep 0.1; line ;;',
  '  trailing) line; echo "served $path" >&2 ;;',
  'esac',
  ''
].join('\n')

const runIds: string[] = []

async function labelled(runId: string): Promise<string[]> {
  const out = await docker(['ps', '--all', '--quiet', '--filter', `label=${labelFor(runId)}`])
  return out.split('\n').filter(Boolean)
}

async function build(logs: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `request-logs-${logs}-`))
  writeFileSync(join(dir, 'handle'), HANDLER, { mode: 0o755 })
  writeFileSync(
    join(dir, 'Dockerfile'),
    [
      `FROM ${testBench().baseImage}`,
      'COPY handle /handle',
      `ENV LOGS=${logs}`,
      'USER 10001:10001',
      'ENTRYPOINT ["sh", "-c", "exec nc -ll -p \\"$PORT\\" -e /handle"]',
      ''
    ].join('\n')
  )
  const tag = `request-logs:${logs}`
  await docker(['build', '--quiet', '--network', 'host', '--tag', tag, dir])
  return tag
}

afterAll(async () => {
  // Every container of this suite's runs is gone.
  for (const runId of runIds) expect(await labelled(runId)).toEqual([])
})

const result = (report: VerifyReport, id: string): string => {
  const found = report.results.find(r => r.id === id)
  return `${found?.status}: ${found?.detail}`
}

describe('request log lines: read once they are in, as long as the app was always given', () => {
  const images: Record<string, string> = {}

  beforeAll(async () => {
    for (const logs of ['late', 'trailing', 'none']) images[logs] = await build(logs)
  })

  const verify = async (engine: VerifyEngine, logs: string): Promise<VerifyReport> => {
    const runId = newRunId()
    runIds.push(runId)
    return verifyImage({ engine, image: images[logs], runId, pull: false, scope: 'runtime' })
  }

  it.each(verifyEngines())(
    '%s: an app that logs each request 100 ms after answering: every line is read',
    async (_, engine) => {
      const report = await verify(engine, 'late')
      expect(result(report, 'listens-on-port')).toMatch(/^pass: /)
      // The heartbeat that answered first, then /__version__ and /__heartbeat__.
      expect(result(report, 'logs-stdout')).toBe('pass: 0 line(s) on stdout, 3 on stderr')
      expect(result(report, 'mozlog')).toBe('pass: all 3 line(s) are mozlog JSON')
    }
  )

  it.each(verifyEngines())(
    '%s: a plain line right after a request’s own mozlog line is read too (mozlog is not met)',
    async (_, engine) => {
      const report = await verify(engine, 'trailing')
      expect(result(report, 'logs-stdout')).toBe('pass: 0 line(s) on stdout, 6 on stderr')
      expect(result(report, 'mozlog')).toMatch(/^warn: 3 of 6 line\(s\) are mozlog JSON; e\.g\. served \/__/)
    }
  )

  it.each(verifyEngines())(
    '%s: an app that never logs still does not meet logs-stdout',
    async (_, engine) => {
      const report = await verify(engine, 'none')
      expect(result(report, 'listens-on-port')).toMatch(/^pass: /)
      expect(result(report, 'logs-stdout')).toBe(
        'warn: nothing on stdout/stderr while starting and serving requests: does it log to files?'
      )
      expect(result(report, 'mozlog')).toBe('skip: no log lines to inspect')
    }
  )
})

describe('requestsLogged: waits for output naming every path, up to its bound', () => {
  /** A running container of the base image that prints what `script` says (then idles). */
  const run = async (script: string): Promise<string> => {
    const runId = newRunId()
    runIds.push(runId)
    const started = await docker([
      'run',
      '--detach',
      '--label',
      labelFor(runId),
      testBench().baseImage,
      'sh',
      '-c',
      `${script}; exec sleep 600`
    ])
    return started.trim()
  }
  const now = (): number => Math.floor(Date.now() / 1000) - 1

  it.each(verifyEngines())(
    '%s: lines naming the paths, logged late: it returns once they are in',
    async (_, engine) => {
      const container = await run(
        "echo starting; sleep 0.5; echo 'GET /__version__'; echo 'GET /__heartbeat__' >&2"
      )
      try {
        // A bound far beyond the lines: it returns on them, not on the bound.
        await requestsLogged(engine, container, ['/__version__', '/__heartbeat__'], now(), 60_000)
        const logs = await engine.logs(container)
        expect(logs.stdout).toBe('starting\nGET /__version__\n')
        expect(logs.stderr).toBe('GET /__heartbeat__\n')
      } finally {
        await engine.remove(container)
      }
    }
  )

  it.each(verifyEngines())('%s: output that never names them: it returns at its bound', async (_, engine) => {
    const container = await run("echo starting; echo 'GET /__version__'")
    try {
      await requestsLogged(engine, container, ['/__version__', '/__heartbeat__'], now(), 300)
      expect((await engine.logs(container)).stdout).toBe('starting\nGET /__version__\n')
    } finally {
      await engine.remove(container)
    }
  })
})
