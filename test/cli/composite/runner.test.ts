import { describe, expect, it } from '@jest/globals'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { stringify } from 'yaml'
import {
  type ExpressionContext,
  evaluateCondition,
  interpolate
} from '../../../src/cli/composite/expressions.js'
import {
  loadCompositeAction,
  resolveInputs,
  runComposite,
  shellInvocation
} from '../../../src/cli/composite/runner.js'

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

/** Runs a composite action of these steps; its lines and the runner's messages are collected. */
async function runSteps(
  steps: unknown[],
  options: { env?: NodeJS.ProcessEnv; envContext?: Record<string, string>; outputs?: unknown } = {}
) {
  const dir = actionDir({ name: 't', outputs: options.outputs ?? {}, runs: { using: 'composite', steps } })
  const lines: string[] = []
  const messages: string[] = []
  const result = await runComposite({
    actionPath: dir,
    inputs: {},
    env: options.env,
    envContext: options.envContext,
    onLine: line => lines.push(line),
    onRunnerMessage: (message, level) => messages.push(`${level}: ${message}`)
  })
  return { result, lines, messages }
}

describe('composite runner: as the GitHub runner runs run steps', () => {
  it('shell: bash is `bash --noprofile --norc -e -o pipefail {0}` over a .sh script file', async () => {
    const { result, lines } = await runSteps([
      { id: 'args', shell: 'bash', run: 'echo "$0"; echo "$-"; shopt -o pipefail' },
      { id: 'pipefail', shell: 'bash', run: 'false | true; echo not reached' }
    ])
    expect(lines[0]).toMatch(/\/[0-9a-f-]{36}\.sh$/)
    expect(lines[1]).toContain('e')
    expect(lines[2]).toMatch(/pipefail\s+on/)
    expect(lines).not.toContain('not reached')
    expect(result.steps.map(step => step.outcome)).toEqual(['success', 'failure'])
    expect(shellInvocation('bash', 'x', '/t/s')).toEqual({
      command: 'bash',
      args: ['--noprofile', '--norc', '-e', '-o', 'pipefail', '/t/s.sh'],
      path: '/t/s.sh',
      script: 'x'
    })
  })

  it('shell: sh is `sh -e {0}`; python gets a .py file; pwsh the runner prologue', async () => {
    expect(shellInvocation('sh', 'x', '/t/s')).toMatchObject({ command: 'sh', args: ['-e', '/t/s.sh'] })
    expect(shellInvocation('python', 'x', '/t/s')).toMatchObject({ command: 'python', args: ['/t/s.py'] })
    expect(shellInvocation('pwsh', 'Get-Date', '/t/s')).toMatchObject({
      command: 'pwsh',
      args: ['-command', ". '/t/s.ps1'"],
      script: expect.stringMatching(/^\$ErrorActionPreference = 'stop'\nGet-Date\nif \(\(Test-Path/)
    })
    const { result, lines } = await runSteps([{ shell: 'sh', run: 'echo "sh $0"\nfalse\necho not reached' }])
    expect(lines).toEqual([expect.stringMatching(/^sh \/.*\.sh$/)])
    expect(result.ok).toBe(false)
  })

  it('a custom shell is `command [args] {0}`; a template without {0} is refused', async () => {
    expect(shellInvocation('perl -w {0} "two words"', 'x', '/t/s')).toMatchObject({
      command: 'perl',
      args: ['-w', '/t/s', 'two words'],
      path: '/t/s'
    })
    const { result, lines } = await runSteps([
      { id: 'js', shell: 'node {0} an-argument', run: "console.log('node ran', process.argv[2])" }
    ])
    expect(result.ok).toBe(true)
    expect(lines).toEqual(['node ran an-argument'])
    expect(() => shellInvocation('perl -w', 'x', '/t/s')).toThrow(/format string containing '\{0\}'/)
    expect(() => shellInvocation('zsh', 'x', '/t/s')).toThrow(/Invalid shell option "zsh"/)
  })

  it('GITHUB_ENV feeds the process environment and the env context of later steps', async () => {
    const { result, lines, messages } = await runSteps(
      [
        {
          id: 'set',
          shell: 'bash',
          run: [
            'echo "FROM_STEP=one" >> "$GITHUB_ENV"',
            'printf "MULTI<<EOF\\nline 1\\nline 2\\nEOF\\n" >> "$GITHUB_ENV"',
            'echo "NODE_OPTIONS=--require /tmp/evil.js" >> "$GITHUB_ENV"'
          ].join('\n')
        },
        {
          id: 'read',
          shell: 'bash',
          run: 'echo "process: $FROM_STEP / $SEEN / ${NODE_OPTIONS:-unset}"; echo "$MULTI"',
          env: {
            SEEN: '${{ env.FROM_STEP }}|${{ env.CALLER }}|${{ env.HOME }}',
            NODE_OPTIONS: ''
          }
        },
        { id: 'cond', if: "env.FROM_STEP == 'one'", shell: 'bash', run: 'echo condition saw it' }
      ],
      { envContext: { CALLER: 'workflow' } }
    )
    expect(result.ok).toBe(true)
    // The env context holds the caller's env and GITHUB_ENV values, never the machine's (HOME).
    expect(lines).toEqual(['process: one / one|workflow| / unset', 'line 1', 'line 2', 'condition saw it'])
    expect(messages).toEqual([
      `error: Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.`
    ])
    expect(result.env).toEqual({ FROM_STEP: 'one', MULTI: 'line 1\nline 2' })
  })

  it('GITHUB_PATH entries go in front of PATH for later steps, the last added first', async () => {
    const bin = (name: string): string => {
      const dir = mkdtempSync(join(tmpdir(), 'composite-path-'))
      writeFileSync(join(dir, 'which-tool'), `#!/bin/sh\necho ${name}\n`)
      chmodSync(join(dir, 'which-tool'), 0o755)
      return dir
    }
    const [first, second] = [bin('first'), bin('second')]
    const { result, lines } = await runSteps([
      { shell: 'bash', run: 'which-tool 2>/dev/null || echo none yet', env: {} },
      {
        shell: 'bash',
        run: 'echo "$FIRST" >> "$GITHUB_PATH"; echo "$SECOND" >> "$GITHUB_PATH"',
        env: { FIRST: first, SECOND: second }
      },
      { shell: 'bash', run: 'which-tool; echo "${PATH%%:*}"' }
    ])
    expect(result.ok).toBe(true)
    expect(lines).toEqual(['none yet', 'second', second])
    expect(result.path).toEqual([first, second])
  })

  it('working-directory is relative to the workspace (GITHUB_WORKSPACE), default the workspace', async () => {
    const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'composite-workspace-')))
    mkdirSync(join(workspace, 'sub', 'dir'), { recursive: true })
    const { lines } = await runSteps(
      [
        { shell: 'bash', run: 'pwd' },
        { shell: 'bash', run: 'pwd', 'working-directory': 'sub/${{ github.event_name }}' }
      ],
      { env: { ...process.env, GITHUB_WORKSPACE: workspace, GITHUB_EVENT_NAME: 'dir' } }
    )
    expect(lines).toEqual([workspace, join(workspace, 'sub', 'dir')])
  })

  it('continue-on-error: the outcome is failure, the conclusion success, and the run goes on', async () => {
    const { result, lines } = await runSteps(
      [
        { id: 'soft', shell: 'bash', run: 'exit 3', 'continue-on-error': true },
        { id: 'soft2', shell: 'bash', run: 'exit 4', 'continue-on-error': "${{ 'tr' == 'TR' }}" },
        { id: 'next', shell: 'bash', run: 'echo still running' },
        { id: 'only-on-failure', if: 'failure()', shell: 'bash', run: 'echo failure seen' }
      ],
      {
        outputs: {
          soft: { value: '${{ steps.soft.outcome }}/${{ steps.soft.conclusion }}' },
          next: { value: '${{ steps.next.conclusion }}' }
        }
      }
    )
    expect(result.ok).toBe(true)
    expect(lines).toEqual(['still running'])
    expect(result.outputs).toEqual({ soft: 'failure/success', next: 'success' })
    expect(result.steps.map(step => [step.id, step.outcome, step.conclusion])).toEqual([
      ['soft', 'failure', 'success'],
      ['soft2', 'failure', 'success'],
      ['next', 'success', 'success'],
      ['only-on-failure', 'skipped', 'skipped']
    ])
  })

  it('a failed step is reported with its exit code; outputs are still evaluated; an unreadable GITHUB_OUTPUT fails the step', async () => {
    const { result, messages } = await runSteps(
      [
        { id: 'bad-output', shell: 'bash', run: 'echo "text<<EOF" >> "$GITHUB_OUTPUT"' },
        { id: 'after', if: 'always()', shell: 'bash', run: 'echo "v=1" >> "$GITHUB_OUTPUT"; exit 2' }
      ],
      { outputs: { v: { value: '${{ steps.after.outputs.v }}' } } }
    )
    expect(result.ok).toBe(false)
    expect(result.steps.map(step => step.outcome)).toEqual(['failure', 'failure'])
    expect(result.outputs).toEqual({ v: '1' })
    expect(messages).toEqual([
      expect.stringMatching(
        /^error: Unable to process file command 'output' successfully: .*no closing "EOF"/
      ),
      'error: Process completed with exit code 2.'
    ])
  })

  it("each step has its own summary file; the result holds them all, and the caller's summary receives them", async () => {
    const outer = join(mkdtempSync(join(tmpdir(), 'composite-summary-')), 'summary.md')
    writeFileSync(outer, '# before\n')
    const { result } = await runSteps(
      [
        {
          shell: 'bash',
          run: 'echo "## one" >> "$GITHUB_STEP_SUMMARY"'
        },
        { shell: 'bash', run: 'echo "## two" >> "$GITHUB_STEP_SUMMARY"' }
      ],
      { env: { ...process.env, GITHUB_STEP_SUMMARY: outer } }
    )
    expect(result.summary).toBe('## one\n## two\n')
    expect(readFileSync(outer, 'utf8')).toBe('# before\n## one\n## two\n')
  })

  it('refuses a run step without shell:, a duplicate or reserved step id', () => {
    const load = (steps: unknown[]) => () =>
      loadCompositeAction(actionDir({ name: 't', runs: { using: 'composite', steps } }))
    expect(load([{ id: 'x', run: 'true' }])).toThrow(/no shell:/)
    expect(
      load([
        { id: 'x', shell: 'bash', run: 'true' },
        { id: 'x', shell: 'bash', run: 'true' }
      ])
    ).toThrow(/used twice/)
    expect(load([{ id: '__x', shell: 'bash', run: 'true' }])).toThrow(/not valid/)
  })
})

describe('the root action.yml (the one-line pipeline)', () => {
  const root = resolve('.')
  const action = loadCompositeAction(root)

  it('every step runs a committed bundle of this repository (or names the index repository, says an unpushed platform build is not gated, pushes the builder cache, or logs out)', () => {
    const shellSteps = ['repository', 'unpushed', 'cache', 'logout']
    for (const step of action.runs.steps.filter(step => shellSteps.includes(step.id ?? ''))) {
      // Plain commands over quoted variables from env: nothing from the event in the script.
      if (step.id === 'unpushed') expect([step.run?.includes('${{'), step.env]).toEqual([false, undefined])
      else if (step.id !== 'repository') expect(step.run).toMatch(/"\$(DOCKER|REGISTRY)"/)
      expect(step.run).not.toMatch(/eval|\$\(/)
    }
    for (const step of action.runs.steps.filter(step => !shellSteps.includes(step.id ?? ''))) {
      const bundle = /^node "\$GITHUB_ACTION_PATH\/(dist\/[a-z-]+\/index\.js)"$/.exec(step.run ?? '')
      expect(bundle).not.toBeNull()
      expect(readFileSync(join(root, (bundle as RegExpExecArray)[1])).length).toBeGreaterThan(0)
    }
  })

  it('every expression in it evaluates (@actions/expressions) and names a real input or step', () => {
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
      ...Object.values(action.outputs).map(output => output.value ?? ''),
      ...action.runs.steps.flatMap(step => Object.values(step.env ?? {}))
    ]
    for (const text of texts) expect(() => interpolate(text, context)).not.toThrow()
    for (const step of action.runs.steps) expect(() => evaluateCondition(step.if, context)).not.toThrow()
    for (const text of texts.join('\n').matchAll(/inputs\.([a-z-]+)/g))
      expect(action.inputs).toHaveProperty([text[1]])
    for (const text of texts.join('\n').matchAll(/steps\.([a-z-]+)\./g)) expect(stepIds).toContain(text[1])
  })
})

describe('the root action.yml with platforms, when the build was not pushed (a fork pull request)', () => {
  const action = loadCompositeAction(resolve('.'))
  /** Walks the steps as the runner does: each `if:` against what the earlier steps did. */
  function walk(inputs: Record<string, string>, build: Record<string, string>): string[] {
    const steps: Record<string, { outcome: string; outputs: Record<string, string> }> = {}
    const ran: string[] = []
    for (const step of action.runs.steps) {
      const context: ExpressionContext = {
        failed: false,
        contexts: { inputs, steps, github: {}, runner: {}, env: {} }
      }
      const runs = evaluateCondition(step.if, context)
      const outputs = step.id === 'build' ? build : {}
      steps[step.id as string] = { outcome: runs ? 'success' : 'skipped', outputs: runs ? outputs : {} }
      if (runs) ran.push(step.id as string)
    }
    return ran
  }
  const defaults = Object.fromEntries(
    Object.entries(action.inputs).map(([name, spec]) => [name, String(spec.default ?? '')])
  )

  it('runs no gate and publishes nothing, and says so (passed: skipped) instead of failing on an empty image', () => {
    const inputs = { ...defaults, platforms: 'linux/amd64,linux/arm64', dockerflow: 'true' }
    const ran = walk(inputs, { pushed: 'false', 'platform-digests': '[]' })
    expect(ran).toEqual(['tags', 'build', 'unpushed'])
    const unpushed = action.runs.steps.find(step => step.id === 'unpushed')
    expect(unpushed?.run).toContain("printf 'passed=%s\\n' 'skipped'")
    expect(action.outputs.passed.value).toContain('steps.unpushed.outputs.passed')
  })

  it('without platforms the steps are as before: the local image is verified and scanned', () => {
    const ran = walk({ ...defaults, dockerflow: 'true' }, { pushed: 'false', 'image-id': 'sha256:1' })
    expect(ran).toEqual(['tags', 'build', 'dockerflow', 'scan'])
  })

  it('with platforms pushed: merge, verify and scan the index (publish follows only a passed gate)', () => {
    const inputs = { ...defaults, platforms: 'linux/amd64,linux/arm64', dockerflow: 'true' }
    expect(walk(inputs, { pushed: 'true' })).toEqual([
      'tags',
      'build',
      'repository',
      'merge',
      'dockerflow',
      'scan'
    ])
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
