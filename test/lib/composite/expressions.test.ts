import { describe, expect, it } from '@jest/globals'
import {
  type ExpressionContext,
  evaluateCondition,
  evaluateExpression,
  interpolate
} from '../../../src/lib/composite/expressions.js'

const context = (failed = false): ExpressionContext => ({
  failed,
  contexts: {
    inputs: { images: 'acme/app', push: 'auto', 'build-args': 'A=1', empty: '' },
    steps: {
      build: { outcome: 'success', outputs: { digest: 'sha256:abc', image: 'acme/app@sha256:abc' } },
      scan: { outcome: 'failure', outputs: { passed: 'false' } }
    },
    github: { action_path: '/actions/docker-actions' }
  }
})

describe('expressions', () => {
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
    ["'it''s'", "it's"]
  ])('%s -> %j', (source, expected) => {
    expect(evaluateExpression(source, context())).toEqual(expected)
  })

  it.each([
    ['secrets.TOKEN', /unknown context "secrets"/],
    ['toJSON(inputs)', /not supported|expected/],
    ["inputs.images == 'a", /Unterminated string/],
    ['inputs.images ==', /unexpected end/],
    ['inputs.images > 1', /Unsupported character ">"/]
  ])('refuses %s', (source, message) => {
    expect(() => evaluateExpression(source, context())).toThrow(message)
  })

  it('interpolates templates in env values', () => {
    expect(interpolate('${{ steps.build.outputs.image }} from ${{ github.action_path }}', context())).toBe(
      'acme/app@sha256:abc from /actions/docker-actions'
    )
  })

  it('conditions get an implicit success() unless they use a status function', () => {
    expect(evaluateCondition(undefined, context())).toBe(true)
    expect(evaluateCondition(undefined, context(true))).toBe(false)
    expect(evaluateCondition("steps.build.outputs.digest != ''", context(true))).toBe(false)
    expect(evaluateCondition("${{ always() && steps.build.outputs.digest != '' }}", context(true))).toBe(true)
    expect(evaluateCondition('failure()', context(true))).toBe(true)
    expect(evaluateCondition('failure()', context(false))).toBe(false)
    expect(evaluateCondition('cancelled()', context(false))).toBe(false)
  })
})
