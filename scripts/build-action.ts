#!/usr/bin/env tsx
/**
 * Writes build/action.yml, so `uses: <org>/docker-actions/build@v1` runs the one-step pipeline. It is
 * the root action.yml with the bundles one directory up: GitHub runs a composite action from its own
 * directory (GITHUB_ACTION_PATH), and a composite cannot `uses:` its sibling by a path relative to
 * itself. Generated, never edited: `npm run build` writes it, a test fails when it drifts.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const BUILD_ACTION = 'build/action.yml'
const HEADER =
  '# Generated from the root action.yml by scripts/build-action.ts (`npm run build`): do not edit.\n' +
  '# `uses: <org>/docker-actions/build@v1` runs the same one-step pipeline as `<org>/docker-actions@v1`.\n'

export function buildActionText(rootActionText: string): string {
  const rewritten = rootActionText.replaceAll('"$GITHUB_ACTION_PATH/dist/', '"$GITHUB_ACTION_PATH/../dist/')
  if (rewritten === rootActionText)
    throw new Error('action.yml runs no bundle from $GITHUB_ACTION_PATH/dist/')
  return HEADER + rewritten
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(BUILD_ACTION, buildActionText(readFileSync('action.yml', 'utf8')))
  console.log(`wrote ${BUILD_ACTION}`)
}
