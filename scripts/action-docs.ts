#!/usr/bin/env tsx
/**
 * Generates each action's inputs/outputs tables from its action.yml into its page, between
 * `<!-- action-docs:NAME -->` and `<!-- /action-docs:NAME -->` markers: actions/<name>/README.md,
 * and build/README.md for the one-step pipeline (the root action.yml). A new action gets a page.
 *   tsx scripts/action-docs.ts          rewrite the pages
 *   tsx scripts/action-docs.ts --check  fail when a page and its action.yml drift
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import {
  actionFiles,
  docPage,
  pageSkeleton,
  renderActionDocs,
  undocumentedActions
} from './action-docs/render.js'

function main(): void {
  const check = process.argv.includes('--check')
  const drifted: string[] = []
  for (const name of Object.keys(actionFiles())) {
    const page = docPage(name)
    if (!existsSync(page)) {
      if (check) continue
      writeFileSync(page, pageSkeleton(name))
      console.log(`${page}: new page`)
    }
    const current = readFileSync(page, 'utf8')
    const updated = renderActionDocs(current)
    if (updated === current) continue
    drifted.push(page)
    if (!check) writeFileSync(page, updated)
  }
  const missing = undocumentedActions()
  if (missing.length > 0) {
    console.error(
      `No <!-- action-docs:NAME --> block for: ${missing.join(', ')} (in ${missing.map(n => docPage(n)).join(', ')})`
    )
    process.exit(1)
  }
  if (check) {
    if (drifted.length > 0) {
      console.error(
        `Out of date with their action.yml: ${drifted.join(', ')}. Run \`npm run docs\` and commit them.`
      )
      process.exit(1)
    }
    console.log('action docs are up to date')
    return
  }
  console.log(drifted.length > 0 ? `regenerated ${drifted.join(', ')}` : 'action docs were up to date')
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main()
