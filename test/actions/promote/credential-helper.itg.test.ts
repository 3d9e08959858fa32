import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { inputEnvironment } from '../../../src/cli/action-runner.js'
import type { RunningRegistry } from '../../../scripts/testbench/registry.js'
import { testBench, uniqueRepository } from '../../support/bench.js'
import {
  PASSWORD,
  USER,
  rawGet,
  rawPushImage,
  rawPutManifest,
  startBasicRegistry
} from '../../support/registries.js'
import { sha256 } from '../../support/hostile-registry.js'

/**
 * A docker config's credential helper, through the committed bundle as the runner starts it: the
 * start-up file reads the config with the inputs, and the pipeline (a bundle of its own) runs the
 * helper when the registry first asks for credentials. The store crosses from one bundle to the
 * other: were it taken for a plain map there, the helper would never run and the push be refused.
 */
describe('promote with credentials from a docker credential helper', () => {
  let registry: RunningRegistry
  let dir: string
  const basicAuth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`

  beforeAll(async () => {
    registry = await startBasicRegistry()
    dir = mkdtempSync(join(tmpdir(), 'credential-helper-'))
    // The helper protocol: the server URL on stdin, {"Username","Secret"} on stdout.
    const helper = join(dir, 'docker-credential-acme')
    writeFileSync(
      helper,
      `#!/bin/sh\nread server\necho "$server" >> "${join(dir, 'asked')}"\n` +
        `printf '{"ServerURL":"%s","Username":"${USER}","Secret":"${PASSWORD}"}' "$server"\n`
    )
    chmodSync(helper, 0o755)
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ credHelpers: { [registry.host]: 'acme' } }))
  }, 60_000)

  afterAll(async () => {
    await registry?.stop()
  })

  it('asks the helper once, promotes, and never prints the secret', async () => {
    const repository = uniqueRepository('helper/app')
    const image = await rawPushImage(testBench().registry, repository)
    const digest = await rawPutManifest(testBench().registry, repository, 'dev-1', image.manifest)
    const target = `${registry.host}/${repository}:staging`
    const summary = join(dir, 'summary')
    const output = join(dir, 'output')
    writeFileSync(summary, '')
    writeFileSync(output, '')

    const run = spawnSync(process.execPath, [resolve('dist/promote/index.js')], {
      env: {
        PATH: `${dir}:${process.env.PATH ?? ''}`,
        DOCKER_CONFIG: dir,
        RUNNER_TEMP: dir,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_OUTPUT: output,
        ...inputEnvironment('promote', {
          source: `${testBench().registry}/${repository}@${digest}`,
          targets: target,
          'require-gate': 'false'
        })
      },
      encoding: 'utf8'
    })

    expect(run.stdout).not.toMatch(/^::error::/m)
    expect(run.status).toBe(0)
    expect(readFileSync(join(dir, 'asked'), 'utf8').trim().split('\n')).toEqual([registry.host])
    const manifest = await rawGet(registry.host, repository, 'manifests', 'staging', basicAuth)
    expect(manifest && sha256(manifest)).toBe(digest)
    // The secret is masked (the runner hides it from then on) and appears nowhere else.
    const lines = run.stdout.split('\n')
    expect(lines).toContain(`::add-mask::${PASSWORD}`)
    const unmasked = lines.filter(line => !line.startsWith('::add-mask::')).join('\n')
    for (const text of [unmasked, run.stderr, readFileSync(summary, 'utf8'), readFileSync(output, 'utf8')])
      expect(text).not.toContain(PASSWORD)
  }, 120_000)
})
