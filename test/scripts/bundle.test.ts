import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { build } from 'esbuild'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { bundleOptions } from '../../scripts/bundle.js'

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
})
