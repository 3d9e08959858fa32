import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { startupFiles, startupSources } from '../../scripts/startup-graph.js'

/**
 * Issue 17: an action's start-up is node plus what its bundle loads before the first input is read.
 * These packages are large or slow to load and no input check needs them; each belongs in a chunk the
 * pipeline imports later. (What the bundles contain, read from dist/ and its source maps; no timing.)
 */
const NOT_AT_STARTUP = [
  'node_modules/zod/v4/classic/',
  'node_modules/undici/',
  'node_modules/@actions/http-client/',
  'node_modules/@octokit/',
  'node_modules/yaml/',
  'node_modules/tar-stream/',
  'node_modules/@actions/cache/',
  'node_modules/@actions/attest/',
  'node_modules/@azure/'
]

const actions = readdirSync('dist', { withFileTypes: true })
  .filter(entry => entry.isDirectory() && entry.name !== 'cli')
  .map(entry => entry.name)

describe('what each bundle loads at start-up', () => {
  it('covers every action', () => {
    expect(actions).toEqual(
      expect.arrayContaining(['build-with-cache', 'compute-tags', 'promote', 'scan-image'])
    )
  })

  it.each(actions)('%s loads no heavy package before its inputs are read', name => {
    const sources = startupSources(name)
    expect(sources.some(source => source.startsWith('src/lib/run.ts'))).toBe(true)
    expect(sources.filter(source => NOT_AT_STARTUP.some(heavy => source.includes(heavy)))).toEqual([])
  })

  it.each(actions)('%s imports its pipeline lazily', name => {
    const sources = startupSources(name)
    expect(sources).not.toContain(`src/actions/${name}/main.ts`)
    expect(startupFiles(name)).toEqual([resolve('dist', name, 'index.js')])
    expect(readFileSync(resolve('dist', name, 'index.js'), 'utf8')).toContain('import("./main.mjs")')
  })

  it.each(actions)('%s starts as one CommonJS file, and node loads no ES module to read its inputs', name => {
    expect(JSON.parse(readFileSync(resolve('dist', name, 'package.json'), 'utf8'))).toEqual({
      type: 'commonjs'
    })
    // No inputs: the run fails on the first required one, as a step with a missing input does.
    const run = spawnSync(
      process.execPath,
      ['--require', resolve('test/fixtures/bundle/loaded-modules.cjs'), resolve('dist', name, 'index.js')],
      { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' }
    )
    expect(run.stdout).toMatch(/^::error::/m)
    const loaded = run.stderr
    expect(loaded).toMatch(/^loaded:/)
    expect(loaded.split(' ').filter(module => /esm\/loader|^crypto$/.test(module))).toEqual([])
  })

  it.each(actions)('%s ships no chunk that nothing imports', name => {
    // esbuild writes a chunk for each import() it bundles, even a tree-shaken one (scripts/build-dist.ts).
    const files = readdirSync(resolve('dist', name)).filter(file => /\.m?js$/.test(file))
    const code = files.map(file => readFileSync(resolve('dist', name, file), 'utf8'))
    const orphans = files.filter(
      file =>
        file !== 'index.js' &&
        !code.some((text, index) => files[index] !== file && text.includes(`./${file}"`))
    )
    expect(orphans).toEqual([])
  })
})
