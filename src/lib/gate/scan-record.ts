import { errorMessage } from '../errors.js'
import { parseReference } from '../image/reference.js'
import { type RegistryOptions, openRepository } from '../registry/client.js'
import type { ScanOutcome } from '../scan/scan-and-gate.js'
import { type GateRecord, attachGateRecord } from './record.js'

/** The gate record of a scan: the verdict, the policy it was judged by, and where it came from. */
export function scanGateRecord(
  outcome: ScanOutcome & { digest: string },
  policy: { threshold: string; failOn: string },
  env: NodeJS.ProcessEnv = process.env,
  now = new Date()
): GateRecord {
  return {
    subject: outcome.digest,
    passed: outcome.gate.passed,
    scanner: outcome.report.scanner,
    severityThreshold: policy.threshold,
    failOn: policy.failOn,
    counts: outcome.gate.counts.after,
    reasons: outcome.gate.reasons,
    scannedAt: now.toISOString(),
    producer: {
      repository: env.GITHUB_REPOSITORY,
      sha: env.GITHUB_SHA,
      runUrl: env.GITHUB_RUN_ID
        ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : 'local'
    },
    // Always written, so a record without it is known to predate the mark (and is not trusted).
    selfReported: outcome.selfReported !== undefined,
    ...(outcome.selfReported ? { reportSha256: outcome.selfReported.sha256 } : {})
  }
}

export interface RecordHooks {
  registry?: RegistryOptions
  log?: (message: string) => void
  warn?: (message: string) => void
}

/**
 * `record-gate`: stores the verdict next to the scanned digest (an OCI referrer), so promote can check
 * it later. Writing it never fails the scan: an image that is not in a registry, or a registry that
 * refuses the record, is a warning, since promote with require-gate refuses an image without a record
 * anyway. Returns the record artifact's digest when one was written.
 */
export async function recordScanVerdict(
  outcome: ScanOutcome,
  policy: { threshold: string; failOn: string },
  hooks: RecordHooks = {}
): Promise<string | undefined> {
  if (!outcome.digest) {
    hooks.warn?.('record-gate: the image is not in a registry (no digest), so no gate record was written.')
    return undefined
  }
  try {
    const repository = openRepository(parseReference(outcome.scanned), hooks.registry)
    const manifest = await repository.getManifest(outcome.digest)
    if (!manifest) throw new Error(`record-gate: ${outcome.scanned} is not in the registry.`)
    const record = await attachGateRecord(
      repository,
      { mediaType: manifest.mediaType, digest: outcome.digest, size: manifest.body.length },
      scanGateRecord({ ...outcome, digest: outcome.digest }, policy)
    )
    const { selfReported } = outcome
    hooks.log?.(
      `gate record ${record} attached to ${outcome.scanned}${selfReported ? ` (self-reported: computed from ${selfReported.reportFile}, ${selfReported.sha256})` : ''}`
    )
    return record
  } catch (error) {
    hooks.warn?.(
      `The gate record could not be written (promote with require-gate will refuse this image): ${errorMessage(error)}`
    )
    return undefined
  }
}
