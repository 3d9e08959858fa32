import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { type IgnoreRule, ignoreMatcher, parseIgnoreFile } from '../../../src/lib/scan/ignore.js'
import { type Finding, countBySeverity, findingKey, toSeverity } from '../../../src/lib/scan/model.js'
import {
  REPORT_SCHEMAS,
  type ReportFormat,
  detectFormat,
  parseGrype,
  parseReport,
  parseSarif,
  parseSnyk,
  parseTrivy
} from '../../../src/lib/scan/parsers.js'
import { evaluateGate } from '../../../src/lib/scan/policy.js'
import { fitsShape } from '../../../src/lib/scan/report-shape.js'
import { sarifText } from '../../../src/lib/scan/sarif.js'
import { LARGE_REPORTS } from './large-reports.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the reports' JSON, read as found
type Json = any

const FINDINGS = 5000
const IGNORED = 100
const FIXTURES = 'test/fixtures/scan'

/** Severities as the scanner wrote them, read straight from the JSON (not through the parsers). */
function rawSeverities(format: keyof typeof LARGE_REPORTS, json: Json): string[] {
  if (format === 'trivy')
    return json.Results.flatMap((result: Json) => result.Vulnerabilities.map((vuln: Json) => vuln.Severity))
  if (format === 'grype') return json.matches.map((match: Json) => match.vulnerability.severity)
  // Snyk: two entries (dependency paths) per finding.
  const entries = [...json.vulnerabilities, ...json.applications.flatMap((app: Json) => app.vulnerabilities)]
  return entries.filter((_: unknown, index: number) => index % 2 === 0).map((vuln: Json) => vuln.severity)
}

describe('5,000-finding reports of each scanner (correctness; the time is measured in bench/scan)', () => {
  it.each(['snyk', 'trivy', 'grype'] as const)(
    '%s: parses, gates and yields SARIF with the right counts',
    async format => {
      const content = LARGE_REPORTS[format](FINDINGS)
      const json = JSON.parse(content)
      expect(detectFormat(json)).toBe(format)
      const report = parseReport(content)
      expect(report.scanner).toBe(format)
      expect(report.findings).toHaveLength(FINDINGS)
      expect(new Set(report.findings.map(findingKey)).size).toBe(FINDINGS)
      const expected = { low: 0, medium: 0, high: 0, critical: 0 }
      for (const severity of rawSeverities(format, json)) expected[toSeverity(severity)]++
      expect(countBySeverity(report.findings)).toEqual(expected)
      if (format === 'snyk')
        for (const finding of report.findings) expect(finding.introducedThrough).toHaveLength(2)

      // Every id (or CVE alias, for Snyk) below IGNORED is ignored, plus rules that match nothing.
      const ignoreFile = Array.from(
        { length: IGNORED },
        (_, index) => `CVE-2099-${String(index).padStart(5, '0')}`
      )
        .concat(['CVE-1999-99999', 'GHSA-none-none-none'])
        .join('\n')
      const gate = evaluateGate(report.findings, {
        threshold: 'high',
        failOn: 'all',
        maxFindings: {},
        ignores: await parseIgnoreFile(ignoreFile)
      })
      expect(gate.ignored).toHaveLength(IGNORED)
      expect(gate.active).toHaveLength(FINDINGS - IGNORED)
      const after = countBySeverity(gate.active)
      expect(gate.counts).toEqual({ before: expected, after })
      expect(gate.failing).toHaveLength(after.critical + after.high)
      expect(gate.passed).toBe(after.critical + after.high === 0)

      const sarif = JSON.parse(sarifText(report, gate, { image: `r/app@sha256:${'a'.repeat(64)}` }))
      const [run] = sarif.runs
      expect(run.results).toHaveLength(FINDINGS - IGNORED)
      expect(run.tool.driver.rules).toHaveLength(new Set(gate.active.map(finding => finding.id)).size)
      expect(
        new Set(run.results.map((result: Json) => result.partialFingerprints['dockerActionsFinding/v1'])).size
      ).toBe(FINDINGS - IGNORED)
    }
  )
})

const PARSERS: Record<ReportFormat, (json: unknown) => unknown> = {
  snyk: parseSnyk,
  trivy: parseTrivy,
  grype: parseGrype,
  sarif: parseSarif
}
const samples = ['snyk', 'trivy', 'grype'].flatMap(dir =>
  readdirSync(join(FIXTURES, dir)).map(file => join(FIXTURES, dir, file))
)

/** Every value in `document` with its path, for replacing one at a time. */
function* nodes(value: unknown, path: Array<string | number> = []): Generator<Array<string | number>> {
  yield path
  if (Array.isArray(value))
    for (const [index, item] of value.slice(0, 3).entries()) yield* nodes(item, [...path, index])
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) yield* nodes(item, [...path, key])
}

/** `check(document)` with the value at `path` swapped for `value`, then put back. */
function withSwapped<T>(
  document: Json,
  path: Array<string | number>,
  value: unknown,
  check: (doc: unknown) => T
): T {
  if (path.length === 0) return check(value)
  let parent = document
  for (const key of path.slice(0, -1)) parent = parent[key]
  const key = path[path.length - 1]
  const original = parent[key]
  parent[key] = value
  try {
    return check(document)
  } finally {
    parent[key] = original
  }
}

describe('the report shape check without a copy (report-shape.ts)', () => {
  it.each(samples)('%s fits its schema, and reads the same as zod’s copy of it', file => {
    const json = JSON.parse(readFileSync(file, 'utf8'))
    const format = detectFormat(json)
    expect(fitsShape(REPORT_SCHEMAS[format], json)).toBe(true)
    expect(PARSERS[format](json)).toEqual(PARSERS[format](REPORT_SCHEMAS[format].parse(json)))
  })

  it.each(samples)('%s: no value swapped for another kind fits where zod refuses it', file => {
    const json = JSON.parse(readFileSync(file, 'utf8'))
    const schema = REPORT_SCHEMAS[detectFormat(json)]
    let refused = 0
    // At most ~400 places a file (evenly spread), each swapped for every kind of JSON value.
    const paths = [...nodes(json)].filter(path => path.length <= 7)
    const stride = Math.ceil(paths.length / 400)
    for (const path of paths.filter((_, index) => index % stride === 0)) {
      for (const value of [null, undefined, 1.5, 'x', true, [], {}, [1], { x: 1 }]) {
        const [fits, zodAccepts] = withSwapped(json, path, value, doc => [
          fitsShape(schema, doc),
          schema.safeParse(doc).success
        ])
        if (fits) expect({ path, value, zodAccepts }).toEqual({ path, value, zodAccepts: true })
        if (!zodAccepts) refused++
      }
    }
    // The swaps do reach fields the schema reads (else this test would prove nothing).
    if (file.endsWith('no-vulns.json') || file.includes('Empty')) return
    expect(refused).toBeGreaterThan(0)
  })
})

describe('ignore rules looked up by id', () => {
  const finding: Finding = {
    id: 'SNYK-1',
    aliases: ['CVE-1'],
    title: '',
    severity: 'high',
    package: 'lib',
    installedVersion: '1',
    fixedVersions: [],
    upgradable: false,
    introducedThrough: ['app > lib@1'],
    origin: 'application'
  }
  const rule = (id: string, path = '*'): IgnoreRule => ({ id, path, source: 'test' })

  it('takes the first matching rule in file order, by id or alias, scoped by path', () => {
    const rules = [rule('CVE-2'), rule('CVE-1', 'other > thing'), rule('CVE-1'), rule('SNYK-1')]
    expect(ignoreMatcher(rules)(finding)).toBe(rules[2])
    expect(ignoreMatcher([rule('SNYK-1', 'app > lib@1'), rule('CVE-1')])(finding)?.path).toBe('app > lib@1')
    expect(ignoreMatcher([rule('CVE-2'), rule('SNYK-2')])(finding)).toBeUndefined()
    expect(ignoreMatcher([])(finding)).toBeUndefined()
  })
})
