import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { build } from 'esbuild'
import { execFile, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { bundleOptions, entryOptions } from '../../scripts/bundle.js'
import { UserError } from '../../src/lib/errors.js'
import { CredentialStore, peekCredential } from '../../src/lib/registry/credentials.js'
import { ResponseTooLargeError } from '../../src/lib/registry/limits.js'

/**
 * The bundles' settings replace @actions/core's OIDC client with a stand-in that imports the real one
 * on first use (scripts/bundle.ts). A bundle built with them gets a token from a token service the
 * way a runner serves it, and loads no HTTP client before it asks.
 */
let server: Server
let url = ''
const dir = mkdtempSync(join(tmpdir(), 'bundle-'))

beforeAll(async () => {
  server = createServer((request, response) => {
    const authorised = request.headers.authorization === 'Bearer request-token'
    response.writeHead(authorised ? 200 : 401, { 'content-type': 'application/json' })
    response.end(JSON.stringify(authorised ? { value: 'the-oidc-token' } : { message: 'no' }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`
})
afterAll(() => {
  server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('bundle settings', () => {
  it("load core's OIDC client only when a token is asked for, and it still works", async () => {
    const outdir = join(dir, 'out')
    const result = await build(bundleOptions({ index: 'test/fixtures/bundle/oidc-entry.ts' }, outdir))
    writeFileSync(join(outdir, 'package.json'), '{"type":"module"}')

    // What node loads before the token is asked for: the entry and what it imports statically.
    const outputs = result.metafile.outputs
    const loaded = new Set<string>()
    const visit = (output: string): void => {
      if (loaded.has(output)) return
      loaded.add(output)
      for (const edge of outputs[output].imports)
        if (edge.kind === 'import-statement' && outputs[edge.path]) visit(edge.path)
    }
    visit(Object.keys(outputs).find(path => path.endsWith('/index.js')) ?? '')
    const startup = [...loaded].flatMap(output => Object.keys(outputs[output].inputs))
    expect(startup.some(input => input.includes('@actions/core/lib/core.js'))).toBe(true)
    expect(
      startup.filter(
        input => /undici|http-client|oidc-utils\.js$/.test(input) && !input.startsWith('lazy-oidc:')
      )
    ).toEqual([])
    const lazy = Object.entries(result.metafile.outputs).filter(([, output]) =>
      Object.keys(output.inputs).some(
        input => input.endsWith('@actions/core/lib/oidc-utils.js') && !input.startsWith('lazy-oidc:')
      )
    )
    expect(lazy).toHaveLength(1)

    const { stdout } = await promisify(execFile)(process.execPath, [join(outdir, 'index.js')], {
      env: {
        PATH: process.env.PATH,
        ACTIONS_ID_TOKEN_REQUEST_URL: url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token'
      }
    })
    expect(stdout).toContain('token=received')
  })

  it("report the pipeline bundle's user errors as such from the start-up file (no bug stack)", () => {
    // index.js and main.cjs each bundle their own UserError class: run.ts tells it by its brand.
    const report = join(dir, 'not-a-report.json')
    writeFileSync(report, '{"x":1}')
    const run = spawnSync(process.execPath, [resolve('dist/scan-image/index.js')], {
      env: {
        PATH: process.env.PATH,
        RUNNER_DEBUG: '1',
        RUNNER_TEMP: dir,
        INPUT_IMAGE: '127.0.0.1:9/app:1',
        INPUT_SCANNER: 'report',
        'INPUT_REPORT-FILE': report
      },
      encoding: 'utf8'
    })
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/^::error::The report is not a Snyk .* report\.$/m)
    expect(run.stdout).not.toMatch(/^::debug::.*\n?.*at /m)
    expect(run.stdout).not.toContain('src/lib/')
  })

  it('load a package the pipeline imports lazily from its file beside the pipeline, when a run needs it', () => {
    // scan-image reads a .snyk policy with yaml, which ships in dist/scan-image/yaml.cjs.
    const report = resolve('test/fixtures/scan/snyk/snyk-cli-container-appvulns-nongrouped.json')
    type Found = Array<{ id: string; severity: string }>
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      vulnerabilities: Found
      applications: Array<{ vulnerabilities: Found }>
    }
    const found = [json, ...json.applications].flatMap(project => project.vulnerabilities)
    const high = [...new Set(found.filter(one => one.severity === 'high').map(one => one.id))]
    const policy = join(dir, '.snyk')
    const rule = (id: string): string =>
      `  ${id}:\n    - '*':\n        reason: accepted\n        expires: 2999-01-01T00:00:00.000Z\n`
    writeFileSync(policy, `version: v1.25.0\nignore:\n${high.map(rule).join('')}`)
    const scan = (ignoreFile: string): { status: number | null; counts: string; stdout: string } => {
      const output = join(dir, `output-${ignoreFile ? 'ignoring' : 'plain'}`)
      writeFileSync(output, '')
      const run = spawnSync(process.execPath, [resolve('dist/scan-image/index.js')], {
        env: {
          PATH: process.env.PATH,
          RUNNER_TEMP: dir,
          GITHUB_OUTPUT: output,
          INPUT_IMAGE: `127.0.0.1:9/app@sha256:${'a'.repeat(64)}`,
          INPUT_SCANNER: 'report',
          'INPUT_REPORT-FILE': report,
          'INPUT_IGNORE-FILE': ignoreFile,
          'INPUT_OUTPUT-DIR': join(dir, 'scan-out')
        },
        encoding: 'utf8'
      })
      const counts = /^counts<<(\S+)\n([^]*?)\n\1$/m.exec(readFileSync(output, 'utf8'))?.[2] ?? ''
      return { status: run.status, counts, stdout: run.stdout }
    }
    const plain = scan('')
    const ignoring = scan(policy)
    expect(plain.status).toBe(1) // high findings: the gate fails
    expect(JSON.parse(plain.counts).after.high).toBeGreaterThan(0)
    expect(ignoring.stdout).not.toMatch(/^::error::.*(yaml|Cannot find module)/im)
    expect(ignoring.status).toBe(0)
    expect(JSON.parse(ignoring.counts)).toEqual({
      before: JSON.parse(plain.counts).before,
      after: { ...JSON.parse(plain.counts).after, high: 0 }
    })

    // The other files set apart load, each with the API the pipeline calls.
    const load = createRequire(import.meta.url)
    const cache = load(resolve('dist/scan-image/actions-cache.cjs')) as typeof import('@actions/cache')
    expect([typeof cache.restoreCache, typeof cache.saveCache]).toEqual(['function', 'function'])
    const attest = load(
      resolve('dist/build-with-cache/actions-attest.cjs')
    ) as typeof import('@actions/attest')
    expect(typeof attest.attest).toBe('function')
  })

  it('keep instanceof true for branded classes whose objects cross from one bundle to the other', async () => {
    // What crosses: user errors (pipeline -> start-up file) and the inputs' GivenCredentials (the other
    // way; its brand: test/lib/registry/credentials.test.ts). CredentialStore keeps its brand too.
    const copy = join(dir, 'copy')
    await build({
      entryPoints: { errors: 'src/lib/errors.ts', credentials: 'src/lib/registry/credentials.ts' },
      outdir: copy,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
      logLevel: 'warning'
    })
    const load = createRequire(import.meta.url)
    const other = {
      errors: load(join(copy, 'errors.cjs')) as typeof import('../../src/lib/errors.js'),
      credentials: load(
        join(copy, 'credentials.cjs')
      ) as typeof import('../../src/lib/registry/credentials.js')
    }
    expect(other.errors.UserError).not.toBe(UserError)
    expect(new other.errors.UserError('x')).toBeInstanceOf(UserError)
    expect(new Error('x')).not.toBeInstanceOf(UserError)
    expect(new ResponseTooLargeError('a manifest', 10, 'a test')).toBeInstanceOf(UserError)
    expect(new UserError('x')).not.toBeInstanceOf(ResponseTooLargeError)

    const config = join(dir, 'config.json')
    writeFileSync(config, JSON.stringify({ credHelpers: { '127.0.0.1:5000': 'desktop' } }))
    const store = other.credentials.loadDockerConfigCredentials(config)
    expect(store).toBeInstanceOf(CredentialStore)
    // A store's helper runs on first use: nothing is known before it has.
    expect(peekCredential(store, '127.0.0.1:5000')).toBeUndefined()
    expect(peekCredential(new Map(), '127.0.0.1:5000')).toEqual({ credential: undefined })
  })

  describe('refuse a core whose use of a stubbed module grows (the stand-ins cover one call each)', () => {
    // A package laid out as @actions/core is: the stand-ins apply to its lib/ files only.
    const fakeCore = (files: Record<string, string>): string => {
      const root = mkdtempSync(join(dir, 'core-'))
      const lib = join(root, 'node_modules/@actions/core/lib')
      mkdirSync(lib, { recursive: true })
      for (const [name, text] of Object.entries(files)) writeFileSync(join(lib, name), text)
      writeFileSync(
        join(root, 'entry.js'),
        "import { run } from './node_modules/@actions/core/lib/core.js'\nrun()\n"
      )
      return root
    }
    const refusal = (root: string): Promise<string> =>
      build(entryOptions(join(root, 'entry.js'), join(root, 'out'))).then(
        () => 'built',
        (error: Error) => error.message
      )

    it('crypto: randomUUID alone is loaded on first call, and it works', async () => {
      const root = fakeCore({
        'core.js':
          "import * as crypto from 'crypto'\nexport const run = () => console.log(crypto.randomUUID())\n"
      })
      expect(await refusal(root)).toBe('built')
      const run = spawnSync(process.execPath, [join(root, 'out/index.js')], { encoding: 'utf8' })
      expect(run.stdout.trim()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    })

    it('crypto: any other use fails the build', async () => {
      const root = fakeCore({
        'core.js':
          "import * as crypto from 'crypto'\nexport const run = () => crypto.createHash('sha256').update(crypto.randomUUID())\n"
      })
      expect(await refusal(root)).toContain(
        '@actions/core uses crypto.createHash, crypto.randomUUID: update the lazy crypto stand-in'
      )
    })

    it('OIDC: any use beyond getIDToken fails the build', async () => {
      const root = fakeCore({
        'core.js':
          "import { OidcClient } from './oidc-utils.js'\nexport const run = () => OidcClient.getCall() ?? OidcClient.getIDToken('a')\n",
        'oidc-utils.js': 'export const OidcClient = { getCall: () => 1, getIDToken: async () => "t" }\n'
      })
      expect(await refusal(root)).toContain(
        '@actions/core uses OidcClient.getCall, OidcClient.getIDToken: update the lazy OIDC stand-in'
      )
    })

    it('summary files: access, appendFile and writeFile load fs.promises on first call, and they work', async () => {
      const root = fakeCore({
        'core.js':
          "import { summaryFile } from './summary.js'\nexport const run = () => summaryFile(process.argv[2])\n",
        'summary.js':
          "import { constants, promises } from 'fs';\nconst { access, appendFile, writeFile } = promises;\n" +
          "const loaded = () => process.moduleLoadList.includes('NativeModule internal/fs/promises')\n" +
          "export const summaryFile = async path => { console.log(loaded()); await writeFile(path, 'a');\n" +
          "  await appendFile(path, 'b'); await access(path, constants.R_OK); console.log(loaded()) }\n"
      })
      expect(await refusal(root)).toBe('built')
      const out = join(root, 'summary.md')
      const run = spawnSync(process.execPath, [join(root, 'out/index.js'), out], { encoding: 'utf8' })
      expect(run.stdout.trim().split('\n')).toEqual(['false', 'true'])
      expect(readFileSync(out, 'utf8')).toBe('ab')
    })

    it('summary files: taking more of fs.promises fails the build', async () => {
      const root = fakeCore({
        'core.js': "import { read } from './summary.js'\nexport const run = () => read()\n",
        'summary.js':
          "import { promises } from 'fs';\nconst { access, appendFile, writeFile, readFile } = promises;\n" +
          'export const read = () => [access, appendFile, writeFile, readFile]\n'
      })
      expect(await refusal(root)).toContain(
        "@actions/core's summary takes  access, appendFile, writeFile, readFile : update its stand-in"
      )
    })
  })
})
