import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { githubRepositoryOf } from '../../../src/lib/base-image/check.js'
import { discoverTargets, imageFor } from '../../../src/lib/base-image/discover.js'

describe('base-image discovery', () => {
  it('maps a Dockerfile to its image with {dir} and {path}', () => {
    expect(imageFor('ghcr.io/acme/{dir}:main', '/repo/services/api/Dockerfile', '/repo')).toBe(
      'ghcr.io/acme/api:main'
    )
    expect(imageFor('ghcr.io/acme/{path}', '/repo/services/API/Dockerfile', '/repo')).toBe(
      'ghcr.io/acme/services-api'
    )
    expect(imageFor('ghcr.io/acme/{dir}', '/work/shop/Dockerfile', '/work/shop')).toBe('ghcr.io/acme/shop')
  })

  it('reads each Dockerfile’s deployed stage base, and leaves unresolvable FROMs to the labels', async () => {
    const root = mkdtempSync(join(tmpdir(), 'discover-'))
    const write = (dir: string, text: string): void => {
      mkdirSync(join(root, dir), { recursive: true })
      writeFileSync(join(root, dir, 'Dockerfile'), text)
    }
    write(
      'services/api',
      'FROM ghcr.io/acme/base:1 AS builder\nRUN make\nFROM builder AS production\nFROM scratch AS test\n'
    )
    write('services/web', 'ARG NODE=20\nFROM node:${NODE}-alpine\n')
    write('services/job', 'ARG BASE\nFROM $BASE\n')
    const targets = await discoverTargets({
      patterns: [join(root, 'services/*/Dockerfile')],
      imageTemplate: 'ghcr.io/acme/{dir}:main',
      target: 'production',
      root
    })
    expect(targets).toEqual([
      { image: 'ghcr.io/acme/api:main', dockerfile: 'services/api/Dockerfile', base: 'ghcr.io/acme/base:1' },
      { image: 'ghcr.io/acme/job:main', dockerfile: 'services/job/Dockerfile', base: undefined },
      { image: 'ghcr.io/acme/web:main', dockerfile: 'services/web/Dockerfile', base: 'node:20-alpine' }
    ])
    await expect(
      discoverTargets({ patterns: [join(root, 'nothing/*')], imageTemplate: 'x/{dir}', root })
    ).rejects.toThrow('No Dockerfile matches')
    await expect(discoverTargets({ patterns: ['*'], imageTemplate: 'x/app', root })).rejects.toThrow(
      'must contain {dir} or {path}'
    )
  })
})

describe('the repository that builds an image', () => {
  it('knows GitHub repositories from the source label only for this server', () => {
    expect(githubRepositoryOf('https://github.com/acme/app')).toBe('acme/app')
    expect(githubRepositoryOf('https://github.com/acme/app.git')).toBe('acme/app')
    expect(githubRepositoryOf('https://gitlab.com/acme/app')).toBeUndefined()
    expect(githubRepositoryOf('https://ghe.corp/acme/app', 'https://ghe.corp')).toBe('acme/app')
    expect(githubRepositoryOf(undefined)).toBeUndefined()
    // Owner and name are GitHub's characters only (not a range such as 9-_ that lets ':' or '@' in).
    expect(githubRepositoryOf('https://github.com/acme/a:b')).toBeUndefined()
    expect(githubRepositoryOf('https://github.com/ac@me/app')).toBeUndefined()
  })
})
