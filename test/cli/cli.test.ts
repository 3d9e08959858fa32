import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { parse } from 'yaml'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { COMMANDS, parseCommandLine, usage } from '../../src/cli/commands.js'
import { summaryToText } from '../../src/cli/summary-text.js'
import {
  SecretMasker,
  filterOutputLines,
  translateWorkflowCommand,
  unescapeCommandData
} from '../../src/cli/workflow-commands.js'
import { readLocalGitState, repositoryFromRemote } from '../../src/cli/local-git.js'

describe('command line', () => {
  it('maps --name value and --name=value to inputs; repeated names become lists', () => {
    expect(
      parseCommandLine(['tags', '--images', 'a/b', '--images=c/d', '--preset', 'sha-latest', '--verbose'])
    ).toEqual({
      command: 'tags',
      inputs: { images: 'a/b\nc/d', preset: 'sha-latest' },
      sources: {},
      replay: {},
      help: false,
      verbose: true
    })
  })

  it('--event-name, --event-file, --ref and --sha are runner options, never action inputs', () => {
    const line = parseCommandLine([
      'build',
      '--event-name',
      'pull_request',
      '--event-file=pr.json',
      '--ref',
      'main',
      '--sha',
      'abc',
      '--images',
      'a/b'
    ])
    expect(line.replay).toEqual({ eventName: 'pull_request', eventFile: 'pr.json', ref: 'main', sha: 'abc' })
    expect(line.inputs).toEqual({ images: 'a/b' })
  })

  it('--<secret>-env / --<secret>-file name a source; --report-file and --images-file stay inputs', () => {
    const line = parseCommandLine([
      'pipeline',
      '--password-env',
      'REGISTRY_PASSWORD',
      '--snyk-token-file=/run/secrets/snyk',
      '--registry-auth-env',
      'AUTH',
      '--report-file',
      'r.json',
      '--images-file',
      'images.txt'
    ])
    expect(line.sources).toEqual({
      password: { from: 'env', name: 'REGISTRY_PASSWORD' },
      'snyk-token': { from: 'file', name: '/run/secrets/snyk' },
      'registry-auth': { from: 'env', name: 'AUTH' }
    })
    expect(line.inputs).toEqual({ 'report-file': 'r.json', 'images-file': 'images.txt' })
  })

  it.each([
    [['tags', '--event-file'], /--event-file needs a value/],
    [['tags', '--ref', '--sha', 'x'], /--ref needs a value/],
    [['tags', '--password-file', '--images', 'a'], /--password-file needs a value/],
    [['tags', '--sha', 'a', '--sha=b'], /--sha is given twice/],
    [['promote', '--password-env', 'A', '--password-file', 'f'], /--password is read from two places/],
    [
      ['promote', '--password', 'x', '--password-env', 'A'],
      /--password is given on the command line and read/
    ]
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(message)
  })

  it('a flag without value is true', () => {
    expect(parseCommandLine(['tags', '--dry-run']).inputs).toEqual({ 'dry-run': 'true' })
  })

  it('every command runs an action of this repository; merge is one, and pipeline takes platforms', () => {
    for (const { action } of Object.values(COMMANDS))
      expect(existsSync(join('actions', action, 'action.yml'))).toBe(true)
    expect(COMMANDS.merge.action).toBe('merge')
    expect(usage()).toMatch(/commands: .*\bmerge\b/)
    expect(
      parseCommandLine(['pipeline', '--images', 'a/b', '--platforms', 'linux/amd64,linux/arm64']).inputs
    ).toEqual({ images: 'a/b', platforms: 'linux/amd64,linux/arm64' })
    expect(parse(readFileSync('action.yml', 'utf8')).inputs.platforms).toMatchObject({ default: '' })
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

  it('unescapes command data in one pass (%25 first would turn %250A into a newline)', () => {
    expect(unescapeCommandData('50%25 done%0Anext%0D%250A')).toBe('50% done\nnext\r%0A')
  })

  it('masks a registered secret containing %, in plain lines and in escaped command text', () => {
    const masker = new SecretMasker()
    // What core.setSecret('p%ss0A') writes: the value escaped.
    masker.register('::add-mask::p%25ss0A')
    expect(masker.mask('login with p%ss0A ok')).toBe('login with *** ok')
    expect(masker.mask('::debug::token p%25ss0A')).toBe('::debug::token ***')
    expect(masker.mask(translateWorkflowCommand('::error::bad password p%25ss0A') ?? '')).toBe(
      '✖ bad password ***'
    )
  })

  it('the stdout filter masks a %-secret that core.error escaped, and never prints the add-mask line', () => {
    const secret = 'pa%ss\nword'
    const escape = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
    const out = filterOutputLines(
      [`::add-mask::${escape(secret)}`, `::error::login failed for ${escape(secret)}`, 'echo pa%ss'],
      new SecretMasker(),
      true
    )
    expect(out).toEqual(['✖ login failed for ***\n***', 'echo ***'])
  })

  it('masks each line of a multi-line secret, as the runner does', () => {
    const masker = new SecretMasker()
    masker.register('::add-mask::first-line%0Asecond-line%0D%0A')
    expect(masker.mask('a first-line b')).toBe('a *** b')
    expect(masker.mask('second-line')).toBe('***')
    expect(masker.mask('first-line\nsecond-line')).toBe('***\n***')
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
