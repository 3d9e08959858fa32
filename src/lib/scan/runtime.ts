import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { detectDockerClient } from '../docker/frontend.js'
import { UserError, errorMessage } from '../errors.js'
import { parseReference } from '../image/reference.js'
import { type DatabaseHooks, type ScannerDatabase, restoreDatabase, saveDatabase } from './scanner-db.js'
import { SCANNER_IMAGES, type ScannerImage } from './scanner-images.js'
import type { ScannerName } from './scanner.js'

export type RuntimeChoice = 'auto' | 'container' | 'path'

/** How the scanner runs: its CLI on PATH, or its image in a container (see container-scanner.ts). */
export type ScannerRuntime =
  | { kind: 'path' }
  | {
      kind: 'container'
      docker: string
      scannerImage: ScannerImage
      timeoutMs: number
      database?: ScannerDatabase
      workDir?: string
    }

export interface RuntimeRequest {
  choice: RuntimeChoice
  /** `scanner-image`: another image for the scanner (e.g. a mirror), run the same way. */
  image?: string
  timeoutMs: number
  workDir?: string
}

/** `scan-timeout`: `90s`, `10m`, `1h`, or seconds; at least one second. */
export function parseTimeout(value: string): number {
  const match = /^(\d+)\s*(s|m|h)?$/i.exec(value.trim())
  const units: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 }
  const ms = match ? Number(match[1]) * units[(match[2] ?? 's').toLowerCase()] : NaN
  if (!(ms >= 1000))
    throw new UserError(`"scan-timeout" must be a duration such as 10m, 90s or 1h; got "${value}".`)
  return ms
}

/** The scanner image to run: `scanner-image` when given (checked as a reference), else the pinned one. */
export function scannerImageFor(scanner: ScannerName, override?: string): ScannerImage {
  const pinned = SCANNER_IMAGES[scanner]
  if (!override) return pinned
  try {
    parseReference(override)
  } catch (error) {
    throw new UserError(`"scanner-image" is not an image reference: ${errorMessage(error)}`)
  }
  return { ...pinned, image: override }
}

/** The executable `command` would run from PATH, if any. */
export function findOnPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command)
    try {
      accessSync(candidate, constants.X_OK)
      if (statSync(candidate).isFile()) return candidate
    } catch {
      // not here
    }
  }
  return undefined
}

/**
 * Picks and prepares the runtime. `auto` (the default) uses a scanner CLI someone installed on the
 * runner (a setup step, a self-hosted runner's own Trivy: its version was chosen) and otherwise the
 * scanner's official image, which needs nothing installed but Docker (GitHub's runners have no
 * scanner, so there it is the image). `container` and `path` are what they say. The container
 * runtime's database is restored here (Trivy, Grype).
 */
export async function prepareRuntime(
  scanner: ScannerName,
  request: RuntimeRequest,
  hooks: DatabaseHooks = {}
): Promise<ScannerRuntime> {
  const installed = request.choice === 'container' ? undefined : findOnPath(scanner, hooks.env)
  if (request.choice === 'path' || installed) {
    if (installed)
      hooks.log?.(
        `${scanner} runs from ${installed} (installed on this runner; scanner-runtime: container runs its image instead)`
      )
    return { kind: 'path' }
  }
  let docker: string
  try {
    docker = await detectDockerClient(hooks.env)
  } catch (error) {
    throw new UserError(
      `The ${scanner} scanner runs from its image, which needs a Docker engine (${errorMessage(error)}). Install Docker, or install the ${scanner} CLI (then scanner-runtime: path or auto uses it).`
    )
  }
  const scannerImage = scannerImageFor(scanner, request.image)
  if (request.image && !parseReference(request.image).digest)
    hooks.warn?.(
      `scanner-image ${request.image} is not pinned by digest: what judges the image can change when its tag moves.`
    )
  hooks.log?.(`${scanner} runs from ${scannerImage.image}`)
  const database = await restoreDatabase(scanner, hooks)
  return {
    kind: 'container',
    docker,
    scannerImage,
    timeoutMs: request.timeoutMs,
    database,
    workDir: request.workDir
  }
}

/** After the scans: the database is saved for the next run (a failure only warns). */
export async function finishRuntime(runtime: ScannerRuntime, hooks: DatabaseHooks = {}): Promise<void> {
  if (runtime.kind === 'container') await saveDatabase(runtime.database, hooks)
}
