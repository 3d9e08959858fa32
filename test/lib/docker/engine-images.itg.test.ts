import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningRegistry } from '../../../scripts/testbench/registry.js'
import { engineSocket } from '../../../src/lib/docker/engine-api.js'
import { pullThroughEngine } from '../../../src/lib/docker/engine-images.js'
import { imagePuller } from '../../../src/lib/docker/pull.js'
import { localLayers, pushImage } from '../../../src/lib/docker/push.js'
import { UserError } from '../../../src/lib/errors.js'
import { loadDockerConfigCredentials } from '../../../src/lib/registry/credentials.js'
import { docker, inEngine, testBench, uniqueRepository } from '../../support/bench.js'
import { PASSWORD, USER, rawGet, startBasicRegistry } from '../../support/registries.js'

describe('pulls and pushes through the Engine API on the unix socket (real engine, Basic-auth registry)', () => {
  const bench = testBench()
  let basic: RunningRegistry
  let privateRef: string
  let configDir: string
  let emptyConfigDir: string
  beforeAll(async () => {
    basic = await startBasicRegistry()
    configDir = mkdtempSync(join(tmpdir(), 'engine-images-config-'))
    emptyConfigDir = mkdtempSync(join(tmpdir(), 'engine-images-empty-'))
    const auth = Buffer.from(`${USER}:${PASSWORD}`).toString('base64')
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ auths: { [basic.host]: { auth } } }))
    privateRef = `${basic.host}/${uniqueRepository('acme/private')}:1`
    // The engine may have been wiped by a suite before this one (a fresh runner): pull the base first.
    await docker(['pull', bench.baseImage])
    await docker(['tag', bench.baseImage, privateRef])
    await docker(['--config', configDir, 'push', privateRef])
    await docker(['rmi', privateRef])
  }, 120_000)
  afterAll(async () => {
    await basic?.stop()
  })

  it("pulls with the docker config's credential for the image's registry, as the CLI does", async () => {
    const socket = engineSocket() as string
    expect(socket).toBeDefined()
    const anonymous = await pullThroughEngine(socket, privateRef)
    expect(anonymous.ok).toBe(false)
    expect(anonymous.error).toMatch(/auth|unauthorized/i)
    const credentials = loadDockerConfigCredentials(join(configDir, 'config.json'))
    expect(await pullThroughEngine(socket, privateRef, { credentials })).toEqual({ ok: true, error: '' })
    expect(await inEngine(privateRef)).toBe(true)
    await docker(['rmi', privateRef])
  })

  it('reports a missing image or an unreachable registry as a failed pull with its reason', async () => {
    const socket = engineSocket() as string
    const gone = await pullThroughEngine(socket, `${bench.registry}/${uniqueRepository('acme/gone')}:1`)
    expect(gone.ok).toBe(false)
    expect(gone.error).toMatch(/not found|manifest unknown/)
    const unreachable = await pullThroughEngine(socket, '127.0.0.1:1/acme/app:1')
    expect(unreachable).toMatchObject({ ok: false, error: expect.stringContaining('127.0.0.1:1') })
  })

  it('is used when the CLI would talk to the same socket; else, and with content trust on, the CLI pulls', async () => {
    // /bin/false as the CLI: a pull that reaches it fails, one through the socket does not.
    const env = { DOCKER_HOST: bench.dockerHost, DOCKER_CONFIG: configDir }
    expect((await imagePuller('/bin/false', env)(bench.baseImage)).ok).toBe(true)
    const trusted = imagePuller('/bin/false', { ...env, DOCKER_CONTENT_TRUST: '1' })
    expect((await trusted(bench.baseImage)).ok).toBe(false)
    const tcp = imagePuller('/bin/false', { DOCKER_HOST: 'tcp://127.0.0.1:1' })
    expect((await tcp(bench.baseImage)).ok).toBe(false)
  })

  it("pushes with the credential, returns the registry's digest and logs one line; a refusal says so", async () => {
    const ref = `${basic.host}/${uniqueRepository('acme/pushed')}:main`
    await docker(['tag', bench.baseImage, ref])
    const env = { DOCKER_HOST: bench.dockerHost, DOCKER_CONFIG: emptyConfigDir }
    // /bin/false as the CLI: only the engine can have pushed.
    const refused = pushImage('/bin/false', ref, () => undefined, env)
    await expect(refused).rejects.toThrow(UserError)
    await expect(refused).rejects.toThrow(`Push of ${ref} failed (the registry refused the credentials`)
    const lines: string[] = []
    const digest = await pushImage('/bin/false', ref, line => lines.push(line), {
      ...env,
      DOCKER_CONFIG: configDir
    })
    const auth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
    const [, repository] = /^[^/]+\/(.*):main$/.exec(ref) as RegExpExecArray
    const manifest = (await rawGet(basic.host, repository, 'manifests', 'main', auth)) as Buffer
    expect(`sha256:${createHash('sha256').update(manifest).digest('hex')}`).toBe(digest)
    // The one layer was pushed to another repository of that registry: the engine mounts it.
    expect(lines).toEqual([`pushed ${ref}: ${digest} (0 layers sent, 1 already in the registry)`])
    expect(await localLayers('/bin/false', ref, env)).toEqual(
      JSON.parse(await docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', ref]))
    )
    await docker(['rmi', ref])
  })
})
