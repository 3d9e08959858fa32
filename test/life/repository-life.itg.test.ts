/**
 * The life of a repository: one user repository lives through pushes, a re-run, a feature branch, pull
 * requests (one from a fork), releases with a backport, branches whose names sanitize onto `main`, a
 * failing gate and promotions, each run through the root action.yml by the local runner (`docker-actions
 * pipeline` with the event replayed as GitHub would deliver it). After every step the registry's
 * complete tag -> digest map is read from the registry itself and compared with what a careful engineer
 * expects: what moved, what was created, and that nothing else changed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { docker, testBench, uniqueRepository } from '../support/bench.js'
import { type TagMap, UserRepository, registryMap } from '../support/user-repository.js'

const execFileAsync = promisify(execFile)
const CLI = resolve('bin/docker-actions.js')
const PASSING_REPORT = resolve('test/fixtures/scan/trivy/trivy-alpine-310.json') // 4 medium
const FAILING_REPORT = resolve('test/fixtures/scan/trivy/trivy-alpine-39-high-critical.json') // 2 critical
/** Registry credentials the pull request runs are given (the bench registry accepts any login). */
const PASSWORD = 'life-s3cret-%25-pw'
const login = (): string[] => [
  '--registry',
  testBench().registry,
  '--username',
  'ci',
  '--password-env',
  'LIFE_PASSWORD'
]

interface Run {
  code: number
  out: string
}

describe('the life of a repository, through the root action.yml and the local runner', () => {
  let root: string
  let repo: UserRepository
  let bin: string
  let image: string
  let repository: string
  /** The registry as it was after the previous step. */
  let before: TagMap = new Map()

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'life-'))
    repo = new UserRepository(root)
    repository = uniqueRepository('life/app')
    image = `${testBench().registry}/${repository}`
    // Trivy replayed at the process boundary (no vulnerability database here): it prints the real
    // sample report the test points it at.
    bin = join(root, 'bin')
    mkdirSync(bin)
    writeFileSync(join(bin, 'trivy'), '#!/bin/sh\ncat "$FAKE_TRIVY_REPORT"\n')
    chmodSync(join(bin, 'trivy'), 0o755)
  })

  afterAll(() => {
    rmSync(root, { recursive: true, force: true })
  })

  async function cli(args: string[], report = PASSING_REPORT): Promise<Run> {
    try {
      const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, ...args], {
        cwd: repo.dir,
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH}`,
          FAKE_TRIVY_REPORT: report,
          LIFE_PASSWORD: PASSWORD
        },
        maxBuffer: 64 * 1024 * 1024
      })
      return { code: 0, out: stdout + stderr }
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string }
      return { code: failed.code, out: failed.stdout + failed.stderr }
    }
  }

  /** One event through the one-step pipeline. */
  function pipeline(replay: string[], report = PASSING_REPORT): Promise<Run> {
    return cli(
      [
        'pipeline',
        ...replay,
        '--images',
        image,
        '--context',
        '.',
        '--network',
        'host',
        '--build-args',
        `BASE_IMAGE=${testBench().baseImage}`,
        '--scanner',
        'trivy',
        // The fake trivy on PATH (the scanner images are tested in test/actions/scan-image).
        '--scanner-runtime',
        'path',
        '--severity-threshold',
        'high'
      ],
      report
    )
  }

  /**
   * Reads the registry and checks it against the previous state: `created` tags are new, `moved` tags
   * point elsewhere than before, every other tag is exactly as it was. Production tags are checked
   * against the digest they must hold (`to`). Returns the new map.
   */
  async function expectRegistry(change: {
    to?: string
    created?: string[]
    moved?: string[]
    /** Created or moved tags whose digest is not `to` (builder images, gate records). */
    other?: string[]
  }): Promise<TagMap> {
    const after = await registryMap(repository)
    const created = new Set(change.created ?? [])
    const moved = new Set(change.moved ?? [])
    const other = new Set(change.other ?? [])
    const expectedTags = new Set([...before.keys(), ...created])
    expect([...after.keys()].sort()).toEqual([...expectedTags].sort())
    for (const [tag, digest] of after) {
      if (created.has(tag)) expect([tag, before.has(tag)]).toEqual([tag, false])
      if (moved.has(tag)) expect([tag, digest]).not.toEqual([tag, before.get(tag)])
      if (created.has(tag) || moved.has(tag)) {
        if (!other.has(tag)) expect([tag, digest]).toEqual([tag, change.to])
      } else {
        expect([tag, digest]).toEqual([tag, before.get(tag)])
      }
    }
    before = after
    return after
  }

  /** The tag the run created that matches `pattern` (the new unique tag), and its digest. */
  async function newTag(pattern: RegExp): Promise<{ tag: string; digest: string }> {
    const now = await registryMap(repository)
    const fresh = [...now.keys()].filter(tag => pattern.test(tag) && !before.has(tag))
    expect(fresh).toHaveLength(1)
    return { tag: fresh[0], digest: now.get(fresh[0]) as string }
  }

  const record = (digest: string): string => `sha256-${digest.slice('sha256:'.length)}`
  const cachedSteps = (out: string): number => Number(/cache: (\d+) of \d+ steps cached/.exec(out)?.[1] ?? -1)

  let c1: string
  let c2: string
  let c3: string
  let c4: string
  const digests: Record<string, string> = {}
  const unique: Record<string, string> = {}

  it('1. first push of main: main, the commit, a unique tag, builder-main and the gate record', async () => {
    c1 = repo.git(['rev-parse', 'HEAD'])
    const run = await pipeline([])
    expect(run.code).toBe(0)
    const { tag, digest } = await newTag(/^dev-/)
    expect(tag).toMatch(new RegExp(`^dev-${c1}-\\d{14}$`))
    digests.c1 = digest
    unique.c1 = tag
    await expectRegistry({
      to: digest,
      created: ['main', c1, tag, 'builder-main', record(digest)],
      other: ['builder-main', record(digest)]
    })
    // One plan per run: the image says which build it is, and it is the published unique tag.
    const versionJson = JSON.parse(
      await docker([
        'run',
        '--rm',
        '--network',
        'host',
        '--entrypoint',
        'cat',
        `${image}:${tag}`,
        '/app/version.json'
      ])
    ) as { version: string; commit: string }
    expect(versionJson).toMatchObject({ version: tag, commit: c1 })
  })

  it('2. second push of main: main and builder-main move; the first build keeps its tags', async () => {
    c2 = repo.change('second')
    repo.git(['push', '--quiet', 'origin', 'main'])
    const run = await pipeline([])
    expect(run.code).toBe(0)
    const { tag, digest } = await newTag(/^dev-/)
    digests.c2 = digest
    unique.c2 = tag
    await expectRegistry({
      to: digest,
      created: [c2, tag, record(digest)],
      moved: ['main', 'builder-main'],
      other: ['builder-main', record(digest)]
    })
    expect(before.get(unique.c1)).toBe(digests.c1)
    expect(before.get(c1)).toBe(digests.c1)
  })

  it('3. a re-run of the same commit succeeds: main and the commit tag move to it, builder-main stays', async () => {
    const run = await pipeline([])
    expect(run.code).toBe(0)
    const { tag, digest } = await newTag(/^dev-/)
    expect(digest).not.toBe(digests.c2) // a new build, a new digest
    digests.c2rerun = digest
    await expectRegistry({
      to: digest,
      created: [tag, record(digest)],
      moved: ['main', c2],
      other: [record(digest)]
    })
    expect(before.get(unique.c2)).toBe(digests.c2) // the first build of c2 keeps its unique tag
  })

  let feature: string
  it('4. a feature branch builds with the cache of main and never touches main', async () => {
    repo.checkout('feature/login', true)
    c3 = repo.change('login')
    const run = await pipeline([])
    expect(run.code).toBe(0)
    expect(cachedSteps(run.out)).toBeGreaterThan(0)
    const { tag, digest } = await newTag(/^dev-/)
    feature = [...(await registryMap(repository)).keys()].find(t =>
      /^feature-login-[0-9a-f]{8}$/.test(t)
    ) as string
    expect(feature).toBeDefined()
    await expectRegistry({
      to: digest,
      created: [feature, c3, tag, `builder-${feature}`, record(digest)],
      other: [`builder-${feature}`, record(digest)]
    })
  })

  function pullRequestEvent(number: number, headRepo: string): string {
    const file = join(root, `pr-${number}.json`)
    writeFileSync(
      file,
      JSON.stringify({
        action: 'synchronize',
        number,
        pull_request: {
          number,
          head: { ref: 'feature/login', sha: c3, repo: { full_name: headRepo } },
          base: { ref: 'main', sha: c2, repo: { full_name: 'acme/app' } }
        },
        repository: { full_name: 'acme/app', default_branch: 'main' }
      })
    )
    return file
  }

  it('5. an in-repository pull request gets its review tag; the branch tags move to it', async () => {
    const run = await pipeline([
      '--event-name',
      'pull_request',
      '--event-file',
      pullRequestEvent(7, 'acme/app'),
      ...login()
    ])
    expect(run.code).toBe(0)
    expect(run.out).toContain(`logged in to ${testBench().registry}`)
    expect(run.out).not.toContain(PASSWORD)
    const { tag, digest } = await newTag(/^review-pr-7-/)
    expect(tag).toMatch(new RegExp(`^review-pr-7-${c3}-\\d{14}$`))
    await expectRegistry({
      to: digest,
      created: [tag, record(digest)],
      moved: [feature, c3],
      other: [record(digest)]
    })
  })

  it('6. a pull request from a fork builds and scans, pushes nothing and logs in nowhere', async () => {
    const run = await pipeline([
      '--event-name',
      'pull_request',
      '--event-file',
      pullRequestEvent(8, 'someone/app'),
      ...login()
    ])
    expect(run.code).toBe(0)
    expect(run.out).toMatch(/gate: passed/)
    expect(run.out).toMatch(/pull request from a fork: built, not pushed/)
    expect(run.out).not.toContain('logged in to')
    expect(run.out).not.toContain(PASSWORD)
    await expectRegistry({})
  })

  it('7. release v1.0.0: 1.0.0, 1.0, 1 and latest', async () => {
    repo.checkout('main')
    repo.tag('v1.0.0')
    const run = await pipeline(['--event-name', 'push', '--ref', 'refs/tags/v1.0.0'])
    expect(run.code).toBe(0)
    const { tag, digest } = await newTag(/^dev-/)
    digests.v100 = digest
    await expectRegistry({
      to: digest,
      created: ['1.0.0', '1.0', '1', 'latest', tag, 'builder-1.0.0', record(digest)],
      moved: [c2],
      other: ['builder-1.0.0', record(digest)]
    })
  })

  it('8 and 9. a new commit on main, then release v1.1.0: 1 and latest move to it', async () => {
    c4 = repo.change('fourth')
    repo.git(['push', '--quiet', 'origin', 'main'])
    expect((await pipeline([])).code).toBe(0)
    const main = await newTag(/^dev-/)
    digests.c4 = main.digest
    unique.c4 = main.tag
    await expectRegistry({
      to: main.digest,
      created: [c4, main.tag, record(main.digest)],
      moved: ['main', 'builder-main'],
      other: ['builder-main', record(main.digest)]
    })

    repo.tag('v1.1.0')
    expect((await pipeline(['--event-name', 'push', '--ref', 'refs/tags/v1.1.0'])).code).toBe(0)
    const { tag, digest } = await newTag(/^dev-/)
    digests.v110 = digest
    await expectRegistry({
      to: digest,
      created: ['1.1.0', '1.1', tag, 'builder-1.1.0', record(digest)],
      moved: ['1', 'latest', c4],
      other: ['builder-1.1.0', record(digest)]
    })
  })

  it('10. a backport v1.0.1 moves 1.0 only: latest and 1 stay on 1.1.0', async () => {
    repo.checkout('v1.0.0')
    repo.checkout('release/1.0', true)
    const fix = repo.change('backport fix')
    repo.git(['push', '--quiet', 'origin', 'release/1.0'])
    repo.tag('v1.0.1')
    const run = await pipeline(['--event-name', 'push', '--ref', 'refs/tags/v1.0.1'])
    expect(run.code).toBe(0)
    const { tag, digest } = await newTag(/^dev-/)
    await expectRegistry({
      to: digest,
      created: ['1.0.1', fix, tag, 'builder-1.0.1', record(digest)],
      moved: ['1.0'],
      other: ['builder-1.0.1', record(digest)]
    })
    expect(before.get('latest')).toBe(digests.v110)
    expect(before.get('1')).toBe(digests.v110)
    expect(before.get('1.0.0')).toBe(digests.v100)
  })

  it.each([['main-'], ['maín'], ['main@']])(
    '11. a branch named %j (it sanitizes to main) changes nothing of main',
    async branch => {
      repo.checkout('main')
      repo.checkout(branch, true)
      const commit = repo.commit(`on ${branch}`)
      const run = await pipeline([])
      expect(run.code).toBe(0)
      const { tag, digest } = await newTag(/^dev-/)
      const branchTag = [...(await registryMap(repository)).keys()].find(
        t => /^main-[0-9a-f]{8}$/.test(t) && !before.has(t)
      ) as string
      expect(branchTag).toBeDefined()
      await expectRegistry({
        to: digest,
        created: [branchTag, commit, tag, `builder-${branchTag}`, record(digest)],
        other: [`builder-${branchTag}`, record(digest)]
      })
    }
  )

  let failed: string
  it('12. a build whose gate fails publishes nothing: main, its commit tag and builder-main stay', async () => {
    repo.checkout('main')
    const commit = repo.change('vulnerable')
    const run = await pipeline([], FAILING_REPORT)
    expect(run.code).not.toBe(0)
    expect(run.out).toMatch(/Publish the final tags: skipped/)
    expect(run.out).toMatch(/Publish the builder cache: skipped/)
    // Only the candidate the scan read exists, with its (failing) gate record.
    const { tag, digest } = await newTag(/^dev-/)
    expect(tag).toContain(commit)
    failed = tag
    await expectRegistry({ to: digest, created: [tag, record(digest)], other: [record(digest)] })
    expect(before.get('main')).toBe(digests.c4)
  })

  /** promote.yml's staging job: the floating `staging` tag, gate required (the default). */
  const promoteToStaging = (source: string): Promise<Run> =>
    cli(['promote', '--source', `${image}:${source}`, '--floating-targets', `${image}:staging`])

  it('13 and 14. two promotions to staging: the second moves staging', async () => {
    expect((await promoteToStaging(unique.c2)).code).toBe(0)
    await expectRegistry({ to: digests.c2, created: ['staging'] })
    expect((await promoteToStaging(unique.c4)).code).toBe(0)
    await expectRegistry({ to: digests.c4, moved: ['staging'] })
  })

  it('15. require-gate refuses the image whose gate failed; staging stays', async () => {
    const run = await promoteToStaging(failed)
    expect(run.code).not.toBe(0)
    expect(run.out).toMatch(/gate/i)
    await expectRegistry({})
    expect(before.get('staging')).toBe(digests.c4)
  })
})
