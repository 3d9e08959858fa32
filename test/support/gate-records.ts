import type { GateRecord } from '../../src/lib/gate/record.js'

/** A gate record as scan-image writes it (a trivy scan at threshold high), for `subject`. */
export function sampleRecord(
  subject: string,
  passed: boolean,
  overrides: Partial<GateRecord> = {}
): GateRecord {
  return {
    subject,
    passed,
    scanner: 'trivy',
    severityThreshold: 'high',
    failOn: 'all',
    counts: {},
    reasons: passed ? [] : ['1 high finding (allowed: 0)'],
    scannedAt: '2026-01-01T00:00:00.000Z',
    producer: {},
    selfReported: false,
    ...overrides
  }
}
