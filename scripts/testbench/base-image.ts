import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BUILDKIT_CLIENT } from './engine.js'

/**
 * Makes a base image from Debian's static busybox (no registry can be pulled from here):
 * a root filesystem with busybox and its applets, /etc/passwd and /etc/group, imported with
 * `docker import` and pushed to the local registry as `<registry>/base/busybox:<tag>`.
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
  for (const sub of ['bin', 'etc', 'tmp', 'root', 'var/www', 'usr/bin', 'usr/sbin', 'sbin'])
    mkdirSync(join(root, sub), { recursive: true })
  chmodSync(join(root, 'tmp'), 0o1777)
  execFileSync('cp', ['/bin/busybox', join(root, 'bin/busybox')])
  const applets = execFileSync('/bin/busybox', ['--list-full'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
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
  writeFileSync(join(root, 'etc/base-release'), `busybox-base ${tag} ${options.marker ?? ''}\n`)
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
