/**
 * promote.yml's provenance policy for production, evaluated as GitHub evaluates it (the local
 * runner's evaluator, @actions/expressions): on by default, builders and branches default to this
 * repository's workflows on its default branch, and the resolve job checks it before staging moves.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { interpolate } from '../../../src/cli/composite/expressions.js'

interface Step {
  id?: string
  uses?: string
  with?: Record<string, unknown>
}
interface Workflow {
  on: Record<string, { inputs: Record<string, { default?: unknown; type?: string }> }>
  jobs: Record<string, { steps?: Step[] }>
}
const promote = parse(readFileSync('.github/workflows/promote.yml', 'utf8')) as Workflow
const promoteStep = (job: string): Step =>
  (promote.jobs[job].steps ?? []).find(step => step.uses?.includes('actions/promote@')) as Step

const evaluate = (text: unknown, inputs: Record<string, unknown>, defaultBranch = 'main'): string =>
  interpolate(String(text), {
    contexts: {
      inputs: {
        environment: 'production',
        'require-provenance': true,
        'allowed-builders': '',
        'allowed-branches': '',
        ...inputs
      },
      github: { repository: 'acme/app', event: { repository: { default_branch: defaultBranch } } }
    },
    failed: false
  })

describe('promote.yml: require-provenance for production', () => {
  it.each(['workflow_dispatch', 'workflow_call'])(
    '%s: on by default, with builder and branch inputs',
    trigger => {
      const inputs = promote.on[trigger].inputs
      expect(inputs['require-provenance']).toMatchObject({ type: 'boolean', default: true })
      expect(inputs['allowed-builders'].default).toBe('')
      expect(inputs['allowed-branches'].default).toBe('')
    }
  )

  it('production passes it; builders and branches default to this repository on its default branch', () => {
    const step = promoteStep('production')
    expect(evaluate(step.with?.['require-provenance'], {})).toBe('true')
    expect(evaluate(step.with?.['allowed-builders'], {}, 'trunk')).toBe(
      'acme/app/.github/workflows/*@refs/heads/trunk'
    )
    expect(evaluate(step.with?.['allowed-branches'], {}, 'trunk')).toBe('trunk')
    expect(
      evaluate(step.with?.['allowed-builders'], {
        'allowed-builders': 'acme/ci/.github/workflows/build.yml@refs/heads/main'
      })
    ).toBe('acme/ci/.github/workflows/build.yml@refs/heads/main')
    expect(evaluate(step.with?.['allowed-branches'], { 'allowed-branches': 'main,refs/tags/v*' })).toBe(
      'main,refs/tags/v*'
    )
    // No default branch in the event: never "any branch".
    expect(evaluate(step.with?.['allowed-branches'], {}, '')).toBe('main')
  })

  it('the resolve job checks it for production only, before staging moves; staging never requires it', () => {
    const check = promoteStep('resolve')
    expect(evaluate(check.with?.['require-provenance'], {})).toBe('true')
    expect(evaluate(check.with?.['require-provenance'], { environment: 'staging' })).toBe('false')
    expect(evaluate(check.with?.['require-provenance'], { 'require-provenance': false })).toBe('false')
    expect(check.with?.['allowed-builders']).toBe(promoteStep('production').with?.['allowed-builders'])
    expect(promoteStep('staging').with?.['require-provenance']).toBeUndefined()
  })
})
