import { describe, expect, it } from '@jest/globals'
import { type SpawnSyncReturns, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startupFiles, startupSources } from '../../scripts/startup-graph.js'
import { computeTagsRunEnvironment } from '../support/compute-tags-run.js'

/**
 * Issue 17: an action's start-up is node plus what its bundle loads before the first input is read.
 * These packages are large or slow to load and no input check needs them; each belongs in a chunk the
 * pipeline imports later. (What the bundles contain, read from dist/ and its source maps; no timing.)
 */
const NOT_AT_STARTUP = [
  'node_modules/zod/',
  'node_modules/@actions/exec/',
  // Docker config reading and credential helpers: the pipeline's, when it first needs a credential.
  'src/lib/registry/credentials.ts',
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

  it.each(actions)('%s loads its pipeline lazily', name => {
    const sources = startupSources(name)
    expect(sources).not.toContain(`src/actions/${name}/main.ts`)
    expect(startupFiles(name)).toEqual([resolve('dist', name, 'index.js')])
    // One CommonJS file, required: node's ES module loader is never started.
    const entry = readFileSync(resolve('dist', name, 'index.js'), 'utf8')
    expect(entry).toMatch(/Promise\.resolve\(\)\.then\(\(\)=>[\w$]+\(require\("\.\/main\.cjs"\)\)\)/)
    expect(entry).not.toContain('import("')
    expect(readdirSync(resolve('dist', name)).filter(file => file.endsWith('.mjs'))).toEqual([])
  })

  it('a package the pipeline imports lazily ships beside it, in a file read only when it is imported', () => {
    const apart = {
      'scan-image': ['actions-cache.cjs', 'yaml.cjs'], // ~1.2 MB: the scanner database cache; a .snyk policy
      'build-with-cache': ['actions-attest.cjs'] // ~1.6 MB: attestations
    }
    for (const [name, files] of Object.entries(apart)) {
      const pipeline = readFileSync(resolve('dist', name, 'main.cjs'), 'utf8')
      for (const file of files) {
        expect(existsSync(resolve('dist', name, file))).toBe(true)
        expect(pipeline).toContain(`require("./${file}")`)
      }
      const sources = JSON.parse(readFileSync(resolve('dist', name, 'main.cjs.map'), 'utf8'))
        .sources as string[]
      expect(
        sources.filter(source => /node_modules\/(@actions\/(cache|attest)|yaml)\//.test(source))
      ).toEqual([])
    }
    for (const name of actions.filter(name => !(name in apart)))
      expect(
        readdirSync(resolve('dist', name))
          .filter(file => /\.c?js$/.test(file))
          .sort()
      ).toEqual(['index.js', 'main.cjs'])
  })

  it('a whole run of a CommonJS pipeline never starts the ES module loader', () => {
    const dir = mkdtempSync(join(tmpdir(), 'startup-graph-'))
    try {
      const run = computeTags(dir, ['--require', resolve('test/fixtures/bundle/loaded-modules.cjs')])
      expect(run.status).toBe(0)
      expect(readFileSync(join(dir, 'out'), 'utf8')).toMatch(/^production-tags<<ghadelimiter_/m)
      const loaded = run.stderr.split('\n').find(line => line.startsWith('loaded:')) ?? ''
      expect(loaded).toMatch(/^loaded: /)
      expect(loaded.split(' ').filter(module => /esm\/loader/.test(module))).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  describe('a bundle node started ends its process when nothing is left to do', () => {
    const exitPath = resolve('test/fixtures/bundle/exit-path.cjs')

    it('through process.exit, with the run complete: every output written, the exit code kept', () => {
      const dir = mkdtempSync(join(tmpdir(), 'startup-graph-'))
      try {
        const run = computeTags(dir, ['--require', exitPath])
        expect(run.stderr).toContain('exit: process.exit 0')
        expect(run.status).toBe(0)
        const outputs = readFileSync(join(dir, 'out'), 'utf8')
        for (const output of ['production-tags', 'unique-refs', 'json'])
          expect(outputs).toMatch(new RegExp(`^${output}<<`, 'm'))
        expect(readFileSync(join(dir, 'summary'), 'utf8')).not.toBe('')
        const failed = spawnSync(
          process.execPath,
          ['--require', exitPath, resolve('dist/promote/index.js')],
          {
            env: { PATH: process.env.PATH ?? '' },
            encoding: 'utf8'
          }
        )
        expect(failed.stderr).toContain('exit: process.exit 1')
        expect(failed.status).toBe(1)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })

    it('but a bundle another program loads (a test, @github/local-action) leaves the ending to node', () => {
      const loader = `require(${JSON.stringify(resolve('dist/promote/index.js'))})`
      const run = spawnSync(process.execPath, ['--require', exitPath, '-e', loader], {
        env: { PATH: process.env.PATH ?? '' },
        encoding: 'utf8'
      })
      expect(run.stdout).toMatch(/^::error::Input "source" is required/m)
      expect(run.stderr).toContain('exit: natural 1')
      expect(run.status).toBe(1)
    })
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
    const files = readdirSync(resolve('dist', name)).filter(file => /\.[cm]?js$/.test(file))
    const code = files.map(file => readFileSync(resolve('dist', name, file), 'utf8'))
    const orphans = files.filter(
      file =>
        file !== 'index.js' &&
        !code.some((text, index) => files[index] !== file && text.includes(`./${file}"`))
    )
    expect(orphans).toEqual([])
  })
})

/** compute-tags' whole run on a push to main, writing its outputs and summary in dir. */
function computeTags(dir: string, nodeOptions: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...nodeOptions, resolve('dist/compute-tags/index.js')], {
    env: computeTagsRunEnvironment(dir, 'ghcr.io/acme/app', 'main'),
    encoding: 'utf8'
  })
}
