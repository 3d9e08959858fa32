import { beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { type ActionRun, runAction } from '../../support/action-runner.js'
import { registryTags, testBench, uniqueRepository } from '../../support/bench.js'

const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
const sha256 = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`

/** Uploads a blob to the bench registry (monolithic upload); returns its digest. */
async function putBlob(repository: string, data: Buffer): Promise<string> {
  const base = `http://${testBench().registry}`
  const digest = sha256(data)
  const session = await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST' })
  expect(session.status).toBe(202)
  const location = new URL(session.headers.get('location') as string, base)
  location.searchParams.set('digest', digest)
  const put = await fetch(location, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: data
  })
  expect(put.status).toBe(201)
  return digest
}

/** A small image for `architecture` with these labels, pushed by digest (untagged). */
async function pushImage(
  repository: string,
  architecture: string,
  labels: Record<string, string>
): Promise<string> {
  const layer = await putBlob(repository, Buffer.from(`layer for ${architecture}`))
  const config = Buffer.from(
    JSON.stringify({
      architecture,
      os: 'linux',
      config: { Labels: labels },
      rootfs: { type: 'layers', diff_ids: [layer] }
    })
  )
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: DOCKER_MANIFEST,
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: config.length,
        digest: await putBlob(repository, config)
      },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 21, digest: layer }]
    })
  )
  const digest = sha256(manifest)
  const put = await fetch(`http://${testBench().registry}/v2/${repository}/manifests/${digest}`, {
    method: 'PUT',
    headers: { 'content-type': DOCKER_MANIFEST },
    body: manifest
  })
  expect(put.status).toBe(201)
  return digest
}

const LABELS = (arch: string): Record<string, string> => ({
  'org.opencontainers.image.description': 'The acme app',
  'org.opencontainers.image.source': 'https://github.com/acme/app',
  'org.opencontainers.image.revision': '0123456789abcdef0123456789abcdef01234567',
  'org.opencontainers.image.created': arch === 'amd64' ? '2026-11-25T10:00:00Z' : '2026-11-25T10:02:00Z',
  'org.opencontainers.image.title': 'app'
})

describe('merge on the real registry', () => {
  let repository: string
  let image: string
  let amd64: string
  let arm64: string
  const merge = (digests: string, extra: Record<string, string> = {}): Promise<ActionRun> =>
    runAction('merge', { inputs: { image, digests, ...extra } })

  beforeAll(async () => {
    repository = uniqueRepository('acme/merge')
    image = `${testBench().registry}/${repository}`
    amd64 = await pushImage(repository, 'amd64', LABELS('amd64'))
    arm64 = await pushImage(repository, 'arm64', LABELS('arm64'))
  })

  let first: ActionRun
  it('writes one OCI index by digest: a descriptor per platform, annotations from the labels and the input', async () => {
    first = await merge(
      [
        JSON.stringify([{ platform: 'linux/arm64', digest: arm64 }]),
        JSON.stringify([{ platform: 'linux/amd64', digest: amd64 }])
      ].join('\n'),
      { annotations: 'org.opencontainers.image.description=Acme, multi-platform\nacme.team=core' }
    )
    expect(first.stderr).toBe('')
    expect(first.exitCode).toBe(0)
    expect(first.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(first.outputs.image).toBe(`${image}@${first.outputs.digest}`)
    expect(JSON.parse(first.outputs.platforms)).toEqual([
      { platform: 'linux/amd64', digest: amd64 },
      { platform: 'linux/arm64', digest: arm64 }
    ])

    const response = await fetch(
      `http://${testBench().registry}/v2/${repository}/manifests/${first.outputs.digest}`,
      {
        headers: { accept: 'application/vnd.oci.image.index.v1+json' }
      }
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.oci.image.index.v1+json')
    const body = Buffer.from(await response.arrayBuffer())
    expect(sha256(body)).toBe(first.outputs.digest)
    const index = JSON.parse(body.toString('utf8'))
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json')
    expect(index.manifests).toEqual([
      {
        mediaType: DOCKER_MANIFEST,
        digest: amd64,
        size: expect.any(Number),
        platform: { architecture: 'amd64', os: 'linux' }
      },
      {
        mediaType: DOCKER_MANIFEST,
        digest: arm64,
        size: expect.any(Number),
        platform: { architecture: 'arm64', os: 'linux' }
      }
    ])
    expect(index.annotations).toEqual({
      'acme.team': 'core',
      'org.opencontainers.image.created': '2026-11-25T10:00:00Z', // the first platform's (amd64)
      'org.opencontainers.image.description': 'Acme, multi-platform', // the input over the label
      'org.opencontainers.image.revision': '0123456789abcdef0123456789abcdef01234567',
      'org.opencontainers.image.source': 'https://github.com/acme/app'
    })
    expect(await registryTags(repository)).toEqual([]) // by digest: no tag written
  }, 60_000)

  it('is idempotent: the same images, in another order and written as references, give the same index', async () => {
    const again = await merge(`${image}@${amd64}\n${image}@${arm64}`, {
      annotations: 'acme.team=core\norg.opencontainers.image.description=Acme, multi-platform'
    })
    expect(again.exitCode).toBe(0)
    expect(again.outputs.digest).toBe(first.outputs.digest)
    // Concatenated arrays (a matrix's outputs joined) read the same.
    const concatenated = await merge(
      `${JSON.stringify([{ platform: 'linux/amd64', digest: amd64 }])}${JSON.stringify([{ platform: 'linux/arm64', digest: arm64 }])}`,
      { annotations: 'acme.team=core\norg.opencontainers.image.description=Acme, multi-platform' }
    )
    expect(concatenated.outputs.digest).toBe(first.outputs.digest)
  }, 60_000)

  it.each([
    [
      'an image given as another platform than its config says',
      () =>
        JSON.stringify([
          { platform: 'linux/amd64', digest: amd64 },
          { platform: 'linux/amd64', digest: arm64 }
        ]),
      /is given as linux\/amd64, but its config says linux\/arm64/
    ],
    ['a missing manifest', () => `${image}@sha256:${'0'.repeat(64)}`, /@sha256:0{64} does not exist/],
    [
      'a digest of another repository',
      () => `${testBench().registry}/acme/other@${amd64}`,
      /is in .*acme\/other, not in .*: an index names manifests of its own repository/
    ],
    ['a list with no digest in it', () => '# nothing yet\n', /Input "digests": none given/]
  ])(
    'refuses %s, and writes nothing',
    async (_what, digests, message) => {
      const run = await merge(digests())
      expect(run.exitCode).not.toBe(0)
      expect(run.stdout).toMatch(message)
      expect(await registryTags(repository)).toEqual([])
    },
    60_000
  )

  it('takes the very same image named twice as one entry', async () => {
    const run = await merge(
      `${image}@${amd64}\n${JSON.stringify([{ platform: 'linux/amd64', digest: amd64 }])}\n${image}@${arm64}`
    )
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.platforms)).toHaveLength(2)
  }, 60_000)

  it('refuses two different images for one platform', async () => {
    const other = await pushImage(repository, 'amd64', { 'org.opencontainers.image.title': 'other' })
    const run = await merge(`${image}@${amd64}\n${image}@${other}`)
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(new RegExp(`Two images for linux/amd64: ${amd64} and ${other}`))
  }, 60_000)
})
