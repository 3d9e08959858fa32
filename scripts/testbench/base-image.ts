import { execFile, execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { BUILDKIT_CLIENT } from './engine.js'
import { ARM64_BUSYBOX } from './packages.js'

const execFileAsync = promisify(execFile)

/**
 * A root filesystem with busybox (the binary given) and its applets, /etc/passwd and /etc/group.
 * The applet list comes from the binary itself (an arm64 one runs under QEMU here).
 */
function busyboxRootfs(root: string, busybox: string, release: string): void {
  for (const sub of ['bin', 'etc', 'tmp', 'root', 'var/www', 'usr/bin', 'usr/sbin', 'sbin'])
    mkdirSync(join(root, sub), { recursive: true })
  chmodSync(join(root, 'tmp'), 0o1777)
  execFileSync('cp', [busybox, join(root, 'bin/busybox')])
  const applets = execFileSync(busybox, ['--list-full'], { encoding: 'utf8' }).split('\n').filter(Boolean)
  for (const applet of applets) {
    if (applet === 'bin/busybox') continue
    try {
      symlinkSync('/bin/busybox', join(root, applet))
    } catch {
      // an applet listed twice (or already present) is fine
    }
  }
  writeFileSync(
    join(root, 'etc/passwd'),
    'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n'
  )
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n')
  // A marker file lets tests make a "new version" of the base image with a different digest.
  writeFileSync(join(root, 'etc/base-release'), release)
}

/**
 * Makes a base image from Debian's static busybox (no registry can be pulled from here):
 * a root filesystem imported with `docker import` and pushed to the local registry as
 * `<registry>/base/busybox:<tag>` (linux/amd64).
 */
export function buildBusyboxBase(options: {
  dir: string
  dockerHost: string
  registry: string
  tag?: string
  marker?: string
}): string {
  const tag = options.tag ?? '1'
  const root = join(options.dir, `rootfs-${tag}`)
  busyboxRootfs(root, '/bin/busybox', `busybox-base ${tag} ${options.marker ?? ''}\n`)
  const tarball = join(options.dir, `rootfs-${tag}.tar`)
  execFileSync('tar', [
    '--numeric-owner',
    '--owner=0',
    '--group=0',
    '--mtime=2020-01-01',
    '-C',
    root,
    '-cf',
    tarball,
    '.'
  ])
  const ref = `${options.registry}/base/busybox:${tag}`
  const docker = (args: string[]): void => {
    execFileSync(BUILDKIT_CLIENT, ['--host', options.dockerHost, ...args], {
      stdio: ['ignore', 'ignore', 'inherit']
    })
  }
  docker([
    'import',
    '--change',
    'CMD ["/bin/sh"]',
    '--change',
    'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin',
    tarball,
    ref
  ])
  docker(['push', ref])
  return ref
}

const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'

async function manifestDescriptor(
  registry: string,
  repository: string,
  tag: string,
  platform: { os: string; architecture: string }
): Promise<Record<string, unknown>> {
  const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { accept: DOCKER_MANIFEST }
  })
  const digest = response.headers.get('docker-content-digest')
  if (!response.ok || !digest) throw new Error(`${repository}:${tag}: HEAD answered ${response.status}`)
  return {
    mediaType: response.headers.get('content-type') ?? DOCKER_MANIFEST,
    digest,
    size: Number(response.headers.get('content-length')),
    platform
  }
}

async function docker(dockerHost: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(BUILDKIT_CLIENT, ['--host', dockerHost, ...args], {
    env: { ...process.env, DOCKER_BUILDKIT: '1' }
  })
  return stdout
}

/** Uploads a blob to the bench registry (plain HTTP, no auth): one POST, one PUT. */
async function putBlob(registry: string, repository: string, data: Buffer): Promise<string> {
  const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`
  const session = await fetch(`http://${registry}/v2/${repository}/blobs/uploads/`, { method: 'POST' })
  const location = session.headers.get('location')
  if (session.status !== 202 || !location) throw new Error(`blob upload answered ${session.status}`)
  const url = new URL(location, `http://${registry}`)
  url.searchParams.set('digest', digest)
  const put = await fetch(url, { method: 'PUT', body: data })
  if (put.status !== 201) throw new Error(`blob PUT answered ${put.status}`)
  return digest
}

/**
 * The linux/arm64 twin of the base image: the same root filesystem around Debian's arm64 busybox,
 * pushed as `<registry>/base/busybox:<tag>-arm64`. It is written through the registry API (one
 * layer, a config that says arm64, a manifest): `docker import` ignores --platform on 20.10, and a
 * `docker build --platform linux/arm64` of it costs a BuildKit start (seconds) on every bench.
 */
export async function buildArm64Base(options: {
  dir: string
  registry: string
  tag?: string
}): Promise<string> {
  const tag = options.tag ?? '1'
  const repository = 'base/busybox'
  const root = join(options.dir, 'rootfs')
  busyboxRootfs(root, ARM64_BUSYBOX, `busybox-base ${tag} \n`)
  const tar = execFileSync(
    'tar',
    ['--numeric-owner', '--owner=0', '--group=0', '--mtime=2020-01-01', '-C', root, '-cf', '-', '.'],
    { maxBuffer: 64 * 1024 * 1024 }
  )
  const layer = gzipSync(tar)
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'arm64',
      os: 'linux',
      config: { Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: [`sha256:${createHash('sha256').update(tar).digest('hex')}`] },
      history: [{ created: '2020-01-01T00:00:00Z', created_by: 'testbench: Debian busybox-static:arm64' }]
    })
  )
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: DOCKER_MANIFEST,
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: config.length,
      digest: await putBlob(options.registry, repository, config)
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: layer.length,
        digest: await putBlob(options.registry, repository, layer)
      }
    ]
  })
  const put = await fetch(`http://${options.registry}/v2/${repository}/manifests/${tag}-arm64`, {
    method: 'PUT',
    headers: { 'content-type': DOCKER_MANIFEST },
    body: manifest
  })
  if (put.status !== 201) throw new Error(`PUT of the arm64 base answered ${put.status}`)
  return `${options.registry}/${repository}:${tag}-arm64`
}

/**
 * `docker run --platform linux/arm64 <arm64Ref> uname -m` must say aarch64: the proof that emulation
 * works in containers, not only for the bench's own process. The image is removed again, so the
 * engine starts as empty as before.
 */
export async function checkArm64Emulation(dockerHost: string, arm64Ref: string): Promise<void> {
  const run = ['run', '--rm', '--network', 'none', '--platform', 'linux/arm64', arm64Ref, 'uname', '-m']
  const machine = (await docker(dockerHost, run)).trim()
  await docker(dockerHost, ['image', 'rm', arm64Ref])
  if (machine !== 'aarch64')
    throw new Error(`docker run --platform linux/arm64 ${arm64Ref} uname -m said ${machine}, not aarch64`)
}

/**
 * The multi-platform base: an OCI index over the linux/amd64 base (`<registry>/base/busybox:<tag>`)
 * and its arm64 twin, tagged `<tag>-multiarch`.
 */
export async function pushMultiPlatformBase(options: {
  registry: string
  amd64Ref: string
  arm64Ref: string
}): Promise<string> {
  const repository = 'base/busybox'
  const tagOf = (ref: string): string => ref.slice(ref.lastIndexOf(':') + 1)
  const index = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      await manifestDescriptor(options.registry, repository, tagOf(options.amd64Ref), {
        os: 'linux',
        architecture: 'amd64'
      }),
      await manifestDescriptor(options.registry, repository, tagOf(options.arm64Ref), {
        os: 'linux',
        architecture: 'arm64'
      })
    ]
  }
  const indexTag = `${tagOf(options.amd64Ref)}-multiarch`
  const put = await fetch(`http://${options.registry}/v2/${repository}/manifests/${indexTag}`, {
    method: 'PUT',
    headers: { 'content-type': OCI_INDEX },
    body: JSON.stringify(index)
  })
  if (put.status !== 201) throw new Error(`PUT of the base index answered ${put.status}: ${await put.text()}`)
  const indexRef = `${options.registry}/${repository}:${indexTag}`
  return indexRef
}
