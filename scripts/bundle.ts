/**
 * The esbuild settings of every bundle (scripts/build-dist.ts), shared with the tests that check
 * what those settings do. Why each one: see scripts/build-dist.ts.
 */
import type { BuildOptions, Plugin } from 'esbuild'
import { readFileSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { dirname, join, relative } from 'node:path'

/**
 * Packages whose modules do nothing on import but define things. Only these are declared so: a
 * package outside the list keeps every import, as a package that registers something on import needs.
 */
const SIDE_EFFECT_FREE =
  /\/node_modules\/(@actions\/(core|exec|io|github|http-client|glob)|@octokit\/[^/]+|undici|tunnel|semver|zod|yaml|p-limit|yocto-queue|tar-stream|before-after-hook|universal-user-agent|fast-content-type-parse|json-with-bigint)\//

/** CommonJS packages inside an ESM bundle still call require() for node's modules. */
const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"

/** Our own modules define things and run nothing on import (no `import './x.js'` for effect). */
const OWN_SOURCES = `${process.cwd()}/src/`

const sideEffectFree: Plugin = {
  name: 'side-effect-free',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async args => {
      if (args.pluginData === 'resolving') return undefined
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving'
      })
      if (resolved.errors.length > 0) return resolved
      const free = SIDE_EFFECT_FREE.test(resolved.path) || resolved.path.startsWith(OWN_SOURCES)
      return free ? { ...resolved, sideEffects: false } : resolved
    })
  }
}

/**
 * @actions/core imports its OIDC client at load time, and with it @actions/http-client and undici
 * (~400 kB minified, ~0.1 s of CPU per start). Only attestation asks for a token, so core's
 * `./oidc-utils.js` is replaced by a stand-in whose getIDToken imports the real client on first use:
 * the bundler gives it a chunk of its own. The build fails if core starts using more of that module.
 */
const lazyCoreOidc: Plugin = {
  name: 'lazy-core-oidc',
  setup(build) {
    build.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, args => {
      if (!/\/node_modules\/@actions\/core\/lib\/core\.js$/.test(args.importer)) return undefined
      const uses = new Set(readFileSync(args.importer, 'utf8').match(/OidcClient\.\w+/g))
      if ([...uses].some(use => use !== 'OidcClient.getIDToken'))
        return {
          errors: [{ text: `@actions/core uses ${[...uses].join(', ')}: update the lazy OIDC stand-in` }]
        }
      // A path relative to the repository: it is what the source map names, the same on every machine.
      const real = join(dirname(args.importer), 'oidc-utils.js')
      return { path: relative(process.cwd(), real), namespace: 'lazy-oidc' }
    })
    build.onLoad({ filter: /.*/, namespace: 'lazy-oidc' }, args => ({
      contents: `export const OidcClient = {
  getIDToken: async audience => (await import('./oidc-utils.js')).OidcClient.getIDToken(audience)
}`,
      resolveDir: dirname(join(process.cwd(), args.path)),
      loader: 'js'
    }))
  }
}

/**
 * @actions/core imports node's crypto module at load time (~10 ms, a tenth of node's own start) for
 * one call: the random delimiter of a multi-line file command. The start-up bundle gets a stand-in
 * that loads crypto on that call. The build fails if core starts using more of crypto.
 */
const lazyCoreCrypto: Plugin = {
  name: 'lazy-core-crypto',
  setup(build) {
    build.onResolve({ filter: /^(node:)?crypto$/ }, args => {
      if (!/\/node_modules\/@actions\/core\/lib\//.test(args.importer)) return undefined
      const uses = new Set(readFileSync(args.importer, 'utf8').match(/\bcrypto\.\w+/g))
      if ([...uses].some(use => use !== 'crypto.randomUUID'))
        return {
          errors: [{ text: `@actions/core uses ${[...uses].join(', ')}: update the lazy crypto stand-in` }]
        }
      return { path: 'crypto', namespace: 'lazy-crypto' }
    })
    build.onLoad({ filter: /.*/, namespace: 'lazy-crypto' }, () => ({
      contents: `export const randomUUID = () => require('node:crypto').randomUUID()`,
      loader: 'js'
    }))
  }
}

/** What @actions/core's summary takes of fs.promises (in its order). */
const SUMMARY_FILE_FUNCTIONS = ['access', 'appendFile', 'writeFile']

/**
 * @actions/core's summary module takes node's asynchronous file functions (fs.promises) at load
 * time, which loads them (~2.5 ms per start); src/lib/summary.ts writes the summary itself, so they
 * are seldom called. The summary module gets a stand-in whose functions load them on first call. The
 * build fails if the module starts taking more of them.
 */
const lazyCoreSummaryFiles: Plugin = {
  name: 'lazy-core-summary-files',
  setup(build) {
    build.onResolve({ filter: /^(node:)?fs$/ }, args => {
      if (!/\/node_modules\/@actions\/core\/lib\/summary\.js$/.test(args.importer)) return undefined
      const taken = /const \{([^}]*)\} = promises;/.exec(readFileSync(args.importer, 'utf8'))?.[1]
      const names = (taken ?? '').split(',').map(name => name.trim())
      if (names.join() !== SUMMARY_FILE_FUNCTIONS.join())
        return {
          errors: [{ text: `@actions/core's summary takes ${taken ?? 'fs.promises'}: update its stand-in` }]
        }
      return { path: 'fs', namespace: 'lazy-summary-files' }
    })
    build.onLoad({ filter: /.*/, namespace: 'lazy-summary-files' }, () => ({
      contents: [
        "export { constants } from 'node:fs'",
        "const later = name => (...args) => require('node:fs').promises[name](...args)",
        `export const promises = { ${SUMMARY_FILE_FUNCTIONS.map(name => `${name}: later('${name}')`).join(', ')} }`
      ].join('\n'),
      loader: 'js'
    }))
  }
}

/** The file the entry loads its pipeline from, beside it. */
export const PIPELINE_FILE = './main.cjs'

/** The entry's `import('./main.js')` loads the pipeline bundle beside it, not a copy of it. */
const pipelineBeside: Plugin = {
  name: 'pipeline-beside',
  setup(build) {
    build.onResolve({ filter: /^\.\/main\.js$/ }, args =>
      /\/src\/actions\/[^/]+\/index\.ts$/.test(args.importer)
        ? { path: PIPELINE_FILE, external: true }
        : undefined
    )
  }
}

/** The file a package reached only through `import()` ships in, beside the pipeline: `./actions-cache.cjs`. */
export function packageFile(name: string): string {
  return `./${name.replace(/^@/, '').replaceAll('/', '-')}.cjs`
}

/**
 * A package the pipeline imports only with `import()` (@actions/cache in scan-image, @actions/attest
 * in build-with-cache, yaml for a .snyk policy) stays out of the pipeline's file: the import becomes a
 * `require` of its own bundle beside it (packageOptions), read only by the runs that call for it. So
 * the pipeline is one CommonJS file, which node loads ~25 ms faster than the same code as an ES module
 * in chunks (issue 17). `apart` gets each such file with its package; scripts/build-dist.ts builds
 * those the pipeline's file still names, and fails if a package set apart is also bundled in it.
 */
function packagesApart(apart: Map<string, string>): Plugin {
  return {
    name: 'packages-apart',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, args => {
        if (args.kind !== 'dynamic-import' || isBuiltin(args.path)) return undefined
        apart.set(packageFile(args.path), args.path)
        return { path: packageFile(args.path), external: true }
      })
    }
  }
}

/**
 * A CommonJS bundle's prologue: `import.meta.url` (run.ts finds inputs.json beside the bundle), and
 * whether node started this file itself (run.ts then exits as soon as the run is done).
 */
const CJS_BANNER =
  "var __bundleUrl = require('node:url').pathToFileURL(__filename).href, __startedByNode = require.main === module;"

/** What every CommonJS file of an action has: its prologue, and `require` where the code says `import()`. */
const COMMON_JS = {
  format: 'cjs',
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: CJS_BANNER },
  // Node's ES module loader is then never started.
  supported: { 'dynamic-import': false }
} satisfies BuildOptions

/**
 * What runs first, when the runner starts `dist/<name>/index.js`: one CommonJS file that reads the
 * inputs and loads the pipeline (`pipeline`: its format) only once they are valid. CommonJS because
 * node starts it faster than an ES module (no module loader, no async file reads: ~8% of node's own
 * start-up), and one file because each further module costs a read and a compile (issue 17).
 * Modules both use (core, errors, inputs) are in both bundles: they hold no state that matters
 * across the two, and run.ts tells a user error by its brand, not by its class (src/lib/errors.ts).
 */
export function entryOptions(entry: string, outdir: string): BuildOptions & { metafile: true } {
  return {
    ...common,
    ...COMMON_JS,
    entryPoints: { index: entry },
    outdir,
    plugins: [pipelineBeside, lazyCoreCrypto, lazyCoreOidc, lazyCoreSummaryFiles, sideEffectFree]
  }
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  // Off: keeping names wraps every function and class in a __name() call at load (~10 M instructions
  // per start); nothing reads a function's name, and errors name themselves (`this.name = …`).
  keepNames: false,
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning'
} satisfies BuildOptions

/**
 * An action's pipeline (`main.ts`, loaded by the entry once its inputs are read): one CommonJS file,
 * without the packages it imports lazily (packagesApart: `apart` gets their files and names).
 */
export function pipelineOptions(
  entry: string,
  outdir: string,
  apart = new Map<string, string>()
): BuildOptions & { metafile: true } {
  return {
    ...common,
    ...COMMON_JS,
    entryPoints: { main: entry },
    outdir,
    outExtension: { '.js': '.cjs' },
    plugins: [packagesApart(apart), lazyCoreCrypto, lazyCoreOidc, lazyCoreSummaryFiles, sideEffectFree]
  }
}

/**
 * A package the pipeline imports lazily, as one CommonJS file beside it (packageFile). Its
 * dependencies are bundled in it, @actions/core included: a second copy, which holds no state that
 * matters across the two (as with the entry's).
 */
export function packageOptions(name: string, outdir: string): BuildOptions & { metafile: true } {
  return {
    ...common,
    ...COMMON_JS,
    entryPoints: [{ in: name, out: packageFile(name).slice(2, -'.cjs'.length) }],
    outdir,
    outExtension: { '.js': '.cjs' },
    plugins: [sideEffectFree]
  }
}

export function bundleOptions(
  entryPoints: Record<string, string>,
  outdir: string
): BuildOptions & { metafile: true } {
  return {
    ...common,
    entryPoints,
    outdir,
    format: 'esm',
    splitting: true,
    chunkNames: '[name]-[hash]',
    banner: { js: REQUIRE_SHIM },
    plugins: [lazyCoreOidc, lazyCoreSummaryFiles, sideEffectFree]
  }
}
