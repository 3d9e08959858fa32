/**
 * scan-image on a 5,000-finding report of each scanner format (Snyk, Trivy, Grype; real sample
 * findings repeated with distinct ids and packages: test/lib/scan/large-reports.ts):
 * (a) in-process: parse (the report file read, hashed and read as JSON as scan-image does, with the
 *     schema check and the finding model), gate, SARIF (its text made and written as scan-image
 *     writes it, to /dev/null), total; JSON.parse alone of the report's text is shown for comparison.
 * (b) whole process, as a workflow step costs: the bundle (`node dist/scan-image/index.js` with
 *     `scanner: report`, `report-file: <the report>`) paired run by run with a bare `node -e ""`.
 * Rebuild the bundle first (`npx tsx scripts/build-dist.ts scan-image`) when the sources changed.
 *   npx tsx bench/scan/index.ts [--runs N]
 * With --runtime, inside the bench (engine + registry), it also measures what running the scanner
 * from its image costs over a scanner on PATH (bench/scan/runtime.ts: a docker build, push and save;
 * not part of the default run, which `npm run bench` uses):
 *   npx tsx scripts/testbench.ts run -- npx tsx bench/scan/index.ts --runtime
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseIgnoreFile } from '../../src/lib/scan/ignore.js'
import { evaluateGate } from '../../src/lib/scan/policy.js'
import { readReportFile } from '../../src/lib/scan/report-file.js'
import { writeSarif } from '../../src/lib/scan/sarif.js'
import { LARGE_REPORTS } from '../../test/lib/scan/large-reports.js'
import { formatBytes, formatMs, median, printTable, type BenchTable, isMain, flagValue } from '../stats.js'

/** The shape bench/run-all.ts collects (bench/stats.ts BenchTable). */
export interface BenchOptions {
  /** Runs per format, in-process (after 2 warm-up runs) and whole process (pairs). */
  runs?: number
  findings?: number
  /** The bundle (default dist/scan-image/index.js). */
  bundle?: string
}

const FORMATS = ['snyk', 'trivy', 'grype'] as const
const IMAGE = `registry.example/bench/app@sha256:${'a'.repeat(64)}`

/** `median (min–max)` of timings in ms. */
function spread(values: number[]): string {
  return `${formatMs(median(values))} (${formatMs(Math.min(...values))}–${formatMs(Math.max(...values))})`
}

/** 200 .trivyignore rules, some of which match: the gate's ignore look-up is part of what is timed. */
const ignores = await parseIgnoreFile(
  Array.from({ length: 200 }, (_, index) => `CVE-2099-${String(index * 7).padStart(5, '0')}`).join('\n')
)

function inProcess(reportFile: string, runs: number): { findings: number; times: Record<string, number[]> } {
  const times: Record<string, number[]> = { parse: [], gate: [], sarif: [], total: [] }
  let findings = 0
  for (let run = 0; run < runs + 2; run++) {
    const t1 = performance.now()
    const { report } = readReportFile(reportFile)
    const t2 = performance.now()
    const gate = evaluateGate(report.findings, {
      threshold: 'high',
      failOn: 'all',
      maxFindings: { medium: 100 },
      ignores
    })
    const t3 = performance.now()
    // To /dev/null: the text made and handed to the file system, as scan-image does; the file's own
    // cost (new page-cache pages, about as dear here as fresh memory) is in the whole-process table.
    writeSarif('/dev/null', report, gate, { dockerfile: 'Dockerfile', fromLine: 1, image: IMAGE })
    const t4 = performance.now()
    findings = report.findings.length
    if (run < 2) continue // warm-up
    times.parse.push(t2 - t1)
    times.gate.push(t3 - t2)
    times.sarif.push(t4 - t3)
    times.total.push(t4 - t1)
  }
  return { findings, times }
}

/**
 * JSON.parse alone of a report's text, for comparison. Timed after scan-image's runs of every format:
 * the garbage of each whole parse (promoted to the old generation, collected by full collections
 * later) would otherwise land on their timings, and a workflow step never parses the report whole.
 */
function jsonParseTimes(content: string, runs: number): number[] {
  const times: number[] = []
  for (let run = 0; run < runs + 2; run++) {
    const started = performance.now()
    JSON.parse(content)
    if (run >= 2) times.push(performance.now() - started) // after 2 warm-up runs
  }
  return times
}

/** Wall time of one process, in ms, and what it printed. */
function timeProcess(
  args: string[],
  env: NodeJS.ProcessEnv
): { ms: number; status: number | null; out: string } {
  const started = performance.now()
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return { ms: performance.now() - started, status: result.status, out: `${result.stdout}${result.stderr}` }
}

/**
 * The bundle on the report, paired run by run with `node -e ""`. The gate fails (the report has
 * critical findings), so exit 1 is expected; anything else, or no SARIF written, fails the bench.
 */
function wholeProcess(
  bundle: string,
  reportFile: string,
  dir: string,
  runs: number
): { bundle: number[]; node: number[]; ratios: number[]; beyond: number[] } {
  const outputDir = join(dir, 'out')
  const env = {
    PATH: process.env.PATH ?? '',
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    INPUT_IMAGE: IMAGE,
    INPUT_SCANNER: 'report',
    'INPUT_REPORT-FILE': reportFile,
    'INPUT_OUTPUT-DIR': outputDir
  }
  const result = {
    bundle: [] as number[],
    node: [] as number[],
    ratios: [] as number[],
    beyond: [] as number[]
  }
  for (let run = 0; run < runs + 1; run++) {
    writeFileSync(env.GITHUB_OUTPUT, '')
    writeFileSync(env.GITHUB_STEP_SUMMARY, '')
    rmSync(outputDir, { recursive: true, force: true })
    const step = timeProcess([bundle], env)
    if (
      step.status !== 1 ||
      !/Vulnerability gate failed/.test(step.out) ||
      !existsSync(join(outputDir, 'scan-results.sarif'))
    )
      throw new Error(`scan-image did not judge the report (exit ${step.status}):\n${step.out.slice(-2000)}`)
    const bare = timeProcess(['-e', ''], { PATH: env.PATH })
    if (run === 0) continue // warm-up (file cache)
    result.bundle.push(step.ms)
    result.node.push(bare.ms)
    result.ratios.push(step.ms / bare.ms)
    result.beyond.push(step.ms - bare.ms)
  }
  return result
}

export async function bench(options: BenchOptions = {}): Promise<BenchTable[]> {
  const runs = options.runs ?? 7
  const count = options.findings ?? 5000
  const bundle = resolve(options.bundle ?? 'dist/scan-image/index.js')
  const dir = mkdtempSync(join(tmpdir(), 'bench-scan-'))
  const inRows: string[][] = []
  const wholeRows: string[][] = []
  try {
    const reports = FORMATS.map(format => {
      const content = LARGE_REPORTS[format](count)
      const reportFile = join(dir, `${format}.json`)
      writeFileSync(reportFile, content)
      return { format, content, reportFile }
    })
    const measured = reports.map(report => inProcess(report.reportFile, runs))
    for (const [index, { format, content }] of reports.entries()) {
      const { findings, times } = measured[index]
      inRows.push([
        format,
        formatBytes(content.length),
        String(findings),
        spread(jsonParseTimes(content, runs)),
        spread(times.parse),
        spread(times.gate),
        spread(times.sarif),
        spread(times.total)
      ])
    }
    for (const { format, reportFile } of reports) {
      const whole = wholeProcess(bundle, reportFile, dir, runs)
      wholeRows.push([
        format,
        spread(whole.bundle),
        spread(whole.node),
        `${median(whole.ratios).toFixed(2)}x`,
        formatMs(median(whole.beyond))
      ])
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return [
    {
      title: `scan-image in-process, ${count.toLocaleString('en')} findings per report (median (min–max) of ${runs} runs after 2 warm-up runs, node ${process.version})`,
      headers: [
        'format',
        'report',
        'findings',
        'JSON.parse alone',
        'parse',
        'gate',
        'SARIF',
        'parse + gate + SARIF'
      ],
      rows: inRows,
      note: 'parse: the report file read, hashed and read as scan-image does (src/lib/scan/report-file.ts: through a 1 MiB window, building only the fields the gate reads), with the schema check and the finding model; JSON.parse alone is of the text already in memory, for comparison (timed after scan-image’s runs of every format, so that its garbage does not land on them). The gate applies 200 ignore rules; SARIF: its text made and written as scan-image writes it (src/lib/scan/sarif.ts writeSarif), to /dev/null (the file itself is part of the whole-process figures). Snyk lists a finding once per dependency path: two paths each here.'
    },
    {
      title: `scan-image whole process on the same reports (scanner: report), paired with node -e "" (median (min–max) of ${runs} pairs)`,
      headers: ['format', 'node dist/scan-image/index.js', 'node -e ""', 'paired ratio', 'beyond node start'],
      rows: wholeRows,
      note: 'Paired ratio: the median of each run’s ratio to the bare node start timed right after it; beyond node start: the median of the per-pair differences.'
    }
  ]
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2)
  const value = (flag: string): string | undefined => flagValue(flag, args)
  const runs = value('--runs')
  for (const table of await bench({ runs: runs ? Number(runs) : undefined, bundle: value('--bundle') })) {
    console.log(`\n${table.title}\n`)
    printTable(table.headers, table.rows)
    if (table.note) console.log(`\n${table.note}`)
  }
  if (args.includes('--runtime')) {
    if (!process.env.TESTBENCH_REGISTRY)
      throw new Error(
        '--runtime needs the bench environment: npx tsx scripts/testbench.ts run -- npx tsx bench/scan/index.ts --runtime'
      )
    const { benchScannerRuntimes } = await import('./runtime.js')
    await benchScannerRuntimes(Number(value('--runtime-runs') ?? 7))
  }
}
