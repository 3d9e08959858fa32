#!/usr/bin/env tsx
/**
 * Bundles every action (src/actions/<name>/index.ts and main.ts) with esbuild into dist/<name>/, and
 * the local runner (src/cli/index.ts) into dist/cli/.
 *
 * Why these settings (issue 17: a step's start-up is node plus loading its bundle):
 * - Two bundles per action. `index.js`, what the runner starts, is one CommonJS file that reads the
 *   inputs: node starts it faster than an ES module, and a run that fails on an input loads nothing
 *   else. Once the inputs are valid it requires the pipeline, `main.cjs`, one CommonJS file too.
 *   A package the pipeline imports only with `import()` (@actions/cache, @actions/attest, yaml) ships
 *   in a CommonJS file of its own beside it (`actions-cache.cjs`, …), read only by the runs that need
 *   it (scripts/bundle.ts packagesApart): an ES module pipeline split in chunks, as these actions
 *   shipped before, cost every run ~25 ms more to load (issue 17).
 * - The entry exits as soon as its run is done and nothing else is pending (src/lib/run.ts): node's
 *   own teardown frees the heap page by page, which costs this machine kind up to 0.4 s.
 * - Our sources and the packages in SIDE_EFFECT_FREE are declared free of import side effects, so
 *   what a bundle does not use is dropped: @actions/core imports its OIDC client (and with it undici,
 *   ~1 MB) at load time, though only attestation asks for a token; an input module that imports the
 *   registry barrel does not load the whole registry client.
 * - Minified, with a linked source map per file (no embedded sources: they ship in the repository at
 *   the same commit); src/lib/run.ts maps an unexpected error's stack to src/*.ts lines.
 * - dist/<name>/licenses.txt lists the licence of each package in the files that ship (chunks that
 *   nothing imports are deleted), from esbuild's metafile.
 * `npm run build`; pass names to build only those.
 */
import { build as esbuild, type Metafile } from 'esbuild'
import { bundleOptions, entryOptions, packageOptions, pipelineOptions } from './bundle.js'
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
  rmSync(out, { recursive: true, force: true })
  if (name === 'cli') {
    const result = await esbuild(bundleOptions({ index: CLI_ENTRY }, out))
    writePackageType(out, 'module')
    writeFileSync(join(out, 'licenses.txt'), licenses(dropUnreachable(result.metafile, CLI_ENTRY)))
  } else {
    const source = join(ACTIONS_SOURCE, name)
    const main = join(source, 'main.ts')
    const apart = new Map<string, string>()
    const pipeline = await esbuild(pipelineOptions(main, out, apart))
    const packages = await Promise.all(
      packagesApart(pipeline.metafile, apart).map(pkg => esbuild(packageOptions(pkg, out)))
    )
    const entry = await esbuild(entryOptions(join(source, 'index.ts'), out))
    const shipped = [
      ...dropUnreachable(entry.metafile, join(source, 'index.ts')),
      ...dropUnreachable(pipeline.metafile, main),
      ...packages.flatMap(pkg => Object.keys(pkg.metafile.inputs))
    ]
    writePackageType(out, 'commonjs')
    writeFileSync(join(out, 'licenses.txt'), licenses(shipped))
    writeInputDefaults(name, out)
  }
  console.log(`built ${out}/index.js`)
}

/**
 * The outputs reached from the entry's own (not every output with an entryPoint: esbuild gives each
 * import() target one), through the imports of the kinds given; all of them by default.
 */
function reachable(metafile: Metafile, entry: string, kinds?: string[]): Set<string> {
  const outputs = metafile.outputs
  const seen = new Set<string>()
  const visit = (output: string): void => {
    if (seen.has(output) || !outputs[output]) return
    seen.add(output)
    for (const edge of outputs[output].imports) if (!kinds || kinds.includes(edge.kind)) visit(edge.path)
  }
  for (const [output, meta] of Object.entries(outputs)) if (meta.entryPoint === entry) visit(output)
  return seen
}

/**
 * The packages the pipeline's file requires from beside it (`apart`: each file set apart with its
 * package; some may have been tree-shaken away). One also bundled into that file would run as two
 * copies: the build fails instead.
 */
function packagesApart(metafile: Metafile, apart: Map<string, string>): string[] {
  const outputs = Object.values(metafile.outputs)
  const required = new Set(outputs.flatMap(output => output.imports.map(edge => edge.path)))
  const names = [...apart].filter(([file]) => required.has(file)).map(([, name]) => name)
  const bundled = outputs.flatMap(output => Object.keys(output.inputs))
  for (const name of names)
    if (bundled.some(input => input.includes(`node_modules/${name}/`)))
      throw new Error(`${name} is imported both with import() and statically: it would ship twice`)
  return names
}

/** How node reads dist/<name>/*.js: ES modules for the local runner, CommonJS for the actions. */
function writePackageType(out: string, type: 'module' | 'commonjs'): void {
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type }, null, 2)}\n`)
}

/**
 * Deletes the chunks nothing imports, and returns the sources of those that ship. esbuild writes a
 * chunk for every `import()` it bundles, even one whose caller was tree-shaken away: core's lazy
 * OIDC client (~450 kB) in every action that never asks for a token.
 */
function dropUnreachable(metafile: Metafile, entry: string): string[] {
  const shipped = reachable(metafile, entry)
  for (const output of Object.keys(metafile.outputs))
    if (!output.endsWith('.map') && !shipped.has(output)) {
      rmSync(output)
      rmSync(`${output}.map`, { force: true })
    }
  return [...shipped].flatMap(output => Object.keys(metafile.outputs[output].inputs))
}

/** Each bundled package once (name, version, licence and its licence file), sorted by name. */
function licenses(sources: string[]): string {
  const roots = new Set<string>()
  for (const input of sources) {
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
