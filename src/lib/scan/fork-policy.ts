import { SCANNER_TOKEN_ENV } from './scanner.js'
import type { ScannerChoice } from './scan-and-gate.js'

/**
 * The fork policy: GitHub gives pull requests from forks no secrets, so a scanner that needs an API
 * token cannot run there. Such a run is reported as "gate not run" (never as passed); a fork's image
 * is never pushed or published, so nothing ungated can leave the run. Everywhere else a missing token
 * stays an error. Returns why the gate is not run, or undefined when it must run.
 */
export function gateSkipReason(input: {
  scanner: ScannerChoice
  env: NodeJS.ProcessEnv
  isForkPullRequest: boolean
}): string | undefined {
  if (input.scanner === 'report') return undefined
  const variable = SCANNER_TOKEN_ENV[input.scanner]
  if (!variable || input.env[variable] || !input.isForkPullRequest) return undefined
  return (
    `scanner: ${input.scanner} needs ${variable}, and pull requests from forks get no secrets, so the ` +
    'vulnerability gate was not run. The image of a fork pull request is never pushed or published; the ' +
    'gate runs when the change is built in this repository (e.g. after merging). Use scanner: trivy or ' +
    'grype to scan fork pull requests too.'
  )
}
