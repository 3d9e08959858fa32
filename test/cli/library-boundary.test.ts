/**
 * src/lib is the shared library: it knows nothing of the local runner (src/cli) or of the actions
 * (src/actions) built on it. (Here, with the CLI's tests, because moving CLI-only code out of
 * src/lib is what keeps it true.)
 */
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : []
  )
}

/** Relative module specifiers of static imports, re-exports and dynamic import()s. */
function importedModules(text: string): string[] {
  const specifiers = [
    ...text.matchAll(/\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)
  ].map(match => match[1])
  return specifiers.filter(specifier => specifier.startsWith('.'))
}

/** `file: specifier` for every import of a src/lib module that reaches outside src/lib into src/cli or src/actions. */
function forbiddenImports(root: string): string[] {
  const lib = resolve(root, 'src/lib')
  const forbidden = ['src/cli', 'src/actions'].map(dir => resolve(root, dir))
  return sources(lib).flatMap(file =>
    importedModules(readFileSync(file, 'utf8'))
      .filter(specifier => {
        const target = resolve(dirname(file), specifier)
        return forbidden.some(dir => target === dir || target.startsWith(`${dir}/`))
      })
      .map(specifier => `${relative(root, file)}: ${specifier}`)
  )
}

describe('the library boundary', () => {
  it('nothing in src/lib imports from src/cli or src/actions', () => {
    expect(forbiddenImports(resolve('.'))).toEqual([])
  })

  it('fails on a library module that reaches into the CLI or an action', () => {
    const root = mkdtempSync(join(tmpdir(), 'boundary-'))
    mkdirSync(join(root, 'src/lib/git'), { recursive: true })
    writeFileSync(join(root, 'src/lib/ok.ts'), "import { x } from './git/y.js'\n")
    writeFileSync(join(root, 'src/lib/git/y.ts'), "import { replayEvent } from '../../cli/local-git.js'\n")
    writeFileSync(
      join(root, 'src/lib/z.ts'),
      "export const load = () => import('../actions/promote/main.js')\n"
    )
    expect(forbiddenImports(root)).toEqual([
      'src/lib/git/y.ts: ../../cli/local-git.js',
      'src/lib/z.ts: ../actions/promote/main.js'
    ])
  })

  it('sees static, re-exported, side-effect and dynamic imports', () => {
    expect(
      importedModules(
        [
          "import { a } from '../cli/x.js'",
          "import type {\n  B\n} from '../../actions/y/main.js'",
          "export { c } from './c.js'",
          "import './side-effect.js'",
          "const m = await import('../cli/z.js')",
          "import * as core from '@actions/core'"
        ].join('\n')
      )
    ).toEqual(['../cli/x.js', '../../actions/y/main.js', './c.js', './side-effect.js', '../cli/z.js'])
  })
})
