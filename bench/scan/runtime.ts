/**
 * What running the scanner from its image costs over a scanner on PATH, for examples/app: the whole
 * scan-image process (the committed bundle, through the one action runner) with a stand-in Trivy on
 * PATH, and with the stand-in Trivy image (test/support/scanner-images.ts) run the way the official
 * one is; both print the same real sample report, so the difference is the image export (`docker
 * save`) and the container start. The two parts are also timed alone. Median, min and max of N runs.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { loadActionMetadata, runActionStep } from '../../src/cli/action-runner.js'
import { exampleAppBuildArgs } from '../../test/support/example-app.js'
import { standInScannerImage } from '../../test/support/scanner-images.js'
import { formatBytes, formatMs, median, printTable, timeRuns } from '../stats.js'

const SAMPLE = resolve('test/fixtures/scan/trivy/trivy-alpine-310.json')

export async function benchScannerRuntimes(runs: number): Promise<void> {
  const docker = process.env.TESTBENCH_DOCKER_CLIENT ?? '/usr/bin/docker'
  const registry = process.env.TESTBENCH_REGISTRY as string
  const run = (args: string[]): string =>
    execFileSync(docker, args, { env: { ...process.env, DOCKER_BUILDKIT: '1' }, encoding: 'utf8' })
  const tag = `${registry}/bench/scan-app:1`
  run([
    'build',
    '--quiet',
    '--network',
    'host',
    ...exampleAppBuildArgs(process.env.TESTBENCH_BASE_IMAGE, {
      version: 'bench',
      commit: '0'.repeat(40),
      build: ''
    }),
    '--tag',
    tag,
    resolve('examples/app')
  ])
  const digest = (/digest: (sha256:[a-f0-9]{64})/.exec(run(['push', tag])) as RegExpExecArray)[1]
  const image = `${registry}/bench/scan-app@${digest}`
  const scanner = await standInScannerImage('trivy')

  const dir = mkdtempSync(join(tmpdir(), 'bench-scan-'))
  const bin = join(dir, 'bin')
  mkdirSync(bin)
  writeFileSync(join(bin, 'trivy'), `#!/bin/sh\ncat "${SAMPLE}"\n`)
  chmodSync(join(bin, 'trivy'), 0o755)
  const action = loadActionMetadata(resolve('actions/scan-image'))
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DOCKER_HOST: process.env.DOCKER_HOST ?? '',
    DOCKER_ACTIONS_DOCKER: docker,
    XDG_CACHE_HOME: join(dir, 'cache'),
    RUNNER_TEMP: dir,
    TRIVY_STANDIN_REPORT: 'trivy-alpine-310.json'
  }
  const scan = async (runtime: 'path' | 'container'): Promise<void> => {
    const step = await runActionStep(action, 'main', {
      inputs: {
        image,
        scanner: 'trivy',
        'scanner-runtime': runtime,
        'scanner-image': scanner,
        'output-dir': join(dir, 'out')
      },
      env: runtime === 'path' ? { ...env, PATH: `${bin}:${env.PATH}` } : env
    })
    if (step.exitCode !== 0) throw new Error(`scan-image (${runtime}) failed:\n${step.stdout}${step.stderr}`)
  }
  const measure = (work: () => Promise<unknown> | unknown): Promise<number[]> =>
    timeRuns(runs, work, { warmUp: true })
  const archive = join(dir, 'image.tar')
  const path = await measure(() => scan('path'))
  const container = await measure(() => scan('container'))
  const save = await measure(() => {
    rmSync(archive, { force: true })
    run(['save', '--output', archive, image])
  })
  const size = statSync(archive).size
  const start = await measure(() =>
    run(['run', '--rm', '--network', 'host', '--entrypoint', '/bin/true', scanner.replace(/@.*/, ':test')])
  )
  rmSync(dir, { recursive: true, force: true })

  const row = (what: string, times: number[]): string[] => [
    what,
    formatMs(median(times)),
    formatMs(Math.min(...times)),
    formatMs(Math.max(...times))
  ]
  console.log(
    `\nscanner from its image vs on PATH, examples/app (${formatBytes(size)} archive), ${runs} runs after a warm-up\n`
  )
  printTable(
    ['whole scan-image process', 'median', 'min', 'max'],
    [
      row('scanner on PATH (stand-in trivy CLI)', path),
      row('scanner from its image (stand-in trivy image)', container),
      ['difference (medians)', formatMs(median(container) - median(path)), '', ''],
      row('  of which: docker save of the image', save),
      row('  of which: docker run --rm of the scanner image', start)
    ]
  )
}
