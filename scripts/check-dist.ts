#!/usr/bin/env tsx
/**
 * Fails when dist/ is not exactly what the sources build: rebuilds every bundle, then asks git
 * (`status --porcelain` also sees new, untracked bundles, which `git diff` would miss).
 */
import { execFileSync } from 'node:child_process'

execFileSync('npx', ['tsx', 'scripts/build-dist.ts'], { stdio: 'inherit' })
execFileSync('npx', ['tsx', 'scripts/build-action.ts'], { stdio: 'inherit' })
const changes = execFileSync('git', ['status', '--porcelain', '--', 'dist', 'build'], {
  encoding: 'utf8'
}).trim()
if (changes) {
  console.error(
    'dist/ or build/action.yml is out of date with the sources. Run `npm run build` and commit them:\n' +
      changes
  )
  process.exit(1)
}
console.log('dist/ is up to date')
