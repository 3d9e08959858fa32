import { beforeAll, describe, expect, it } from '@jest/globals'
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runAction } from '../../support/action-runner.js'
import { docker, testBench, uniqueRepository } from '../../support/bench.js'
import { loadEvent } from '../../support/events.js'

/**
 * A `snyk` executable standing in for the real CLI at the process boundary (no Snyk service is
 * reachable here): it records its arguments and the token it saw, prints a real sample report and
 * exits with the code given.
 */
function fakeSnyk(dir: string, sample: string, exitCode: number, stderr = ''): string {
  const bin = mkdtempSync(join(dir, 'bin-'))
  const script = join(bin, 'snyk')
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      `printf '%s\\n' "$@" > "${bin}/args"`,
      `printf '%s' "$SNYK_TOKEN" > "${bin}/token"`,
      `cat "${resolve(sample)}"`,
      stderr ? `echo "${stderr}" >&2` : '',
      `exit ${exitCode}`
    ].join('\n')
  )
  chmodSync(script, 0o755)
  return bin
}

describe('scan-image end to end (real registry, Snyk CLI replayed at the process boundary)', () => {
  let dir: string
  let image: string
  let digest: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scan-itg-'))
    writeFileSync(join(dir, 'Dockerfile'), `# app\nFROM ${testBench().baseImage}\nRUN echo app > /app\n`)
    image = `${testBench().registry}/${uniqueRepository('acme/scanned')}:dev-1`
    await docker(['build', '--network', 'host', '--tag', image, dir])
    const pushed = await docker(['push', image])
    digest = (/digest: (sha256:[a-f0-9]{64})/.exec(pushed) as RegExpExecArray)[1]
  }, 120_000)

  /** Entries in the image's fallback referrers index (0 when it has none). */
  const gateRecordCount = async (): Promise<number> => {
    const repository = image.slice(testBench().registry.length + 1, image.lastIndexOf(':'))
    const index = await fetch(
      `http://${testBench().registry}/v2/${repository}/manifests/${digest.replace(':', '-')}`,
      { headers: { accept: 'application/vnd.oci.image.index.v1+json' } }
    )
    if (index.status === 404) return 0
    return ((await index.json()) as { manifests: unknown[] }).manifests.length
  }

  const scan = (
    bin: string,
    inputs: Record<string, string>,
    env: Record<string, string | undefined> = {}
  ) => {
    const fixture = loadEvent('push-main')
    return runAction('scan-image', {
      // The Snyk CLI replayed on PATH (the scanner images: container.itg.test.ts).
      inputs: {
        image,
        file: join(dir, 'Dockerfile'),
        'output-dir': join(dir, 'out'),
        'scanner-runtime': 'path',
        ...inputs
      },
      env: { ...fixture.env, PATH: `${bin}:${process.env.PATH}`, SNYK_TOKEN: 'snyk-test-token', ...env },
      event: fixture.payload
    })
  }

  it('scans by digest with the Dockerfile, fails the gate, and still writes summary, report and SARIF', async () => {
    const bin = fakeSnyk(
      dir,
      'test/fixtures/scan/snyk/snyk-to-html-test-report-container-with-app-vulns.json',
      1
    )
    const run = await scan(bin, { 'severity-threshold': 'high' })
    const args = readFileSync(join(bin, 'args'), 'utf8').trim().split('\n')
    const repository = image.slice(0, image.lastIndexOf(':'))
    expect(args).toEqual([
      'container',
      'test',
      `${repository}@${digest}`,
      '--json',
      `--file=${join(dir, 'Dockerfile')}`
    ])
    expect(readFileSync(join(bin, 'token'), 'utf8')).toBe('snyk-test-token')
    // The token is masked before anything runs, and appears nowhere else.
    expect(run.stdout).toContain('::add-mask::snyk-test-token')
    expect((run.stdout + run.stderr).split('snyk-test-token').length).toBe(2)

    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(
      /::error::Vulnerability gate failed for .*@sha256:.*1 critical finding.*1 high finding/
    )
    expect(run.stdout).toMatch(
      /::error title=Base image vulnerabilities,file=.*Dockerfile,line=2::1 vulnerability comes from the base image python/
    )
    expect(run.outputs.passed).toBe('false')
    expect(run.outputs.digest).toBe(digest)
    // One JSON array of the findings, not lines of `[object Object]`.
    expect(run.outputs['new-findings']).not.toContain('\n')
    const newFindings = JSON.parse(run.outputs['new-findings']) as Array<Record<string, string>>
    expect(newFindings.map(finding => finding.package)).toContain('zlib')
    for (const finding of newFindings)
      expect(Object.keys(finding).sort()).toEqual(['id', 'package', 'severity'])
    expect(JSON.parse(run.outputs.counts)).toEqual({
      before: { low: 0, medium: 0, high: 1, critical: 1 },
      after: { low: 0, medium: 0, high: 1, critical: 1 }
    })
    expect(existsSync(run.outputs.sarif)).toBe(true)
    expect(JSON.parse(readFileSync(run.outputs.report, 'utf8'))).toMatchObject({ passed: false, digest })
    expect(run.summary).toContain('❌ failed')
    expect(run.summary).toContain('Your base image is out of date')
    expect(run.summary).toContain('zlib')
  })

  it('passes with a threshold above every finding', async () => {
    const bin = fakeSnyk(dir, 'test/fixtures/scan/snyk/snyk-cli-container-appvulns-nongrouped.json', 1)
    const run = await scan(bin, { 'severity-threshold': 'critical' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.passed).toBe('true')
    expect(run.summary).toContain('✅ passed')
  })

  it('a scanner failure (exit 2) fails the step with the scanner message, never a pass', async () => {
    const failing = mkdtempSync(join(dir, 'err-'))
    writeFileSync(
      join(failing, 'err.json'),
      JSON.stringify({
        ok: false,
        error: 'Authentication failed. Please check the API token on https://snyk.io'
      })
    )
    const bin = fakeSnyk(dir, join(failing, 'err.json'), 2)
    const run = await scan(bin, {})
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(/::error::snyk exited with 2 \(the scan failed\): Authentication failed/)
    expect(run.outputs.passed).toBeUndefined()
    expect(run.outputs.sarif).toBeUndefined()
  })

  it('exit 3 (no supported projects) is a failure too', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'))
    writeFileSync(join(empty, 'none.json'), '{"ok":false,"error":"Could not detect supported target files"}')
    const run = await scan(fakeSnyk(dir, join(empty, 'none.json'), 3), {})
    expect(run.stdout).toMatch(/snyk exited with 3 \(no supported projects were found in the image\)/)
    expect(run.exitCode).not.toBe(0)
  })

  it('says exactly what to set when SNYK_TOKEN is missing', async () => {
    const run = await scan(
      fakeSnyk(dir, 'test/fixtures/scan/snyk/snyk-to-html-no-vulns.json', 0),
      {},
      { SNYK_TOKEN: undefined }
    )
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(/scanner: snyk needs SNYK_TOKEN in the environment/)
  })

  it('records the verdict in the registry when asked (record-gate)', async () => {
    const bin = fakeSnyk(dir, 'test/fixtures/scan/snyk/snyk-cli-container-appvulns-nongrouped.json', 1)
    const run = await scan(bin, { 'severity-threshold': 'critical', 'record-gate': 'true' })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/gate record sha256:[a-f0-9]{64} attached/)
    const repository = image.slice(testBench().registry.length + 1, image.lastIndexOf(':'))
    const index = await fetch(
      `http://${testBench().registry}/v2/${repository}/manifests/${digest.replace(':', '-')}`,
      {
        headers: { accept: 'application/vnd.oci.image.index.v1+json' }
      }
    )
    expect(index.status).toBe(200)
    const body = (await index.json()) as { manifests: Array<{ artifactType: string }> }
    expect(body.manifests.map(entry => entry.artifactType)).toEqual([
      'application/vnd.docker-actions.gate.v1+json'
    ])
  })

  it('a fork pull request without SNYK_TOKEN reports the gate as not run: passed=skipped, a notice, no record', async () => {
    const bin = fakeSnyk(dir, 'test/fixtures/scan/snyk/snyk-to-html-no-vulns.json', 0)
    const fork = loadEvent('pull-request-fork')
    const before = await gateRecordCount()
    const run = await runAction('scan-image', {
      inputs: { image, 'scanner-runtime': 'path', 'record-gate': 'true', 'output-dir': join(dir, 'fork') },
      env: { ...fork.env, PATH: `${bin}:${process.env.PATH}` },
      event: fork.payload
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.passed).toBe('skipped')
    expect(run.outputs['skipped-reason']).toMatch(
      /needs SNYK_TOKEN, and pull requests from forks get no secrets/
    )
    expect(run.stdout).toMatch(/::notice title=Vulnerability gate not run::scanner: snyk needs SNYK_TOKEN/)
    expect(run.summary).toContain('gate not run')
    expect(existsSync(join(bin, 'args'))).toBe(false) // the scanner never ran
    expect(await gateRecordCount()).toBe(before)
  })

  it('an in-repository pull request without SNYK_TOKEN still fails', async () => {
    const bin = fakeSnyk(dir, 'test/fixtures/scan/snyk/snyk-to-html-no-vulns.json', 0)
    const pr = loadEvent('pull-request')
    const run = await runAction('scan-image', {
      inputs: { image, 'scanner-runtime': 'path', 'output-dir': join(dir, 'pr') },
      env: { ...pr.env, PATH: `${bin}:${process.env.PATH}` },
      event: pr.payload
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(/::error::scanner: snyk needs SNYK_TOKEN in the environment/)
    expect(run.outputs.passed).toBeUndefined()
  })
})
