import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { stringify } from 'yaml'
import {
  type ExpressionContext,
  evaluateCondition,
  interpolate
} from '../../../src/lib/composite/expressions.js'
import { loadCompositeAction, resolveInputs, runComposite } from '../../../src/lib/composite/runner.js'

function actionDir(action: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'composite-test-'))
  writeFileSync(join(dir, 'action.yml'), stringify(action))
  return dir
}

const node = (script: string): string => `node -e ${JSON.stringify(script).replace(/\$/g, '\\$')}`

describe('composite runner', () => {
  it('feeds inputs, step outputs, GITHUB_ENV and conditions through the steps like the runner', async () => {
    const dir = actionDir({
      name: 't',
      inputs: { who: { required: true }, 'greeting-word': { default: 'hello' } },
      outputs: {
        message: { value: '${{ steps.second.outputs.message }}' },
        skipped: { value: '${{ steps.never.outcome }}' }
      },
      runs: {
        using: 'composite',
        steps: [
          {
            id: 'first',
            shell: 'bash',
            run: node(
              `const fs=require('fs');fs.appendFileSync(process.env.GITHUB_OUTPUT,'upper<<EOF\\n'+process.env['INPUT_WHO'].toUpperCase()+'\\nEOF\\n');fs.appendFileSync(process.env.GITHUB_ENV,'CARRIED=yes\\n')`
            ),
            env: { INPUT_WHO: '${{ inputs.who }}' }
          },
          {
            id: 'second',
            shell: 'bash',
            run: node(
              `require('fs').appendFileSync(process.env.GITHUB_OUTPUT,'message='+process.env['INPUT_GREETING-WORD']+' '+process.env.NAME+' '+process.env.CARRIED+'\\n');console.log('said it')`
            ),
            env: {
              'INPUT_GREETING-WORD': '${{ inputs.greeting-word }}',
              NAME: '${{ steps.first.outputs.upper }}'
            }
          },
          { id: 'never', if: "steps.second.outputs.message == ''", shell: 'bash', run: 'exit 1' }
        ]
      }
    })
    const lines: string[] = []
    const result = await runComposite({
      actionPath: dir,
      inputs: { who: 'world' },
      onLine: line => lines.push(line)
    })
    expect(result.ok).toBe(true)
    expect(result.outputs).toEqual({ message: 'hello WORLD yes', skipped: 'skipped' })
    expect(result.steps.map(step => [step.id, step.outcome])).toEqual([
      ['first', 'success'],
      ['second', 'success'],
      ['never', 'skipped']
    ])
    expect(lines).toContain('said it')
  })

  it('a failing step fails the run; later steps run only if their condition asks for it', async () => {
    const dir = actionDir({
      name: 't',
      runs: {
        using: 'composite',
        steps: [
          { id: 'boom', shell: 'bash', run: 'echo before; false; echo after' },
          { id: 'next', shell: 'bash', run: 'echo should not run' },
          { id: 'cleanup', if: 'always()', shell: 'bash', run: 'echo cleaned' }
        ]
      }
    })
    const lines: string[] = []
    const result = await runComposite({ actionPath: dir, inputs: {}, onLine: line => lines.push(line) })
    expect(result.ok).toBe(false)
    expect(result.steps.map(step => step.outcome)).toEqual(['failure', 'skipped', 'success'])
    expect(lines).toEqual(['before', 'cleaned'])
  })

  it('refuses expressions inside run: (script injection) and uses: steps', () => {
    const injected = actionDir({
      name: 't',
      runs: { using: 'composite', steps: [{ id: 'x', shell: 'bash', run: 'echo ${{ inputs.who }}' }] }
    })
    expect(() => loadCompositeAction(injected)).toThrow(/expression inside run:/)
    const uses = actionDir({
      name: 't',
      runs: { using: 'composite', steps: [{ uses: 'actions/checkout@v4' }] }
    })
    expect(() => loadCompositeAction(uses)).toThrow(/only run steps/)
  })

  it('checks inputs against action.yml', () => {
    const action = loadCompositeAction(
      actionDir({
        name: 't',
        inputs: { a: { required: true }, b: { default: 'x' } },
        runs: { using: 'composite', steps: [] }
      })
    )
    expect(resolveInputs(action, { a: '1' })).toEqual({ a: '1', b: 'x' })
    expect(() => resolveInputs(action, {})).toThrow(/Input "a" is required/)
    expect(() => resolveInputs(action, { a: '1', c: '2' })).toThrow(
      /Unknown input\(s\) "c"; the inputs are: a, b/
    )
  })
})

describe('the root action.yml (the one-line pipeline)', () => {
  const root = resolve('.')
  const action = loadCompositeAction(root)

  it('every step runs a committed bundle of this repository (or pushes the builder cache, or logs out)', () => {
    const shellSteps = ['cache', 'logout']
    for (const step of action.runs.steps.filter(step => shellSteps.includes(step.id ?? ''))) {
      // Plain docker commands over quoted variables from env: nothing from the event in the script.
      expect(step.run).toMatch(/"\$(DOCKER|REGISTRY)"/)
      expect(step.run).not.toMatch(/eval|\$\(/)
    }
    for (const step of action.runs.steps.filter(step => !shellSteps.includes(step.id ?? ''))) {
      const bundle = /^node "\$GITHUB_ACTION_PATH\/(dist\/[a-z-]+\/index\.js)"$/.exec(step.run ?? '')
      expect(bundle).not.toBeNull()
      expect(readFileSync(join(root, (bundle as RegExpExecArray)[1])).length).toBeGreaterThan(0)
    }
  })

  it('every expression in it is in the supported subset and names a real input or step', () => {
    const stepIds = action.runs.steps.map(step => step.id)
    const context: ExpressionContext = {
      failed: false,
      contexts: {
        inputs: Object.fromEntries(Object.keys(action.inputs).map(name => [name, 'x'])),
        steps: Object.fromEntries(stepIds.map(id => [id as string, { outcome: 'success', outputs: {} }])),
        github: { action_path: root },
        runner: { temp: '/tmp' },
        env: {}
      }
    }
    const texts = [
      ...Object.values(action.outputs).map(output => output.value),
      ...action.runs.steps.flatMap(step => Object.values(step.env ?? {}))
    ]
    for (const text of texts) expect(() => interpolate(text, context)).not.toThrow()
    for (const step of action.runs.steps) expect(() => evaluateCondition(step.if, context)).not.toThrow()
    for (const text of texts.join('\n').matchAll(/inputs\.([a-z-]+)/g))
      expect(action.inputs).toHaveProperty([text[1]])
    for (const text of texts.join('\n').matchAll(/steps\.([a-z-]+)\./g)) expect(stepIds).toContain(text[1])
  })
})

describe('build/action.yml (`uses: <org>/docker-actions/build@v1`)', () => {
  it('is the root action.yml with the bundles one directory up (run `npm run build` after editing it)', async () => {
    const { buildActionText } = await import('../../../scripts/build-action.js')
    expect(readFileSync('build/action.yml', 'utf8')).toBe(buildActionText(readFileSync('action.yml', 'utf8')))
  })

  it('runs bundles that exist, seen from its own directory', () => {
    const action = loadCompositeAction(resolve('build'))
    const bundles = action.runs.steps.flatMap(
      step =>
        /^node "\$GITHUB_ACTION_PATH\/(\.\.\/dist\/[a-z-]+\/index\.js)"$/.exec(step.run ?? '')?.[1] ?? []
    )
    expect(bundles.length).toBeGreaterThanOrEqual(5)
    for (const bundle of bundles)
      expect(readFileSync(join(resolve('build'), bundle)).length).toBeGreaterThan(0)
  })
})
