import { describe, expect, it } from '@jest/globals'
import {
  type ExpressionContext,
  evaluateCondition,
  evaluateExpression,
  interpolate,
  propertyPaths
} from '../../../src/cli/composite/expressions.js'

const context = (failed = false): ExpressionContext => ({
  failed,
  contexts: {
    inputs: { images: 'acme/app', push: 'auto', 'build-args': 'A=1', empty: '', count: '3' },
    steps: {
      build: { outcome: 'success', outputs: { digest: 'sha256:abc', image: 'acme/app@sha256:abc' } },
      scan: { outcome: 'failure', outputs: { passed: 'false', counts: '{"high":2,"low":[1,2]}' } }
    },
    github: { action_path: '/actions/docker-actions', ref: 'refs/tags/v1.2.0' }
  }
})

describe('expressions (@actions/expressions)', () => {
  it.each([
    ['inputs.images', 'acme/app'],
    ["inputs['build-args']", 'A=1'],
    ['inputs.build-args', 'A=1'],
    ['steps.build.outputs.digest', 'sha256:abc'],
    ['steps.missing.outputs.digest', null],
    ["inputs.push == 'AUTO'", true],
    ["inputs.push != 'auto'", false],
    ["steps.scan.outputs.passed == 'true'", false],
    ["inputs.empty || 'fallback'", 'fallback'],
    ["inputs.images && 'yes'", 'yes'],
    ["!(inputs.empty == '')", false],
    ['1 == true', true],
    ["'it''s'", "it's"],
    // Beyond the old hand-written subset: comparisons, contexts names in any case, every function.
    ['inputs.count > 1', true],
    ['INPUTS.IMAGES', 'acme/app'],
    ["format('{0}:{1}', inputs.images, 'main')", 'acme/app:main'],
    ["format('{{literal}} {0}', 'x')", '{literal} x'],
    ["contains(inputs.images, 'ACME')", true],
    ['contains(fromJSON(\'["a","b"]\'), \'b\')', true],
    ['contains(fromJSON(\'["a","b"]\'), \'c\')', false],
    ["startsWith(github.ref, 'refs/tags/')", true],
    ["startsWith(github.ref, 'refs/heads/')", false],
    ["endsWith(inputs.images, '/app')", true],
    ['fromJSON(steps.scan.outputs.counts).high', 2],
    ['fromJSON(steps.scan.outputs.counts).low[1]', 2],
    ["fromJSON('true')", true],
    ['toJSON(steps.build.outputs)', '{\n  "digest": "sha256:abc",\n  "image": "acme/app@sha256:abc"\n}'],
    ['join(fromJSON(\'["a","b"]\'), \', \')', 'a, b'],
    ['steps.*.outcome', ['success', 'failure']]
  ])('%s -> %j', (source, expected) => {
    expect(evaluateExpression(source, context())).toEqual(expected)
  })

  it.each([
    ['secrets.TOKEN', /Unrecognized named-value: 'secrets'/],
    ['hashFiles(inputs.images)', /Unrecognized function: 'hashFiles'/],
    ["format('{0}')", /Expression "format\('\{0\}'\)"/],
    ["inputs.images == 'a", /Unexpected symbol/],
    ['inputs.images ==', /Unexpected end of expression/],
    ['success(1)', /Too many parameters/],
    ['', /empty expression/]
  ])('refuses %s', (source, message) => {
    expect(() => evaluateExpression(source, context())).toThrow(message)
  })

  it('interpolates templates in env values', () => {
    expect(interpolate('${{ steps.build.outputs.image }} from ${{ github.action_path }}', context())).toBe(
      'acme/app@sha256:abc from /actions/docker-actions'
    )
    // Values become strings as the runner writes them: null is empty, booleans and numbers as text.
    expect(interpolate('[${{ steps.nope.outputs.x }}|${{ 1 == 1 }}|${{ 1.50 }}]', context())).toBe(
      '[|true|1.5]'
    )
    // `}}` inside a string does not end the expression.
    expect(interpolate("${{ format('{0}}}', 'a') }}!", context())).toBe('a}!')
    expect(() => interpolate('${{ inputs.images', context())).toThrow(/no closing \}\}/)
  })

  it('conditions get an implicit success() unless they use a status function', () => {
    expect(evaluateCondition(undefined, context())).toBe(true)
    expect(evaluateCondition(undefined, context(true))).toBe(false)
    expect(evaluateCondition("steps.build.outputs.digest != ''", context(true))).toBe(false)
    expect(evaluateCondition("${{ always() && steps.build.outputs.digest != '' }}", context(true))).toBe(true)
    expect(evaluateCondition('failure()', context(true))).toBe(true)
    expect(evaluateCondition('failure()', context(false))).toBe(false)
    expect(evaluateCondition('cancelled()', context(false))).toBe(false)
    expect(evaluateCondition('success() || failure()', context(true))).toBe(true)
    expect(evaluateCondition('!cancelled()', context(true))).toBe(true)
    // Status functions are case-insensitive, like every function.
    expect(evaluateCondition('Always()', context(true))).toBe(true)
  })

  it('a failed run skips a condition without a status function before evaluating it (as success() && …)', () => {
    // fromJSON('') would throw: the condition is never evaluated.
    expect(evaluateCondition("fromJSON('')", context(true))).toBe(false)
    expect(() => evaluateCondition("fromJSON('')", context(false))).toThrow()
  })

  it('lists the property paths an expression reads', () => {
    expect(
      propertyPaths("steps.build.outputs.image || steps['build'].outputs['image-id'] && inputs.x", [
        'steps',
        'inputs'
      ])
    ).toEqual([
      ['steps', 'build', 'outputs', 'image'],
      ['steps', 'build', 'outputs', 'image-id'],
      ['inputs', 'x']
    ])
    expect(propertyPaths('fromJSON(inputs.plan)[inputs.key].tags', ['inputs'])).toEqual([
      ['inputs', 'plan'],
      ['inputs', 'key']
    ])
  })
})
