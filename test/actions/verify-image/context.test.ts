import { afterEach, describe, expect, it } from '@jest/globals'
import { getSandbox } from '../../../src/actions/verify-image/context.js'
import { DEFAULT_SANDBOX } from '../../../src/lib/dockerflow/sandbox.js'

const NAMES = ['INPUT_MEMORY', 'INPUT_CPUS', 'INPUT_PIDS-LIMIT', 'INPUT_READ-ONLY']

describe('verify-image sandbox inputs', () => {
  afterEach(() => {
    for (const name of NAMES) delete process.env[name]
  })

  it('defaults to the library defaults when unset', () => {
    expect(getSandbox()).toEqual(DEFAULT_SANDBOX)
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
