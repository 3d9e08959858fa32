/**
 * The gate around a promotion: what must hold before an image is promoted, and how its verdict
 * follows it to the target repositories afterwards.
 */
import { parseReference } from '../image/reference.js'
import { type RegistryOptions, openRepository } from '../registry/client.js'
import type { PromotionResult, ResolvedSource } from '../registry/promote.js'
import { type GateRecord, copyGateRecords, isSelfReported, requirePassedGate } from './record.js'

export interface PromotionGate {
  /** Refuse an image whose deciding gate record is not a pass (`require-gate`). */
  required: boolean
  /** Accept a passing record computed from a supplied report (`allow-self-reported`). */
  allowSelfReported: boolean
}

/** One line about the record that let an image through. */
export function describePass(digest: string, record: GateRecord): string {
  return `${digest} passed ${record.scanner}${isSelfReported(record) ? ' (self-reported)' : ''} (threshold ${record.severityThreshold}) at ${record.scannedAt}`
}

/**
 * The check before a promotion, on the digest that will be promoted (resolved once): the deciding
 * gate record in the source repository must be a pass (see requirePassedGate), unless the gate is
 * not required. Throws a UserError that says why not; returns the line to log.
 */
export async function checkPromotionGate(
  source: ResolvedSource,
  gate: PromotionGate,
  options?: RegistryOptions
): Promise<string> {
  if (!gate.required) return 'require-gate: false: the gate record is not checked'
  const record = await requirePassedGate(openRepository(source.ref, options), source.digest, gate)
  return describePass(source.digest, record)
}

/**
 * After a promotion: the verdict follows the image, so the next stage (another repository or
 * registry) can check it. Every target repository other than the source's gets the source's gate
 * records, in their order. Nothing is written on a dry run.
 */
export async function carryGateRecords(
  source: ResolvedSource,
  result: PromotionResult,
  options: { dryRun: boolean; registry?: RegistryOptions; log?: (message: string) => void }
): Promise<void> {
  if (options.dryRun) return
  const subject = { mediaType: source.mediaType, digest: source.digest, size: source.body.length }
  const from = openRepository(source.ref, options.registry)
  const seen = new Set([from.name])
  for (const target of result.targets.map(t => parseReference(t.reference))) {
    const to = openRepository(target, options.registry)
    if (seen.has(to.name)) continue
    seen.add(to.name)
    const copied = await copyGateRecords(from, to, subject)
    if (copied > 0) options.log?.(`copied ${copied} gate record(s) to ${to.name}`)
  }
}
