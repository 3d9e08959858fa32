import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { documentationPages } from '../../scripts/action-docs/render.js'

/** This repository as the pages spell it in `uses:` (acme stands for the organisation hosting a copy). */
const SELF = /^acme\/docker-actions(?:\/(.+?))?@v1$/

interface Use {
  where: string
  path: string
  with: string[]
  secrets: string[]
}

/** Every `uses: acme/docker-actions/…@v1` in the YAML blocks of `page`, with the keys it passes. */
export function selfUses(page: string, text: string): Use[] {
  const uses: Use[] = []
  let block = 0
  for (const match of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
    block++
    const workflow = parse(match[1]) as { jobs?: Record<string, Record<string, unknown>> }
    for (const [jobName, job] of Object.entries(workflow?.jobs ?? {})) {
      const steps = (job.steps as Array<Record<string, unknown>> | undefined) ?? []
      for (const node of [job, ...steps]) {
        const found = typeof node.uses === 'string' ? SELF.exec(node.uses) : null
        if (!found) continue
        uses.push({
          where: `${page} block ${block} job ${jobName}`,
          path: found[1] ?? '',
          with: Object.keys((node.with as object | undefined) ?? {}),
          secrets: Object.keys((node.secrets as object | undefined) ?? {})
        })
      }
    }
  }
  return uses
}

/** The inputs (and secrets, for a reusable workflow) that `path` in this repository accepts. */
function accepted(path: string): { inputs: string[]; secrets: string[] } {
  if (path.startsWith('.github/workflows/')) {
    const call = (parse(readFileSync(path, 'utf8')) as { on: { workflow_call: Record<string, object> } }).on
      .workflow_call
    return { inputs: Object.keys(call.inputs ?? {}), secrets: Object.keys(call.secrets ?? {}) }
  }
  const file = join(path, 'action.yml')
  if (!existsSync(file)) return { inputs: [], secrets: [] }
  return {
    inputs: Object.keys((parse(readFileSync(file, 'utf8')) as { inputs?: object }).inputs ?? {}),
    secrets: []
  }
}

const uses = documentationPages().flatMap(page => selfUses(page, readFileSync(page, 'utf8')))

describe('workflow snippets in the pages', () => {
  it('find the uses of this repository', () => {
    expect(uses.map(use => use.path)).toEqual(
      expect.arrayContaining(['build', '.github/workflows/build.yml', 'actions/promote'])
    )
  })

  it('catches an input the action does not have (the check can fail)', () => {
    const text = [
      '```yaml',
      'on: push',
      'jobs:',
      '  x:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: acme/docker-actions/actions/promote@v1',
      '        with: { source: a, no-such-input: b }',
      '```'
    ].join('\n')
    const [use] = selfUses('fake.md', text)
    expect(use.path).toBe('actions/promote')
    expect(use.with.filter(key => !accepted(use.path).inputs.includes(key))).toEqual(['no-such-input'])
  })

  it.each(uses.map(use => [use.where, use.path, use] as const))(
    '%s: uses %s with inputs it has',
    (_where, path, use) => {
      const { inputs, secrets } = accepted(path)
      expect(inputs.length).toBeGreaterThan(0)
      expect(use.with.filter(key => !inputs.includes(key))).toEqual([])
      expect(use.secrets.filter(key => !secrets.includes(key))).toEqual([])
    }
  )
})
