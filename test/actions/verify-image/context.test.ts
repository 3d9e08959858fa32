import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { getSandbox } from '../../../src/actions/verify-image/context.js'
import { DEFAULT_SANDBOX } from '../../../src/lib/dockerflow/sandbox.js'

const NAMES = ['INPUT_MEMORY', 'INPUT_CPUS', 'INPUT_PIDS-LIMIT', 'INPUT_READ-ONLY']
const action = parse(readFileSync('actions/verify-image/action.yml', 'utf8')) as {
  inputs: Record<string, { default?: string }>
}

describe('verify-image sandbox inputs', () => {
  // What the runner passes: action.yml's defaults (the only place defaults live).
  beforeEach(() => {
    for (const name of NAMES)
      process.env[name] = action.inputs[name.slice('INPUT_'.length).toLowerCase()].default
  })
  afterEach(() => {
    for (const name of NAMES) delete process.env[name]
  })

  it("action.yml's defaults are the library's defaults", () => {
    expect(getSandbox()).toEqual(DEFAULT_SANDBOX)
  })

  it('an empty input (a bundle started by hand without it) is an error, not a silent default', () => {
    process.env.INPUT_MEMORY = ''
    expect(() => getSandbox()).toThrow('Input "memory" is empty. Its default is in action.yml')
  })

  it('reads every limit', () => {
    Object.assign(process.env, {
      INPUT_MEMORY: '1g',
      INPUT_CPUS: '0.5',
      'INPUT_PIDS-LIMIT': '64',
      'INPUT_READ-ONLY': 'false'
    })
    expect(getSandbox()).toEqual({ memory: '1g', cpus: '0.5', pidsLimit: 64, readOnly: false })
  })

  it.each([
    ['INPUT_MEMORY', '0', 'Input "memory" must be at least 6m'],
    ['INPUT_MEMORY', 'unlimited', 'Input "memory" must be at least 6m'],
    ['INPUT_CPUS', '0', 'Input "cpus" must be a positive number'],
    ['INPUT_PIDS-LIMIT', '0', 'Input "pids-limit" must be a whole number of at least 1'],
    ['INPUT_PIDS-LIMIT', '-1', 'Input "pids-limit" must be a whole number of at least 1, got "-1"'],
    ['INPUT_PIDS-LIMIT', '1e3', 'Input "pids-limit" must be a whole number of at least 1, got "1e3"'],
    ['INPUT_READ-ONLY', 'maybe', 'Input "read-only" must be true or false']
  ])('%s=%p is refused', (name, value, message) => {
    process.env[name] = value
    expect(() => getSandbox()).toThrow(message)
  })
})
