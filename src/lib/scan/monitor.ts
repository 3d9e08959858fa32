import { errorMessage } from '../errors.js'
import { runCommand } from '../exec.js'
import { familiarName, parseReference } from '../image/reference.js'
import { scanInContainer } from './container-scanner.js'
import type { ScannerRuntime } from './runtime.js'
import type { ScanOutcome } from './scan-and-gate.js'
import { scannerOutput } from './scanner.js'

/**
 * The Snyk project an image is monitored under: the GitHub repository and the image repository
 * (`acme/shop: ghcr.io/acme/shop`), plus the platform for one platform of an index, so the
 * platforms of one image do not overwrite each other's snapshot.
 */
export function monitorProjectName(
  outcome: Pick<ScanOutcome, 'scanned' | 'platform'>,
  repository?: string
): string {
  const image = familiarName(parseReference(outcome.scanned))
  return `${repository ? `${repository}: ` : ''}${image}${outcome.platform ? ` [${outcome.platform}]` : ''}`
}

export interface MonitorHooks {
  env?: NodeJS.ProcessEnv
  log?: (message: string) => void
  warn?: (message: string) => void
}

/**
 * `monitor: true`: sends a gated, published image to `snyk container monitor`, so vulnerabilities
 * disclosed after the gate reach the team. Called only after the gate passed, for images in a
 * registry (scanned by digest). Monitoring is reporting, not the gate: a failure is a warning that
 * says what to do, and never undoes a passed gate. Returns the project names monitored.
 */
export async function monitorImages(
  outcomes: ScanOutcome[],
  runtime: ScannerRuntime,
  hooks: MonitorHooks = {}
): Promise<string[]> {
  const env = hooks.env ?? process.env
  const monitored: string[] = []
  for (const outcome of outcomes) {
    if (!outcome.digest) {
      hooks.warn?.(
        `monitor: ${outcome.scanned} is not in a registry (not published), so it is not monitored.`
      )
      continue
    }
    const projectName = monitorProjectName(outcome, env.GITHUB_REPOSITORY)
    try {
      if (runtime.kind === 'container') {
        await scanInContainer(outcome.scanned, {
          docker: runtime.docker,
          scanner: 'snyk',
          scannerImage: runtime.scannerImage,
          timeoutMs: runtime.timeoutMs,
          workDir: runtime.workDir,
          dockerfile: outcome.dockerfile,
          platform: outcome.platform,
          monitorProject: projectName,
          log: hooks.log,
          env
        })
      } else {
        const result = await runCommand(
          'snyk',
          [
            'container',
            'monitor',
            outcome.scanned,
            '--json',
            ...(outcome.dockerfile ? [`--file=${outcome.dockerfile}`] : []),
            `--project-name=${projectName}`
          ],
          { silent: true }
        )
        scannerOutput('snyk', result)
      }
      hooks.log?.(`monitor: ${outcome.scanned} is monitored by Snyk as "${projectName}"`)
      monitored.push(projectName)
    } catch (error) {
      hooks.warn?.(
        `monitor: snyk container monitor failed for ${outcome.scanned} (${errorMessage(error)}). The gate passed and the image is published; re-run the job, or check SNYK_TOKEN's organisation has container monitoring.`
      )
    }
  }
  return monitored
}
