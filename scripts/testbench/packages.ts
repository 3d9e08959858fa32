import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** Debian packages the bench needs, and a file each one installs (to tell whether it is there). */
export const REQUIRED_PACKAGES: Record<string, string> = {
  'docker.io': '/usr/sbin/dockerd',
  'docker-registry': '/usr/bin/docker-registry',
  'busybox-static': '/bin/busybox',
  skopeo: '/usr/bin/skopeo',
  'apache2-utils': '/usr/bin/htpasswd',
  // the token-auth registry in the promote tests signs its tokens with a self-signed certificate
  openssl: '/usr/bin/openssl'
}

/** Installs missing packages with apt-get when running as root; otherwise says what to install. */
export function ensurePackages(): void {
  const missing = Object.entries(REQUIRED_PACKAGES)
    .filter(([, file]) => !existsSync(file))
    .map(([name]) => name)
  if (missing.length === 0) return
  if (process.getuid?.() !== 0) {
    throw new Error(
      `The test bench needs these Debian packages: ${missing.join(' ')}. Run: sudo apt-get install -y ${missing.join(' ')}`
    )
  }
  console.log(`[testbench] installing ${missing.join(' ')} with apt-get`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env
  })
}
