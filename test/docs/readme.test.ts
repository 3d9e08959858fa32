import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { actionFiles, renderActionDocs, undocumentedActions } from '../../scripts/action-docs/render.js'
import { parse } from 'yaml'

const readme = readFileSync('README.md', 'utf8')

describe('README', () => {
  it('has the inputs/outputs tables exactly as the action.yml files say (run `npm run docs`)', () => {
    expect(renderActionDocs(readme)).toBe(readme)
  })

  it('documents every action', () => {
    expect(undocumentedActions(readme)).toEqual([])
  })

  it('names the test command that .ci/run calls', () => {
    expect(readme).toContain('npm test')
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm test\b/m)
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
