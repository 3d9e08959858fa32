import { describe, expect, it } from '@jest/globals'
import { type GateRecord, decidingRecord, parseGateRecord } from '../../../src/lib/gate/record.js'
import { sampleRecord } from '../../support/gate-records.js'

const record = (passed: boolean, overrides: Partial<GateRecord> = {}): GateRecord =>
  sampleRecord(`sha256:${'a'.repeat(64)}`, passed, overrides)

describe('which gate record decides', () => {
  it('the last in registry order, whatever dates the records claim', () => {
    const forged = record(true, { scannedAt: '9999-12-31T23:59:59.999Z' })
    const failure = record(false, { scannedAt: '2026-01-02T00:00:00.000Z' })
    expect(decidingRecord([forged, failure])).toBe(failure)
    expect(decidingRecord([failure, forged])).toBe(forged)
  })

  it('a self-reported pass counts only when allowed; a failure counts whoever wrote it', () => {
    const scanned = record(false)
    const selfPass = record(true, { selfReported: true, reportSha256: 'sha256:1' })
    expect(decidingRecord([scanned, selfPass])).toBe(scanned)
    expect(decidingRecord([scanned, selfPass], { allowSelfReported: true })).toBe(selfPass)
    expect(decidingRecord([selfPass])).toBeUndefined()
    const selfFail = record(false, { selfReported: true })
    expect(decidingRecord([record(true), selfFail])).toBe(selfFail)
  })

  it('a record without the self-reported mark (older than it) is treated as self-reported', () => {
    const legacy = record(true, { selfReported: undefined })
    expect(decidingRecord([legacy])).toBeUndefined()
    expect(decidingRecord([legacy], { allowSelfReported: true })).toBe(legacy)
  })
})

describe('gate record blobs are validated', () => {
  it('reads a valid record', () => {
    expect(parseGateRecord(Buffer.from(JSON.stringify(record(true))), 'x').passed).toBe(true)
  })

  it.each([
    ['not JSON', 'nope'],
    ['passed as text', JSON.stringify({ ...record(true), passed: 'true' })],
    ['no subject', JSON.stringify({ ...record(true), subject: undefined })],
    ['reasons not a list', JSON.stringify({ ...record(false), reasons: 'bad' })],
    ['selfReported as text', JSON.stringify({ ...record(true), selfReported: 'no' })]
  ])('refuses %s', (_name, text) => {
    expect(() => parseGateRecord(Buffer.from(text), 'reg/app@sha256:1')).toThrow(
      /The gate record reg\/app@sha256:1 is not a valid record/
    )
  })
})
