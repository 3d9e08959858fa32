import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { constants, tmpdir } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../errors.js'
import { type ExecResult, runCommand, tail } from '../exec.js'
import { runBounded } from './bounded-exec.js'
import { ARCHIVE_NAME, SCAN_MOUNT, type ScannerImage, archiveScanArgs } from './scanner-images.js'
import { type ScannerName, requireScannerToken, scannerOutput } from './scanner.js'

/** Label on every scanner container; its value is the run's id, so a leftover is found by it. */
export const SCAN_LABEL = 'io.github.docker-actions.scan-image'

export interface ContainerScanOptions {
  docker: string
  scanner: ScannerName
  /** The scanner's image and how to run it (SCANNER_IMAGES, or scanner-image). */
  scannerImage: ScannerImage
  /** The scanner is stopped and removed after this long. */
  timeoutMs: number
  /** The database directory on this machine, mounted read-write (Trivy, Grype). */
  databaseDir?: string
  /** Where the image archive is written (a fresh directory under it, removed afterwards). */
  workDir?: string
  log?: (message: string) => void
  env?: NodeJS.ProcessEnv
}

/** Settings the scanners read from the environment, passed by name when set (proxies, a DB mirror, a Snyk org). */
const PASSED_PREFIX: Record<ScannerName, string> = { snyk: 'SNYK_', trivy: 'TRIVY_', grype: 'GRYPE_' }
const PROXY = /^(https?_proxy|no_proxy|HTTPS?_PROXY|NO_PROXY)$/
/** Variables this code sets itself: a value from the environment must not move the database or the input. */
const OWN = new Set(['TRIVY_CACHE_DIR', 'TRIVY_INPUT', 'GRYPE_DB_CACHE_DIR'])

/** The names of the variables the scanner receives from the environment (`docker run -e NAME`: the value never in argv). */
export function passedVariables(scanner: ScannerName, env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter(name => (name.startsWith(PASSED_PREFIX[scanner]) || PROXY.test(name)) && !OWN.has(name))
    .filter(name => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && env[name] !== undefined)
    .sort()
}

/**
 * The `docker run` arguments of a scan: a uniquely named, labelled container, removed when it ends
 * (`--rm`: the client returns once it is gone), as this user (so the database it writes stays
 * readable for the cache), without capabilities; the archive directory read-only and the database
 * directory are the only mounts (no Docker socket); the scanner writes temporary files to a tmpfs.
 * Host networking: it downloads its database or talks to Snyk, and some engines have no bridge.
 */
export function containerRunArgs(input: {
  name: string
  runId: string
  scannerImage: ScannerImage
  scanDir: string
  databaseDir?: string
  variables: string[]
  args: string[]
  user?: string
}): string[] {
  const { scannerImage } = input
  return [
    'run',
    '--rm',
    '--name',
    input.name,
    '--label',
    `${SCAN_LABEL}=${input.runId}`,
    '--network',
    'host',
    ...(input.user ? ['--user', input.user] : []),
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--tmpfs',
    '/tmp:rw,exec,nosuid,nodev,mode=1777',
    '--env',
    'HOME=/tmp',
    ...Object.entries(scannerImage.settings ?? {}).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
    ...input.variables.flatMap(name => ['--env', name]),
    '--mount',
    `type=bind,source=${input.scanDir},target=${SCAN_MOUNT},readonly`,
    ...(input.databaseDir && scannerImage.databaseDir
      ? ['--mount', `type=bind,source=${input.databaseDir},target=${scannerImage.databaseDir}`]
      : []),
    ...(scannerImage.entrypoint ? ['--entrypoint', scannerImage.entrypoint] : []),
    scannerImage.image,
    ...input.args
  ]
}

/** Pulls the scanner image unless the engine has it; a failure says what to do. */
async function ensureScannerImage(
  docker: string,
  image: string,
  log: (message: string) => void
): Promise<void> {
  const present = await runCommand(docker, ['image', 'inspect', '--format', '{{.Id}}', image], {
    silent: true
  })
  if (present.exitCode === 0) return
  log(`pulling the scanner image ${image}`)
  const pulled = await runCommand(docker, ['pull', '--quiet', image], { silent: true })
  if (pulled.exitCode !== 0)
    throw new UserError(
      `Could not pull the scanner image ${image}: ${tail(pulled.stderr, 3)}. Check the runner's access to its registry, ` +
        'set scanner-image to a copy you can reach (pinned by digest), or use scanner-runtime: path with the scanner installed.'
    )
}

/**
 * Writes the image under test to `<dir>/image.tar` with `docker save`, pulling it first when the
 * engine does not have it (a scan job on another runner than the build).
 */
export async function exportImage(
  docker: string,
  image: string,
  dir: string,
  options: { platform?: string; log?: (message: string) => void } = {}
): Promise<string> {
  const archive = join(dir, ARCHIVE_NAME)
  const present = await runCommand(docker, ['image', 'inspect', '--format', '{{.Id}}', image], {
    silent: true
  })
  if (present.exitCode !== 0) {
    options.log?.(`pulling ${image} to export it`)
    const pulled = await runCommand(
      docker,
      ['pull', '--quiet', ...(options.platform ? ['--platform', options.platform] : []), image],
      { silent: true }
    )
    if (pulled.exitCode !== 0)
      throw new UserError(
        `Could not pull ${image} to scan it: ${tail(pulled.stderr, 3)}. Log in to its registry first (docker login), or scan it on the runner that built it.`
      )
  }
  const saved = await runCommand(docker, ['save', '--output', archive, image], { silent: true })
  if (saved.exitCode !== 0)
    throw new UserError(
      `docker save ${image} failed: ${tail(saved.stderr, 3)}. The archive is written under RUNNER_TEMP: check the free space there, or use scanner-runtime: path with the scanner installed.`
    )
  return archive
}

/** Removes the container on SIGINT/SIGTERM (a cancelled job) before exiting as the signal would. */
function removeOnSignal(docker: string, name: string): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    void runCommand(docker, ['rm', '--force', name], { silent: true })
      .catch(() => undefined)
      .finally(() => process.exit(128 + constants.signals[signal]))
  }
  process.once('SIGINT', handler)
  process.once('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0) return `${ms / 60_000}m`
  return `${ms / 1000}s`
}

/** Waits (a few seconds at most) until the engine no longer lists the container. */
async function waitUntilGone(docker: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const listed = await runCommand(docker, ['container', 'inspect', '--format', '{{.Id}}', name], {
      silent: true
    }).catch(() => undefined)
    if (!listed || listed.exitCode !== 0) return
    await runCommand(docker, ['rm', '--force', name], { silent: true }).catch(() => undefined)
    await new Promise(resolve => setTimeout(resolve, 250))
  }
}

/**
 * Runs the scanner's container to completion, or until `timeoutMs`, when it is removed (which ends
 * `docker run`). The container is removed afterwards in every case.
 */
export async function runScannerContainer(
  options: ContainerScanOptions & {
    scanDir: string
    args: string[]
    /** Read at most this much of its output (an SBOM): past it the container is stopped and removed. */
    maxStdoutBytes?: number
  }
): Promise<ExecResult & { overflowed?: boolean }> {
  const { docker, scanner } = options
  const env = options.env ?? process.env
  const runId = randomBytes(6).toString('hex')
  const name = `docker-actions-scan-${scanner}-${runId}`
  const args = containerRunArgs({
    name,
    runId,
    scannerImage: options.scannerImage,
    scanDir: options.scanDir,
    databaseDir: options.databaseDir,
    variables: passedVariables(scanner, env),
    args: options.args,
    user: process.getuid && process.getgid ? `${process.getuid()}:${process.getgid()}` : undefined
  })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    void runCommand(docker, ['rm', '--force', name], { silent: true }).catch(() => undefined)
  }, options.timeoutMs)
  const unguard = removeOnSignal(docker, name)
  let result: (ExecResult & { overflowed?: boolean }) | undefined
  try {
    result =
      options.maxStdoutBytes === undefined
        ? await runCommand(docker, args, { silent: true, env: env as Record<string, string> })
        : await runBounded(docker, args, { maxStdoutBytes: options.maxStdoutBytes, env })
  } finally {
    clearTimeout(timer)
    // `--rm` removed it when it ended; what ended otherwise (stopped, not started, docker failed, its
    // client killed for too much output) is removed here.
    if (!result || timedOut || result.exitCode >= 125 || result.overflowed)
      await runCommand(docker, ['rm', '--force', name], { silent: true }).catch(() => undefined)
    // Its client was killed while it ran: the engine may still be removing it (`--rm` and rm race).
    if (result?.overflowed) await waitUntilGone(docker, name)
    unguard()
  }
  if (timedOut)
    throw new UserError(
      `${scanner} did not finish within ${formatDuration(options.timeoutMs)} (scan-timeout) and was stopped. ` +
        'Raise scan-timeout for a large image or a first database download, or check the runner can reach ' +
        (scanner === 'snyk' ? "Snyk's API." : `${scanner}'s database.`)
    )
  // 125-127: docker itself could not run the container (not the scanner's answer).
  if (result.exitCode >= 125 && result.exitCode <= 127 && !result.stdout.trim())
    throw new UserError(
      `The ${scanner} container could not be started (docker run exited with ${result.exitCode}): ${tail(result.stderr, 3)}`
    )
  return result
}

/** One exported image that the scanner container runs against, as often as needed (scan, then SBOM). */
export interface ImageArchive {
  /** Runs the scanner's container with these arguments against the archive. */
  run(args: string[], limits?: { maxStdoutBytes?: number }): Promise<ExecResult & { overflowed?: boolean }>
  /** The Dockerfile's path inside the container, when one was copied beside the archive (Snyk). */
  dockerfile?: string
}

/**
 * `docker save` of the image to a temporary directory, `fn` with the scanner container on it (run
 * any number of times: the vulnerability scan and the SBOM share one export), then the archive
 * removed, whatever happened.
 */
export async function withImageArchive<T>(
  image: string,
  options: ContainerScanOptions & { dockerfile?: string; platform?: string },
  fn: (archive: ImageArchive) => Promise<T>
): Promise<T> {
  const env = options.env ?? process.env
  requireScannerToken(options.scanner, env)
  const log = options.log ?? (() => {})
  await ensureScannerImage(options.docker, options.scannerImage.image, log)
  const scanDir = mkdtempSync(join(options.workDir ?? tmpdir(), 'docker-actions-scan-'))
  try {
    await exportImage(options.docker, image, scanDir, { platform: options.platform, log })
    // Snyk reads the Dockerfile for base-image advice: a copy beside the archive, so nothing else is mounted.
    let dockerfile: string | undefined
    if (options.scanner === 'snyk' && options.dockerfile) {
      try {
        copyFileSync(options.dockerfile, join(scanDir, 'Dockerfile'))
        dockerfile = `${SCAN_MOUNT}/Dockerfile`
      } catch {
        dockerfile = undefined // no readable Dockerfile: scanned without base-image advice
      }
    }
    return await fn({
      dockerfile,
      run: (args, limits = {}) => runScannerContainer({ ...options, scanDir, args, ...limits })
    })
  } finally {
    rmSync(scanDir, { recursive: true, force: true })
  }
}

/**
 * Scans an image with the scanner's official image (`scanner-runtime: container`): `docker save` to
 * a temporary archive, the scanner container on it, the archive removed. Returns the scanner's JSON.
 */
export async function scanInContainer(
  image: string,
  options: ContainerScanOptions & {
    dockerfile?: string
    platform?: string
    /** `snyk container monitor` under this project name instead of `test` (monitor.ts). */
    monitorProject?: string
  }
): Promise<string> {
  return withImageArchive(image, options, async archive => {
    const result = await archive.run(
      archiveScanArgs(options.scanner, {
        dockerfile: archive.dockerfile,
        ...(options.monitorProject ? { command: 'monitor', projectName: options.monitorProject } : {})
      })
    )
    return scannerOutput(options.scanner, result)
  })
}
