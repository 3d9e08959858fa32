import { UserError } from '../errors.js'
import { parseReference } from '../image/reference.js'
import type { RegistryOptions } from '../registry/index.js'
import type { ScanOutcome } from '../scan/scan-and-gate.js'
import { type GateRecord, attachGateRecord } from './record.js'
import { gateRegistry } from './registry.js'

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

/**
 * Stores the verdict next to the scanned digest (an OCI referrer), so promote can check it later.
 * Returns the record artifact's digest, or undefined when the image is not in a registry.
 */
export async function recordScanVerdict(
  outcome: ScanOutcome,
  policy: { threshold: string; failOn: string },
  registryOptions?: RegistryOptions
): Promise<string | undefined> {
  if (!outcome.digest) return undefined
  const registry = gateRegistry(parseReference(outcome.scanned), registryOptions)
  const manifest = await registry.getManifest(outcome.digest)
  if (!manifest) throw new UserError(`record-gate: ${outcome.scanned} is not in the registry.`)
  return attachGateRecord(
    registry,
    { mediaType: manifest.mediaType, digest: outcome.digest, size: manifest.body.length },
    scanGateRecord({ ...outcome, digest: outcome.digest }, policy)
  )
}
