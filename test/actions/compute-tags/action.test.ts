import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseFileCommands, runAction } from '../../support/action-runner.js'
import { loadEvent } from '../../support/events.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'

/** Runs the committed bundle dist/compute-tags/index.js as the runner would, for an event fixture. */
async function computeTags(
  eventName: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
) {
  const event = loadEvent(eventName)
  return runAction('compute-tags', { inputs, env: { ...event.env, ...env }, event: event.payload })
}

describe('compute-tags as a real action (committed bundle)', () => {
  it('writes every output for a push', async () => {
    const run = await computeTags('push-feature', {
      images: 'ghcr.io/acme/app\nacme/app',
      timestamp: '20261124090807'
    })
    expect(run.exitCode).toBe(0)
    const branch = 'feature-TEVA-1296-Alert_filters-fd7498dd'
    const unique = `dev-${SHA}-20261124090807`
    expect(run.outputs['production-tags'].split('\n')).toEqual([
      `ghcr.io/acme/app:${branch}`,
      `ghcr.io/acme/app:${SHA}`,
      `ghcr.io/acme/app:${unique}`,
      `acme/app:${branch}`,
      `acme/app:${SHA}`,
      `acme/app:${unique}`
    ])
    expect(run.outputs['builder-tags'].split('\n')).toEqual([
      `ghcr.io/acme/app:builder-${branch}`,
      `acme/app:builder-${branch}`
    ])
    expect(run.outputs['cache-from'].split('\n')).toEqual([
      'ghcr.io/acme/app:builder-main',
      `ghcr.io/acme/app:builder-${branch}`,
      'ghcr.io/acme/app:main',
      `ghcr.io/acme/app:${branch}`
    ])
    expect(run.outputs['unique-tag']).toBe(unique)
    expect(run.outputs['push-allowed']).toBe('true')
    expect(run.outputs.labels.split('\n')).toContain(`org.opencontainers.image.revision=${SHA}`)
    expect(JSON.parse(run.outputs['version-json'])).toEqual({
      source: 'https://github.com/acme/app',
      version: unique,
      commit: SHA,
      build: 'https://github.com/acme/app/actions/runs/1002'
    })
    const json = JSON.parse(run.outputs.json)
    expect(json.tags.unique).toBe(unique)
    expect(json.productionTags).toEqual(run.outputs['production-tags'].split('\n'))
    expect(run.summary).toContain('compute-tags')
    expect(run.summary).toContain(`<code>${unique}</code>`)
  })

  it('marks a fork pull request as not allowed to push', async () => {
    const run = await computeTags('pull-request-fork', { images: 'ghcr.io/acme/app' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs['push-allowed']).toBe('false')
    expect(run.outputs['is-fork']).toBe('true')
    expect(run.outputs['unique-tag']).toMatch(
      /^review-pr-43-89abcdef0123456789abcdef0123456789abcdef-\d{14}$/
    )
  })

  it.each([
    ['schedule', 'main'],
    ['workflow-dispatch', 'release-2026.11-5db06f79'],
    ['tag-release', '1.2.3']
  ])('handles the %s event', async (eventName, firstTag) => {
    const run = await computeTags(eventName, { images: 'ghcr.io/acme/app' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs['production-tags'].split('\n')[0]).toBe(`ghcr.io/acme/app:${firstTag}`)
  })

  it('fails before computing anything on an invalid image, saying how to fix it', async () => {
    const run = await computeTags('push-main', { images: 'ghcr.io/acme/app:latest' })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(
      /::error::Image "ghcr.io\/acme\/app:latest" must be a name without tag.*Write "ghcr.io\/acme\/app"/
    )
    expect(run.outputs).toEqual({})
  })

  it('lower-cases an image name with capitals (ghcr.io/${{ github.repository }}), with a notice', async () => {
    const run = await computeTags('push-main', { images: 'ghcr.io/DFE-Digital/Find-Teacher' })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(
      '::notice::Image "ghcr.io/DFE-Digital/Find-Teacher" is written as "ghcr.io/dfe-digital/find-teacher"'
    )
    expect(run.outputs['production-tags'].split('\n')[0]).toBe('ghcr.io/dfe-digital/find-teacher:main')
  })

  it('splits the production tags into immutable and floating ones', async () => {
    const run = await computeTags('push-main', { images: 'acme/app', timestamp: '20261124090807' })
    expect(run.outputs['immutable-tags']).toBe(`acme/app:dev-${SHA}-20261124090807`)
    expect(run.outputs['floating-tags'].split('\n')).toEqual(['acme/app:main', `acme/app:${SHA}`])
  })

  it('fails on an unknown template variable and on a bad preset', async () => {
    const bad = await computeTags('push-main', { images: 'acme/app', 'tag-templates': '{{nope}}' })
    expect(bad.exitCode).toBe(1)
    expect(bad.stdout).toMatch(/Unknown variable \{\{nope\}\}/)
    const preset = await computeTags('push-main', { images: 'acme/app', preset: 'fancy' })
    expect(preset.exitCode).toBe(1)
    expect(preset.stdout).toMatch(/"preset" must be one of branch-cache, sha-latest/)
  })

  it('never lets a branch name reach a shell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canary-'))
    const canary = join(dir, 'pwned')
    try {
      const branch = `x$(touch ${canary})\`touch ${canary}\`;touch ${canary}`
      const run = await computeTags(
        'push-main',
        { images: 'acme/app', 'tag-templates': '{{branch}}' },
        { GITHUB_REF: `refs/heads/${branch}` }
      )
      expect(run.exitCode).toBe(0)
      for (const ref of run.outputs['production-tags'].split('\n'))
        expect(ref).toMatch(/^acme\/app:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/)
      expect(existsSync(canary)).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('defaults live in action.yml only', () => {
  it('the bundle started with only some inputs (a composite run step) applies action.yml defaults', () => {
    const event = loadEvent('push-main')
    const dir = mkdtempSync(join(tmpdir(), 'bare-bundle-'))
    const output = join(dir, 'output')
    const eventPath = join(dir, 'event.json')
    writeFileSync(output, '')
    writeFileSync(eventPath, JSON.stringify(event.payload))
    const result = spawnSync(process.execPath, ['dist/compute-tags/index.js'], {
      env: {
        PATH: process.env.PATH,
        ...event.env,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_OUTPUT: output,
        INPUT_IMAGES: 'acme/app'
      },
      encoding: 'utf8'
    })
    expect(result.stdout).not.toContain('::error::')
    expect(result.status).toBe(0)
    expect(parseFileCommands(readFileSync(output, 'utf8'))['floating-tags']).toContain('acme/app:main')
    rmSync(dir, { recursive: true, force: true })
  })

  it('an input given as empty is not replaced by its default: it is refused', () => {
    const event = loadEvent('push-main')
    const result = spawnSync(process.execPath, ['dist/compute-tags/index.js'], {
      env: { PATH: process.env.PATH, ...event.env, INPUT_IMAGES: 'acme/app', INPUT_PRESET: '' },
      encoding: 'utf8'
    })
    expect(result.status).toBe(1)
    expect(result.stdout).toContain('::error::Input "preset" is empty. Its default is in action.yml')
  })
})
