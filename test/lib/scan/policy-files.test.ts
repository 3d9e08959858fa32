import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { scanGateRecord } from '../../../src/lib/gate/scan-record.js'
import { gateSkipReason } from '../../../src/lib/scan/fork-policy.js'
import { isExpired, parseExpiry, parseIgnoreFile } from '../../../src/lib/scan/ignore.js'
import { evaluateGate } from '../../../src/lib/scan/policy.js'
import { scanAndGate } from '../../../src/lib/scan/scan-and-gate.js'
import { eventContextFor } from '../../support/events.js'

const snyk = (expires: string): string =>
  [
    'version: v1.25.0',
    'ignore:',
    '  SNYK-1:',
    "    - '*':",
    '        reason: accepted',
    `        expires: ${expires}`
  ].join('\n')

describe('ignore-file expiry dates fail closed', () => {
  it.each(["'2020-13-45'", "'last year'", "'2020-02-30'", "'2024-01-01T25:00:00Z'", '5', "''"])(
    '.snyk expires %s is an error naming the rule and the file',
    async expires => {
      await expect(parseIgnoreFile(snyk(expires), 'policy/.snyk')).rejects.toThrow(
        /policy\/\.snyk: the ignore rule for SNYK-1 has expires .*, which is not a date/
      )
    }
  )

  it.each(['exp:2020-13-45', 'exp:soon', 'exp:'])(
    '.trivyignore %s is an error naming the rule and the file',
    async exp => {
      await expect(parseIgnoreFile(`CVE-2020-1 ${exp}\n`, '.trivyignore')).rejects.toThrow(
        /\.trivyignore: the ignore rule for CVE-2020-1 has expires .*, which is not a date/
      )
    }
  )

  it('reads valid dates and date-times, and applies them', async () => {
    for (const text of ['2025-06-30', '2024-02-29', '2025-06-30T00:00:00.000Z', '2025-06-30T12:30:00+02:00'])
      expect(parseExpiry(text)).toBeInstanceOf(Date)
    const [rule] = await parseIgnoreFile(snyk("'2025-06-30T00:00:00.000Z'"), '.snyk')
    expect(isExpired(rule, new Date('2025-07-01'))).toBe(true)
    expect(isExpired(rule, new Date('2025-06-01'))).toBe(false)
  })

  it('a rule built elsewhere with an unreadable date is refused by the gate too, not applied forever', () => {
    const rule = { id: 'SNYK-1', expires: 'last year', path: '*', source: 'inline' }
    expect(() =>
      evaluateGate([], { threshold: 'high', failOn: 'all', maxFindings: {}, ignores: [rule] })
    ).toThrow(/inline: the ignore rule for SNYK-1 has expires "last year", which is not a date/)
  })
})

describe('malformed .snyk policies say where they are wrong', () => {
  it.each([
    ['ignore: {SNYK-1: 5}', /ignore\.SNYK-1 must be a list of path entries .*got number/],
    ["ignore: {SNYK-1: ['*']}", /each entry of ignore\.SNYK-1 must map a path to its details .*got string/],
    [
      "ignore: {SNYK-1: [{'*': 5}]}",
      /ignore\.SNYK-1 path '\*' must have details \{ reason, expires \}, got number/
    ],
    ['ignore: [SNYK-1]', /"ignore" must be a mapping .*got a list/],
    ["ignore: {SNYK-1: [{'*': {reason: [1]}}]}", /reason must be text/]
  ])('%s', async (content, message) => {
    const refusal = parseIgnoreFile(`version: v1.25.0\n${content}\n`, '.snyk').then(
      () => 'accepted',
      (error: Error) => error.message
    )
    expect(await refusal).toMatch(message)
    expect(await refusal).not.toMatch(/not iterable/)
  })

  it('an id without entries ignores nothing', async () => {
    expect(await parseIgnoreFile('version: v1.25.0\nignore:\n  SNYK-1:\n', '.snyk')).toEqual([])
  })
})

describe('fork policy: a scanner that needs a token on a fork pull request', () => {
  const isFork = (event: string) => eventContextFor(event).pullRequest?.isFork ?? false

  it.each([
    ['pull-request-fork', 'snyk', {}, true],
    ['pull-request-deleted-fork', 'snyk', {}, true],
    ['pull-request-fork', 'snyk', { SNYK_TOKEN: 'x' }, false],
    ['pull-request-fork', 'trivy', {}, false],
    ['pull-request-fork', 'report', {}, false],
    ['pull-request', 'snyk', {}, false],
    ['push-main', 'snyk', {}, false]
  ] as const)('%s, scanner %s, env %j -> gate not run: %s', (event, scanner, env, skipped) => {
    const reason = gateSkipReason({ scanner, env, isForkPullRequest: isFork(event) })
    if (skipped) expect(reason).toMatch(/needs SNYK_TOKEN, and pull requests from forks get no secrets/)
    else expect(reason).toBeUndefined()
  })
})

describe('gate records of scanner: report are self-reported', () => {
  it('carry the sha256 of the report file; a scanner run is marked not self-reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-record-'))
    const reportFile = 'test/fixtures/scan/trivy/trivy-alpine-310.json'
    const outcome = await scanAndGate({
      image: 'ghcr.io/acme/app@sha256:' + 'a'.repeat(64),
      scanner: 'report',
      reportFile,
      policy: { threshold: 'critical', failOn: 'all', maxFindings: {} },
      outputDir: dir
    })
    const sha256 = `sha256:${createHash('sha256').update(readFileSync(reportFile)).digest('hex')}`
    expect(outcome.selfReported).toEqual({ reportFile, sha256 })
    expect(JSON.parse(readFileSync(outcome.reportPath, 'utf8'))).toMatchObject({ selfReported: { sha256 } })
    const record = scanGateRecord(
      { ...outcome, digest: outcome.digest as string },
      { threshold: 'critical', failOn: 'all' },
      {}
    )
    expect(record).toMatchObject({ selfReported: true, reportSha256: sha256, scanner: 'trivy' })
    const scanned = scanGateRecord(
      { ...outcome, selfReported: undefined, digest: outcome.digest as string },
      { threshold: 'critical', failOn: 'all' },
      {}
    )
    expect(scanned.selfReported).toBe(false)
    expect(scanned.reportSha256).toBeUndefined()
  })
})
