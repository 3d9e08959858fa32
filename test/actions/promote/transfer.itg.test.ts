/**
 * What a promotion moves, on real registries, counted by a proxy in front of the target registry:
 * blobs already in the target registry are mounted from a repository known to hold them (the source
 * repository; a target written earlier in the same promotion; a repository whose tag held them),
 * never uploaded twice; and a layer crosses registries as a stream, in full.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningRegistry, startRegistry } from '../../../scripts/testbench/registry.js'
import { DEFAULT_RETRY, type RegistryOptions } from '../../../src/lib/registry/index.js'
import { promoteImage } from '../../../src/lib/registry/promote.js'
import { testBench, uniqueRepository } from '../../support/bench.js'
import { RegistryProxy, rawPushImage, rawPutManifest } from '../../support/registries.js'

const options: RegistryOptions = { credentials: new Map(), retry: { ...DEFAULT_RETRY, baseDelayMs: 20 } }
const LAYER = 3 * 1024 * 1024

describe('promotion transfers: mounts from known holders, one upload per registry', () => {
  let dev: string
  let devProxy: RegistryProxy
  let other: RunningRegistry
  let otherProxy: RegistryProxy
  let repository: string
  let image: { digest: string; manifest: object }
  let blobBytes: number

  beforeAll(async () => {
    dev = testBench().registry
    devProxy = await new RegistryProxy(dev).start()
    other = await startRegistry({ dir: mkdtempSync(join(tmpdir(), 'promote-transfer-')) })
    otherProxy = await new RegistryProxy(other.host).start()
    repository = uniqueRepository('promote/transfer')
    image = await rawPushImage(dev, repository, { size: LAYER, layers: 2 })
    await rawPutManifest(dev, repository, 'v1', image.manifest)
    const { config, layers } = image.manifest as { config: { size: number }; layers: Array<{ size: number }> }
    blobBytes = config.size + layers.reduce((sum, layer) => sum + layer.size, 0)
  }, 120_000)

  afterAll(async () => {
    await devProxy?.stop()
    await otherProxy?.stop()
    await other?.stop()
  })

  it('three targets in another registry: each blob is uploaded once, then mounted from the first target', async () => {
    otherProxy.reset()
    const targets = ['a', 'b', 'c'].map(name => `${otherProxy.host}/${repository}-${name}:1.0`)
    const result = await promoteImage({ source: `${dev}/${repository}:v1`, targets, registry: options })
    expect(result.targets.map(target => target.action)).toEqual(['created', 'created', 'created'])
    expect(otherProxy.uploadedBytes).toBe(blobBytes)
    expect(result.bytesUploaded).toBe(blobBytes)
    expect(result.targets[0].blobs).toEqual({ present: 0, mounted: 0, copied: 3 })
    for (const target of result.targets.slice(1)) {
      expect(target.blobs).toEqual({ present: 0, mounted: 3, copied: 0 })
      expect(target.bytesUploaded).toBe(0)
    }
    // Each mount names the first target's repository as where the blob is.
    const mounts = otherProxy.requests.filter(line => /^POST .*\?mount=/.test(line))
    expect(mounts).toHaveLength(6)
    for (const line of mounts) expect(line).toContain(`from=${encodeURIComponent(`${repository}-a`)}`)
  })

  it('within the source registry every blob is mounted from the source repository: 0 bytes, no HEAD first', async () => {
    devProxy.reset()
    const result = await promoteImage({
      source: `${devProxy.host}/${repository}:v1`,
      targets: [`${devProxy.host}/${repository}-mounted:1.0`, `${devProxy.host}/${repository}:1.0`],
      registry: options
    })
    expect(result.targets.map(target => [target.mode, target.action])).toEqual([
      ['cross-repository mount', 'created'],
      ['same repository', 'created']
    ])
    expect(result.targets[0].blobs).toEqual({ present: 0, mounted: 3, copied: 0 })
    expect(devProxy.uploadedBytes).toBe(0)
    expect(devProxy.requests.filter(line => line.startsWith('HEAD') && line.includes('/blobs/'))).toEqual([])
  })

  it('a repository whose tag held the image is a mount source for a new repository of that registry', async () => {
    // `-held:old` already holds the image in the other registry; `-new` gets it by mounts from there.
    const held = `${otherProxy.host}/${repository}-held`
    await promoteImage({ source: `${dev}/${repository}:v1`, targets: [`${held}:old`], registry: options })
    otherProxy.reset()
    const result = await promoteImage({
      source: `${dev}/${repository}:v1`,
      targets: [`${held}:old`, `${otherProxy.host}/${repository}-new:1.0`],
      registry: options
    })
    expect(result.targets.map(target => target.action)).toEqual(['unchanged', 'created'])
    expect(result.targets[1].blobs).toEqual({ present: 0, mounted: 3, copied: 0 })
    expect(otherProxy.uploadedBytes).toBe(0)
  })

  it('blobs the target repository holds unknown to the promotion: found by the HEAD sent with each upload, whose session is closed again, 0 bytes', async () => {
    // `-untagged` gets the blobs under a tag this promotion does not name, so nothing tells it they are there.
    const target = `${otherProxy.host}/${repository}-untagged`
    await promoteImage({ source: `${dev}/${repository}:v1`, targets: [`${target}:first`], registry: options })
    otherProxy.reset()
    const result = await promoteImage({
      source: `${dev}/${repository}:v1`,
      targets: [`${target}:second`],
      registry: options
    })
    expect(result.targets[0]).toMatchObject({
      action: 'created',
      blobs: { present: 3, mounted: 0, copied: 0 }
    })
    expect(result.bytesUploaded).toBe(0)
    expect(otherProxy.uploadedBytes).toBe(0)
    const sessions = otherProxy.requests.filter(line => /^POST .*\/blobs\/uploads\/$/.test(line))
    const closed = otherProxy.requests.filter(line => /^DELETE .*\/blobs\/uploads\/./.test(line))
    expect(sessions).toHaveLength(3)
    expect(closed).toHaveLength(3)
    expect(otherProxy.requests.filter(line => /^(PUT|PATCH) .*\/blobs\/uploads\//.test(line))).toEqual([])
    // Nothing left behind: the registry no longer knows any of the sessions.
    for (const line of closed) {
      const path = line.slice('DELETE '.length)
      const response = await fetch(`http://${other.host}${path}`)
      expect(response.status).toBe(404)
    }
  })
})
