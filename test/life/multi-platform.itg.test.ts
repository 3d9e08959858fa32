/**
 * A multi-platform image through the one-step pipeline (root action.yml, run by the local runner as
 * `docker-actions pipeline --platforms linux/amd64,linux/arm64`), on the real engine (arm64 under the
 * bench's QEMU emulation) and registry: the published tag is one OCI index whose two images say
 * amd64 and arm64 in their configs, and the arm64 one runs as aarch64; a rebuild on a wiped engine
 * takes each platform's cache from the registry; a gate failing on one platform publishes nothing
 * (the tag -> digest map, read from the registry, is unchanged); a promotion of the index to another
 * registry carries every platform and every gate record. The app is examples/app with one small
 * dependency: its RUN steps are emulated for arm64.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { type RunningRegistry, startRegistry } from '../../scripts/testbench/registry.js'
import { docker, testBench, uniqueRepository } from '../support/bench.js'
import { addSmallDependency, multiarchBaseImage } from '../support/example-app.js'
import { MANIFEST_TYPES, UserRepository, registryMap } from '../support/user-repository.js'

const execFileAsync = promisify(execFile)
const CLI = resolve('bin/docker-actions.js')
const PASSING_REPORT = resolve('test/fixtures/scan/trivy/trivy-alpine-310.json') // 4 medium
const FAILING_REPORT = resolve('test/fixtures/scan/trivy/trivy-alpine-39-high-critical.json') // 2 critical
const PLATFORMS = ['linux/amd64', 'linux/arm64']
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
const GATE_TYPE = 'application/vnd.docker-actions.gate.v1+json'

interface Descriptor {
  mediaType: string
  digest: string
  artifactType?: string
  platform?: { os: string; architecture: string; variant?: string }
}
interface Document {
  mediaType?: string
  manifests?: Descriptor[]
  config?: Descriptor
}

/** A manifest as the registry serves it: its digest (Docker-Content-Digest), type and document. */
async function manifest(
  registry: string,
  repository: string,
  reference: string
): Promise<{ digest: string; mediaType: string; document: Document } | undefined> {
  const response = await fetch(`http://${registry}/v2/${repository}/manifests/${reference}`, {
    headers: { accept: MANIFEST_TYPES }
  })
  if (response.status === 404) return undefined
  expect(response.status).toBe(200)
  return {
    digest: response.headers.get('docker-content-digest') as string,
    mediaType: (response.headers.get('content-type') ?? '').split(';')[0],
    document: (await response.json()) as Document
  }
}

/** The platform images of an index (attestations and other artifacts left out). */
const platformEntries = (document: Document): Descriptor[] =>
  (document.manifests ?? []).filter(entry => entry.platform && entry.platform.os !== 'unknown')

const record = (digest: string): string => `sha256-${digest.slice('sha256:'.length)}`

/** Whether the referrers fallback tag of `digest` lists a gate record. */
async function hasGateRecord(registry: string, repository: string, digest: string): Promise<boolean> {
  const referrers = await manifest(registry, repository, record(digest))
  return (referrers?.document.manifests ?? []).some(entry => entry.artifactType === GATE_TYPE)
}

/** What the published tag is: an index of one image per platform, each config naming its platform. */
async function expectIndexOfPlatforms(registry: string, repository: string, tag: string): Promise<string[]> {
  const index = await manifest(registry, repository, tag)
  expect(index?.mediaType).toBe(OCI_INDEX)
  const entries = platformEntries(index?.document ?? {})
  expect(entries.map(entry => `${entry.platform?.os}/${entry.platform?.architecture}`)).toEqual(PLATFORMS)
  for (const entry of entries) {
    const image = await manifest(registry, repository, entry.digest)
    const config = (await (
      await fetch(`http://${registry}/v2/${repository}/blobs/${image?.document.config?.digest}`)
    ).json()) as { os: string; architecture: string }
    expect(`${config.os}/${config.architecture}`).toBe(
      `${entry.platform?.os}/${entry.platform?.architecture}`
    )
  }
  return entries.map(entry => entry.digest)
}

describe('a multi-platform image through the one-step pipeline', () => {
  let root: string
  let repo: UserRepository
  let bin: string
  let repository: string
  let image: string
  let other: RunningRegistry | undefined

  /** A code change committed and pushed to main; returns the commit. */
  const commit = (text: string): string => {
    const sha = repo.change(text)
    repo.git(['push', '--quiet', 'origin', 'main'])
    return sha
  }

  beforeAll(() => {
    multiarchBaseImage()
    root = mkdtempSync(join(tmpdir(), 'life-platforms-'))
    repository = uniqueRepository('life/multi')
    image = `${testBench().registry}/${repository}`
    // The user's repository: examples/app with one small dependency, origin a bare acme/app.
    repo = new UserRepository(root, dir => {
      addSmallDependency(dir)
      writeFileSync(join(dir, 'src', 'VERSION'), 'initial import\n')
    })
    // Trivy replayed at the process boundary: it reads the scanned image's config from the registry and
    // prints the failing sample report for the architecture named in FAIL_ARCHITECTURE, else the passing one.
    bin = join(root, 'bin')
    mkdirSync(bin)
    writeFileSync(
      join(bin, 'trivy'),
      `#!${process.execPath}
const ref = process.argv[process.argv.length - 1]
const [, registry, name, digest] = /^([^/]+)\\/(.+)@(sha256:[0-9a-f]{64})$/.exec(ref)
const accept = { accept: '${MANIFEST_TYPES}' }
const get = path => fetch('http://' + registry + '/v2/' + name + path, { headers: accept }).then(r => r.json())
get('/manifests/' + digest)
  .then(m => get('/blobs/' + m.config.digest))
  .then(config => {
    const failing = config.architecture === process.env.FAIL_ARCHITECTURE
    process.stdout.write(require('fs').readFileSync(failing ? '${FAILING_REPORT}' : '${PASSING_REPORT}'))
  })
`
    )
    chmodSync(join(bin, 'trivy'), 0o755)
  })

  afterAll(async () => {
    await other?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  async function cli(args: string[], failArchitecture = ''): Promise<{ code: number; out: string }> {
    try {
      const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, ...args], {
        cwd: repo.dir,
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAIL_ARCHITECTURE: failArchitecture },
        maxBuffer: 64 * 1024 * 1024
      })
      return { code: 0, out: stdout + stderr }
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string }
      return { code: failed.code, out: failed.stdout + failed.stderr }
    }
  }

  const pipeline = (extra: string[] = [], failArchitecture = ''): Promise<{ code: number; out: string }> =>
    cli(
      [
        'pipeline',
        '--images',
        image,
        '--context',
        '.',
        '--platforms',
        PLATFORMS.join(','),
        '--network',
        'host',
        '--build-args',
        `BASE_IMAGE=${process.env.TESTBENCH_MULTIARCH_BASE_IMAGE}`,
        '--scanner',
        'trivy',
        // The fake trivy on PATH (the scanner images are tested in test/actions/scan-image).
        '--scanner-runtime',
        'path',
        ...extra
      ],
      failArchitecture
    )

  /** A run that must succeed: on failure, the log of the step that failed says why. */
  const expectSuccess = (run: { code: number; out: string }): void => {
    const failed = /failed at "([^"]+)"/.exec(run.out)?.[1]
    const section = failed ? run.out.slice(run.out.lastIndexOf(`━━ ${failed} ━━`)) : run.out
    expect({ code: run.code, out: run.code === 0 ? '' : section.slice(0, 4000) }).toEqual({
      code: 0,
      out: ''
    })
  }

  /** `N` of "cache linux/arm64: N of M steps cached" in the pipeline's report. */
  const cached = (out: string, platform: string): number =>
    Number(new RegExp(`cache ${platform}: (\\d+) of \\d+ steps cached`).exec(out)?.[1] ?? -1)

  let c1: string
  let published: Map<string, string>

  it('1. a push of main builds each platform, verifies and gates each, and publishes one index', async () => {
    c1 = repo.git(['rev-parse', 'HEAD'])
    const run = await pipeline(['--dockerflow', 'true'])
    expectSuccess(run)
    published = await registryMap(repository)
    const index = published.get('main') as string
    expect(index).toMatch(/^sha256:/)
    const unique = [...published.keys()].filter(tag => tag.startsWith(`dev-${c1}-`))
    expect(unique).toHaveLength(1)
    expect([published.get(c1), published.get(unique[0])]).toEqual([index, index])
    const platformDigests = await expectIndexOfPlatforms(testBench().registry, repository, 'main')
    // Each platform image has its passing gate record; each platform its own builder cache.
    for (const digest of platformDigests)
      expect(await hasGateRecord(testBench().registry, repository, digest)).toBe(true)
    expect(published.has('builder-main-linux-amd64')).toBe(true)
    expect(published.has('builder-main-linux-arm64')).toBe(true)
    // Nothing else: the platform images themselves are untagged.
    const expected = /^(main|builder-main-linux-(amd64|arm64)|sha256-[0-9a-f]{64})$/
    expect(
      [...published.keys()].filter(tag => tag !== c1 && tag !== unique[0] && !expected.test(tag))
    ).toEqual([])
    expect(run.out).toMatch(/gate: passed/)
    expect(run.out).toContain('meets the Dockerflow contract on all 2 platforms')
    for (const digest of platformDigests) expect(run.out).toContain(digest)
  })

  it('2. the arm64 image of the published tag really is arm64', async () => {
    const uname = await docker([
      'run',
      '--rm',
      '--network',
      'host',
      '--platform',
      'linux/arm64',
      '--entrypoint',
      'uname',
      `${image}:main`,
      '-m'
    ])
    expect(uname.trim()).toBe('aarch64')
    // The engine keeps one image per local name: leave none behind for the steps below.
    await docker(['rmi', `${image}:main`])
  })

  it('3. a code change built on a wiped engine takes the cache of both platforms from the registry', async () => {
    const ids = (await docker(['images', '--all', '--quiet'])).split('\n').filter(Boolean)
    if (ids.length > 0) await docker(['rmi', '--force', ...new Set(ids)])
    await docker(['builder', 'prune', '--all', '--force'])
    expect((await docker(['images', '--all', '--quiet'])).trim()).toBe('')

    commit('second')
    const run = await pipeline()
    expectSuccess(run)
    for (const platform of PLATFORMS) expect(cached(run.out, platform)).toBeGreaterThan(0)
    const after = await registryMap(repository)
    expect(after.get('main')).not.toBe(published.get('main'))
    await expectIndexOfPlatforms(testBench().registry, repository, 'main')
    published = after
  })

  it('4. a gate failing on arm64 only publishes nothing: every tag stays where it was', async () => {
    const before = published
    commit('vulnerable on arm64')
    const run = await pipeline([], 'arm64')
    expect(run.code).not.toBe(0)
    expect(run.out).toMatch(/Publish the final tags: skipped/)
    expect(run.out).toMatch(/Publish the builder cache: skipped/)
    const after = await registryMap(repository)
    // Only referrer records (the failing and passing verdicts) were added, on untagged images.
    const added = [...after.keys()].filter(tag => !before.has(tag))
    for (const tag of added) expect(tag).toMatch(/^sha256-[0-9a-f]{64}$/)
    for (const [tag, digest] of before) expect([tag, after.get(tag)]).toEqual([tag, digest])
  })

  it('5. promoting the index to another registry carries every platform and every gate record', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'life-platforms-registry-'))
    other = await startRegistry({ dir: otherDir })
    const target = `${other.host}/${repository}`
    const run = await cli(['promote', '--source', `${image}:main`, '--targets', `${target}:1.0.0`])
    expectSuccess(run)
    const promoted = await manifest(other.host, repository, '1.0.0')
    expect(promoted?.digest).toBe(published.get('main'))
    const platformDigests = await expectIndexOfPlatforms(other.host, repository, '1.0.0')
    for (const digest of platformDigests)
      expect(await hasGateRecord(other.host, repository, digest)).toBe(true)
  })
})
