#!/usr/bin/env tsx
/**
 * Generates each action's inputs/outputs tables in README.md from its action.yml, between
 * `<!-- action-docs:NAME -->` and `<!-- /action-docs:NAME -->` markers.
 *   tsx scripts/action-docs.ts          rewrite README.md
 *   tsx scripts/action-docs.ts --check  fail when README.md and the action.yml files drift
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { renderActionDocs } from './action-docs/render.js'

const README = 'README.md'

function main(): void {
  const current = readFileSync(README, 'utf8')
  const updated = renderActionDocs(current)
  if (process.argv.includes('--check')) {
    if (updated !== current) {
      console.error(
        'README.md is out of date with actions/*/action.yml. Run `npm run docs` and commit README.md.'
      )
      process.exit(1)
    }
    console.log('README.md action docs are up to date')
    return
  }
  writeFileSync(README, updated)
  console.log('README.md action docs regenerated')
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main()
