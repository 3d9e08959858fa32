#!/usr/bin/env tsx
/**
 * Bundles every action entrypoint (src/actions/<name>/index.ts) with esbuild into dist/<name>/, and
 * the local runner (src/cli/index.ts) into dist/cli/.
 *
 * Why these settings (issue 17: a step's start-up is node plus loading its bundle):
 * - ESM with code splitting: what an entrypoint imports with `import()` lands in its own chunk, read
 *   only by the runs that need it (the pipeline after the inputs are read, @actions/cache, attest).
 * - Our sources and the packages in SIDE_EFFECT_FREE are declared free of import side effects, so
 *   what a bundle does not use is dropped: @actions/core imports its OIDC client (and with it undici,
 *   ~1 MB) at load time, though only attestation asks for a token; an input module that imports the
 *   registry barrel does not load the whole registry client.
 * - Minified, with a linked source map per file (no embedded sources: they ship in the repository at
 *   the same commit); src/lib/run.ts maps an unexpected error's stack to src/*.ts lines.
 * - dist/<name>/licenses.txt lists each bundled package's licence, from esbuild's metafile.
 * `npm run build`; pass names to build only those.
 */
import { build as esbuild, type Metafile } from 'esbuild'
import { bundleOptions } from './bundle.js'
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

const ACTIONS_SOURCE = 'src/actions'
/** The local runner is bundled like an action, so `npx docker-actions` needs no build step. */
const CLI_ENTRY = 'src/cli/index.ts'

function actionNames(): string[] {
  return readdirSync(ACTIONS_SOURCE, { withFileTypes: true })
    .filter(entry => entry.isDirectory() && existsSync(join(ACTIONS_SOURCE, entry.name, 'index.ts')))
    .map(entry => entry.name)
    .sort()
}

async function buildBundle(name: string): Promise<void> {
  const out = join('dist', name)
  const entry = name === 'cli' ? CLI_ENTRY : join(ACTIONS_SOURCE, name, 'index.ts')
  rmSync(out, { recursive: true, force: true })
  const result = await esbuild(bundleOptions({ index: entry }, out))
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`)
  writeFileSync(join(out, 'licenses.txt'), licenses(result.metafile))
  if (name !== 'cli') writeInputDefaults(name, out)
  console.log(`built ${out}/index.js`)
}

/** Each bundled package once (name, version, licence and its licence file), sorted by name. */
function licenses(metafile: Metafile): string {
  const roots = new Set<string>()
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(?:[\w-]+:)?(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)
    if (match) roots.add(match[1])
  }
  const entries = [...roots].map(root => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      name: string
      version: string
      license?: string
    }
    const file = readdirSync(root).find(entry => /^licen[cs]e/i.test(entry))
    const text = file ? readFileSync(join(root, file), 'utf8').trim() : '(no licence file in the package)'
    return {
      key: `${pkg.name}@${pkg.version}`,
      text: `${pkg.name} ${pkg.version}\n${pkg.license ?? ''}\n${text}`
    }
  })
  const unique = new Map(entries.sort((a, b) => a.key.localeCompare(b.key)).map(e => [e.key, e.text]))
  return `${[...unique.values()].join('\n\n')}\n`
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

const requested = process.argv.slice(2)
const names = requested.length > 0 ? requested : [...actionNames(), 'cli']
await Promise.all(names.map(name => buildBundle(name)))
