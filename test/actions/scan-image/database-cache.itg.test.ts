/**
 * The scanner database cache, with scan-image's sources in-process on the bench's real engine (the
 * stand-in Trivy image) and GitHub's cache service replaced at @actions/cache's module boundary:
 * restore -> scan -> save under the daily key; a miss; a cache-service error that costs time only.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { docker, testBench, uniqueRepository } from '../../support/bench.js'
import { githubContextFor, loadEvent } from '../../support/events.js'
import { mockCore } from '../../support/mock-core.js'
import { standInScannerImage } from '../../support/scanner-images.js'

const { core, run, reset } = mockCore('scan-image')
jest.unstable_mockModule('@actions/core', () => core)
const githubContext: Record<string, unknown> = {}
// The runner's description of the event (GITHUB_* and the payload file), as src/lib/git/runner-context.ts reads it.
jest.unstable_mockModule('../../../src/lib/git/runner-context.js', () => ({
  runnerContext: () => githubContext
}))

/** What the cache service was asked, in order, and what the database directory held at that moment. */
const calls: Array<{
  call: 'restore' | 'save'
  paths: string[]
  key: string
  restoreKeys?: string[]
  scanned: boolean
}> = []
const scannedInto = (paths: string[]): boolean => existsSync(join(paths[0], 'standin-run'))
const cache = {
  isFeatureAvailable: jest.fn(() => true),
  restoreCache: jest.fn(
    async (paths: string[], key: string, restoreKeys?: string[]): Promise<string | undefined> => {
      calls.push({ call: 'restore', paths, key, restoreKeys, scanned: scannedInto(paths) })
      return undefined
    }
  ),
  saveCache: jest.fn(async (paths: string[], key: string): Promise<number> => {
    calls.push({ call: 'save', paths, key, scanned: scannedInto(paths) })
    return 1
  })
}
jest.unstable_mockModule('@actions/cache', () => cache)
const { main } = await import('../../../src/actions/scan-image/main.js')

const savedEnv = { ...process.env }
const today = (): string => `docker-actions-scanner-db-trivy-${new Date().toISOString().slice(0, 10)}`

describe('the scanner database cache around a scan', () => {
  let image: string
  let cacheHome: string

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-db-'))
    const { writeFileSync } = await import('node:fs')
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${testBench().baseImage}\nRUN echo app > /app\n`)
    image = `${testBench().registry}/${uniqueRepository('acme/db')}:dev-1`
    await docker(['build', '--network', 'host', '--tag', image, dir])
    await docker(['push', image])
    await standInScannerImage('trivy')
  }, 300_000)

  beforeEach(async () => {
    reset()
    calls.length = 0
    cache.restoreCache.mockClear()
    cache.saveCache.mockClear()
    cacheHome = mkdtempSync(join(tmpdir(), 'scan-db-home-'))
    const event = loadEvent('push-main')
    Object.assign(process.env, event.env, {
      ACTIONS_RUNTIME_TOKEN: 'runtime-token',
      ACTIONS_CACHE_URL: 'https://cache.invalid/',
      XDG_CACHE_HOME: cacheHome,
      DOCKER_ACTIONS_DOCKER: testBench().dockerClient,
      TRIVY_STANDIN_REPORT: 'trivy-alpine-310.json'
    })
    for (const key of Object.keys(githubContext)) delete githubContext[key]
    Object.assign(githubContext, githubContextFor(event))
    run.inputs = {
      image,
      scanner: 'trivy',
      'scanner-image': await standInScannerImage('trivy'),
      'output-dir': mkdtempSync(join(tmpdir(), 'scan-db-out-'))
    }
  })
  afterEach(() => {
    process.env = { ...savedEnv }
  })

  it('restores before the scan and saves after it, under the daily key (a miss: the scanner downloads)', async () => {
    const before = today()
    await main()
    const after = today()
    expect(run.outputs.passed).toBe('true')
    const dir = join(cacheHome, 'docker-actions', 'scanner-db', 'trivy')
    expect(calls.map(({ call, paths, scanned }) => ({ call, paths, scanned }))).toEqual([
      { call: 'restore', paths: [dir], scanned: false },
      { call: 'save', paths: [dir], scanned: true }
    ])
    expect([before, after]).toContain(calls[0].key)
    expect(calls[0].restoreKeys).toEqual(['docker-actions-scanner-db-trivy-'])
    expect(calls[1].key).toBe(calls[0].key)
    expect(run.log).toContain(
      `trivy database: no cache entry yet (${calls[0].key}); the scanner downloads it`
    )
    expect(run.log).toContain(`trivy database saved to the cache (${calls[0].key})`)
  }, 120_000)

  it("an older day's database is restored and refreshed, then saved under today's key; today's is not saved again", async () => {
    cache.restoreCache.mockImplementationOnce(async (paths: string[], key: string) => {
      calls.push({ call: 'restore', paths, key, scanned: false })
      return 'docker-actions-scanner-db-trivy-2026-01-01'
    })
    await main()
    expect(calls.map(entry => entry.call)).toEqual(['restore', 'save'])
    expect(calls[1].key).toMatch(/^docker-actions-scanner-db-trivy-\d{4}-\d{2}-\d{2}$/)
    expect(calls[1].key).not.toBe('docker-actions-scanner-db-trivy-2026-01-01')

    calls.length = 0
    cache.restoreCache.mockImplementationOnce(async (paths: string[], key: string) => {
      calls.push({ call: 'restore', paths, key, scanned: false })
      return key
    })
    await main()
    expect(calls.map(entry => entry.call)).toEqual(['restore'])
  }, 120_000)

  it('a cache-service error on restore and on save costs time only: a warning, and the gate still decides', async () => {
    cache.restoreCache.mockRejectedValueOnce(new Error('Cache service responded with 503'))
    cache.saveCache.mockRejectedValueOnce(new Error('Cache service responded with 503'))
    await main()
    expect(run.outputs.passed).toBe('true')
    expect(run.warnings).toEqual([
      'The trivy database could not be restored from the cache (Cache service responded with 503); the scanner downloads it, which only costs time.',
      'The trivy database could not be saved to the cache (Cache service responded with 503); the next run downloads it again.'
    ])
  }, 120_000)

  it('a failing gate is still a failing gate with the cache in place (the database is saved all the same)', async () => {
    process.env.TRIVY_STANDIN_REPORT = 'trivy-alpine-39-high-critical.json'
    await expect(main()).rejects.toThrow(/^Vulnerability gate failed for /)
    expect(calls.map(entry => entry.call)).toEqual(['restore', 'save'])
  }, 120_000)

  it('without the cache service (the local runner) @actions/cache is not used: the directory stays on disk', async () => {
    delete process.env.ACTIONS_RUNTIME_TOKEN
    delete process.env.ACTIONS_CACHE_URL
    await main()
    expect(calls).toEqual([])
    expect(existsSync(join(cacheHome, 'docker-actions', 'scanner-db', 'trivy', 'standin-run'))).toBe(true)
  }, 120_000)
})
