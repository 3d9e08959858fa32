import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseCommandLine } from '../../src/cli/commands.js'
import { summaryToText } from '../../src/cli/summary-text.js'
import { translateWorkflowCommand } from '../../src/cli/workflow-commands.js'
import { readLocalGitState, repositoryFromRemote } from '../../src/lib/git/local.js'

describe('command line', () => {
  it('maps --name value and --name=value to inputs; repeated names become lists', () => {
    expect(
      parseCommandLine(['tags', '--images', 'a/b', '--images=c/d', '--preset', 'sha-latest', '--verbose'])
    ).toEqual({
      command: 'tags',
      inputs: { images: 'a/b\nc/d', preset: 'sha-latest' },
      help: false,
      verbose: true
    })
  })

  it('a flag without value is true', () => {
    expect(parseCommandLine(['tags', '--dry-run']).inputs).toEqual({ 'dry-run': 'true' })
  })

  it('refuses unknown commands and stray arguments', () => {
    expect(() => parseCommandLine(['deploy'])).toThrow(/Unknown command "deploy"/)
    expect(() => parseCommandLine(['tags', 'oops'])).toThrow(/Unexpected argument "oops"/)
  })
})

describe('workflow commands outside GitHub', () => {
  it.each([
    ['::group::Build builder', '\n▶ Build builder'],
    ['::endgroup::', undefined],
    ['::error::denied: push to acme/app', '✖ denied: push to acme/app'],
    ['::warning file=Dockerfile,line=1::old base', '⚠ old base'],
    ['::add-mask::s3cr3t', undefined],
    ['plain line', 'plain line']
  ])('%j -> %j', (line, expected) => {
    expect(translateWorkflowCommand(line)).toBe(expected)
  })

  it('renders a summary table as text', () => {
    expect(
      summaryToText(
        '<h3>x</h3><table><tr><th>a</th><th>b</th></tr><tr><td><code>1&lt;2</code></td><td>z</td></tr></table>'
      )
    ).toBe('## x\n  | a | b |\n  | 1<2 | z |')
  })
})

describe('local git context', () => {
  it.each([
    ['https://github.com/acme/app.git', 'acme/app'],
    ['git@github.com:acme/app.git', 'acme/app'],
    ['ssh://git@github.example.com/team/svc', 'team/svc'],
    [undefined, undefined]
  ])('repository of %s is %s', (url, expected) => {
    expect(repositoryFromRemote(url)).toBe(expected)
  })

  it('reads branch, commit, default branch and repository from a checkout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-git-'))
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim()
      git('init', '-q', '-b', 'feature/x')
      git('-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '--allow-empty', '-m', 'init')
      git('remote', 'add', 'origin', 'git@github.com:acme/app.git')
      const state = await readLocalGitState(dir)
      expect(state).toEqual({
        sha: git('rev-parse', 'HEAD'),
        branch: 'feature/x',
        defaultBranch: 'main',
        repository: 'acme/app',
        serverUrl: 'https://github.com'
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('fails clearly outside a checkout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-git-'))
    try {
      await expect(readLocalGitState(dir)).rejects.toThrow(/not a git checkout/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('npx docker-actions (committed bundle)', () => {
  it('computes tags from the local checkout', () => {
    const out = execFileSync(
      process.execPath,
      [resolve('bin/docker-actions.js'), 'tags', '--images', '127.0.0.1:5000/acme/app'],
      {
        encoding: 'utf8'
      }
    )
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()
    expect(out).toContain(`127.0.0.1:5000/acme/app:${sha}`)
    expect(out).toMatch(/✔ done/)
    expect(out).not.toContain('::')
  })
})
