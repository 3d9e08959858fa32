import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const BINFMT = '/proc/sys/fs/binfmt_misc'
const AARCH64_CONF = '/usr/lib/binfmt.d/qemu-aarch64.conf'

/**
 * Registers QEMU's aarch64 interpreter with the kernel (binfmt_misc), so linux/arm64 binaries run
 * here: in `docker build --platform linux/arm64` RUN steps and in `docker run --platform linux/arm64`.
 * Debian's entry has the F flag (the kernel opens the interpreter now), which is what makes it work
 * inside containers. The registration is the kernel's, shared by every bench: it is made once and
 * left in place; a second bench finds it and does nothing.
 */
export function ensureArm64Emulation(): void {
  const entry = `${BINFMT}/qemu-aarch64`
  if (!existsSync(entry) && process.getuid?.() !== 0) {
    throw new Error(
      `The test bench needs arm64 emulation registered (once per boot, as root): sudo mount -t binfmt_misc binfmt_misc ${BINFMT}; ` +
        `grep '^:' ${AARCH64_CONF} | sudo tee ${BINFMT}/register`
    )
  }
  if (!existsSync(`${BINFMT}/register`)) {
    execFileSync('mount', ['-t', 'binfmt_misc', 'binfmt_misc', BINFMT], { stdio: 'inherit' })
  }
  if (!existsSync(entry)) {
    const line = readFileSync(AARCH64_CONF, 'utf8')
      .split('\n')
      .find(text => text.startsWith(':'))
    if (!line) throw new Error(`${AARCH64_CONF} has no binfmt_misc entry`)
    try {
      writeFileSync(`${BINFMT}/register`, line)
    } catch (error) {
      // Another bench registered it between our check and our write.
      if (!existsSync(entry)) throw error
    }
  }
  if (!readFileSync(entry, 'utf8').startsWith('enabled')) writeFileSync(entry, '1')
}
