#!/usr/bin/env tsx
/**
 * Bundles every action entrypoint (src/actions/<name>/index.ts) with @vercel/ncc into dist/<name>/index.js,
 * and the local runner (src/cli/index.ts) into dist/cli/index.js.
 * Each bundle ships with its source map (index.js.map) and ncc's sourcemap-register.cjs, which the
 * bundle imports first: a stack trace from a user's run names our src/*.ts lines, without node flags
 * (action.yml `runs.main` cannot pass --enable-source-maps).
 * `npm run build`; pass names to build only those.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parse } from 'yaml'

export const ACTIONS_SOURCE = 'src/actions'
/** The local runner is bundled like an action, so `npx docker-actions` needs no build step. */
const CLI_ENTRY = 'src/cli/index.ts'

export function actionNames(): string[] {
  return readdirSync(ACTIONS_SOURCE, { withFileTypes: true })
    .filter(entry => entry.isDirectory() && existsSync(join(ACTIONS_SOURCE, entry.name, 'index.ts')))
    .map(entry => entry.name)
    .sort()
}

function build(name: string): void {
  const out = join('dist', name)
  const entry = name === 'cli' ? CLI_ENTRY : join(ACTIONS_SOURCE, name, 'index.ts')
  rmSync(out, { recursive: true, force: true })
  execFileSync(
    'npx',
    ['ncc', 'build', entry, '-o', out, '--source-map', '--license', 'licenses.txt', '--quiet'],
    { stdio: 'inherit' }
  )
  pointSourceMapsAtSources(out)
  if (name !== 'cli') writeInputDefaults(name, out)
  console.log(`built ${out}/index.js`)
}

/**
 * dist/<name>/inputs.json: the input defaults of actions/<name>/action.yml, which the bundle applies
 * to inputs it is not given (src/lib/run.ts). GitHub applies them for `uses:`; a composite action's
 * run step (the one-step pipeline) passes only what it names. So defaults live in action.yml alone.
 * Expression defaults (`${{ github.token }}`) are the runner's to evaluate and are left out.
 */
function writeInputDefaults(name: string, out: string): void {
  const action = parse(readFileSync(join('actions', name, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>
  }
  const defaults: Record<string, string> = {}
  for (const [input, spec] of Object.entries(action.inputs ?? {})) {
    if (spec.default === undefined || spec.default === null) continue
    const value = String(spec.default)
    if (!value.includes('${{')) defaults[input] = value
  }
  writeFileSync(join(out, 'inputs.json'), `${JSON.stringify(defaults, null, 2)}\n`)
}

/**
 * ncc names each source `../` + its path from the working directory (`.././src/lib/run.ts`), as if
 * the bundle sat one level down; ours sit two levels down (dist/<name>/), so a stack trace would name
 * dist/src/…. Rewrite them relative to the map, and drop the embedded sources: a trace needs only
 * paths and lines, and the sources ship in the same repository at the same commit.
 */
function pointSourceMapsAtSources(out: string): void {
  const up = relative(out, '.').split('\\').join('/')
  for (const file of readdirSync(out).filter(name => name.endsWith('.js.map'))) {
    const path = join(out, file)
    const map = JSON.parse(readFileSync(path, 'utf8')) as { sources: string[]; sourcesContent?: unknown }
    map.sources = map.sources.map(source => source.replace(/^\.\.\/\.\//, `${up}/`))
    delete map.sourcesContent
    writeFileSync(path, JSON.stringify(map))
  }
}

const requested = process.argv.slice(2)
for (const name of requested.length > 0 ? requested : [...actionNames(), 'cli']) build(name)
