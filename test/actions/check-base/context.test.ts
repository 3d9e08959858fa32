/**
 * check-base's credentials: `registry-auth` is read and masked with the inputs, at start-up; the
 * docker config under it is read (and what it adds masked) by the pipeline, first, before any image
 * is checked, so a bad config still fails the run, not each image's check.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type HostileServer, basicHeader, startHostileServer } from '../../support/hostile-registry.js'
import { mockCore } from '../../support/mock-core.js'

const { core, run, reset } = mockCore('check-base')
jest.unstable_mockModule('@actions/core', () => core)
const { getInputs } = await import('../../../src/actions/check-base/context.js')
const { main } = await import('../../../src/actions/check-base/main.js')
const { GivenCredentials, peekCredential } = await import('../../../src/lib/registry/credentials.js')

const savedDockerConfig = process.env.DOCKER_CONFIG
/** A docker config with `text` as its config.json. */
const dockerConfig = (text: string): void => {
  const dir = mkdtempSync(join(tmpdir(), 'check-base-context-'))
  writeFileSync(join(dir, 'config.json'), text)
  process.env.DOCKER_CONFIG = dir
}
const encoded = (user: string, password: string): string =>
  Buffer.from(`${user}:${password}`).toString('base64')

/** A registry that wants the docker config's credential for it, and then holds no image. */
let server: HostileServer
beforeAll(async () => {
  server = await startHostileServer((req, res) => {
    if (req.headers.authorization !== basicHeader('config-user', 'config-pw'))
      return void res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end()
    res.writeHead(404).end()
  })
})
afterAll(() => server.close())
beforeEach(() => {
  reset()
  server.requests.length = 0
  run.inputs = { images: `${server.host}/acme/app:main`, 'registry-auth': 'ghcr.io=me:auth-pw' }
})
afterEach(() => {
  process.env.DOCKER_CONFIG = savedDockerConfig
})

describe('check-base credentials', () => {
  it('start-up masks registry-auth and reads no docker config; the pipeline reads it first, masking what it adds', async () => {
    dockerConfig(
      JSON.stringify({
        auths: {
          'ghcr.io': { auth: encoded('u', 'replaced-pw') },
          [server.host]: { auth: encoded('config-user', 'config-pw') }
        }
      })
    )
    const inputs = getInputs()
    expect(run.secrets).toEqual(['auth-pw'])
    const { credentials = new Map() } = inputs.registry
    expect(credentials).toBeInstanceOf(GivenCredentials)
    expect([...credentials]).toEqual([['ghcr.io', { username: 'me', password: 'auth-pw' }]])
    // The image is not there (the run fails on it), but it was asked for with the config's credential.
    await expect(main(inputs)).rejects.toThrow(/could not check/)
    expect(run.secrets).toEqual(['auth-pw', 'config-pw'])
    expect(server.authorized().length).toBeGreaterThan(0)
    expect(peekCredential(credentials, server.host)).toEqual({
      credential: { username: 'config-user', password: 'config-pw' }
    })
  })

  it('a docker config that is not JSON fails the run before any image is checked', async () => {
    dockerConfig('{nope')
    const inputs = getInputs()
    await expect(main(inputs)).rejects.toThrow(/config\.json is not valid JSON .*; fix or remove it\./)
    expect(server.requests).toEqual([])
  })

  it('an unparsable registry-auth line fails at start-up, without its value', () => {
    run.inputs['registry-auth'] = 'ghcr.io:hunter2'
    expect(() => getInputs()).toThrow(
      'registry-auth line 1 is not "<host>=<username>:<password>" or "<host>=<token>" (the value is not shown).'
    )
    expect(run.secrets).toEqual([])
  })
})
