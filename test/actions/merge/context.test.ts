/**
 * merge's inputs: the credentials are read and masked at start-up; `digests` and `annotations` are
 * checked by the pipeline, first and in that order, then the docker config is read: each before any
 * request, with the messages they always had.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type HostileServer, startHostileServer } from '../../support/hostile-registry.js'
import { mockCore } from '../../support/mock-core.js'

const { core, run, reset } = mockCore('merge')
jest.unstable_mockModule('@actions/core', () => core)
const { getInputs } = await import('../../../src/actions/merge/context.js')
const { main } = await import('../../../src/actions/merge/main.js')
const { GivenCredentials } = await import('../../../src/lib/registry/credentials.js')

const savedDockerConfig = process.env.DOCKER_CONFIG
const D = (c: string): string => `sha256:${c.repeat(64)}`

/** A registry that holds nothing: reaching it is a failure of its own. */
let server: HostileServer
beforeAll(async () => {
  server = await startHostileServer((_req, res) => void res.writeHead(404).end())
})
afterAll(() => server.close())
beforeEach(() => {
  reset()
  server.requests.length = 0
  // A docker config that is not JSON: read by the pipeline, after the digests and annotations.
  const dir = mkdtempSync(join(tmpdir(), 'merge-context-'))
  writeFileSync(join(dir, 'config.json'), '{nope')
  process.env.DOCKER_CONFIG = dir
  run.inputs = {
    image: `${server.host}/acme/app`,
    digests: JSON.stringify([{ platform: 'linux/amd64', digest: D('a') }]),
    annotations: 'acme.team=core',
    password: 'source-pw',
    'registry-auth': 'quay.io=robot:quay-token'
  }
})
afterEach(() => {
  process.env.DOCKER_CONFIG = savedDockerConfig
})

describe('merge inputs', () => {
  it('start-up masks the credentials and reads neither the digests nor the docker config', () => {
    run.inputs.digests = 'not a digest'
    const inputs = getInputs()
    expect(run.secrets).toEqual(['source-pw', 'quay-token'])
    expect(inputs.image).toBe(`${server.host}/acme/app`)
    expect(inputs.registry.credentials).toBeInstanceOf(GivenCredentials)
    expect([...(inputs.registry.credentials ?? [])]).toEqual([
      ['quay.io', { username: 'robot', password: 'quay-token' }],
      [server.host, { username: 'token', password: 'source-pw' }]
    ])
  })

  it('refuses a run without image at start-up', () => {
    delete run.inputs.image
    expect(() => getInputs()).toThrow(/^Input "image" is required/)
  })

  it.each([
    ['the digests first', { digests: 'ghcr.io/acme/app:main', annotations: 'no key' }, /has no digest/],
    ['then the annotations', { annotations: 'no key' }, /^Input "annotations": "no key" is not KEY=value/],
    ['then the docker config', {}, /config\.json is not valid JSON .*; fix or remove it\./]
  ])('the pipeline checks %s, before any request', async (_, inputs, message) => {
    Object.assign(run.inputs, inputs)
    await expect(main()).rejects.toThrow(message)
    expect(server.requests).toEqual([])
  })
})
