/**
 * The esbuild settings of every bundle (scripts/build-dist.ts), shared with the tests that check
 * what those settings do. Why each one: see scripts/build-dist.ts.
 */
import type { BuildOptions, Plugin } from 'esbuild'
import { readFileSync } from 'node:fs'
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

export function bundleOptions(
  entryPoints: Record<string, string>,
  outdir: string
): BuildOptions & { metafile: true } {
  return {
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: true,
    chunkNames: '[name]-[hash]',
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    banner: { js: REQUIRE_SHIM },
    metafile: true,
    logLevel: 'warning',
    plugins: [lazyCoreOidc, sideEffectFree]
  }
}
