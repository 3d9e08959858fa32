/**
 * The root action.yml wires the actions together: each step runs one action's committed bundle with
 * INPUT_* variables, and later steps read `steps.<id>.outputs.<name>`. A wire to an input or output
 * that does not exist is silently empty on GitHub; here it fails, checked against each sub-action's
 * own action.yml.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { type ActionMetadata, loadActionMetadata } from '../../src/cli/action-runner.js'
import { inputVariable } from '../../src/lib/inputs.js'
import {
  conditionExpression,
  propertyPaths,
  templateExpressions
} from '../../src/cli/composite/expressions.js'
import { type CompositeAction, loadCompositeAction } from '../../src/cli/composite/runner.js'

const CONTEXTS = ['inputs', 'steps', 'github', 'runner', 'env']

/** Every action of this repository, by the bundle its `runs.main` names. */
function actionsByBundle(root: string): Map<string, ActionMetadata> {
  const actions = new Map<string, ActionMetadata>()
  for (const name of readdirSync(join(root, 'actions'))) {
    const action = loadActionMetadata(join(root, 'actions', name))
    if (action.runs.main) actions.set(resolve(action.path, action.runs.main), action)
  }
  return actions
}

/** `steps.<id>.outputs.<name>` and `inputs.<name>` read by an expression text (a template or a condition). */
function references(text: string, condition = false): string[][] {
  const sources = condition ? [conditionExpression(text)] : templateExpressions(text)
  return sources.flatMap(source => propertyPaths(source, CONTEXTS))
}

/** The outputs a shell step of the root action.yml writes itself (`printf '<name>=%s\n' … >> "$GITHUB_OUTPUT"`). */
function shellOutputs(run: string | undefined): ActionMetadata['outputs'] | undefined {
  const names = [...(run ?? '').matchAll(/printf '([a-z][a-z0-9-]*)=%s\\n'[^\n]*>> "\$GITHUB_OUTPUT"/g)]
  return names.length ? Object.fromEntries(names.map(([, name]) => [name, {}])) : undefined
}

/** What is wrong with the wiring of a composite action whose steps run bundles of `actions`. */
function wiringProblems(root: CompositeAction, actions: Map<string, ActionMetadata>): string[] {
  const problems: string[] = []
  const stepActions = new Map<string, Pick<ActionMetadata, 'name' | 'outputs'> | undefined>()
  const check = (paths: string[][], where: string, earlier: Set<string>): void => {
    for (const [context, first, second, third] of paths) {
      if (context === 'inputs' && !(first in root.inputs))
        problems.push(`${where}: inputs.${first} is not an input`)
      if (context !== 'steps') continue
      if (!earlier.has(first)) {
        problems.push(`${where}: steps.${first} is not an earlier step`)
        continue
      }
      if (second !== 'outputs') continue
      const action = stepActions.get(first)
      if (!action)
        problems.push(`${where}: step ${first} runs no action of this repository, so it has no outputs`)
      else if (third === undefined || !(third in action.outputs))
        problems.push(`${where}: steps.${first}.outputs.${third} is not an output of ${action.name}`)
    }
  }
  const earlier = new Set<string>()
  for (const step of root.runs.steps) {
    const where = `step ${step.id}`
    const bundle = /^node "\$GITHUB_ACTION_PATH\/([^"]+)"$/.exec(step.run ?? '')?.[1]
    const action = bundle === undefined ? undefined : actions.get(resolve(root.path, bundle))
    if (bundle !== undefined && !action) problems.push(`${where}: ${bundle} is the bundle of no action`)
    const env = step.env ?? {}
    if (action) {
      const variables = new Map(Object.keys(action.inputs).map(name => [inputVariable(name), name]))
      for (const key of Object.keys(env).filter(key => key.startsWith('INPUT_')))
        if (!variables.has(key)) problems.push(`${where}: ${key} is not an input of ${action.name}`)
      for (const [name, spec] of Object.entries(action.inputs))
        if (spec.required && spec.default === undefined && !(inputVariable(name) in env))
          problems.push(`${where}: the required input ${name} of ${action.name} is not passed`)
    } else if (Object.keys(env).some(key => key.startsWith('INPUT_'))) {
      problems.push(`${where}: passes INPUT_* but runs no action of this repository`)
    }
    if (step.if) check(references(step.if, true), `${where} if:`, earlier)
    for (const [key, value] of Object.entries(env))
      check(references(String(value)), `${where} ${key}`, earlier)
    if (step.id) {
      const written = shellOutputs(step.run)
      stepActions.set(step.id, action ?? (written && { name: `shell step ${step.id}`, outputs: written }))
      earlier.add(step.id)
    }
  }
  for (const [name, output] of Object.entries(root.outputs))
    check(references(output.value ?? ''), `output ${name}`, earlier)
  return problems
}

describe('the root action.yml wiring, checked against each sub-action', () => {
  const root = resolve('.')
  const actions = actionsByBundle(root)

  it('every INPUT_* is an input of the action the step runs, every steps.<id>.outputs.<name> an output of that step', () => {
    const action = loadCompositeAction(root)
    expect(action.runs.steps.filter(step => step.run?.includes('/dist/')).length).toBeGreaterThanOrEqual(5)
    expect(wiringProblems(action, actions)).toEqual([])
  })

  it('build/action.yml (the same file, bundles one directory up) is wired the same way', () => {
    expect(wiringProblems(loadCompositeAction(resolve('build')), actions)).toEqual([])
  })

  it('fails on a wrong wire', () => {
    const action = loadCompositeAction(root)
    const step = (id: string) =>
      action.runs.steps.find(candidate => candidate.id === id) as { env: Record<string, string> }
    // compute-tags has `images`, not `image`; build-with-cache has no output `digests`; scan-image none called `pass`.
    step('tags').env.INPUT_IMAGE = step('tags').env.INPUT_IMAGES
    delete step('tags').env.INPUT_IMAGES
    step('publish').env['INPUT_EXPECTED-DIGEST'] = '${{ steps.build.outputs.digests }}'
    action.outputs.passed.value = '${{ steps.scan.outputs.pass }}'
    step('build').env['INPUT_TAG-PLAN'] = '${{ steps.publish.outputs.promoted }}'
    step('dockerflow').env['INPUT_FAIL-ON'] = '${{ inputs.dockerflow-fail }}'
    expect(wiringProblems(action, actions)).toEqual([
      'step tags: INPUT_IMAGE is not an input of docker-actions: compute-tags',
      'step tags: the required input images of docker-actions: compute-tags is not passed',
      'step build INPUT_TAG-PLAN: steps.publish is not an earlier step',
      'step dockerflow INPUT_FAIL-ON: inputs.dockerflow-fail is not an input',
      'step publish INPUT_EXPECTED-DIGEST: steps.build.outputs.digests is not an output of docker-actions: build-with-cache',
      'output passed: steps.scan.outputs.pass is not an output of docker-actions: scan-image'
    ])
  })
})
