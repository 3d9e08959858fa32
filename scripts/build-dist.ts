#!/usr/bin/env tsx
/**
 * Bundles every action (src/actions/<name>/index.ts and main.ts) with esbuild into dist/<name>/, and
 * the local runner (src/cli/index.ts) into dist/cli/.
 *
 * Why these settings (issue 17: a step's start-up is node plus loading its bundle):
 * - Two bundles per action. `index.js`, what the runner starts, is one CommonJS file that reads the
 *   inputs: node starts it faster than an ES module, and a run that fails on an input loads nothing
 *   else. Once the inputs are valid it loads the pipeline: `main.cjs`, one CommonJS file, or, when
 *   the pipeline imports much code with `import()` (@actions/cache, attest), `main.mjs`, ESM with code
 *   splitting, so that code lands in chunks read only by the runs that need it (SPLIT_ABOVE_LAZY_BYTES).
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
import { bundleOptions, entryOptions, pipelineOptions, type PipelineFormat } from './bundle.js'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parse } from 'yaml'

const ACTIONS_SOURCE = 'src/actions'
/**
 * A pipeline whose lazily imported code (reached only through `import()`) is larger than this ships
 * as an ES module in chunks, so runs that never need that code (@actions/cache in scan-image, attest
 * in build-with-cache: ~1 MB each) do not read it. Below it the pipeline is one CommonJS file the entry
 * requires: node's ES module loader, its thread pool reads and a second copy of what the chunks share
 * cost every run more than parsing a little unused code (issue 17).
 */
const SPLIT_ABOVE_LAZY_BYTES = 64 * 1024
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
    const split = await esbuild({ ...pipelineOptions(main, out, 'esm'), write: false })
    const format: PipelineFormat = lazyBytes(split.metafile, main) > SPLIT_ABOVE_LAZY_BYTES ? 'esm' : 'cjs'
    const pipeline =
      format === 'esm'
        ? (writeOutputs(split.outputFiles), split)
        : await esbuild(pipelineOptions(main, out, 'cjs'))
    const entry = await esbuild(entryOptions(join(source, 'index.ts'), out, format))
    const shipped = [
      ...dropUnreachable(entry.metafile, join(source, 'index.ts')),
      ...dropUnreachable(pipeline.metafile, main)
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

/** The bytes of the outputs reached from the entry only through `import()`. */
function lazyBytes(metafile: Metafile, entry: string): number {
  const eager = reachable(metafile, entry, ['import-statement'])
  const lazy = [...reachable(metafile, entry, ['import-statement', 'dynamic-import'])].filter(
    output => !eager.has(output)
  )
  return lazy.reduce((sum, output) => sum + metafile.outputs[output].bytes, 0)
}

function writeOutputs(files: { path: string; contents: Uint8Array }[] | undefined): void {
  for (const file of files ?? []) {
    mkdirSync(dirname(file.path), { recursive: true })
    writeFileSync(file.path, file.contents)
  }
}

/** How node reads dist/<name>/*.js (the pipeline's chunks are .mjs, ES modules whatever this says). */
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
