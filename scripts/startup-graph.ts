import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { formatBytes } from '../src/lib/format.js'

/**
 * A static `import … from "./x.js"`, `import "./x.mjs"` or `require("./x.js")` in esbuild's output
 * (not `import("./x.mjs")`, nor the entry's `require("./main.cjs")`: both load the pipeline later).
 */
const STATIC_IMPORT = /(?:\bfrom|\bimport|\brequire\()\s*"(\.\/[^"]+\.m?js)"/g

/** Every bundle file node loads before running `dist/<name>/index.js`: the entry and its static imports. */
export function startupFiles(name: string): string[] {
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file) || !existsSync(file)) return // a string that looks like an import, not one
    seen.add(file)
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT))
      visit(resolve(dirname(file), match[1]))
  }
  visit(resolve('dist', name, 'index.js'))
  return [...seen]
}

/** The sources (from each file's source map) of what loads at start-up: `src/…` and `node_modules/…`. */
export function startupSources(name: string): string[] {
  return startupFiles(name).flatMap(file => {
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }
    return map.sources.map(source => resolve(dirname(file), source).replace(`${resolve('.')}/`, ''))
  })
}

export function startupBytes(name: string): string {
  return formatBytes(startupFiles(name).reduce((sum, file) => sum + statSync(file).size, 0))
}
