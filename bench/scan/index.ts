/**
 * Parsing and gating a large report: 5,000+ findings built from the real sample shapes (Trivy and
 * Snyk), parsed, gated and turned into SARIF; median of repeated runs.
 *   npx tsx bench/scan/index.ts [runs]
 * Inside the bench (engine + registry) it also measures what running the scanner from its image
 * costs over a scanner on PATH, for examples/app (bench/scan/runtime.ts).
 *   npx tsx scripts/testbench.ts run -- npx tsx bench/scan/index.ts [runs]
 */
import { readFileSync } from 'node:fs'
import { parseIgnoreFile } from '../../src/lib/scan/ignore.js'
import { evaluateGate } from '../../src/lib/scan/policy.js'
import { parseReport } from '../../src/lib/scan/parsers.js'
import { toSarif } from '../../src/lib/scan/sarif.js'
import { formatBytes, formatMs, median, printTable } from '../stats.js'

const runs = Number(process.argv[2] ?? 15)
const FINDINGS = 5000

function trivyReport(): string {
  const sample = JSON.parse(readFileSync('test/fixtures/scan/trivy/trivy-debian-buster.json', 'utf8'))
  const template = sample.Results[0].Vulnerabilities
  const vulns = Array.from({ length: FINDINGS }, (_, index) => ({
    ...template[index % template.length],
    VulnerabilityID: `CVE-2099-${String(index).padStart(5, '0')}`,
    PkgName: `pkg-${index % 700}`
  }))
  return JSON.stringify({ ...sample, Results: [{ ...sample.Results[0], Vulnerabilities: vulns }] })
}

function snykReport(): string {
  const sample = JSON.parse(
    readFileSync('test/fixtures/scan/snyk/snyk-cli-container-appvulns-nongrouped.json', 'utf8')
  )
  const template = sample.vulnerabilities
  // Two dependency paths per vulnerability, as Snyk repeats them: 10,000 entries, 5,000 findings.
  const vulns = Array.from({ length: FINDINGS * 2 }, (_, index) => ({
    ...template[index % template.length],
    id: `SNYK-BENCH-${Math.floor(index / 2)}`,
    packageName: `pkg-${Math.floor(index / 2) % 700}`,
    from: ['docker-image|bench@latest', `parent-${index % 2}@1`, `pkg-${Math.floor(index / 2) % 700}@1`]
  }))
  return JSON.stringify({ ...sample, applications: [], vulnerabilities: vulns })
}

const ignores = parseIgnoreFile(
  Array.from({ length: 200 }, (_, index) => `CVE-2099-${String(index * 7).padStart(5, '0')}`).join('\n')
)
const rows: string[][] = []
for (const [name, content] of [
  ['trivy, 5,000 findings', trivyReport()],
  ['snyk, 10,000 paths = 5,000 findings', snykReport()]
] as const) {
  const times = { parse: [] as number[], gate: [] as number[], sarif: [] as number[], total: [] as number[] }
  let count = 0
  for (let run = 0; run < runs + 2; run++) {
    const t0 = performance.now()
    const report = parseReport(content)
    const t1 = performance.now()
    const gate = evaluateGate(report.findings, {
      threshold: 'high',
      failOn: 'all',
      maxFindings: { medium: 100 },
      ignores
    })
    const t2 = performance.now()
    JSON.stringify(toSarif(report, gate, { dockerfile: 'Dockerfile', fromLine: 1, image: 'r/app@sha256:1' }))
    const t3 = performance.now()
    count = report.findings.length
    if (run < 2) continue // warm-up
    times.parse.push(t1 - t0)
    times.gate.push(t2 - t1)
    times.sarif.push(t3 - t2)
    times.total.push(t3 - t0)
  }
  rows.push([
    name,
    formatBytes(content.length),
    String(count),
    ...[times.parse, times.gate, times.sarif, times.total].map(values => formatMs(median(values)))
  ])
}
console.log(`median of ${runs} runs (after 2 warm-up runs), node ${process.version}\n`)
printTable(['report', 'size', 'findings', 'parse', 'gate', 'SARIF', 'total'], rows)

if (process.env.TESTBENCH_REGISTRY) {
  const { benchScannerRuntimes } = await import('./runtime.js')
  await benchScannerRuntimes(Number(process.argv[3] ?? 7))
} else {
  console.log(
    '\nscanner from its image vs on PATH: skipped (run inside the bench: npx tsx scripts/testbench.ts run -- …)'
  )
}
