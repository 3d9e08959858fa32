import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { registryTags, testBench, uniqueRepository } from '../support/bench.js'

const execFileAsync = promisify(execFile)

/** `npx docker-actions pipeline …` from the committed bundle, in this checkout, on the bench. */
async function pipeline(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      [resolve('bin/docker-actions.js'), 'pipeline', ...args],
      {
        maxBuffer: 64 * 1024 * 1024
      }
    )
    return { code: 0, out: stdout + stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, out: failed.stdout + failed.stderr }
  }
}

async function digestOf(repository: string, tag: string): Promise<string | null> {
  const response = await fetch(`http://${testBench().registry}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      accept:
        'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json'
    }
  })
  return response.status === 200 ? response.headers.get('docker-content-digest') : null
}

const common = (image: string): string[] => [
  '--images',
  image,
  '--context',
  'examples/app',
  '--network',
  'host',
  '--build-args',
  `BASE_IMAGE=${testBench().baseImage}`,
  '--scanner',
  'report',
  '--report-file',
  'examples/app/scan-report.json'
]

describe('the one-step pipeline (root action.yml) through the local runner', () => {
  it('builds, gates, publishes the final tags by digest and promotes to staging', async () => {
    const repository = uniqueRepository('pipeline/pass')
    const image = `${testBench().registry}/${repository}`
    const { code, out } = await pipeline([
      ...common(image),
      '--severity-threshold',
      'critical',
      '--dockerflow',
      'true',
      '--promote-to',
      'staging'
    ])
    expect(out).not.toMatch(/::(group|error|add-mask)/)
    expect(code).toBe(0)
    expect(out).toMatch(/gate: passed/)
    expect(out).toContain('meets the Dockerflow contract')
    expect(out).toContain('  dockerflow: 15 passed\n')
    expect(out).toMatch(/cache: \d+ of \d+ steps cached/)
    const tags = await registryTags(repository)
    const unique = tags.find(tag => tag.startsWith('dev-')) as string
    const digest = await digestOf(repository, unique)
    expect(out).toContain(`digest: ${digest}`)
    for (const tag of tags.filter(tag => !tag.startsWith('builder-') && !tag.startsWith('sha256-'))) {
      expect([tag, await digestOf(repository, tag)]).toEqual([tag, digest])
    }
    expect(tags).toContain('staging')
    expect(tags.some(tag => tag.startsWith('builder-'))).toBe(true)
    expect(tags).toContain(`sha256-${(digest as string).slice(7)}`) // the gate record's referrers index
  }, 240_000)

  it('a failed gate publishes nothing but the unique candidate tag, and exits non-zero', async () => {
    const repository = uniqueRepository('pipeline/fail')
    const image = `${testBench().registry}/${repository}`
    const { code, out } = await pipeline([
      ...common(image),
      '--severity-threshold',
      'high',
      '--promote-to',
      'staging'
    ])
    expect(code).not.toBe(0)
    expect(out).toMatch(/Vulnerability gate failed .*3 high findings/)
    expect(out).toMatch(/Publish the final tags: skipped/)
    expect(out).toMatch(/✖ failed at "Vulnerability gate"/)
    const tags = await registryTags(repository)
    expect(tags.filter(tag => !tag.startsWith('builder-') && !tag.startsWith('sha256-'))).toEqual([
      expect.stringMatching(/^dev-[0-9a-f]{40}-\d{14}$/)
    ])
  }, 240_000)
})
