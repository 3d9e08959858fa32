/**
 * The committed pipeline bundle (dist/promote/main.cjs) builds no schema when it loads: zod and the OCI
 * schemas wait until the first requests are out (src/lib/registry/limits.ts, documents), so they do
 * not stand between node's start and the first request (issue 17). No timing: what is initialised.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'

describe('dist/promote/main.cjs', () => {
  it('loads without initialising zod', () => {
    // zod keeps its configuration on globalThis from its first load on; requiring zod itself shows it.
    const script = [
      "require('./dist/promote/main.cjs')",
      'const before = globalThis.__zod_globalConfig',
      "require('zod/v4/core')",
      'process.stdout.write(JSON.stringify([before === undefined, globalThis.__zod_globalConfig !== undefined]))'
    ].join(';')
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' })
    expect(child.stderr).toBe('')
    expect(JSON.parse(child.stdout)).toEqual([true, true])
  })
})
