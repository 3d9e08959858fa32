import * as core from '@actions/core'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../../lib/errors.js'
import { getBoolean, getChoice, getOptional } from '../../lib/inputs.js'
import { SEVERITIES } from '../../lib/scan/model.js'
import { parseMaxFindings } from '../../lib/scan/policy.js'
import type { ScanOptions } from '../../lib/scan/scan-and-gate.js'

export interface Inputs {
  scan: Omit<ScanOptions, 'log'>
  recordGate: boolean
}

export function getInputs(): Inputs {
  const image = getOptional('image')
  if (!image)
    throw new UserError(
      'Input "image" is required: the image to scan, e.g. ghcr.io/acme/app@sha256:… (a tag is pinned to its digest).'
    )
  let dockerfile = getOptional('file')
  if (!dockerfile && existsSync('Dockerfile')) dockerfile = 'Dockerfile'
  return {
    scan: {
      image,
      scanner: getChoice('scanner', ['snyk', 'trivy', 'grype', 'report'] as const, 'snyk'),
      reportFile: getOptional('report-file'),
      dockerfile,
      policy: {
        threshold: getChoice('severity-threshold', SEVERITIES, 'high'),
        failOn: getChoice('fail-on', ['all', 'upgradable'] as const, 'all'),
        maxFindings: parseMaxFindings(core.getInput('max-findings'))
      },
      ignoreFile: getOptional('ignore-file'),
      baselineImage: getOptional('baseline-image'),
      baselineReportFile: getOptional('baseline-report-file'),
      outputDir: getOptional('output-dir') ?? join(process.env.RUNNER_TEMP ?? '.', 'docker-actions-scan')
    },
    recordGate: getBoolean('record-gate', false)
  }
}
