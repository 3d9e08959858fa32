/**
 * scan-image with the scanner run from its image (the default where no scanner is installed), end
 * to end on the bench's engine and registry: stand-in scanner images (test/support/scanner-images.ts)
 * run exactly as the official ones, against a `docker save` archive of the image under test.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type ActionRun, runAction } from '../../support/action-runner.js'
import { docker, testBench, uniqueRepository } from '../../support/bench.js'
import { loadEvent } from '../../support/events.js'
import {
  type StandInScanner,
  leftoverScanContainers,
  standInScannerImage
} from '../../support/scanner-images.js'

const TOKEN = 'snyk-standin-token-0123'

describe('scan-image with the scanner in a container (stand-in images on the real engine)', () => {
  let dir: string
  let image: string
  let digest: string
  let cacheHome: string
  let runnerTemp: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scan-container-'))
    cacheHome = join(dir, 'cache-home')
    runnerTemp = join(dir, 'runner-temp')
    mkdirSync(runnerTemp)
    writeFileSync(join(dir, 'Dockerfile'), `# app\nFROM ${testBench().baseImage}\nRUN echo app > /app\n`)
    image = `${testBench().registry}/${uniqueRepository('acme/contained')}:dev-1`
    await docker(['build', '--network', 'host', '--tag', image, dir])
    const pushed = await docker(['push', image])
    digest = (/digest: (sha256:[a-f0-9]{64})/.exec(pushed) as RegExpExecArray)[1]
    // Built in parallel: the first test would otherwise pay for all three.
    await Promise.all((['trivy', 'grype', 'snyk'] as const).map(standInScannerImage))
  }, 300_000)

  const scan = async (
    scanner: StandInScanner | 'report',
    inputs: Record<string, string>,
    env: Record<string, string | undefined> = {}
  ): Promise<ActionRun> => {
    const fixture = loadEvent('push-main')
    return runAction('scan-image', {
      inputs: {
        image,
        scanner,
        file: join(dir, 'Dockerfile'),
        'output-dir': mkdtempSync(join(dir, 'out-')),
        ...(scanner === 'report' ? {} : { 'scanner-image': await standInScannerImage(scanner) }),
        ...inputs
      },
      env: {
        ...fixture.env,
        DOCKER_ACTIONS_DOCKER: testBench().dockerClient,
        XDG_CACHE_HOME: cacheHome,
        RUNNER_TEMP: runnerTemp,
        SNYK_TOKEN: TOKEN,
        SNYK_STANDIN_TOKEN: TOKEN,
        ...env
      },
      event: fixture.payload
    })
  }

  /** What the gate decided, as the outputs and the normalized report say. */
  const verdict = (run: ActionRun) => {
    const report = JSON.parse(readFileSync(run.outputs.report, 'utf8')) as Record<string, unknown>
    return {
      passed: run.outputs.passed,
      counts: run.outputs.counts,
      newFindings: run.outputs['new-findings'],
      reasons: report.reasons,
      findings: report.findings,
      failing: report.failing
    }
  }

  it.each([
    ['trivy', 'trivy/trivy-alpine-310.json', '0'],
    ['grype', 'grype/grype-TestJsonImgsPresenter.json', '0'],
    ['snyk', 'snyk/snyk-cli-container-appvulns-nongrouped.json', '1']
  ] as const)(
    '%s: the gate result is the one the report-file path gives for the same report (%s, exit %s)',
    async (scanner, sample, exitCode) => {
      const prefix = scanner.toUpperCase()
      const contained = await scan(
        scanner,
        { 'severity-threshold': 'medium' },
        { [`${prefix}_STANDIN_REPORT`]: sample.split('/')[1], [`${prefix}_STANDIN_EXIT`]: exitCode }
      )
      expect(contained.stdout).not.toMatch(/stand-in \w+:/) // every check of the stand-in held
      expect(contained.stdout).toContain(
        `${scanner} runs from ${testBench().registry}/standin/${scanner}@sha256:`
      )
      const fromReport = await scan('report', {
        'severity-threshold': 'medium',
        'report-file': resolve('test/fixtures/scan', sample)
      })
      expect(contained.outputs.digest).toBe(digest)
      expect(verdict(contained)).toEqual(verdict(fromReport))
      expect(contained.exitCode).toBe(fromReport.exitCode)
      expect(JSON.parse(readFileSync(contained.outputs.report, 'utf8'))).toMatchObject({
        selfReported: false,
        digest
      })
      expect(await leftoverScanContainers()).toEqual([])
      // The archive of the image is gone with the container.
      expect(readdirSync(runnerTemp).filter(name => name.startsWith('docker-actions-scan-'))).toEqual([])
    },
    180_000
  )

  it('mounts nothing but the archive (read-only) and the database directory, which persists under XDG_CACHE_HOME here', async () => {
    const run = await scan('trivy', {}, { TRIVY_STANDIN_REPORT: 'trivy-alpine-310.json' })
    expect(run.exitCode).toBe(0)
    const database = join(cacheHome, 'docker-actions', 'scanner-db', 'trivy')
    // Written by the stand-in from inside the container: its mounts and its arguments.
    expect(readFileSync(join(database, 'standin-run'), 'utf8')).toBe(
      '/db rw\n/scan ro\n/tmp tmpfs\nargs: image --input /scan/image.tar --format json --quiet --cache-dir /db\n'
    )
    expect(run.stdout).toContain(
      `trivy database: ${database}, kept on this machine (no GitHub cache service here)`
    )
  })

  it("Snyk's token reaches the container through its environment only, masked; the Dockerfile beside the archive", async () => {
    const run = await scan(
      'snyk',
      {},
      {
        SNYK_STANDIN_REPORT: 'snyk-to-html-no-vulns.json',
        SNYK_STANDIN_EXIT: '0',
        SNYK_STANDIN_EXPECT_FILE: '1'
      }
    )
    expect(run.stdout).not.toContain('::error::')
    expect(run.exitCode).toBe(0)
    expect(run.outputs.passed).toBe('true')
    expect(run.stdout).toContain(`::add-mask::${TOKEN}`)
    expect((run.stdout + run.stderr).split(TOKEN).length).toBe(2)
  })

  it('a scanner that hangs is stopped and removed after scan-timeout, and the step says what to do', async () => {
    const run = await scan(
      'trivy',
      { 'scan-timeout': '3s' },
      { TRIVY_STANDIN_REPORT: 'trivy-alpine-310.json', TRIVY_STANDIN_SLEEP: '300' }
    )
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(
      /::error::trivy did not finish within 3s \(scan-timeout\) and was stopped\. Raise scan-timeout/
    )
    expect(run.outputs.passed).toBeUndefined()
    expect(await leftoverScanContainers()).toEqual([])
    expect(readdirSync(runnerTemp).filter(name => name.startsWith('docker-actions-scan-'))).toEqual([])
  }, 120_000)

  it('a scanner failure fails the step with its message, and the container is removed', async () => {
    const run = await scan('grype', {}, { GRYPE_STANDIN_REPORT: 'no-such-sample.json' })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(
      /::error::grype exited with 1: .*stand-in grype: no sample no-such-sample\.json/
    )
    expect(run.outputs.passed).toBeUndefined()
    expect(await leftoverScanContainers()).toEqual([])
  })

  it('a scanner image that cannot be pulled says what to do', async () => {
    const run = await scan('trivy', {
      'scanner-image': `${testBench().registry}/standin/absent@sha256:${'0'.repeat(64)}`
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(
      /::error::Could not pull the scanner image .*standin\/absent.*set scanner-image to a copy you can reach/
    )
  })

  it('monitor: true sends the gated image to snyk container monitor under the repository and image name', async () => {
    const repository = image.slice(0, image.lastIndexOf(':'))
    const project = `acme/app: ${repository}`
    const run = await scan(
      'snyk',
      { monitor: 'true', 'severity-threshold': 'critical' },
      {
        SNYK_STANDIN_REPORT: 'snyk-cli-container-appvulns-nongrouped.json',
        SNYK_STANDIN_EXIT: '1',
        SNYK_STANDIN_PROJECT: project
      }
    )
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(`monitor: ${repository}@${digest} is monitored by Snyk as "${project}"`)
    expect(run.stdout).not.toContain('::warning::monitor')
    expect(await leftoverScanContainers()).toEqual([])
  })

  it('monitor: true does not monitor an image whose gate failed', async () => {
    const run = await scan(
      'snyk',
      { monitor: 'true', 'severity-threshold': 'low' },
      { SNYK_STANDIN_REPORT: 'snyk-cli-container-appvulns-nongrouped.json', SNYK_STANDIN_EXIT: '1' }
    )
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).not.toContain('monitored by Snyk')
  })

  it('auto uses a scanner CLI installed on the runner; container (the default) runs the image even then', async () => {
    const bin = mkdtempSync(join(dir, 'bin-'))
    writeFileSync(
      join(bin, 'trivy'),
      `#!/bin/sh\ncat "${resolve('test/fixtures/scan/trivy/trivy-alpine-310.json')}"\n`
    )
    chmodSync(join(bin, 'trivy'), 0o755)
    const path = `${bin}:${process.env.PATH}`
    const auto = await scan('trivy', { 'scanner-runtime': 'auto' }, { PATH: path })
    expect(auto.exitCode).toBe(0)
    expect(auto.stdout).toContain(`trivy runs from ${join(bin, 'trivy')} (installed on this runner`)
    const contained = await scan('trivy', {}, { PATH: path, TRIVY_STANDIN_REPORT: 'trivy-alpine-310.json' })
    expect(contained.exitCode).toBe(0)
    expect(contained.stdout).toContain(`trivy runs from ${testBench().registry}/standin/trivy@sha256:`)
    expect(verdict(contained)).toEqual(verdict(auto))
  })

  it('a fork pull request without SNYK_TOKEN: the gate is not run, no container is started', async () => {
    const fork = loadEvent('pull-request-fork')
    const run = await runAction('scan-image', {
      inputs: {
        image,
        scanner: 'snyk',
        'scanner-image': await standInScannerImage('snyk'),
        'output-dir': join(dir, 'fork')
      },
      env: { ...fork.env, DOCKER_ACTIONS_DOCKER: testBench().dockerClient, XDG_CACHE_HOME: cacheHome },
      event: fork.payload
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.passed).toBe('skipped')
    expect(run.stdout).not.toContain('runs from')
    expect(existsSync(join(dir, 'fork', 'scan-report.json'))).toBe(false)
  })
})
