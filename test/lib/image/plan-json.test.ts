import { describe, expect, it } from '@jest/globals'
import { parseTagPlanJson } from '../../../src/lib/image/plan-json.js'
import { samplePlan } from '../../support/tag-plans.js'

const plan = samplePlan('push-main', ['ghcr.io/acme/app'], { extraLabels: new Map([['team', 'payments']]) })

describe('the plan handed from compute-tags to build-with-cache', () => {
  it('reads back exactly what compute-tags wrote', () => {
    expect(parseTagPlanJson(JSON.stringify(plan))).toEqual(JSON.parse(JSON.stringify(plan)))
  })

  it.each([
    ['not JSON', '{"preset":', /not JSON/],
    ['an array', '[]', /the plan is not an object/],
    ['a missing field', JSON.stringify({ ...plan, versionJson: undefined }), /versionJson is not an object/],
    ['a wrong type', JSON.stringify({ ...plan, pushAllowed: 'yes' }), /pushAllowed is not true or false/],
    ['an unknown preset', JSON.stringify({ ...plan, preset: 'mine' }), /preset "mine" is unknown/],
    [
      'a reference without tag',
      JSON.stringify({ ...plan, productionTags: ['ghcr.io/acme/app'] }),
      /not a tagged reference/
    ],
    [
      'an invalid reference',
      JSON.stringify({ ...plan, uniqueRefs: ['ghcr.io/acme/app:a b'] }),
      /white space/
    ],
    ['a label that is not text', JSON.stringify({ ...plan, labels: { a: 1 } }), /labels\.a is not a string/]
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseTagPlanJson(text, 'Input "plan"')).toThrow(message)
  })

  it('refuses an oversized plan before parsing it', () => {
    expect(() => parseTagPlanJson(`"${'x'.repeat(2 * 1024 * 1024)}"`)).toThrow(/larger than/)
  })
})
