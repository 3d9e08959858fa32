import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { gzipSync, createGzip } from 'node:zlib'
import { extract } from 'tar-stream'
import * as z from 'zod/mini'
import { UserError } from '../errors.js'
import { tail } from '../exec.js'
import { parseReference } from '../image/reference.js'
import { digestOf } from '../oci/digest.js'
import { parseJson } from '../oci/json.js'
import { MEDIA_TYPES } from '../oci/media-types.js'
import { ImageConfigSchema } from '../oci/schemas.js'
import { type Platform, formatPlatform } from '../platform/index.js'
import { type RegistryOptions, openRepository } from '../registry/index.js'

const CONFIG_TYPE = 'application/vnd.docker.container.image.v1+json'
const LAYER_TYPE = 'application/vnd.docker.image.rootfs.diff.tar.gzip'
/** Entries up to this size are kept in memory (configs, small layers); bigger ones are layers, on disk. */
const IN_MEMORY_BYTES = 4 * 1024 * 1024

const SaveManifestSchema = z
  .array(z.looseObject({ Config: z.string(), Layers: z.array(z.string()) }))
  .check(z.length(1, { error: 'one image expected' }))

interface Blob {
  digest: string
  size: number
  /** Gzipped content in memory, or the gzipped file on disk. */
  data?: Buffer
  file?: string
}

/** Gzips a stream to `file`, returning the digest and size of what was written. */
async function gzipToFile(input: NodeJS.ReadableStream, file: string): Promise<Blob> {
  const hash = createHash('sha256')
  let size = 0
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      size += chunk.length
      done(null, chunk)
    }
  })
  await pipeline(input, createGzip(), count, createWriteStream(file))
  return { digest: `sha256:${hash.digest('hex')}`, size, file }
}

/**
 * Reads `docker save <image>` as it streams: small entries (the config, manifest.json, small layers)
 * into memory, big ones (layers) gzipped to files in `dir`.
 */
async function readSavedImage(
  docker: string,
  image: string,
  dir: string
): Promise<{ small: Map<string, Buffer>; big: Map<string, Blob> }> {
  const small = new Map<string, Buffer>()
  const big = new Map<string, Blob>()
  const parser = extract()
  parser.on('entry', (header, stream, next) => {
    const size = header.size ?? 0
    if (header.type !== 'file') {
      stream.on('end', () => next())
      stream.resume()
    } else if (size > IN_MEMORY_BYTES) {
      gzipToFile(stream as unknown as NodeJS.ReadableStream, join(dir, String(big.size))).then(blob => {
        big.set(header.name, blob)
        next()
      }, next)
    } else {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer))
      stream.on('end', () => {
        small.set(header.name, Buffer.concat(chunks))
        next()
      })
    }
  })
  const child = spawn(docker, ['save', image], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const exited = new Promise<number>(resolve => child.on('close', code => resolve(code ?? 1)))
  const parsed = pipeline(child.stdout, parser)
  const code = await exited
  if (code !== 0) {
    parsed.catch(() => undefined)
    throw new UserError(`docker save ${image} failed: ${tail(stderr, 4)}`)
  }
  await parsed
  return { small, big }
}

export interface UploadedImage {
  /** The image manifest's digest in the repository. */
  digest: string
  /** Layer bytes sent (blobs the repository already had are skipped). */
  bytesUploaded: number
}

/**
 * Uploads a local image to `repository` (`<registry>/<name>`) BY DIGEST, untagged, through the
 * registry API: `docker save`, each layer gzipped (deterministically: the same layers give the same
 * digests), blobs the repository has skipped, then a Docker v2 manifest PUT by its digest. `docker
 * push` cannot do this (it needs a tag, which the registry would keep). Inline cache still works: its
 * records in the config name layers by position, not by compressed digest. The config must say
 * `platform`: a build that produced another platform is refused, not published.
 */
export async function uploadImageByDigest(options: {
  docker: string
  image: string
  repository: string
  platform: Platform
  registry: RegistryOptions
}): Promise<UploadedImage> {
  const repository = openRepository(parseReference(options.repository), options.registry)
  const dir = mkdtempSync(join(tmpdir(), 'upload-image-'))
  try {
    const { small, big } = await readSavedImage(options.docker, options.image, dir)
    const saved = small.get('manifest.json')
    if (!saved) throw new UserError(`docker save ${options.image} wrote no manifest.json.`)
    const [entry] = parseJson(SaveManifestSchema, saved, `manifest.json of docker save ${options.image}`)
    const config = small.get(entry.Config)
    if (!config) throw new UserError(`docker save ${options.image} wrote no config ${entry.Config}.`)
    checkPlatform(config, options.platform, options.image)

    const layers: Blob[] = entry.Layers.map(path => {
      const onDisk = big.get(path)
      if (onDisk) return onDisk
      const raw = small.get(path)
      if (!raw) throw new UserError(`docker save ${options.image} wrote no layer ${path}.`)
      const data = gzipSync(raw)
      return { digest: digestOf(data), size: data.length, data }
    })
    let bytesUploaded = 0
    for (const layer of layers) {
      if (await repository.hasBlob(layer.digest)) continue
      const { data, file } = layer
      await repository.uploadBlob(layer.digest, layer.size, async () =>
        data
          ? new globalThis.Blob([data]).stream()
          : (Readable.toWeb(createReadStream(file as string)) as ReadableStream<Uint8Array>)
      )
      bytesUploaded += layer.size
    }
    const configDigest = await repository.putBlob(config)
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.dockerManifest,
        config: { mediaType: CONFIG_TYPE, size: config.length, digest: configDigest },
        layers: layers.map(layer => ({ mediaType: LAYER_TYPE, size: layer.size, digest: layer.digest }))
      })
    )
    const digest = digestOf(manifest)
    await repository.putManifest(digest, manifest, MEDIA_TYPES.dockerManifest)
    return { digest, bytesUploaded }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Refuses an image whose config is for another platform than the one it was built for. */
function checkPlatform(config: Buffer, platform: Platform, image: string): void {
  const parsed = parseJson(ImageConfigSchema, config, `the config of ${image}`)
  const variant = (parsed as { variant?: unknown }).variant
  const actual = {
    os: parsed.os ?? '',
    architecture: parsed.architecture ?? '',
    ...(typeof variant === 'string' && variant ? { variant } : {})
  }
  const same =
    actual.os === platform.os &&
    actual.architecture === platform.architecture &&
    (!platform.variant || actual.variant === platform.variant)
  if (!same)
    throw new UserError(
      `The image built for ${formatPlatform(platform)} is ${formatPlatform(actual)} by its config; not published.`
    )
}
