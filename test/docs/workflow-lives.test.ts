/**
 * What the reusable workflows do with the values a real run gives them: the matrix legs of the
 * monorepo example stay apart, GITHUB_TOKEN never goes to another registry, and promote.yml's input
 * checks stop an output injection. The run: scripts are executed with bash, as the runner would.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { parseFileCommands } from '../../src/cli/file-commands.js'
import { interpolate } from '../../src/cli/composite/expressions.js'

type Contexts = Record<string, unknown>

/** A workflow's `${{ }}` text as GitHub evaluates it (the local runner's evaluator: @actions/expressions). */
const evaluateTemplate = (text: string, contexts: Contexts): string =>
  interpolate(text, { contexts, failed: false })

interface Step {
  id?: string
  uses?: string
  run?: string
  env?: Record<string, string>
  with?: Record<string, unknown>
}
interface Job {
  concurrency?: { group: string }
  steps?: Step[]
  with?: Record<string, string>
  strategy?: { matrix: Record<string, string[]> }
}
interface Workflow {
  on: { workflow_call?: { inputs: Record<string, { default?: unknown }> } }
  jobs: Record<string, Job>
}

const load = (file: string): Workflow => parse(readFileSync(file, 'utf8')) as Workflow
const build = load('.github/workflows/build.yml')

/** Runs a workflow step's script with bash and its env, as the runner does; returns its outputs. */
function runStep(step: Step, env: Record<string, string>): { code: number; outputs: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-step-'))
  const output = join(dir, 'output')
  writeFileSync(output, '')
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run ?? ''], {
    env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, GITHUB_RUN_ATTEMPT: '1', ...env },
    cwd: process.cwd(),
    encoding: 'utf8'
  })
  return { code: result.status ?? 1, outputs: parseFileCommands(readFileSync(output, 'utf8')) }
}

/** build.yml's inputs for one caller `with:` (defaults applied), as strings. */
function buildInputs(given: Record<string, string>): Record<string, string> {
  const inputs: Record<string, string> = {}
  for (const [name, spec] of Object.entries(build.on.workflow_call?.inputs ?? {}))
    inputs[name] = given[name] ?? (spec.default === undefined ? '' : String(spec.default))
  return inputs
}

describe('the monorepo example: matrix legs never share a concurrency group, artifact or category', () => {
  const monorepo = load('examples/workflows/monorepo.yml')
  const job = monorepo.jobs.image
  const services = job.strategy?.matrix.service ?? []
  const github = {
    workflow: 'images',
    repository: 'acme/mono',
    ref: 'refs/heads/main',
    head_ref: '',
    event: { pull_request: null }
  }

  const legs = services.map(service => {
    const matrix = { service }
    const given = Object.fromEntries(
      Object.entries(job.with ?? {}).map(([key, value]) => [
        key,
        evaluateTemplate(String(value), { matrix, github, inputs: { ref: '' } })
      ])
    )
    const inputs = buildInputs(given)
    const group = evaluateTemplate(build.jobs.build.concurrency?.group ?? '', { inputs, github })
    const names = (build.jobs.build.steps ?? []).find(step => step.id === 'names') as Step
    const env = Object.fromEntries(
      Object.entries(names.env ?? {}).map(([key, value]) => [
        key,
        evaluateTemplate(value, { inputs, github } as Contexts)
      ])
    )
    const { code, outputs } = runStep(names, env)
    expect(code).toBe(0)
    return { service, group, artifact: outputs.artifact, category: outputs.category }
  })

  it('has several legs', () => {
    expect(legs.length).toBeGreaterThan(1)
  })

  it.each(['group', 'artifact', 'category'] as const)('every leg has its own %s', key => {
    const values = legs.map(leg => leg[key])
    for (const value of values) expect(value).toBeTruthy()
    expect(new Set(values).size).toBe(legs.length)
  })

  it('artifact names hold only characters upload-artifact accepts', () => {
    for (const leg of legs) expect(leg.artifact).toMatch(/^[A-Za-z0-9_.-]+$/)
  })
})

describe('GITHUB_TOKEN is a credential for ghcr.io only', () => {
  const files = [
    '.github/workflows/build.yml',
    '.github/workflows/promote.yml',
    '.github/workflows/check-base.yml'
  ]
  it.each(files)('%s never sends github.token to a registry without checking it is ghcr.io', file => {
    const text = readFileSync(file, 'utf8')
    const lines = text
      .split('\n')
      .filter(line => line.includes('github.token') && !/github-token:/.test(line))
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) expect(line).toMatch(/'ghcr\.io'|'ghcr\.io\/'/)
  })

  it('promote.yml gives github.token only for an image on ghcr.io', () => {
    const promote = load('.github/workflows/promote.yml')
    const step = (promote.jobs.resolve.steps ?? []).find(s => s.id === 'check') as Step
    const password = String(step.with?.password)
    const evaluate = (image: string, secret: string): string =>
      evaluateTemplate(password, {
        inputs: { image },
        secrets: { REGISTRY_PASSWORD: secret },
        github: { token: 'ghs_T' }
      })
    expect(evaluate('ghcr.io/acme/app', '')).toBe('ghs_T')
    expect(evaluate('registry.example.com/acme/app', '')).toBe('')
    expect(evaluate('ghcr.io.evil.com/acme/app', '')).toBe('')
    expect(evaluate('registry.example.com/acme/app', 'own')).toBe('own')
  })
})

describe("promote.yml's resolve step checks its inputs before writing outputs", () => {
  const promote = load('.github/workflows/promote.yml')
  const step = (promote.jobs.resolve.steps ?? []).find(s => s.id === 'source') as Step

  it('a source with a newline cannot add an output (the injection is refused)', () => {
    const { code, outputs } = runStep(step, { IMAGE: 'ghcr.io/acme/app', SOURCE: 'dev-abc\nunique=latest' })
    expect(code).not.toBe(0)
    expect(outputs).toEqual({})
  })

  it.each([
    ['an image with a tag', 'ghcr.io/acme/app:latest', 'dev-abc'],
    ['an image with a newline', 'ghcr.io/acme/app\nreference=x', 'dev-abc'],
    ['a malformed digest', 'ghcr.io/acme/app', 'sha256:xyz'],
    ['a source with a space', 'ghcr.io/acme/app', 'dev abc']
  ])('refuses %s', (_what, image, source) => {
    const { code, outputs } = runStep(step, { IMAGE: image, SOURCE: source })
    expect(code).not.toBe(0)
    expect(outputs).toEqual({})
  })

  it('writes the reference and the production tag for a unique tag and for a digest', () => {
    expect(runStep(step, { IMAGE: 'ghcr.io/acme/app', SOURCE: 'dev-abc-1' }).outputs).toEqual({
      reference: 'ghcr.io/acme/app:dev-abc-1',
      unique: 'prod-abc-1'
    })
    const digest = `sha256:${'a'.repeat(64)}`
    expect(runStep(step, { IMAGE: '127.0.0.1:5000/team/app', SOURCE: digest }).outputs).toEqual({
      reference: `127.0.0.1:5000/team/app@${digest}`,
      unique: `prod-${'a'.repeat(12)}`
    })
  })
})
