#!/usr/bin/env tsx
/**
 * Bundles every action entrypoint (src/actions/<name>/index.ts) with @vercel/ncc into dist/<name>/index.js,
 * and the local runner (src/cli/index.ts) into dist/cli/index.js.
 * `npm run build`; pass names to build only those.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

export const ACTIONS_SOURCE = 'src/actions'
/** The local runner is bundled like an action, so `npx docker-actions` needs no build step. */
const CLI_ENTRY = 'src/cli/index.ts'

export function actionNames(): string[] {
  return readdirSync(ACTIONS_SOURCE, { withFileTypes: true })
    .filter(entry => entry.isDirectory() && existsSync(join(ACTIONS_SOURCE, entry.name, 'index.ts')))
    .map(entry => entry.name)
    .sort()
}

function build(name: string): void {
  const out = join('dist', name)
  const entry = name === 'cli' ? CLI_ENTRY : join(ACTIONS_SOURCE, name, 'index.ts')
  rmSync(out, { recursive: true, force: true })
  execFileSync('npx', ['ncc', 'build', entry, '-o', out, '--license', 'licenses.txt', '--quiet'], {
    stdio: 'inherit'
  })
  console.log(`built ${out}/index.js`)
}

const requested = process.argv.slice(2)
for (const name of requested.length > 0 ? requested : [...actionNames(), 'cli']) build(name)
