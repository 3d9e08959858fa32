/**
 * Layers copied between registries through reused memory (blob-copy.ts) are checked before the
 * upload completes: a source that sends other bytes than the manifest names (other content, more
 * or fewer bytes) never gets a blob committed, even at a target that would take anything, and the
 * tag is not written. Good content of several MiB arrives whole, through a target that reads slowly.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { UserError } from '../../../src/lib/errors.js'
import { DEFAULT_RETRY } from '../../../src/lib/registry/client.js'
import { promoteImage } from '../../../src/lib/registry/promote.js'
import {
  type HostileServer,
  type MemoryRegistry,
  sha256,
  startHostileServer,
  startMemoryRegistry
} from '../../support/hostile-registry.js'

const MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const registry = { retry: { ...DEFAULT_RETRY, baseDelayMs: 5 } }

const servers: HostileServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()))
})

/** An image in `source` whose layer is `stored`, named in the manifest as `named` (digest, size). */
function image(source: MemoryRegistry, stored: Buffer, named: { digest: string; size: number }): void {
  const config = Buffer.from('{"os":"linux"}')
  source.putRawBlob('team/app', stored, named.digest)
  source.putRawManifest(
    'team/app',
    {
      schemaVersion: 2,
      mediaType: MANIFEST,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: source.putRawBlob('team/app', config),
        size: config.length
      },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...named }]
    },
    MANIFEST,
    'v1'
  )
}

/** A target that commits whatever upload reaches its end, digest or not, and takes any manifest. */
async function credulousTarget(): Promise<{ server: HostileServer; committed: number[]; tagged: string[] }> {
  const committed: number[] = []
  const tagged: string[] = []
  const server = await startHostileServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]
    if (req.method === 'POST')
      return void res.writeHead(202, { location: `/upload/${committed.length}` }).end()
    if (req.method === 'PUT' && path.startsWith('/upload/')) {
      let bytes = 0
      req.on('data', (chunk: Buffer) => (bytes += chunk.length))
      req.on('end', () => {
        committed.push(bytes)
        res.writeHead(201).end()
      })
      return
    }
    if (req.method === 'PUT') {
      tagged.push(path)
      return void res.writeHead(201).end()
    }
    res.writeHead(404).end()
  })
  servers.push(server)
  return { server, committed, tagged }
}

async function memory(): Promise<MemoryRegistry> {
  const started = await startMemoryRegistry()
  servers.push(started)
  return started
}

describe('a source that sends other bytes than the manifest names', () => {
  it.each([
    ['other content of the same size', (good: Buffer) => randomBytes(good.length), /its bytes are sha256:/],
    [
      'more bytes',
      (good: Buffer) => Buffer.concat([good, Buffer.from('x')]),
      /declared 1048577 bytes, the manifest 1048576/
    ],
    ['fewer bytes', (good: Buffer) => good.subarray(1), /declared 1048575 bytes, the manifest 1048576/]
  ])('%s: nothing is committed, the tag is not written', async (_name, tamper, detail) => {
    const source = await memory()
    const good = randomBytes(1024 * 1024)
    image(source, tamper(good), { digest: sha256(good), size: good.length })
    const target = await credulousTarget()
    const promotion = promoteImage({
      source: `${source.host}/team/app:v1`,
      targets: [`${target.server.host}/team/app:v1`],
      registry
    })
    await expect(promotion).rejects.toThrow(UserError)
    await expect(promotion).rejects.toThrow(/team\/app@sha256:[0-9a-f]{64} arrived corrupted/)
    await expect(promotion).rejects.toThrow(detail)
    // The config (good) was committed; the layer never was, and no manifest was written.
    expect(target.committed).toEqual([14])
    expect(target.tagged).toEqual([])
  })
})

describe('a target that refuses the upload', () => {
  it('before the body arrives: its error is the one reported (not a source failure)', async () => {
    const source = await memory()
    const layer = randomBytes(4 * 1024 * 1024)
    image(source, layer, { digest: sha256(layer), size: layer.length })
    const target = await startHostileServer((req, res) => {
      if (req.method === 'POST') return void res.writeHead(202, { location: '/upload/1' }).end()
      if (req.method === 'PUT' && req.url?.startsWith('/upload/'))
        return void res
          .writeHead(400, { 'content-type': 'application/json', connection: 'close' })
          .end(JSON.stringify({ errors: [{ code: 'DENIED', message: 'quota exceeded' }] }))
      res.writeHead(404).end()
    })
    servers.push(target)
    await expect(
      promoteImage({
        source: `${source.host}/team/app:v1`,
        targets: [`${target.host}/team/app:v1`],
        registry
      })
    ).rejects.toThrow(/failed with HTTP 400 \(DENIED: quota exceeded\)/)
  })
})

describe('good content', () => {
  it('8 MiB arrive whole at a target that reads slowly (the download waits for the upload)', async () => {
    const source = await memory()
    const layer = randomBytes(8 * 1024 * 1024)
    image(source, layer, { digest: sha256(layer), size: layer.length })
    const target = await memory()
    // The target's requests are read in small steps with pauses: backpressure reaches the source.
    const slow = await startHostileServer((req, res) => {
      const upstream = new URL(req.url ?? '/', target.origin)
      const body: Buffer[] = []
      req.pause()
      const step = (): void => {
        const chunk = req.read(256 * 1024) as Buffer | null
        if (chunk) body.push(chunk)
        setTimeout(() => (req.readableEnded ? forward() : step()), 2)
      }
      req.on('end', () => undefined)
      const { host: _host, connection: _connection, 'content-length': _length, ...headers } = req.headers
      const forward = (): void =>
        void fetch(upstream, {
          method: req.method,
          headers: headers as Record<string, string>,
          body: ['GET', 'HEAD'].includes(req.method ?? '') ? undefined : Buffer.concat(body),
          redirect: 'manual'
        }).then(async answer => {
          const back = Object.fromEntries(answer.headers)
          delete back['transfer-encoding']
          delete back['content-length']
          if (back.location) back.location = back.location.replace(target.origin, '')
          res.writeHead(answer.status, back).end(Buffer.from(await answer.arrayBuffer()))
        })
      step()
    })
    servers.push(slow)
    const result = await promoteImage({
      source: `${source.host}/team/app:v1`,
      targets: [`${slow.host}/team/app:v1`],
      registry
    })
    expect(result.targets[0].action).toBe('created')
    expect(target.tagged('team/app', 'v1')).toBe(result.digest)
    expect(result.bytesUploaded).toBe(layer.length + 14)
  })
})
