/**
 * The arm64 emulator the test bench registers (scripts/testbench/emulation.ts), switched off while
 * single-platform builds are timed. Docker 20.10's BuildKit (v0.8) looks for emulators on every build:
 * it runs a small test binary per architecture, a dozen times per `docker build`, and with QEMU's
 * arm64 interpreter registered each arm64 test starts QEMU (moby/buildkit#3120; BuildKit 0.14, in
 * Docker 27, keeps the answer for 20 s). That costs a fully cached build here ~0.4 s. A runner that
 * has not registered QEMU does not pay it, nor does a newer engine; the bench times what such a runner
 * sees, and measures the cost itself (`emulatorCost`).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const ENTRY = '/proc/sys/fs/binfmt_misc/qemu-aarch64'

/** Whether the kernel runs arm64 binaries through QEMU now. */
export function arm64EmulationEnabled(): boolean {
  return existsSync(ENTRY) && readFileSync(ENTRY, 'utf8').startsWith('enabled')
}

function setArm64Emulation(enabled: boolean): void {
  writeFileSync(ENTRY, enabled ? '1' : '0')
}

/**
 * Runs `work` with the arm64 emulator switched off (when it is on and this process may switch it),
 * and switches it back on afterwards, also when the bench is interrupted: the registration is the
 * kernel's, shared by every bench and test run on this machine. Returns whether it was switched off.
 */
export async function withoutArm64Emulation<T>(work: (switchedOff: boolean) => Promise<T>): Promise<T> {
  if (!arm64EmulationEnabled()) return work(false)
  try {
    setArm64Emulation(false)
  } catch {
    // Not root: the builds are timed with the emulator on (the README table says which).
    return work(false)
  }
  const restore = (): void => setArm64Emulation(true)
  const onSignal = (signal: NodeJS.Signals): void => {
    restore()
    process.kill(process.pid, signal)
  }
  process.once('exit', restore)
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    return await work(true)
  } finally {
    restore()
    process.off('exit', restore)
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/**
 * What the emulator checks cost one `docker build`: `build` (a fully cached build) timed with the
 * arm64 emulator on and off, alternately, `pairs` times: the times of each, pair by pair. Undefined
 * when the emulator cannot be switched (not registered, or not root).
 */
export async function emulatorCost(
  build: () => Promise<number>,
  pairs: number
): Promise<{ on: number[]; off: number[] } | undefined> {
  if (!arm64EmulationEnabled()) return undefined
  const on: number[] = []
  const off: number[] = []
  await build() // warm: the first build after the cases may still find work
  for (let pair = 0; pair < pairs; pair++) {
    on.push(await build())
    const switched = await withoutArm64Emulation(async switchedOff => {
      if (switchedOff) off.push(await build())
      return switchedOff
    })
    if (!switched) return undefined
  }
  return { on, off }
}
