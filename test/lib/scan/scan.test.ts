import { describe, expect, it } from '@jest/globals'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseIgnoreFile } from '../../../src/lib/scan/ignore.js'
import { type Finding, SEVERITIES, countBySeverity, dedupe, findingKey } from '../../../src/lib/scan/model.js'
import { detectFormat, parseReport } from '../../../src/lib/scan/parsers.js'
import { parseMaxFindings } from '../../../src/lib/scan/model.js'
import { evaluateGate } from '../../../src/lib/scan/policy.js'
import { scanAndGate } from '../../../src/lib/scan/scan-and-gate.js'
import { sarifText, toSarif, writeSarif } from '../../../src/lib/scan/sarif.js'

const FIXTURES = 'test/fixtures/scan'
const samples = ['snyk', 'trivy', 'grype'].flatMap(dir =>
  readdirSync(join(FIXTURES, dir)).map(file => join(FIXTURES, dir, file))
)

/**
 * What each sample holds, counted once when the parsers were checked against an independent jq
 * derivation: one finding per (id, package, installed version), whatever the number of dependency
 * paths, with the scanner's own severity (negligible/unknown count as low).
 */
const EXPECTED: Array<[string, string, number, Record<string, number>]> = [
  ['snyk/snyk-cli-container-appvulns-grouped.json', 'snyk', 8, { critical: 0, high: 3, medium: 4, low: 1 }],
  [
    'snyk/snyk-cli-container-appvulns-nongrouped.json',
    'snyk',
    8,
    { critical: 0, high: 3, medium: 4, low: 1 }
  ],
  [
    'snyk/snyk-cli-container-appvulns-raw-results-array.json',
    'snyk',
    8,
    { critical: 0, high: 3, medium: 4, low: 1 }
  ],
  [
    'snyk/snyk-cli-container-sarif-no-file.sarif.json',
    'sarif',
    1,
    { critical: 0, high: 0, medium: 1, low: 0 }
  ],
  [
    'snyk/snyk-cli-container-sarif-with-dockerfile.sarif.json',
    'sarif',
    1,
    { critical: 0, high: 0, medium: 1, low: 0 }
  ],
  ['snyk/snyk-to-html-no-vulns.json', 'snyk', 0, { critical: 0, high: 0, medium: 0, low: 0 }],
  [
    'snyk/snyk-to-html-test-report-container-with-app-vulns.json',
    'snyk',
    2,
    { critical: 1, high: 1, medium: 0, low: 0 }
  ],
  ['trivy/trivy-action-config-sarif-report.sarif', 'sarif', 8, { critical: 0, high: 5, medium: 1, low: 2 }],
  ['trivy/trivy-alpine-310.json', 'trivy', 4, { critical: 0, high: 0, medium: 4, low: 0 }],
  ['trivy/trivy-alpine-310.sarif', 'sarif', 4, { critical: 0, high: 0, medium: 4, low: 0 }],
  ['trivy/trivy-alpine-39-high-critical.json', 'trivy', 2, { critical: 2, high: 0, medium: 0, low: 0 }],
  ['trivy/trivy-centos-7.json', 'trivy', 3, { critical: 0, high: 0, medium: 1, low: 2 }],
  ['trivy/trivy-debian-buster.json', 'trivy', 2, { critical: 1, high: 0, medium: 0, low: 1 }],
  ['trivy/trivy-fluentd-gems.json', 'trivy', 2, { critical: 1, high: 1, medium: 0, low: 0 }],
  ['trivy/trivy-ubi-7-comprehensive.json', 'trivy', 2, { critical: 0, high: 1, medium: 0, low: 1 }],
  ['grype/grype-TestEmptyJsonPresenter.json', 'grype', 0, { critical: 0, high: 0, medium: 0, low: 0 }],
  ['grype/grype-TestJsonImgsPresenter.json', 'grype', 2, { critical: 1, high: 0, medium: 0, low: 1 }],
  ['grype/grype-TestSarifPresenter_image.sarif', 'sarif', 2, { critical: 0, high: 2, medium: 0, low: 0 }]
]

describe('scanner reports (every sample in test/fixtures/scan)', () => {
  it('the table covers every sample', () => {
    expect(EXPECTED.map(([file]) => join(FIXTURES, file)).sort()).toEqual([...samples].sort())
  })

  it.each(EXPECTED)(
    '%s (%s): %i findings, one per vulnerability and package version',
    (file, format, count, bySeverity) => {
      const content = readFileSync(join(FIXTURES, file), 'utf8')
      expect(detectFormat(JSON.parse(content))).toBe(format)
      const report = parseReport(content)
      expect(report.findings).toHaveLength(count)
      expect(countBySeverity(report.findings)).toEqual(bySeverity)
      expect(new Set(report.findings.map(findingKey)).size).toBe(count)
      for (const finding of report.findings) {
        expect(finding.id).not.toBe('')
        expect(finding.package).not.toBe('')
        expect(SEVERITIES).toContain(finding.severity)
      }
    }
  )

  it('detects the format from content, and says what it accepts otherwise', () => {
    expect(detectFormat({ SchemaVersion: 2, Results: [] })).toBe('trivy')
    expect(() => parseReport('{"hello": 1}')).toThrow(/not a Snyk .*Trivy .*Grype .*SARIF/)
    expect(() => parseReport('Authentication failed')).toThrow(/not JSON/)
  })

  it.each([
    [
      'a Trivy vulnerability list that is not a list',
      { SchemaVersion: 2, Results: [{ Target: 'x', Vulnerabilities: 'none' }] },
      /^The Trivy report is not a readable Trivy report \(Results\[0\]\.Vulnerabilities: .*expected array.*\)\.$/
    ],
    [
      'Snyk identifiers that are not a mapping',
      { ok: false, vulnerabilities: [{ id: 'SNYK-1', identifiers: 'CVE-1' }] },
      /The Snyk report is not a readable Snyk report \(vulnerabilities\[0\]\.identifiers: .*expected object/
    ],
    [
      'a Grype match whose fix versions are not a list',
      { matches: [{ vulnerability: { id: 'CVE-1', fix: { versions: '1.2' } } }] },
      /The Grype report is not a readable Grype report \(matches\[0\]\.vulnerability\.fix\.versions: /
    ],
    [
      'SARIF results that are an object',
      {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [{ results: { ruleId: 'x' } }]
      },
      /The SARIF report is not a readable SARIF report \(runs\[0\]\.results: .*expected array/
    ]
  ])('refuses %s, naming where it is wrong', (_case, report, message) => {
    expect(() => parseReport(JSON.stringify(report))).toThrow(message)
  })

  it('keeps Snyk base-image remediation advice and every dependency path', () => {
    const report = parseReport(
      readFileSync(join(FIXTURES, 'snyk/snyk-to-html-test-report-container-with-app-vulns.json'), 'utf8')
    )
    expect(report.baseImage).toBe('python:3.11.0b3-slim-buster')
    expect(report.remediation[0]).toBe('Your base image is out of date')
    const zlib = report.findings.find(finding => finding.package === 'zlib') as Finding
    expect(zlib).toMatchObject({
      severity: 'critical',
      aliases: ['CVE-2022-37434'],
      cvssScore: 9.8,
      origin: 'base-image'
    })
  })
})

const trivyCritical = parseReport(
  readFileSync(join(FIXTURES, 'trivy/trivy-fluentd-gems.json'), 'utf8')
).findings
const snykApp = parseReport(
  readFileSync(join(FIXTURES, 'snyk/snyk-cli-container-appvulns-nongrouped.json'), 'utf8')
).findings

describe('gate policy', () => {
  const policy = { threshold: 'high' as const, failOn: 'all' as const, maxFindings: {}, ignores: [] }

  it.each([
    ['critical', 'all', {}, false, /1 critical finding \(allowed: 0\)/],
    ['high', 'all', {}, false, /1 high finding .*/],
    ['critical', 'all', { critical: 1 }, true, undefined],
    ['low', 'all', { critical: 5, high: 5, medium: 5, low: 5 }, true, undefined]
  ] as const)(
    'trivy fluentd: threshold %s, fail-on %s, max %j -> passed %s',
    (threshold, failOn, maxFindings, passed, reason) => {
      const result = evaluateGate(trivyCritical, { ...policy, threshold, failOn, maxFindings })
      expect(result.passed).toBe(passed)
      if (reason) expect(result.reasons.join('; ')).toMatch(reason)
    }
  )

  it('fail-on upgradable only counts findings with a fix', () => {
    const unfixable = snykApp.map(finding => ({ ...finding, upgradable: false, fixedVersions: [] }))
    expect(evaluateGate(unfixable, { ...policy, failOn: 'upgradable' }).passed).toBe(true)
    expect(evaluateGate(unfixable, policy).passed).toBe(false)
  })

  it('a baseline makes only new findings count', () => {
    const [first, ...rest] = snykApp.filter(finding => finding.severity === 'high')
    const baseline = new Set(rest.map(findingKey))
    const result = evaluateGate(snykApp, { ...policy, baseline, threshold: 'high' })
    expect(result.newFindings.filter(finding => finding.severity === 'high')).toEqual([first])
    expect(result.failing).toEqual([first])
    expect(result.reasons).toEqual(['1 new high finding (allowed: 0)'])
  })

  it('applies .snyk ignores with reason and expiry; expired ones stop applying and are reported', async () => {
    const high = snykApp.filter(finding => finding.severity === 'high')
    const policyFile = [
      'version: v1.25.0',
      'ignore:',
      ...high.map((finding, index) =>
        [
          `  ${finding.id}:`,
          `    - '*':`,
          `        reason: accepted risk ${index}`,
          `        expires: ${index === 0 ? '2020-01-01T00:00:00.000Z' : '2999-01-01T00:00:00.000Z'}`
        ].join('\n')
      )
    ].join('\n')
    const ignores = await parseIgnoreFile(policyFile, '.snyk')
    const result = evaluateGate(snykApp, { ...policy, ignores, now: new Date('2026-11-24') })
    expect(result.expired.map(rule => rule.id)).toEqual([high[0].id])
    expect(result.ignored).toHaveLength(high.length - 1)
    expect(result.counts.before.high).toBe(high.length)
    expect(result.counts.after.high).toBe(1)
    expect(result.passed).toBe(false)
  })

  it('reads .trivyignore lines with exp: dates and comments', async () => {
    expect(await parseIgnoreFile('# accepted\nCVE-2019-1549 exp:2030-01-01\n\nCVE-2020-1\n')).toEqual([
      { id: 'CVE-2019-1549', expires: '2030-01-01', path: '*', source: 'ignore file' },
      { id: 'CVE-2020-1', expires: undefined, path: '*', source: 'ignore file' }
    ])
  })

  it('parses max-findings and refuses nonsense', () => {
    expect(parseMaxFindings('critical=0, high=5')).toEqual({ critical: 0, high: 5 })
    expect(() => parseMaxFindings('severe=1')).toThrow(/not <severity>=<count>/)
  })

  it('gates 5,000 findings (correctness; the time is measured in bench/scan)', () => {
    const many = Array.from({ length: 5000 }, (_, index) => ({
      ...snykApp[index % snykApp.length],
      id: `X-${index}`
    }))
    const result = evaluateGate(many, policy)
    expect(result.counts.before.high + result.counts.before.medium + result.counts.before.low).toBe(5000)
    expect(result.failing.every(finding => finding.severity === 'high')).toBe(true)
  })
})

describe('dedupe (one finding per id, package and version)', () => {
  const finding = (fixedVersions: string[], introducedThrough: string[], upgradable = false): Finding => ({
    id: 'CVE-1',
    aliases: [],
    title: 't',
    severity: 'high',
    package: 'p',
    installedVersion: '1',
    fixedVersions,
    upgradable,
    introducedThrough,
    origin: 'os'
  })

  it('merges repeats: every path and fixed version once, in order, without changing the findings given', () => {
    const long = Array.from({ length: 20 }, (_, index) => `v${index % 15}`)
    const cases: Array<[string[], string[]]> = [
      [[], []],
      [
        ['1', '2'],
        ['2', '3']
      ],
      [['1', '1'], []],
      [
        ['2', '1', '2'],
        ['1', '3', '3']
      ],
      [long, ['v3', 'v99']],
      [['a'], long]
    ]
    for (const [first, second] of cases) {
      const a = finding(first, ['x > p', 'y > p'])
      const b = finding(second, ['y > p', 'z > p'], true)
      const frozen = JSON.stringify([a, b])
      const [merged] = dedupe([a, b, finding([], [])])
      expect(merged).toEqual({
        ...a,
        fixedVersions: [...new Set([...first, ...second])],
        introducedThrough: ['x > p', 'y > p', 'z > p'],
        upgradable: true
      })
      expect(JSON.stringify([a, b])).toBe(frozen)
    }
    const alone = finding(['1', '1'], [])
    expect(dedupe([alone])[0]).toBe(alone)
  })
})

describe('SARIF output', () => {
  const schema = JSON.parse(readFileSync(join(FIXTURES, 'sarif-schema-2.1.0.json'), 'utf8')) as object
  const ajv = new Ajv2020.default({ allErrors: true, strict: false })
  addFormats.default(ajv)
  const validate = ajv.compile(schema)

  it.each(samples)('%s: the SARIF written for it is valid SARIF 2.1.0', file => {
    const report = parseReport(readFileSync(file, 'utf8'))
    const gate = evaluateGate(report.findings, {
      threshold: 'high',
      failOn: 'all',
      maxFindings: {},
      ignores: []
    })
    const sarif = toSarif(report, gate, {
      dockerfile: 'Dockerfile',
      fromLine: 3,
      image: 'ghcr.io/acme/app@sha256:abc'
    })
    expect(validate(sarif) ? [] : validate.errors).toEqual([])
    // The file scan-image writes is that object's JSON.stringify, byte for byte, and valid too.
    const dir = mkdtempSync(join(tmpdir(), 'sarif-'))
    for (const location of [
      { dockerfile: 'Dockerfile', fromLine: 3, image: 'ghcr.io/acme/app@sha256:abc' },
      { image: 'ghcr.io/acme/app@sha256:abc' }
    ]) {
      writeSarif(join(dir, 'scan-results.sarif'), report, gate, location)
      const written = readFileSync(join(dir, 'scan-results.sarif'))
      expect(written.equals(Buffer.from(sarifText(report, gate, location)))).toBe(true)
      const parsed = JSON.parse(written.toString('utf8')) as object
      expect(validate(parsed) ? [] : validate.errors).toEqual([])
    }
  })

  it('writes text that needs escaping, text outside ASCII and findings without a link as JSON.stringify does', () => {
    const base: Finding = {
      id: 'CVE-2024-1',
      aliases: ['CVE-2024-1', 'GHSA-x"y'],
      title: 'quote " backslash \\ newline \n tab \t nul \u0000 unit sep \u001f',
      severity: 'critical',
      cvssScore: 9.81,
      package: 'żółć ’😀',
      installedVersion: '1.0\u2028',
      fixedVersions: ['2.0', '<3'],
      upgradable: true,
      introducedThrough: ['a > b'],
      origin: 'os',
      url: 'https://example.com/?a="b"'
    }
    const findings: Finding[] = [
      base,
      { ...base, id: 'SNYK-1', url: undefined, fixedVersions: [], aliases: [], cvssScore: undefined },
      // A lone surrogate (a title cut in the middle of a pair), escaped as JSON.stringify escapes it.
      { ...base, id: 'X-2', title: '😀'.slice(0, 1) + 'x'.repeat(999) + '😀', severity: 'low' },
      { ...base, id: 'X-3', title: 'long '.repeat(20_000), severity: 'medium', introducedThrough: [] },
      // Halves of a pair in two texts: JSON.stringify of the joined text writes the pair as it is.
      { ...base, id: 'X-4', title: `split ${'😀'.slice(0, 1)}`, package: `${'😀'.slice(1)}pkg` },
      // Texts that need no escaping (written from their pieces), with empty ones.
      {
        ...base,
        id: 'X-5',
        title: '',
        aliases: [],
        package: 'p',
        installedVersion: '',
        fixedVersions: [''],
        url: ''
      },
      {
        ...base,
        id: 'X-6',
        title: 'plain',
        aliases: ['A', 'B'],
        package: 'p',
        installedVersion: '1',
        url: undefined
      },
      {
        ...base,
        id: 'X-7',
        title: 'x'.repeat(1200),
        package: 'p',
        installedVersion: '1',
        introducedThrough: ['']
      }
    ]
    const report = { scanner: 'trivy' as const, findings, remediation: [] }
    const gate = evaluateGate(findings, { threshold: 'high', failOn: 'all', maxFindings: {}, ignores: [] })
    const dir = mkdtempSync(join(tmpdir(), 'sarif-'))
    const location = { dockerfile: 'a "quoted"\\path/Dockerfile', fromLine: 2, image: 'r/app:1' }
    writeSarif(join(dir, 'out.sarif'), report, gate, location)
    expect(readFileSync(join(dir, 'out.sarif')).equals(Buffer.from(sarifText(report, gate, location)))).toBe(
      true
    )
  })

  it('the schema check can fail', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false)
  })

  it('results point at the FROM line, carry security-severity and stable fingerprints', () => {
    const report = parseReport(readFileSync(join(FIXTURES, 'trivy/trivy-fluentd-gems.json'), 'utf8'))
    const gate = evaluateGate(report.findings, {
      threshold: 'high',
      failOn: 'all',
      maxFindings: {},
      ignores: []
    })
    const first = toSarif(report, gate, {
      dockerfile: 'app/Dockerfile',
      fromLine: 7,
      image: 'r/app@sha256:1'
    }) as {
      runs: Array<{
        results: Array<{ partialFingerprints: object; locations: unknown[] }>
        tool: { driver: { rules: Array<{ properties: Record<string, unknown> }> } }
      }>
    }
    const again = toSarif(report, gate, {
      dockerfile: 'app/Dockerfile',
      fromLine: 9,
      image: 'r/app@sha256:2'
    }) as typeof first
    expect(first.runs[0].results[0].locations[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: 'app/Dockerfile' }, region: { startLine: 7 } }
    })
    expect(first.runs[0].results.map(result => result.partialFingerprints)).toEqual(
      again.runs[0].results.map(result => result.partialFingerprints)
    )
    expect(first.runs[0].tool.driver.rules[0].properties['security-severity']).toMatch(/^\d+\.\d$/)
  })
})

describe('scanAndGate with a report file', () => {
  it('writes the normalized report and SARIF, and the verdict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-'))
    writeFileSync(join(dir, 'Dockerfile'), 'ARG X\nFROM alpine:3.9 AS base\nFROM base\nRUN true\n')
    const outcome = await scanAndGate({
      image: 'ghcr.io/acme/app@sha256:' + 'a'.repeat(64),
      scanner: 'report',
      reportFile: join(FIXTURES, 'trivy/trivy-alpine-39-high-critical.json'),
      dockerfile: join(dir, 'Dockerfile'),
      policy: { threshold: 'critical', failOn: 'all', maxFindings: {} },
      outputDir: dir
    })
    expect(outcome.gate.passed).toBe(false)
    expect(outcome.fromLine).toBe(2)
    const written = JSON.parse(readFileSync(outcome.reportPath, 'utf8')) as {
      passed: boolean
      counts: { after: { critical: number } }
    }
    expect(written).toMatchObject({ passed: false, counts: { after: { critical: 2 } } })
    expect(JSON.parse(readFileSync(outcome.sarifPath, 'utf8'))).toMatchObject({ version: '2.1.0' })
  })
})
