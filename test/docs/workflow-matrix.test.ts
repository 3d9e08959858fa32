/**
 * build.yml's multi-platform fan-out, wired as GitHub will run it: `platforms` empty runs the single
 * build job only; otherwise `plan` computes one tag plan and the matrix, one `platform` job per
 * platform on its runner hands its gated digest on as an artifact, and `merge` reads exactly those
 * artifacts, merges them into one index and publishes it (gate required). The run: scripts are
 * executed with bash and the `${{ }}` texts evaluated with GitHub's own evaluator.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { parse } from 'yaml'
import { parseFileCommands } from '../../src/cli/file-commands.js'
import { interpolate } from '../../src/cli/composite/expressions.js'

interface Step {
  id?: string
  if?: string
  uses?: string
  run?: string
  env?: Record<string, string>
  with?: Record<string, unknown>
}
interface Job {
  if?: string
  needs?: string | string[]
  'runs-on'?: string
  strategy?: { 'fail-fast'?: boolean; matrix: unknown }
  outputs?: Record<string, string>
  permissions?: Record<string, string>
  steps: Step[]
}
interface Workflow {
  on: {
    workflow_call: {
      inputs: Record<string, { default?: unknown }>
      outputs: Record<string, { value: string }>
    }
  }
  jobs: Record<string, Job>
}

const build = parse(readFileSync('.github/workflows/build.yml', 'utf8')) as Workflow
const jobs = build.jobs
const evaluate = (text: string, contexts: Record<string, unknown>): string =>
  interpolate(text, { contexts, failed: false })
const step = (job: string, predicate: (step: Step) => boolean): Step => {
  const found = jobs[job].steps.find(predicate)
  if (!found) throw new Error(`no such step in ${job}`)
  return found
}
const byId = (job: string, id: string): Step => step(job, candidate => candidate.id === id)
const uses = (job: string, action: string): Step =>
  step(job, candidate => candidate.uses?.includes(action) === true)
const needs = (job: string): string[] => [jobs[job].needs ?? []].flat()

/** Runs a workflow step's script with bash and the given env, as the runner does; returns its outputs. */
function runStep(
  script: string | undefined,
  env: Record<string, string>,
  cwd: string
): { code: number; stderr: string; outputs: Record<string, string> } {
  const output = join(cwd, 'github-output')
  writeFileSync(output, '')
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script ?? ''], {
    env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, GITHUB_RUN_ATTEMPT: '2', ...env },
    cwd,
    encoding: 'utf8'
  })
  return {
    code: result.status ?? 1,
    stderr: result.stderr,
    outputs: parseFileCommands(readFileSync(output, 'utf8'))
  }
}

/** A step's env as the runner gives it: each `${{ }}` evaluated over the contexts. */
const stepEnv = (target: Step, contexts: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(target.env ?? {}).map(([key, value]) => [key, evaluate(value, contexts)]))

const inputs = (given: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(build.on.workflow_call.inputs).map(([name, spec]) => [
      name,
      given[name] ?? (spec.default === undefined ? '' : String(spec.default))
    ])
  )

describe('build.yml without platforms: the single build job, as before', () => {
  it('runs build (and its code-scanning job) only when platforms is empty; the platform jobs only when given', () => {
    for (const [platforms, expected] of [
      ['', true],
      ['linux/amd64,linux/arm64', false]
    ] as const) {
      const contexts = { inputs: inputs({ platforms }) }
      expect(evaluate(`\${{ ${jobs.build.if} }}`, contexts)).toBe(String(expected))
      expect(evaluate(`\${{ ${jobs.plan.if} }}`, contexts)).toBe(String(!expected))
    }
    // Everything of the platform path hangs off plan: skipped with it.
    expect(needs('platform')).toEqual(['plan'])
    expect(needs('merge')).toEqual(['plan', 'platform'])
    expect(needs('platform-code-scanning')).toEqual(['plan', 'platform'])
    expect(needs('code-scanning')).toEqual(['build'])
  })

  it("the workflow's outputs are the build job's when it ran, the merge job's otherwise", () => {
    const outputs = build.on.workflow_call.outputs
    const single = { build: { outputs: { digest: 'sha256:b', image: 'r@sha256:b', passed: 'true' } } }
    const platforms = {
      build: { outputs: {} },
      plan: { outputs: { 'unique-tag': 'dev-1' } },
      merge: {
        outputs: { digest: 'sha256:i', image: 'r@sha256:i', passed: 'true', 'platform-digests': '[]' }
      }
    }
    expect(evaluate(outputs.digest.value, { jobs: single })).toBe('sha256:b')
    expect(evaluate(outputs.digest.value, { jobs: platforms })).toBe('sha256:i')
    expect(evaluate(outputs.image.value, { jobs: platforms })).toBe('r@sha256:i')
    expect(evaluate(outputs['unique-tag'].value, { jobs: platforms })).toBe('dev-1')
    expect(evaluate(outputs.passed.value, { jobs: platforms })).toBe('true')
    expect(outputs['platform-digests'].value).toBe('${{ jobs.merge.outputs.platform-digests }}')
  })
})

describe('build.yml with platforms: plan -> a job per platform -> merge', () => {
  it('maps each platform to its runner by default as GitHub offers them', () => {
    expect(JSON.parse(String(build.on.workflow_call.inputs['platform-runners'].default))).toEqual({
      'linux/amd64': 'ubuntu-24.04',
      'linux/arm64': 'ubuntu-24.04-arm'
    })
  })

  describe('the plan job', () => {
    const dir = mkdtempSync(join(tmpdir(), 'matrix-plan-'))
    const matrixOf = (platforms: string, runners?: string) =>
      runStep(
        byId('plan', 'matrix').run,
        stepEnv(byId('plan', 'matrix'), {
          inputs: inputs(runners === undefined ? { platforms } : { platforms, 'platform-runners': runners })
        }),
        dir
      )

    it('computes one matrix leg per platform, on its runner, with a slug for names', () => {
      const { code, outputs } = matrixOf('linux/amd64, linux/arm64\n')
      expect(code).toBe(0)
      expect(JSON.parse(outputs.matrix)).toEqual({
        include: [
          { platform: 'linux/amd64', slug: 'linux-amd64', runner: 'ubuntu-24.04' },
          { platform: 'linux/arm64', slug: 'linux-arm64', runner: 'ubuntu-24.04-arm' }
        ]
      })
      expect(jobs.plan.outputs?.matrix).toBe('${{ steps.matrix.outputs.matrix }}')
    })

    it.each([
      ['a platform without a runner', 'linux/s390x', undefined, 'names no runner for linux/s390x'],
      ['a platform twice', 'linux/amd64,linux/amd64', undefined, 'listed twice'],
      ['a platform that is no platform', 'linux/amd64,--privileged', undefined, 'is not a platform'],
      ['a mapping that is not JSON', 'linux/amd64', '{linux/amd64: x}', 'invalid JSON']
    ])('stops on %s', (_what, platforms, runners, message) => {
      const { code, stderr, outputs } = matrixOf(platforms, runners)
      expect(code).not.toBe(0)
      expect(stderr).toContain(message)
      expect(outputs).toEqual({})
    })

    it('computes one tag plan for all platforms and names the repository the index goes to', () => {
      expect(jobs.plan.outputs?.plan).toBe('${{ steps.tags.outputs.json }}')
      expect(byId('plan', 'tags').uses).toMatch(/\/actions\/compute-tags@/)
      const names = byId('plan', 'names')
      const run = (uniqueRefs: string) =>
        runStep(
          names.run,
          stepEnv(names, {
            inputs: inputs({ name: 'api/v2' }),
            steps: { tags: { outputs: { 'unique-refs': uniqueRefs, 'unique-tag': 'dev-abc-20261125' } } }
          }),
          dir
        ).outputs
      expect(run('ghcr.io/acme/app:dev-abc-20261125\nacme/app:dev-abc-20261125')).toEqual({
        'sarif-artifact': 'docker-actions-sarif-api-v2-2',
        'digests-artifact': 'docker-actions-digests-api-v2-2',
        category: 'docker-actions-image-api-v2',
        repository: 'ghcr.io/acme/app'
      })
      expect(run('127.0.0.1:5000/team/app:dev-abc-20261125').repository).toBe('127.0.0.1:5000/team/app')
    })
  })

  describe('a platform job', () => {
    const leg = { platform: 'linux/arm64', slug: 'linux-arm64', runner: 'ubuntu-24.04-arm' }
    /** The leg's image step, run after a build step with `build` outputs, in a fresh RUNNER_TEMP. */
    const runImageStep = (prefix: string, build: Record<string, string>) => {
      const dir = mkdtempSync(join(tmpdir(), prefix))
      const image = byId('platform', 'image')
      const env = stepEnv(image, {
        matrix: leg,
        needs: { plan: { outputs: { repository: 'ghcr.io/acme/app' } } },
        steps: { build: { outputs: build } }
      })
      return { dir, ...runStep(image.run, { ...env, RUNNER_TEMP: dir }, dir) }
    }

    it("is a leg of the plan job's matrix, on its runner, building that platform with the one plan", () => {
      expect(jobs.platform.strategy?.matrix).toBe('${{ fromJSON(needs.plan.outputs.matrix) }}')
      expect(jobs.platform['runs-on']).toBe('${{ matrix.runner }}')
      expect(uses('platform', '/actions/build-with-cache@').with).toMatchObject({
        platforms: '${{ matrix.platform }}',
        'tag-plan': '${{ needs.plan.outputs.plan }}',
        'push-builder': false
      })
    })

    it('scans (and verifies) its own platform digest, recording the gate, before handing it on', () => {
      const digests = JSON.stringify([{ platform: 'linux/arm64', digest: `sha256:${'b'.repeat(64)}` }])
      const { dir, code, outputs } = runImageStep('matrix-leg-', {
        pushed: 'true',
        'platform-digests': digests
      })
      expect(code).toBe(0)
      expect(outputs.image).toBe(`ghcr.io/acme/app@sha256:${'b'.repeat(64)}`)
      const scan = uses('platform', '/actions/scan-image@')
      expect(scan.with).toMatchObject({ image: '${{ steps.image.outputs.image }}' })
      expect(
        evaluate(String(scan.with?.['record-gate']), { steps: { build: { outputs: { pushed: 'true' } } } })
      ).toBe('true')
      expect(uses('platform', '/actions/verify-image@').with).toMatchObject({
        image: '${{ steps.image.outputs.image }}'
      })

      // The artifact holds exactly the file the step wrote, under a name merge will read.
      const upload = step(
        'platform',
        candidate => candidate.with?.name?.toString().includes('digests-artifact') === true
      )
      const contexts = {
        matrix: leg,
        runner: { temp: dir },
        needs: { plan: { outputs: { 'digests-artifact': 'docker-actions-digests-app-2' } } },
        steps: { scan: { outputs: { passed: 'true' } }, build: { outputs: { pushed: 'true' } } }
      }
      const path = evaluate(String(upload.with?.path), contexts)
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(JSON.parse(digests))
      expect(evaluate(String(upload.with?.name), contexts)).toBe('docker-actions-digests-app-2-linux-arm64')
      // Only a passing, pushed platform image is handed on.
      expect(evaluate(`\${{ ${upload.if} }}`, contexts)).toBe('true')
      const failing = { ...contexts, steps: { ...contexts.steps, scan: { outputs: { passed: 'false' } } } }
      expect(evaluate(`\${{ ${upload.if} }}`, failing)).toBe('false')
    })

    it('a fork pull request (nothing pushed) is checked by its local image ID and hands nothing on', () => {
      const { code, outputs } = runImageStep('matrix-fork-', { pushed: 'false', 'image-id': 'sha256:local' })
      expect(code).toBe(0)
      expect(outputs.image).toBe('sha256:local')
      expect(
        evaluate(String(jobs.plan.outputs?.publish), {
          steps: { tags: { outputs: { 'push-allowed': 'false' } } },
          inputs: inputs({})
        })
      ).toBe('false')
    })
  })

  describe('the merge job', () => {
    const matrix = {
      include: [
        { platform: 'linux/amd64', slug: 'linux-amd64', runner: 'ubuntu-24.04' },
        { platform: 'linux/arm64', slug: 'linux-arm64', runner: 'ubuntu-24.04-arm' }
      ]
    }
    const prefix = 'docker-actions-digests-app-2'
    const plan = {
      outputs: { matrix: JSON.stringify(matrix), 'digests-artifact': prefix, repository: 'ghcr.io/acme/app' }
    }
    const digestOf = (slug: string): string => `sha256:${(slug === 'linux-amd64' ? 'a' : 'b').repeat(64)}`

    /** The download directory as download-artifact leaves it: <path>/<artifact name>/<file>. */
    function downloaded(artifacts: string[]): string {
      const dir = mkdtempSync(join(tmpdir(), 'matrix-merge-'))
      const download = uses('merge', '/download-artifact@')
      const pattern = evaluate(String(download.with?.pattern), { needs: { plan } })
      const glob = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`)
      const upload = step(
        'platform',
        candidate => candidate.with?.name?.toString().includes('digests-artifact') === true
      )
      for (const artifact of artifacts) {
        if (!glob.test(artifact)) continue
        const slug = artifact.slice(prefix.length + 1)
        const file = basename(
          evaluate(String(upload.with?.path), { matrix: { slug }, runner: { temp: '/t' } })
        )
        mkdirSync(join(dir, String(download.with?.path), artifact), { recursive: true })
        writeFileSync(
          join(dir, String(download.with?.path), artifact, file),
          `${JSON.stringify([{ platform: slug.replace('-', '/'), digest: digestOf(slug) }])}\n`
        )
      }
      return dir
    }

    const readDigests = (dir: string) => {
      const digests = byId('merge', 'digests')
      return runStep(digests.run, stepEnv(digests, { needs: { plan } }), dir)
    }

    it('reads the artifact of every platform leg (named as the legs upload them) into the merge step', () => {
      const legs = matrix.include.map(leg =>
        evaluate(
          String(
            step(
              'platform',
              candidate => candidate.with?.name?.toString().includes('digests-artifact') === true
            ).with?.name
          ),
          { needs: { plan }, matrix: leg }
        )
      )
      // Another image of a monorepo run matching the pattern is left alone.
      const { code, outputs } = readDigests(downloaded([...legs, `${prefix}-x-linux-amd64`]))
      expect(code).toBe(0)
      expect(outputs.digests.split('\n').map(line => JSON.parse(line))).toEqual([
        [{ platform: 'linux/amd64', digest: digestOf('linux-amd64') }],
        [{ platform: 'linux/arm64', digest: digestOf('linux-arm64') }]
      ])
      expect(uses('merge', '/actions/merge@').with).toMatchObject({
        image: '${{ needs.plan.outputs.repository }}',
        digests: '${{ steps.digests.outputs.digests }}'
      })
    })

    it('fails when a platform handed nothing on (it never merges a partial index)', () => {
      const { code, outputs } = readDigests(downloaded([`${prefix}-linux-amd64`]))
      expect(code).not.toBe(0)
      expect(outputs).toEqual({})
    })

    it('runs only after every platform job succeeded, and publishes the merged index with the gate required', () => {
      // No status function: GitHub's implicit success() — one failed platform skips the merge.
      expect(jobs.merge.if).not.toMatch(/always\(\)|failure\(\)|cancelled\(\)/)
      const ids = jobs.merge.steps.map(candidate => candidate.id ?? candidate.uses)
      expect(ids.indexOf('publish')).toBeGreaterThan(ids.indexOf('merge'))
      expect(byId('merge', 'publish').uses).toMatch(/\/actions\/promote@/)
      expect(byId('merge', 'publish').with).toMatchObject({
        source: '${{ steps.merge.outputs.image }}',
        'expected-digest': '${{ steps.merge.outputs.digest }}',
        targets: '${{ needs.plan.outputs.immutable-tags }}',
        'floating-targets': '${{ needs.plan.outputs.floating-tags }}',
        'require-gate': true
      })
      expect(jobs.merge.outputs).toMatchObject({
        digest: '${{ steps.merge.outputs.digest }}',
        'platform-digests': '${{ steps.merge.outputs.platforms }}'
      })
    })

    it('gives GITHUB_TOKEN to merge and promote only for an image on ghcr.io', () => {
      for (const id of ['merge', 'publish']) {
        const password = String(byId('merge', id).with?.password)
        const run = (repository: string, secret = ''): string =>
          evaluate(password, {
            needs: { plan: { outputs: { repository } } },
            secrets: { REGISTRY_PASSWORD: secret },
            github: { token: 'ghs_T' }
          })
        expect(run('ghcr.io/acme/app')).toBe('ghs_T')
        expect(run('registry.example.com/acme/app')).toBe('')
        expect(run('ghcr.io.evil.com/acme/app')).toBe('')
        expect(run('registry.example.com/acme/app', 'own')).toBe('own')
      }
    })
  })

  it("uploads each platform's SARIF under its own category, in a job of its own", () => {
    const upload = uses('platform-code-scanning', 'upload-sarif@')
    expect(
      evaluate(String(upload.with?.category), {
        needs: { plan: { outputs: { 'sarif-category': 'docker-actions-image-app' } } },
        matrix: { slug: 'linux-arm64' }
      })
    ).toBe('docker-actions-image-app-linux-arm64')
    const sarifUpload = step(
      'platform',
      candidate => candidate.with?.name?.toString().includes('sarif-artifact') === true
    )
    const download = uses('platform-code-scanning', '/download-artifact@')
    expect(download.with?.name).toBe(sarifUpload.with?.name)
  })
})
