import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  argvSecretWarnings,
  isSecretInput,
  readInputSources,
  secretSourceOption
} from '../../src/cli/secret-inputs.js'

describe('secret inputs', () => {
  it.each([
    ['password', true],
    ['target-password', true],
    ['secrets', true],
    ['snyk-token', true],
    ['github-token', true],
    ['registry-auth', true],
    ['username', false],
    ['images', false],
    ['report-file', false],
    ['insecure-registries', false]
  ])('%s is secret: %s', (name, secret) => {
    expect(isSecretInput(name)).toBe(secret)
  })

  it.each([
    ['password-file', { input: 'password', from: 'file' }],
    ['snyk-token-env', { input: 'snyk-token', from: 'env' }],
    ['images-file', undefined],
    ['report-file', undefined],
    ['env', undefined]
  ])('option --%s', (option, source) => {
    expect(secretSourceOption(option)).toEqual(source)
  })

  it('reads values exactly as stored: a file keeps its % and trailing newline, a variable may be empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-inputs-'))
    try {
      writeFileSync(join(dir, 'pw'), 'p%25ss\nline2\n')
      expect(
        readInputSources(
          {
            password: { from: 'file', name: join(dir, 'pw') },
            'snyk-token': { from: 'env', name: 'SNYK' },
            'registry-auth': { from: 'env', name: 'EMPTY' }
          },
          { SNYK: ' tok%en ', EMPTY: '' },
          path => readFileSync(path, 'utf8')
        )
      ).toEqual({ password: 'p%25ss\nline2\n', 'snyk-token': ' tok%en ', 'registry-auth': '' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses an unset variable or an unreadable file, never an empty credential', () => {
    const read = (path: string): string => readFileSync(path, 'utf8')
    expect(() => readInputSources({ password: { from: 'env', name: 'NOPE' } }, {}, read)).toThrow(
      '--password-env: the environment variable NOPE is not set.'
    )
    expect(() =>
      readInputSources({ secrets: { from: 'file', name: '/nonexistent/secrets' } }, {}, read)
    ).toThrow('--secrets-file: cannot read /nonexistent/secrets (ENOENT).')
  })

  it('warns once per secret given on the command line, never with its value', () => {
    const warnings = argvSecretWarnings({ images: 'a/b', password: 'hunter2', 'snyk-token': 'abc' })
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(/^⚠ --password on the command line can be read by other users/)
    expect(warnings.join('\n')).not.toMatch(/hunter2|abc\b/)
  })
})
