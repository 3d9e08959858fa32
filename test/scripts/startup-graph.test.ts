import { describe, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
import { startupSources } from '../../scripts/startup-graph.js'

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
  })
})
