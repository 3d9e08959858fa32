import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import {
  createStepFiles,
  githubContext,
  loadActionMetadata,
  readStepFiles,
  resolveInputs,
  stepFileVariables
} from '../../src/cli/action-runner.js'
import { inputVariable } from '../../src/lib/inputs.js'
import { testBench, uniqueRepository } from '../support/bench.js'

const execFileAsync = promisify(execFile)

/**
 * Runs an action with GitHub's own local runner tool, `@github/local-action run actions/<name>
 * dist/<name>/index.js .env`, which imports the committed bundle and calls its `run`. What the tool
 * does not do as the runner does is done by the one action runner (src/cli/action-runner.ts): the
 * INPUT_* variables with action.yml defaults, and the GITHUB_OUTPUT / GITHUB_STATE / summary files the
 * bundle writes and that are read back.
 */
async function localAction(
  name: string,
  inputs: Record<string, string>
): Promise<{ outputs: Record<string, string>; log: string }> {
  const dir = mkdtempSync(join(tmpdir(), `local-action-${name}-`))
  const envFile = join(dir, '.env')
  const event = join(dir, 'event.json')
  writeFileSync(
    event,
    JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/app', default_branch: 'main' } })
  )
  const base = {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_RUN_ID: '7',
    GITHUB_EVENT_PATH: event,
    RUNNER_TEMP: dir
  }
  const action = loadActionMetadata(resolve('actions', name))
  const resolved = resolveInputs(action, inputs, { failed: false, contexts: { github: githubContext(base) } })
  expect(resolved.unexpected).toEqual([])
  const files = createStepFiles(`local-action-${name}`)
  const variables: Record<string, string> = { ...base, ...stepFileVariables(files) }
  for (const [input, value] of Object.entries(resolved.inputs)) variables[inputVariable(input)] = value
  writeFileSync(
    envFile,
    Object.entries(variables)
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
      .join('\n') + '\n'
  )
  const { stdout, stderr } = await execFileAsync(
    process.execPath,
    [
      resolve('node_modules/@github/local-action/bin/local-action.js'),
      'run',
      resolve('actions', name),
      resolve(action.path, action.runs.main as string),
      envFile
    ],
    { maxBuffer: 32 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' } }
  )
  const log = stdout + stderr
  expect(log).not.toMatch(/^::error::/m)
  const { outputs, errors } = readStepFiles(files)
  expect(errors).toEqual([])
  return { outputs, log }
}

describe('every action under @github/local-action, from its committed bundle', () => {
  let context: string
  let repository: string
  let image: string

  beforeAll(() => {
    context = mkdtempSync(join(tmpdir(), 'local-action-app-'))
    writeFileSync(
      join(context, 'Dockerfile'),
      [
        `FROM ${testBench().baseImage} AS builder`,
        'RUN echo built > /built',
        'FROM builder AS production',
        // Just enough Dockerflow for verify-image's static checks.
        "RUN echo 'app:x:10001:10001::/app:/bin/sh' >> /etc/passwd && echo 'app:x:10001:' >> /etc/group && mkdir /app && cp /built /app/",
        'ARG DOCKERFLOW_VERSION_JSON',
        'RUN printf "%s" "$DOCKERFLOW_VERSION_JSON" > /app/version.json',
        'WORKDIR /app',
        'USER app',
        'EXPOSE 8000',
        'ENTRYPOINT ["cat"]',
        'CMD ["/app/built"]',
        ''
      ].join('\n')
    )
    repository = uniqueRepository('local/app')
  })

  it('compute-tags', async () => {
    const { outputs } = await localAction('compute-tags', { images: 'ghcr.io/acme/app' })
    expect(outputs['builder-tags']).toBe('ghcr.io/acme/app:builder-main')
    expect(outputs['unique-tag']).toMatch(/^dev-0123456789abcdef0123456789abcdef01234567-\d{14}$/)
  })

  it('build-with-cache', async () => {
    const { outputs } = await localAction('build-with-cache', {
      images: `${testBench().registry}/${repository}`,
      context,
      network: 'host'
    })
    expect(outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/)
    image = outputs.image
    expect(image).toBe(`${testBench().registry}/${repository}@${outputs.digest}`)
  }, 120_000)

  it('scan-image', async () => {
    const { outputs } = await localAction('scan-image', {
      image,
      scanner: 'report',
      'report-file': resolve('test/fixtures/scan/trivy/trivy-alpine-310.json'),
      'severity-threshold': 'high'
    })
    expect(outputs.passed).toBe('true')
    expect(JSON.parse(outputs.counts)).toMatchObject({ after: { medium: 4 } })
  })

  it('promote', async () => {
    const target = `${testBench().registry}/${repository}:staging`
    const { outputs } = await localAction('promote', {
      source: image,
      targets: target,
      // No gate record for this image: the test is about running the bundle.
      'require-gate': 'false'
    })
    expect(outputs.promoted).toBe(target)
    expect(outputs.digest).toBe(image.split('@')[1])
  })

  it('verify-image (static checks)', async () => {
    const { outputs } = await localAction('verify-image', { image, checks: 'static' })
    expect(outputs.passed).toBe('true')
    const results = JSON.parse(outputs.results) as Array<{ id: string; status: string }>
    expect(results.map(result => result.status)).toEqual(Array(7).fill('pass'))
  })

  it('check-base', async () => {
    const { outputs } = await localAction('check-base', { images: image.replace(/@.*/, ':main') })
    expect(outputs.stale).toBe('false')
    expect(JSON.parse(outputs.results)[0]).toMatchObject({ status: 'current', base: testBench().baseImage })
  })
})
