import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

interface Step {
  uses?: string
  run?: string
}
interface Job {
  permissions?: Record<string, string> | string
  environment?: string | { name: string }
  steps?: Step[]
  uses?: string
}
interface Workflow {
  on: Record<string, unknown>
  permissions?: Record<string, string> | string
  jobs: Record<string, Job>
}

const files = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter(name => /\.ya?ml$/.test(name))
        .map(name => join(dir, name))
    : []
const workflows = [...files('.github/workflows'), ...files('examples/workflows')].map(
  file => [file, parse(readFileSync(file, 'utf8')) as Workflow] as const
)
const load = (file: string): Workflow => parse(readFileSync(file, 'utf8')) as Workflow
const OWN_ACTIONS = /^(acme\/docker-actions([/@]|$)|\.\/)/

function usesOf(workflow: Workflow): string[] {
  return Object.values(workflow.jobs).flatMap(job => [
    ...(job.uses ? [job.uses] : []),
    ...(job.steps ?? []).flatMap(step => (step.uses ? [step.uses] : []))
  ])
}

describe.each(workflows)('%s', (_file, workflow) => {
  it('pins every third-party action by full commit SHA', () => {
    for (const uses of usesOf(workflow).filter(uses => !OWN_ACTIONS.test(uses))) {
      expect(uses).toMatch(/@[0-9a-f]{40}$/)
    }
  })

  it('declares permissions at the top, least privilege (nothing broader than read)', () => {
    expect(workflow.permissions).toBeDefined()
    const top = workflow.permissions
    if (typeof top === 'object') for (const level of Object.values(top)) expect(level).toBe('read')
    else expect(top).not.toMatch(/write/)
  })

  it('never pastes an expression into a run: script (injection)', () => {
    for (const job of Object.values(workflow.jobs))
      for (const step of job.steps ?? []) expect(step.run ?? '').not.toMatch(/\$\{\{/)
  })
})

describe('reusable workflows', () => {
  it('build.yml: packages: write only where it pushes, security-events: write only for the SARIF upload', () => {
    const build = load('.github/workflows/build.yml')
    expect(Object.keys(build.on)).toEqual(['workflow_call'])
    const grants = (permission: string): string[] =>
      Object.entries(build.jobs)
        .filter(([, job]) => typeof job.permissions === 'object' && job.permissions[permission] === 'write')
        .map(([name]) => name)
    // With `platforms`: each platform job pushes its image by digest, the merge job the index and tags.
    expect(grants('packages')).toEqual(['build', 'platform', 'merge'])
    expect(grants('security-events')).toEqual(['code-scanning', 'platform-code-scanning'])
    expect(build.jobs.plan.permissions).toEqual({ contents: 'read' })
    expect(build.jobs.merge.permissions).toEqual({ packages: 'write' })
    expect(usesOf(build).some(uses => uses.startsWith('github/codeql-action/upload-sarif@'))).toBe(true)
  })

  it('promote.yml: dispatchable and callable; staging and production are Environments; the gate is checked first', () => {
    const promote = load('.github/workflows/promote.yml')
    expect(Object.keys(promote.on).sort()).toEqual(['workflow_call', 'workflow_dispatch'])
    expect(promote.jobs.staging.environment).toBe('staging')
    expect(promote.jobs.production.environment).toBe('production')
    const check = (promote.jobs.resolve.steps ?? []).find(step => step.uses?.includes('actions/promote@'))
    expect(check).toMatchObject({ with: { 'dry-run': true, 'require-gate': '${{ inputs.require-gate }}' } })
    expect((promote.jobs.production as { needs: string[] }).needs).toEqual([
      'resolve',
      'staging',
      'smoke-test'
    ])
  })

  it('check-base.yml: scheduled and callable, reads packages, may only dispatch workflows; only the propose job writes', () => {
    const check = load('.github/workflows/check-base.yml')
    expect(Object.keys(check.on).sort()).toEqual(['schedule', 'workflow_call'])
    expect(check.jobs.check.permissions).toEqual({ contents: 'read', packages: 'read', actions: 'write' })
    // Pull requests for newer base versions: the only job that may write code or pull requests.
    expect(check.jobs.propose.permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
      packages: 'read'
    })
    for (const [name, job] of Object.entries(check.jobs)) {
      if (name === 'propose') continue
      const granted = typeof job.permissions === 'object' ? job.permissions : {}
      expect([name, granted.contents]).not.toEqual([name, 'write'])
      expect([name, granted['pull-requests']]).not.toEqual([name, 'write'])
    }
    const step = (check.jobs.check.steps ?? []).find(candidate =>
      candidate.uses?.includes('actions/check-base@')
    )
    expect(step).toBeDefined()
  })
})
