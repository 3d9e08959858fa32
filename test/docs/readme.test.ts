import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import {
  actionFiles,
  docPage,
  renderActionDocs,
  undocumentedActions
} from '../../scripts/action-docs/render.js'
import { parse } from 'yaml'
import { toSarif, toolInformationUri } from '../../src/lib/scan/sarif.js'

const readme = readFileSync('README.md', 'utf8')

describe('action pages', () => {
  it.each(Object.keys(actionFiles()).map(name => [name, docPage(name)]))(
    '%s: %s has the inputs/outputs tables exactly as its action.yml says (run `npm run docs`)',
    (_name, page) => {
      const text = readFileSync(page, 'utf8')
      expect(renderActionDocs(text)).toBe(text)
    }
  )

  it('documents every action on its own page', () => {
    expect(undocumentedActions()).toEqual([])
  })

  it('puts the pipeline table on build/README.md and each action on actions/<name>/README.md', () => {
    expect(docPage('pipeline')).toBe('build/README.md')
    expect(docPage('promote')).toBe('actions/promote/README.md')
  })
})

describe('README', () => {
  it('names the test command that .ci/run calls', () => {
    expect(readme).toContain('npm test')
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm test\b/m)
  })

  it('links every action page', () => {
    for (const name of Object.keys(actionFiles())) expect(readme).toContain(`](${docPage(name)})`)
  })

  it('tells the truth in Releasing: SARIF names the version and home page of package.json', () => {
    expect(readme).toContain('version and home page of `package.json`')
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
    const sarif = toSarif({ scanner: 'trivy', findings: [] } as never, { active: [] } as never, {
      image: 'ghcr.io/acme/app@sha256:0'
    }) as { runs: Array<{ tool: { driver: { version: string; informationUri?: string } } }> }
    expect(sarif.runs[0].tool.driver.version).toBe(pkg.version)
    expect(sarif.runs[0].tool.driver.informationUri).toBe(toolInformationUri(pkg))
    expect(toolInformationUri({ version: '1', repository: { url: 'git+https://github.com/o/r.git' } })).toBe(
      'https://github.com/o/r'
    )
    expect(toolInformationUri({ version: '1', repository: 'github:o/r' })).toBe('https://github.com/o/r')
    expect(toolInformationUri({ version: '1', homepage: 'https://o.test/r', repository: 'o/r' })).toBe(
      'https://o.test/r'
    )
    expect(toolInformationUri({ version: '1' })).toBeUndefined()
  })

  it('stays a front page: no generated action tables, about 300 lines of prose (details live on the action pages and CONTRIBUTING.md)', () => {
    expect(readme).not.toContain('<!-- action-docs:')
    // The benchmark tables `npm run bench` writes are figures, not prose: they do not count.
    const bench = /<!-- bench:start[^\n]*-->[\s\S]*?<!-- bench:end -->/.exec(readme)
    expect(bench).not.toBeNull()
    expect(bench?.[0]).toMatch(/One run of `npm run bench`/)
    expect(readme.replace(bench?.[0] ?? '', '').split('\n').length).toBeLessThanOrEqual(350)
  })
})

describe('action.yml files', () => {
  it.each(Object.entries(actionFiles()).filter(([name]) => name !== 'pipeline'))(
    '%s runs its own committed bundle on node24',
    (name, file) => {
      const metadata = parse(readFileSync(file, 'utf8'))
      expect(metadata.runs.using).toBe('node24')
      expect(metadata.runs.main).toBe(`../../dist/${name}/index.js`)
      expect(readFileSync(`dist/${name}/index.js`, 'utf8').length).toBeGreaterThan(0)
      for (const [input, spec] of Object.entries<{ description?: string }>(metadata.inputs ?? {})) {
        expect([input, spec.description?.length ?? 0]).not.toEqual([input, 0])
      }
    }
  )
})
