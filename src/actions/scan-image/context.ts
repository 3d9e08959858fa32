import * as core from '@actions/core'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../../lib/errors.js'
import { eventContextFromGitHub } from '../../lib/git/context.js'
import { getBoolean, getChoice, getOptional } from '../../lib/inputs.js'
import { gateSkipReason } from '../../lib/scan/fork-policy.js'
import { SEVERITIES, parseMaxFindings } from '../../lib/scan/model.js'
import { type RuntimeRequest, parseTimeout } from '../../lib/scan/runtime.js'
import type { ScanOptions } from '../../lib/scan/scan-and-gate.js'
import { SCANNER_TOKEN_ENV } from '../../lib/scan/scanner.js'
import { runnerContext } from '../../lib/git/runner-context.js'

export interface Inputs {
  scan: Omit<ScanOptions, 'log' | 'warn' | 'runtime'>
  /** How the scanner runs (not used with scanner: report). */
  runtime: RuntimeRequest
  recordGate: boolean
  /** `sbom`: an SBOM is made (scan.sbom) and attached wherever the gate record is. */
  sbom: boolean
  /** `snyk container monitor` after a passed gate, for an image in a registry. */
  monitor: boolean
  /** Set when the gate cannot run here by policy (a fork pull request without the scanner's token). */
  skipReason?: string
}

/** Whether this run is a pull request from a fork (the event payload says; unreadable = no). */
function isForkPullRequest(env: NodeJS.ProcessEnv): boolean {
  try {
    return eventContextFromGitHub(runnerContext(env), env).pullRequest?.isFork ?? false
  } catch {
    // No usable event (e.g. a local run): not a fork, so a missing token stays an error.
    return false
  }
}

export function getInputs(env: NodeJS.ProcessEnv = process.env): Inputs {
  // The token reaches the scanner through the environment (the root action passes snyk-token there):
  // mask it before anything can print it.
  for (const variable of Object.values(SCANNER_TOKEN_ENV))
    if (variable && env[variable]) core.setSecret(env[variable])
  const image = getOptional('image')
  if (!image)
    throw new UserError(
      'Input "image" is required: the image to scan, e.g. ghcr.io/acme/app@sha256:… (a tag is pinned to its digest).'
    )
  let dockerfile = getOptional('file')
  if (!dockerfile && existsSync('Dockerfile')) dockerfile = 'Dockerfile'
  const scanner = getChoice('scanner', ['snyk', 'trivy', 'grype', 'report'] as const)
  const monitor = getBoolean('monitor')
  const recordGate = getBoolean('record-gate')
  // The SBOM goes where the gate record goes: with record-gate, from a scanner (a report file has none).
  const sbom = getBoolean('sbom') && recordGate && scanner !== 'report'
  if (monitor && scanner !== 'snyk')
    throw new UserError(
      `monitor: true sends the image to snyk container monitor, so it needs scanner: snyk (got scanner: ${scanner}).`
    )
  return {
    scan: {
      image,
      scanner,
      reportFile: getOptional('report-file'),
      dockerfile,
      policy: {
        threshold: getChoice('severity-threshold', SEVERITIES),
        failOn: getChoice('fail-on', ['all', 'upgradable'] as const),
        maxFindings: parseMaxFindings(core.getInput('max-findings'))
      },
      ignoreFile: getOptional('ignore-file'),
      baselineImage: getOptional('baseline-image'),
      baselineReportFile: getOptional('baseline-report-file'),
      outputDir: getOptional('output-dir') ?? join(env.RUNNER_TEMP ?? '.', 'docker-actions-scan'),
      sbom
    },
    runtime: {
      choice: getChoice('scanner-runtime', ['auto', 'container', 'path'] as const),
      image: getOptional('scanner-image'),
      timeoutMs: parseTimeout(getOptional('scan-timeout') ?? ''),
      workDir: env.RUNNER_TEMP
    },
    recordGate,
    sbom,
    monitor,
    skipReason: gateSkipReason({ scanner, env, isForkPullRequest: isForkPullRequest(env) })
  }
}
