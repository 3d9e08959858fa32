/**
 * verify-image on examples/app: what the Dockerflow checks cost a pipeline. Median of N runs of the
 * static checks alone (config + files, no container started) and of all checks (the container is
 * started, probed and removed), next to a bare `docker run --rm <image> true` (the engine's floor).
 *   npx tsx scripts/testbench.ts run -- npx tsx bench/verify-image/index.ts [runs]
 */
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { verifyImage } from '../../src/lib/dockerflow/verify.js'
import { exampleAppBuildArgs } from '../../test/support/example-app.js'
import { formatMs, median, printTable, timeRuns } from '../stats.js'

const runs = Number(process.argv[2] ?? 5)
const baseImage = process.env.TESTBENCH_BASE_IMAGE
if (!baseImage)
  throw new Error(
    'run inside the bench: npx tsx scripts/testbench.ts run -- npx tsx bench/verify-image/index.ts'
  )
const docker = process.env.TESTBENCH_DOCKER_CLIENT ?? '/usr/bin/docker'
const commit = '0123456789abcdef0123456789abcdef01234567'

execFileSync(
  docker,
  [
    'build',
    '--quiet',
    '--network',
    'host',
    ...exampleAppBuildArgs(baseImage, { version: 'bench', commit, build: '' }),
    '--tag',
    'bench/verify-app:1',
    resolve('examples/app')
  ],
  { env: { ...process.env, DOCKER_BUILDKIT: '1' } }
)

const measure = (work: () => Promise<unknown>): Promise<number[]> => timeRuns(runs, work)

const floor = await measure(async () =>
  execFileSync(docker, ['run', '--rm', '--network', 'host', '--entrypoint', 'true', 'bench/verify-app:1'])
)
const staticOnly = await measure(async () => {
  const report = await verifyImage({ docker, image: 'bench/verify-app:1', commit, scope: 'static' })
  if (report.results.some(result => result.status !== 'pass')) throw new Error('examples/app should pass')
})
const all = await measure(async () => {
  const report = await verifyImage({ docker, image: 'bench/verify-app:1', commit })
  if (report.results.some(result => result.status !== 'pass')) throw new Error('examples/app should pass')
})

console.log(`median of ${runs} runs on examples/app\n`)
const base = median(floor)
printTable(
  ['what', 'median', 'ratio to docker run --rm true'],
  [
    ['docker run --rm … true (engine floor)', formatMs(base), '1.00'],
    ['verify-image, static checks (7)', formatMs(median(staticOnly)), (median(staticOnly) / base).toFixed(2)],
    ['verify-image, all checks (15)', formatMs(median(all)), (median(all) / base).toFixed(2)]
  ]
)
