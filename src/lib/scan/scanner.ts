import { UserError } from '../errors.js'
import { type ExecResult, runCommand, tail } from '../exec.js'

export type ScannerName = 'snyk' | 'trivy' | 'grype'

export interface ScannerInvocation {
  command: string
  args: string[]
}

/** The scanner command for an image (by digest), as an argument array. */
export function scannerCommand(scanner: ScannerName, image: string, dockerfile?: string): ScannerInvocation {
  switch (scanner) {
    case 'snyk':
      return {
        command: 'snyk',
        args: ['container', 'test', image, '--json', ...(dockerfile ? [`--file=${dockerfile}`] : [])]
      }
    case 'trivy':
      return { command: 'trivy', args: ['image', '--format', 'json', '--quiet', image] }
    case 'grype':
      return { command: 'grype', args: [image, '-o', 'json'] }
  }
}

/** The environment variable holding the API token each scanner needs (none for the local scanners). */
export const SCANNER_TOKEN_ENV: Record<ScannerName, string | undefined> = {
  snyk: 'SNYK_TOKEN',
  trivy: undefined,
  grype: undefined
}

const INSTALL: Record<ScannerName, string> = {
  snyk: 'install the Snyk CLI (npm install -g snyk, or snyk/actions/setup)',
  trivy: 'install Trivy (aquasecurity/setup-trivy)',
  grype: 'install Grype (anchore/scan-action/download-grype)'
}

/** A scanner needs its token in the environment before anything else happens (fail fast, with what to set). */
export function requireScannerToken(scanner: ScannerName, env: NodeJS.ProcessEnv = process.env): void {
  const variable = SCANNER_TOKEN_ENV[scanner]
  if (variable && !env[variable]) {
    throw new UserError(
      `scanner: ${scanner} needs ${variable} in the environment (a Snyk API token, from a repository secret).`
    )
  }
}

/**
 * Reads a scanner's exit as each tool defines it and returns its JSON: Snyk 0 (no issues) and 1
 * (issues found) are results; 2 (failure) and 3 (no supported projects) fail the step with the
 * scanner's own message. Trivy and Grype exit 0 with findings (no --exit-code/--fail-on).
 */
export function scannerOutput(scanner: ScannerName, result: ExecResult): string {
  const ok = scanner === 'snyk' ? result.exitCode === 0 || result.exitCode === 1 : result.exitCode === 0
  if (ok) return result.stdout
  const meaning =
    scanner === 'snyk'
      ? (
          { 2: 'the scan failed', 3: 'no supported projects were found in the image' } as Record<
            number,
            string
          >
        )[result.exitCode]
      : undefined
  let message = tail(result.stderr || result.stdout, 6)
  try {
    const parsed = JSON.parse(result.stdout) as { error?: string; message?: string }
    message = parsed.error ?? parsed.message ?? message
  } catch {
    // not JSON: keep the output
  }
  throw new UserError(
    `${scanner} exited with ${result.exitCode}${meaning ? ` (${meaning})` : ''}: ${message}`
  )
}

/** Runs the scanner CLI found on PATH (`scanner-runtime: path`) and returns its JSON. */
export async function runScanner(scanner: ScannerName, image: string, dockerfile?: string): Promise<string> {
  requireScannerToken(scanner)
  const { command, args } = scannerCommand(scanner, image, dockerfile)
  let result
  try {
    result = await runCommand(command, args, { silent: true })
  } catch (error) {
    throw new UserError(
      `The ${scanner} CLI could not be started (${(error as Error).message}): ${INSTALL[scanner]}, or use scanner-runtime: container (the default), or scanner: report with an existing report.`
    )
  }
  return scannerOutput(scanner, result)
}
