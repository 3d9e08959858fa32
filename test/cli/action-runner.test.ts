import { describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { stringify } from 'yaml'
import { loadActionMetadata, runAction, runActionStep } from '../../src/cli/action-runner.js'
import { inputVariable } from '../../src/lib/inputs.js'
import { runAction as runRepositoryAction } from '../support/action-runner.js'

/**
 * A node action that reports what the runner gave it: its INPUT_* and STATE_* variables as outputs,
 * saves state in main, and in post writes the state it received to the summary. `behaviour` (an
 * input) makes main fail, or kill itself.
 */
function nodeAction(runs: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'node-action-'))
  writeFileSync(
    join(dir, 'action.yml'),
    stringify({
      name: 'reporter',
      inputs: {
        'build-args': { default: 'A=1' },
        'my input': { default: 'spaced' },
        event: { default: '${{ github.event_name }}' },
        token: { default: '${{ github.token }}' },
        'no-default': { required: false },
        who: { required: true },
        behaviour: { default: 'succeed' }
      },
      outputs: { inputs: { description: 'INPUT_* seen' } },
      runs: { using: 'node24', main: 'index.js', post: 'index.js', ...runs }
    })
  )
  writeFileSync(
    join(dir, 'index.js'),
    `
const fs = require('fs')
const env = process.env
const pick = prefix => Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith(prefix)))
const write = (file, name, value) => fs.appendFileSync(env[file], name + '<<EOF\\n' + value + '\\nEOF\\n')
if (env.STATE_isPost === 'true') {
  fs.appendFileSync(env.GITHUB_STEP_SUMMARY, 'post saw ' + JSON.stringify(pick('STATE_')) + ' carried=' + env.CARRIED + ' path=' + env.PATH.split(':')[0] + '\\n')
  console.log('post ran')
} else {
  write('GITHUB_OUTPUT', 'inputs', JSON.stringify(pick('INPUT_')))
  write('GITHUB_STATE', 'isPost', 'true')
  write('GITHUB_STATE', 'secret', 'kept')
  write('GITHUB_ENV', 'CARRIED', 'from-main')
  fs.appendFileSync(env.GITHUB_PATH, '/opt/added\\n')
  fs.appendFileSync(env.GITHUB_STEP_SUMMARY, 'main summary\\n')
  console.log('main ran')
  console.error('to stderr')
  if (env.INPUT_BEHAVIOUR === 'fail') process.exitCode = 1
  if (env.INPUT_BEHAVIOUR === 'kill') process.kill(process.pid, 'SIGTERM')
}
`
  )
  return dir
}

const env = { PATH: process.env.PATH, GITHUB_EVENT_NAME: 'push', INPUT_LEFTOVER: 'x', STATE_OLD: 'y' }

describe('the one action runner', () => {
  it('names INPUT_* as the runner does: upper-cased, spaces to _, hyphens kept', () => {
    expect(inputVariable('build-args')).toBe('INPUT_BUILD-ARGS')
    expect(inputVariable('my input')).toBe('INPUT_MY_INPUT')
  })

  it('applies action.yml defaults (expressions evaluated), leaves unset inputs unset, drops leftover INPUT_*', async () => {
    const lines: string[] = []
    const run = await runAction(nodeAction(), {
      inputs: { who: 'me' },
      env,
      onLine: (line, stream) => lines.push(`${stream}: ${line}`)
    })
    expect(run.ok).toBe(true)
    expect(JSON.parse(run.outputs.inputs)).toEqual({
      'INPUT_BUILD-ARGS': 'A=1',
      INPUT_MY_INPUT: 'spaced',
      INPUT_EVENT: 'push',
      // Outside GitHub there is no job token.
      INPUT_TOKEN: '',
      INPUT_WHO: 'me',
      INPUT_BEHAVIOUR: 'succeed'
    })
    expect(lines).toEqual(['stdout: main ran', 'stderr: to stderr', 'stdout: post ran'])
  })

  it('runs post with the saved state, the same inputs and what main set through GITHUB_ENV / GITHUB_PATH', async () => {
    const run = await runAction(nodeAction(), { inputs: { who: 'me' }, env })
    expect(run.steps.map(step => [step.stage, step.exitCode])).toEqual([
      ['main', 0],
      ['post', 0]
    ])
    expect(run.state).toEqual({ isPost: 'true', secret: 'kept' })
    expect(run.summary).toBe(
      'main summary\npost saw {"STATE_isPost":"true","STATE_secret":"kept"} carried=from-main path=/opt/added\n'
    )
    expect(run.env).toEqual({ CARRIED: 'from-main' })
    expect(run.path).toEqual(['/opt/added'])
  })

  it('post-if: always() (the default) runs post after a failed main; failure() only then; success() not then', async () => {
    const failing = { inputs: { who: 'me', behaviour: 'fail' }, env }
    const always = await runAction(nodeAction(), failing)
    expect(always.ok).toBe(false)
    expect(always.steps.map(step => [step.stage, step.ok])).toEqual([
      ['main', false],
      ['post', true]
    ])
    const onFailure = nodeAction({ 'post-if': 'failure()' })
    expect((await runAction(onFailure, failing)).steps).toHaveLength(2)
    expect((await runAction(onFailure, { inputs: { who: 'me' }, env })).steps).toHaveLength(1)
    const onSuccess = nodeAction({ 'post-if': 'success()' })
    expect((await runAction(onSuccess, failing)).steps).toHaveLength(1)
  })

  it('reports the exit code and the signal that ended the process', async () => {
    const action = loadActionMetadata(nodeAction())
    const failed = await runActionStep(action, 'main', { inputs: { who: 'me', behaviour: 'fail' }, env })
    expect([failed.ok, failed.exitCode, failed.signal]).toEqual([false, 1, null])
    expect(failed.stdout).toBe('main ran\n')
    expect(failed.stderr).toBe('to stderr\n')
    const killed = await runActionStep(action, 'main', { inputs: { who: 'me', behaviour: 'kill' }, env })
    expect([killed.ok, killed.signal]).toEqual([false, 'SIGTERM'])
  })

  it('hands over the child process before the run is awaited', () => {
    let child: ChildProcess | undefined
    const running = runActionStep(loadActionMetadata(nodeAction()), 'main', {
      inputs: { who: 'me' },
      env,
      onSpawn: started => (child = started)
    })
    expect(child?.pid).toEqual(expect.any(Number))
    return running
  })

  it('refuses a missing required input before anything runs; warns about unexpected inputs and passes them', async () => {
    await expect(runAction(nodeAction(), { inputs: {}, env })).rejects.toThrow(
      'Input "who" is required by reporter.'
    )
    await expect(runAction(nodeAction(), { inputs: { who: '' }, env })).rejects.toThrow(/"who" is required/)
    const messages: string[] = []
    const run = await runAction(nodeAction(), {
      inputs: { who: 'me', typo: 'x' },
      env,
      onRunnerMessage: (message, level) => messages.push(`${level}: ${message}`)
    })
    expect(messages).toEqual([
      "warning: Unexpected input(s) 'typo', valid inputs are ['build-args', 'my input', 'event', 'token', 'no-default', 'who', 'behaviour']"
    ])
    expect(JSON.parse(run.outputs.inputs)).toMatchObject({ INPUT_TYPO: 'x' })
  })

  it('refuses composite actions, runs.pre and a missing action.yml', async () => {
    await expect(runAction(resolve('.'), { inputs: { images: 'a/b' } })).rejects.toThrow(
      /runs.using "composite": only node actions/
    )
    await expect(runAction(nodeAction({ pre: 'index.js' }), { inputs: { who: 'me' }, env })).rejects.toThrow(
      /runs.pre, which the local runner does not run/
    )
    expect(() => loadActionMetadata(tmpdir())).toThrow(/holds no action.yml/)
  })
})

describe('the actions of this repository through it (committed bundles)', () => {
  it('compute-tags from its action.yml: the bundle it names, its defaults applied', async () => {
    const run = await runRepositoryAction('compute-tags', {
      inputs: { images: 'ghcr.io/acme/app' },
      env: {
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
        GITHUB_REPOSITORY: 'acme/app'
      },
      event: { ref: 'refs/heads/main', repository: { full_name: 'acme/app', default_branch: 'main' } }
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs['builder-tags']).toBe('ghcr.io/acme/app:builder-main')
  })
})
