/**
 * scan-image's sources, in-process (@actions/core and the runner's context mirrored): the gate
 * verdict, the outputs, the fork policy and the gate record. (scan.itg.test.ts runs the committed
 * bundle with a real registry and a replayed Snyk CLI.)
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { githubContextFor, loadEvent } from '../../support/events.js'
import { type MemoryRegistry, sha256, startMemoryRegistry } from '../../support/hostile-registry.js'
import { mockCore } from '../../support/mock-core.js'

const { core, run, reset } = mockCore('scan-image')
jest.unstable_mockModule('@actions/core', () => core)
const githubContext: Record<string, unknown> = {}
// The runner's description of the event (GITHUB_* and the payload file), as src/lib/git/runner-context.ts reads it.
jest.unstable_mockModule('../../../src/lib/git/runner-context.js', () => ({
  runnerContext: () => githubContext
}))
const { main } = await import('../../../src/actions/scan-image/main.js')
const { findGateRecords } = await import('../../../src/lib/gate/record.js')
const { MEDIA_TYPES } = await import('../../../src/lib/oci/media-types.js')
const { openRepository } = await import('../../../src/lib/registry/client.js')

const FIXTURES = 'test/fixtures/scan'
const IMAGE = `ghcr.io/acme/app@sha256:${'a'.repeat(64)}`
const savedEnv = { ...process.env }

function onEvent(name: string, inputs: Record<string, string>, env: Record<string, string> = {}): void {
  const event = loadEvent(name)
  Object.assign(process.env, event.env, env)
  for (const key of Object.keys(githubContext)) delete githubContext[key]
  Object.assign(githubContext, githubContextFor(event))
  run.inputs = { 'output-dir': mkdtempSync(join(tmpdir(), 'scan-main-')), ...inputs }
}

let registry: MemoryRegistry
beforeAll(async () => {
  registry = await startMemoryRegistry()
})
afterAll(() => registry.close())
beforeEach(reset)
afterEach(() => {
  process.env = { ...savedEnv }
})

describe('scan-image main (sources)', () => {
  it('a finding at the threshold fails the step, after every output and the summary are written', async () => {
    onEvent('push-main', {
      image: IMAGE,
      scanner: 'report',
      'report-file': join(FIXTURES, 'trivy/trivy-alpine-39-high-critical.json'),
      'severity-threshold': 'critical'
    })
    await expect(main()).rejects.toThrow(
      /^Vulnerability gate failed for ghcr\.io\/acme\/app@sha256:a{64}: 2 critical findings \(allowed: 0\) \(threshold critical\)\.$/
    )
    expect(run.outputs.passed).toBe('false')
    expect(run.outputs.digest).toBe(`sha256:${'a'.repeat(64)}`)
    expect(JSON.parse(run.outputs.counts).after.critical).toBe(2)
    expect(JSON.parse(run.outputs['new-findings']).length).toBeGreaterThan(0)
    expect(existsSync(run.outputs.report) && existsSync(run.outputs.sarif)).toBe(true)
    expect(run.summary.some(line => line.includes('❌ failed'))).toBe(true)
    expect(run.log).toContain('::group::Scan')
  })

  it('passes when nothing reaches the threshold', async () => {
    onEvent('push-main', {
      image: IMAGE,
      scanner: 'report',
      'report-file': join(FIXTURES, 'snyk/snyk-to-html-no-vulns.json')
    })
    await main()
    expect(run.outputs.passed).toBe('true')
    expect(run.outputs['new-findings']).toBe('[]')
  })

  it('a fork pull request without SNYK_TOKEN: the gate is not run, and says so (never a pass)', async () => {
    onEvent('pull-request-fork', { image: IMAGE, scanner: 'snyk' })
    delete process.env.SNYK_TOKEN
    await main()
    expect(run.outputs).toEqual({
      passed: 'skipped',
      'skipped-reason': expect.stringMatching(/needs SNYK_TOKEN, and pull requests from forks get no secrets/)
    })
    expect(run.notices).toEqual([run.outputs['skipped-reason']])
    expect(run.log).not.toContain('::group::Scan')
  })

  it('record-gate writes a self-reported record next to the digest', async () => {
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        config: { mediaType: 'x', digest: sha256('c'), size: 1 },
        layers: []
      })
    )
    const digest = registry.putRawManifest('acme/app', manifest, MEDIA_TYPES.ociManifest, 'dev-1')
    const reportFile = join(FIXTURES, 'snyk/snyk-to-html-no-vulns.json')
    onEvent('push-main', {
      image: `${registry.host}/acme/app@${digest}`,
      scanner: 'report',
      'report-file': reportFile,
      'record-gate': 'true'
    })
    await main()
    expect(
      run.log.some(
        line =>
          line.startsWith(`gate record sha256:`) &&
          line.includes(`(self-reported: computed from ${reportFile}, sha256:`)
      )
    ).toBe(true)
    const [record] = await findGateRecords(
      openRepository({ registry: registry.host, repository: 'acme/app' }),
      digest
    )
    expect(record).toMatchObject({ subject: digest, passed: true, selfReported: true, scanner: 'snyk' })
  })

  it('record-gate for an image that is not in a registry: a warning, not a failure', async () => {
    onEvent('push-main', {
      image: `sha256:${'b'.repeat(64)}`,
      scanner: 'report',
      'report-file': join(FIXTURES, 'snyk/snyk-to-html-no-vulns.json'),
      'record-gate': 'true'
    })
    await main()
    expect(run.warnings).toEqual([
      'record-gate: the image is not in a registry (no digest), so no gate record was written.'
    ])
  })

  it.each([
    [
      { scanner: 'trivy', monitor: 'true' },
      /^monitor: true sends the image to snyk container monitor, so it needs scanner: snyk \(got scanner: trivy\)\.$/
    ],
    [
      { scanner: 'trivy', 'scan-timeout': 'ten minutes' },
      /^"scan-timeout" must be a duration such as 10m, 90s or 1h; got "ten minutes"\.$/
    ],
    [
      { scanner: 'grype', 'scanner-runtime': 'docker' },
      /^Input "scanner-runtime" must be one of auto, container, path; got "docker"\.$/
    ]
  ])('refuses %o before scanning anything', async (inputs, message) => {
    onEvent('push-main', { image: IMAGE, ...inputs })
    await expect(main()).rejects.toThrow(message)
    expect(run.log).not.toContain('::group::Scan')
  })
})
