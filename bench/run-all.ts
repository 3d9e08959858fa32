/**
 * Every benchmark in bench/<name>/index.ts, one after the other, in the bench environment that
 * `npm run bench` starts (engine + registry). Each prints its own medians and ratios.
 *   npm run bench            all of them
 *   npm run bench -- promote only bench/promote
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const only = process.argv.slice(2)
const names = readdirSync('bench', { withFileTypes: true })
  .filter(entry => entry.isDirectory() && existsSync(join('bench', entry.name, 'index.ts')))
  .map(entry => entry.name)
  .filter(name => only.length === 0 || only.includes(name))
  .sort()

let failed = 0
for (const name of names) {
  console.log(`\n## bench/${name}\n`)
  const result = spawnSync('npx', ['tsx', join('bench', name, 'index.ts')], { stdio: 'inherit' })
  if (result.status !== 0) {
    console.log(`bench/${name} failed (exit ${result.status ?? result.signal})`)
    failed++
  }
}
process.exit(failed > 0 ? 1 : 0)
