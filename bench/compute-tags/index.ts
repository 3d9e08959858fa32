/**
 * Times `node dist/compute-tags/index.js` as a whole process, as the runner starts it (median of
 * repeated runs, after warm-up), and reports the bundle size.
 *   npx tsx bench/compute-tags/index.ts [runs]
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { formatBytes, formatMs, median, printTable } from '../stats.js'
import { inputEnvironment } from '../../src/cli/action-runner.js'

const runs = Number(process.argv[2] ?? 21)
const bundle = resolve('dist/compute-tags/index.js')
const dir = mkdtempSync(join(tmpdir(), 'bench-compute-tags-'))
const event = join(dir, 'event.json')
writeFileSync(
  event,
  JSON.stringify({
    ref: 'refs/heads/feature/x',
    repository: { full_name: 'acme/app', default_branch: 'main' }
  })
)

function once(): number {
  for (const file of ['out', 'summary']) writeFileSync(join(dir, file), '')
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, [bundle], {
    env: {
      PATH: process.env.PATH,
      ...inputEnvironment('compute-tags', { images: 'ghcr.io/acme/app\nacme/app' }),
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/feature/x',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '1',
      GITHUB_EVENT_PATH: event,
      GITHUB_OUTPUT: join(dir, 'out'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary')
    },
    stdio: 'ignore'
  })
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) throw new Error(`compute-tags exited with ${result.status}`)
  return elapsed
}

for (let i = 0; i < 3; i++) once()
const times = Array.from({ length: runs }, once)
const baseline = Array.from({ length: runs }, () => {
  const started = process.hrtime.bigint()
  spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' })
  return Number(process.hrtime.bigint() - started) / 1e6
})
rmSync(dir, { recursive: true, force: true })

console.log(`compute-tags: ${runs} runs of node dist/compute-tags/index.js (after 3 warm-up runs)\n`)
printTable(
  ['measure', 'value'],
  [
    ['median wall time, whole process', formatMs(median(times))],
    ['min / max', `${formatMs(Math.min(...times))} / ${formatMs(Math.max(...times))}`],
    ['median `node -e ""` (process start floor)', formatMs(median(baseline))],
    ['ratio to bare node start', `${(median(times) / median(baseline)).toFixed(2)}x`],
    ['bundle size (dist/compute-tags/index.js)', formatBytes(statSync(bundle).size)]
  ]
)
