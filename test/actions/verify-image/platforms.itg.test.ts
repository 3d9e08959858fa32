/**
 * verify-image on a multi-platform image (an OCI index of linux/amd64 and linux/arm64) on the real
 * engine: every platform is pulled by its digest and checked, static and at runtime (arm64 under the
 * bench's QEMU emulation); one broken platform fails the step and is named; an index entry that lies
 * about its platform is refused.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { appendFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ActionRun, runAction } from '../../support/action-runner.js'
import { docker, testBench, uniqueRepository } from '../../support/bench.js'
import { loadEvent } from '../../support/events.js'
import { exampleAppBuildArgs, multiarchBaseImage, smallApp } from '../../support/example-app.js'

const event = loadEvent('push-main')
const COMMIT = event.env.GITHUB_SHA as string
const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

interface PlatformVerdict {
  platform: string
  digest: string
  passed: boolean
  failed: string[]
}

/** examples/app with one small dependency: its build step runs under emulation for arm64. */
const TINY_DEPENDENCY =
  'set -eu\nmkdir -p "$2"\necho tiny > "$2/tiny-1.0"\n(cd "$2" && sha256sum tiny-1.0 > SHA256SUMS)\n'

/** Builds the small app for one platform and pushes it; returns its manifest digest, size and type. */
async function buildFor(
  repository: string,
  platform: string,
  extraLines: string[] = []
): Promise<{ digest: string; size: number; mediaType: string }> {
  const dir = smallApp(mkdtempSync(join(tmpdir(), 'verify-platforms-')), TINY_DEPENDENCY)
  // Lines added to the production stage (the last one): a deliberately broken variant.
  if (extraLines.length) appendFileSync(join(dir, 'Dockerfile'), `${extraLines.join('\n')}\n`)
  const tag = `${testBench().registry}/${repository}:${platform.replace(/\//g, '-')}`
  await docker([
    'build',
    '--quiet',
    '--network',
    'host',
    '--platform',
    platform,
    ...exampleAppBuildArgs(multiarchBaseImage(), { version: '1', commit: COMMIT, build: 'b' }),
    '--tag',
    tag,
    dir
  ])
  await docker(['push', '--quiet', tag])
  // The engine keeps one image per name: untag, so verify-image must pull each platform itself.
  await docker(['rmi', tag])
  const response = await fetch(
    `http://${testBench().registry}/v2/${repository}/manifests/${platform.replace(/\//g, '-')}`,
    { headers: { accept: MANIFEST_ACCEPT } }
  )
  const body = Buffer.from(await response.arrayBuffer())
  return {
    digest: `sha256:${createHash('sha256').update(body).digest('hex')}`,
    size: body.length,
    mediaType: (response.headers.get('content-type') ?? '').split(';')[0]
  }
}

/** Writes an OCI index of the given platform images by digest; returns its digest. */
async function writeIndex(
  repository: string,
  entries: Array<{ platform: string; image: { digest: string; size: number; mediaType: string } }>
): Promise<string> {
  const body = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: entries.map(({ platform, image }) => {
      const [os, architecture] = platform.split('/')
      return { ...image, platform: { os, architecture } }
    })
  })
  const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`
  const response = await fetch(`http://${testBench().registry}/v2/${repository}/manifests/${digest}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' },
    body
  })
  expect(response.status).toBe(201)
  return digest
}

function verify(image: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction('verify-image', {
    inputs: { image, 'startup-timeout': '60', ...inputs },
    env: { ...event.env, DOCKER_ACTIONS_DOCKER: testBench().dockerClient },
    event: event.payload
  })
}

const platforms = (run: ActionRun): PlatformVerdict[] =>
  JSON.parse(run.outputs.platforms) as PlatformVerdict[]

describe('verify-image on an index of linux/amd64 and linux/arm64', () => {
  let repository: string
  let amd64: Awaited<ReturnType<typeof buildFor>>
  let arm64: Awaited<ReturnType<typeof buildFor>>
  let index: string

  beforeAll(async () => {
    repository = uniqueRepository('acme/verify-platforms')
    amd64 = await buildFor(repository, 'linux/amd64')
    arm64 = await buildFor(repository, 'linux/arm64')
    index = await writeIndex(repository, [
      { platform: 'linux/amd64', image: amd64 },
      { platform: 'linux/arm64', image: arm64 }
    ])
  })

  it('checks every platform, static and at runtime (arm64 under emulation), and passes', async () => {
    const run = await verify(`${testBench().registry}/${repository}@${index}`)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.passed).toBe('true')
    expect(platforms(run)).toEqual([
      expect.objectContaining({ platform: 'linux/amd64', digest: amd64.digest, passed: true }),
      expect.objectContaining({ platform: 'linux/arm64', digest: arm64.digest, passed: true })
    ])
    const results = JSON.parse(run.outputs.results) as Array<{ id: string; status: string; platform: string }>
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      const mine = results.filter(result => result.platform === platform)
      expect(mine.map(result => `${result.id}:${result.status}`)).toContain('listens-on-port:pass')
      expect(mine.map(result => `${result.id}:${result.status}`)).toContain('version-commit:pass')
    }
    expect(run.outputs['image-id']).toBe('')
    expect(run.stdout).toContain('is an index of 2 platform(s): linux/amd64, linux/arm64')
    expect(run.summary).toContain('meets the Dockerflow contract on all 2 platforms')
  })

  it('one broken platform fails the step, naming it; the other still passes', async () => {
    const broken = await buildFor(repository, 'linux/arm64', ['USER root'])
    const mixed = await writeIndex(repository, [
      { platform: 'linux/amd64', image: amd64 },
      { platform: 'linux/arm64', image: broken }
    ])
    const run = await verify(`${testBench().registry}/${repository}@${mixed}`, { checks: 'static' })
    expect(run.exitCode).not.toBe(0)
    expect(run.outputs.passed).toBe('false')
    expect(JSON.parse(run.outputs.failed)).toEqual(['user'])
    expect(platforms(run).map(verdict => [verdict.platform, verdict.passed])).toEqual([
      ['linux/amd64', true],
      ['linux/arm64', false]
    ])
    expect(run.stdout + run.stderr).toContain('(on linux/arm64 of 2 platforms)')
  })

  it('an index entry that names the wrong platform is refused', async () => {
    const lying = await writeIndex(repository, [
      { platform: 'linux/amd64', image: amd64 },
      { platform: 'linux/arm64', image: amd64 }
    ])
    const run = await verify(`${testBench().registry}/${repository}@${lying}`, { checks: 'static' })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout + run.stderr).toContain('is listed for linux/arm64, but its config says linux/amd64')
  })

  it('a single platform image by digest is verified as before (no platforms)', async () => {
    const run = await verify(`${testBench().registry}/${repository}@${arm64.digest}`, { checks: 'static' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.platforms).toBe('[]')
    expect(run.outputs['image-id']).toMatch(/^sha256:/)
  })
})
