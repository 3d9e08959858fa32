import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/** Debian packages the bench needs, and a file each one installs (to tell whether it is there). */
export const REQUIRED_PACKAGES: Record<string, string> = {
  'docker.io': '/usr/sbin/dockerd',
  'docker-registry': '/usr/bin/docker-registry',
  'busybox-static': '/bin/busybox',
  skopeo: '/usr/bin/skopeo',
  'apache2-utils': '/usr/bin/htpasswd',
  // the token-auth registry in the promote tests signs its tokens with a self-signed certificate
  openssl: '/usr/bin/openssl',
  // runs linux/arm64 binaries (RUN steps, containers) under emulation for the multi-platform tests
  'qemu-user-static': '/usr/bin/qemu-aarch64-static'
}

/**
 * Where the arm64 busybox of the multi-platform base image is unpacked. It outlives a bench run (it is
 * a download), so a machine that has it starts the bench without apt.
 */
export const ARM64_BUSYBOX_DIR =
  process.env.TESTBENCH_CACHE_DIR !== undefined
    ? join(process.env.TESTBENCH_CACHE_DIR, 'busybox-static-arm64')
    : '/var/cache/docker-actions-testbench/busybox-static-arm64'

/** The statically linked arm64 busybox (from Debian's busybox-static:arm64). */
export const ARM64_BUSYBOX = join(ARM64_BUSYBOX_DIR, 'bin/busybox')

// Another bench (another engineer's, a parallel CI step) may hold the dpkg lock for a while.
const APT_LOCK_WAIT = ['-o', 'DPkg::Lock::Timeout=300']

function apt(args: string[], cwd?: string): void {
  execFileSync('apt-get', [...APT_LOCK_WAIT, ...args], {
    stdio: 'inherit',
    cwd,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  })
}

/** Installs missing packages with apt-get when running as root; otherwise says what to install. */
export function ensurePackages(): void {
  const missing = Object.entries(REQUIRED_PACKAGES)
    .filter(([, file]) => !existsSync(file))
    .map(([name]) => name)
  const needArm64 = !existsSync(ARM64_BUSYBOX)
  if (missing.length === 0 && !needArm64) return
  if (process.getuid?.() !== 0) {
    const steps = []
    if (missing.length > 0) steps.push(`sudo apt-get install -y ${missing.join(' ')}`)
    if (needArm64) steps.push(...arm64BusyboxSteps().map(step => `sudo ${step}`))
    throw new Error(`The test bench needs Debian packages. Run:\n  ${steps.join('\n  ')}`)
  }
  let updated = false
  if (missing.length > 0) {
    console.log(`[testbench] installing ${missing.join(' ')} with apt-get`)
    apt(['update', '-qq'])
    updated = true
    apt(['install', '-y', '-qq', '--no-install-recommends', ...missing])
  }
  if (needArm64) fetchArm64Busybox(updated)
}

function arm64BusyboxSteps(): string[] {
  return [
    'dpkg --add-architecture arm64',
    'apt-get update',
    `mkdir -p ${ARM64_BUSYBOX_DIR} && cd ${ARM64_BUSYBOX_DIR} && apt-get download busybox-static:arm64 && dpkg-deb -x busybox-static_*_arm64.deb .`
  ]
}

/**
 * Downloads busybox-static:arm64 (not installed: it would replace the native one) and unpacks it into
 * ARM64_BUSYBOX_DIR. The architecture is added to dpkg only if it is not there yet, and apt's lists
 * are refreshed only if they have no arm64 entries (adding an architecture needs a fresh update).
 */
function fetchArm64Busybox(listsFresh: boolean): void {
  console.log('[testbench] fetching busybox-static:arm64 for the multi-platform base image')
  const foreign = execFileSync('dpkg', ['--print-foreign-architectures'], { encoding: 'utf8' })
  const added = !foreign.split('\n').includes('arm64')
  if (added) execFileSync('dpkg', ['--add-architecture', 'arm64'], { stdio: 'inherit' })
  if (added || !listsFresh) apt(['update', '-qq'])
  // Unpack next to the final place and rename, so an interrupted run never leaves half a tree there.
  const staging = `${ARM64_BUSYBOX_DIR}.partial-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  try {
    apt(['download', '-qq', '-o', 'APT::Sandbox::User=root', 'busybox-static:arm64'], staging)
    const deb = readdirSync(staging).find(name => name.endsWith('_arm64.deb'))
    if (!deb) throw new Error('apt-get download busybox-static:arm64 left no .deb')
    execFileSync('dpkg-deb', ['-x', join(staging, deb), staging], { stdio: 'inherit' })
    if (!existsSync(join(staging, 'bin/busybox'))) throw new Error(`${deb} has no bin/busybox`)
    rmSync(ARM64_BUSYBOX_DIR, { recursive: true, force: true })
    renameSync(staging, ARM64_BUSYBOX_DIR)
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}
