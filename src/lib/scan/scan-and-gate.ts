import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { UserError, errorMessage } from '../errors.js'
import { finalBase, parseDockerfile } from '../dockerfile/parse.js'
import { parseReference, withDigest } from '../image/reference.js'
import { type RegistryOptions, resolveDigest } from '../registry/index.js'
import { parseIgnoreFile } from './ignore.js'
import { type ScanReport, briefFinding, findingKey } from './model.js'
import { type GatePolicy, type GateResult, evaluateGate } from './policy.js'
import { parseReport } from './parsers.js'
import { readReportFile } from './report-file.js'
import type { ScanPlan } from './platforms.js'
import { writeSarif } from './sarif.js'
import { writeIndentedJson } from './json-file.js'
import { type ContainerScanOptions, scanInContainer, withImageArchive } from './container-scanner.js'
import { runBounded } from './bounded-exec.js'
import type { ScannerRuntime } from './runtime.js'
import { MAX_SBOM_BYTES, type SbomFile, acceptSbom, sbomArgs } from './sbom.js'
import { archiveScanArgs } from './scanner-images.js'
import { type ScannerName, requireScannerToken, runScanner, scannerOutput } from './scanner.js'

export type ScannerChoice = ScannerName | 'report'

export interface ScanOptions {
  image: string
  scanner: ScannerChoice
  reportFile?: string
  dockerfile?: string
  policy: Omit<GatePolicy, 'ignores' | 'baseline'>
  ignoreFile?: string
  baselineImage?: string
  baselineReportFile?: string
  /** Directory for the normalized report and the SARIF file. */
  outputDir: string
  registry?: RegistryOptions
  /** How the scanner runs (runtime.ts); default its CLI on PATH. */
  runtime?: ScannerRuntime
  /** The image's platform (`linux/arm64`), when it is one platform of an index. */
  platform?: string
  /**
   * After a passed gate, have the scanner write the image's SBOM (CycloneDX) from the same archive
   * or reference; a failure to make it is a warning. Only for an image in a registry (by digest).
   */
  sbom?: boolean
  log?: (message: string) => void
  warn?: (message: string) => void
}

export interface ScanOutcome {
  /** What was scanned: `<repo>@<digest>` whenever the image is in a registry. */
  scanned: string
  digest?: string
  /** The platform, when the image is one platform of an index. */
  platform?: string
  report: ScanReport
  /**
   * Set when the verdict comes from a report file someone supplied (`scanner: report`) rather than a
   * scanner run against the digest: the file and the sha256 of its bytes, for the gate record.
   */
  selfReported?: { reportFile: string; sha256: string }
  gate: GateResult
  reportPath: string
  sarifPath: string
  dockerfile?: string
  fromLine?: number
  /** The SBOM the scanner wrote after the gate passed (with `sbom`), to attach to `digest`. */
  sbom?: SbomFile
}

const LOCAL_IMAGE_ID = /^sha256:[a-f0-9]{64}$/

/** Pins a tag to its digest, so the scan is of exactly the bytes that will be promoted. */
async function pinDigest(image: string, options: ScanOptions): Promise<{ scanned: string; digest?: string }> {
  if (LOCAL_IMAGE_ID.test(image)) return { scanned: image } // built, not pushed: the engine's image ID
  const ref = parseReference(image)
  if (ref.digest) return { scanned: image, digest: ref.digest }
  try {
    const digest = await resolveDigest(image, options.registry)
    return { scanned: withDigest(ref, digest), digest }
  } catch (error) {
    options.log?.(`could not resolve ${image} to a digest (${errorMessage(error)}); scanning it by name`)
    return { scanned: image }
  }
}

/** The container settings of a scan (and its SBOM run) of one image. */
function containerSettings(
  scanner: ScannerName,
  runtime: Extract<ScannerRuntime, { kind: 'container' }>,
  options: ScanOptions,
  dockerfile: string | undefined
): ContainerScanOptions & { dockerfile?: string; platform?: string } {
  return {
    docker: runtime.docker,
    scanner,
    scannerImage: runtime.scannerImage,
    timeoutMs: runtime.timeoutMs,
    databaseDir: runtime.database?.dir,
    workDir: runtime.workDir,
    dockerfile,
    platform: options.platform,
    log: options.log
  }
}

/** Runs the scanner on an image by digest, in the chosen runtime, and returns its JSON. */
function runScan(
  scanner: ScannerName,
  image: string,
  options: ScanOptions,
  dockerfile?: string
): Promise<string> {
  const runtime = options.runtime ?? { kind: 'path' }
  if (runtime.kind === 'path') return runScanner(scanner, image, dockerfile)
  return scanInContainer(image, containerSettings(scanner, runtime, options, dockerfile))
}

/** What runs against one image: its vulnerability scan, then (after a passed gate) its SBOM. */
interface TargetScanner {
  scan(): Promise<string>
  sbom(outputDir: string): Promise<SbomFile>
}

/**
 * Runs `fn` with the scanner bound to one image in the chosen runtime. In a container both runs use
 * one `docker save` archive (removed afterwards); on PATH both name the image by digest. The SBOM
 * run has the scan's limits (scan-timeout in a container) and reads at most MAX_SBOM_BYTES.
 */
async function withTargetScanner<T>(
  scanner: ScannerName,
  image: string,
  options: ScanOptions,
  fn: (target: TargetScanner) => Promise<T>
): Promise<T> {
  const runtime = options.runtime ?? { kind: 'path' }
  if (runtime.kind === 'path')
    return fn({
      scan: () => runScanner(scanner, image, options.dockerfile),
      sbom: async outputDir => {
        requireScannerToken(scanner)
        const result = await runBounded(scanner, sbomArgs(scanner, { image }), {
          maxStdoutBytes: MAX_SBOM_BYTES
        })
        return acceptSbom(scanner, result, outputDir)
      }
    })
  return withImageArchive(image, containerSettings(scanner, runtime, options, options.dockerfile), archive =>
    fn({
      scan: async () =>
        scannerOutput(
          scanner,
          await archive.run(archiveScanArgs(scanner, { dockerfile: archive.dockerfile }))
        ),
      sbom: async outputDir =>
        acceptSbom(
          scanner,
          await archive.run(sbomArgs(scanner, { archive: true }), { maxStdoutBytes: MAX_SBOM_BYTES }),
          outputDir
        )
    })
  )
}

async function obtainReport(
  scanner: ScannerChoice,
  image: string,
  reportFile: string | undefined,
  options: ScanOptions,
  dockerfile?: string
): Promise<{ report: ScanReport; sha256?: string }> {
  if (scanner === 'report') {
    if (!reportFile)
      throw new UserError(
        'scanner: report needs report-file: the path of a Snyk, Trivy, Grype or SARIF JSON report.'
      )
    // With the hash of the very bytes the verdict was computed from, so a record can name its report.
    return readReportFile(reportFile)
  }
  return { report: parseReport(await runScan(scanner, image, options, dockerfile), scanner) }
}

/**
 * Scans an image (or reads a report), applies the gate policy, and writes the normalized report and
 * SARIF; with `sbom`, a passed image in a registry also gets its SBOM from the same scanner run setup.
 */
export async function scanAndGate(options: ScanOptions): Promise<ScanOutcome> {
  if (!LOCAL_IMAGE_ID.test(options.image)) parseReference(options.image)
  const { scanned, digest } = await pinDigest(options.image, options)
  options.log?.(`scanning ${scanned} with ${options.scanner}`)
  const { scanner } = options
  if (scanner === 'report') {
    const { report, sha256 } = await obtainReport('report', scanned, options.reportFile, options)
    const selfReported = sha256 && options.reportFile ? { reportFile: options.reportFile, sha256 } : undefined
    return judge(report, { scanned, digest, selfReported }, options)
  }
  return withTargetScanner(scanner, scanned, options, async target => {
    const report = parseReport(await target.scan(), scanner)
    const outcome = await judge(report, { scanned, digest }, options)
    if (options.sbom && outcome.gate.passed && digest) {
      try {
        outcome.sbom = await target.sbom(options.outputDir)
      } catch (error) {
        // The SBOM is not a gate: the verdict stands, and nothing is attached.
        options.warn?.(
          `No SBOM is attached to ${scanned}: ${errorMessage(error).replace(/\.$/, '')}. The gate result stands; set sbom: false to skip it.`
        )
      }
    }
    return outcome
  })
}

/** The gate policy applied to a report, and the normalized report and SARIF written. */
async function judge(
  report: ScanReport,
  scan: { scanned: string; digest?: string; selfReported?: ScanOutcome['selfReported'] },
  options: ScanOptions
): Promise<ScanOutcome> {
  const { scanned, digest, selfReported } = scan
  let baseline: Set<string> | undefined
  if (options.baselineReportFile || options.baselineImage) {
    const { report: baselineReport } = options.baselineReportFile
      ? await obtainReport('report', '', options.baselineReportFile, options)
      : await obtainReport(
          options.scanner === 'report' ? 'report' : options.scanner,
          (await pinDigest(options.baselineImage as string, options)).scanned,
          undefined,
          { ...options, platform: undefined }
        )
    baseline = new Set(baselineReport.findings.map(findingKey))
    options.log?.(`baseline: ${baseline.size} known findings`)
  }
  let ignores: GatePolicy['ignores'] = []
  if (options.ignoreFile) {
    let content: string
    try {
      content = readFileSync(options.ignoreFile, 'utf8')
    } catch (error) {
      throw new UserError(`ignore-file ${options.ignoreFile} cannot be read: ${errorMessage(error)}`)
    }
    ignores = await parseIgnoreFile(content, options.ignoreFile)
  }
  const gate = evaluateGate(report.findings, { ...options.policy, ignores, baseline })

  let fromLine: number | undefined
  if (options.dockerfile) {
    try {
      fromLine = finalBase(parseDockerfile(readFileSync(options.dockerfile, 'utf8')))?.line
    } catch {
      fromLine = undefined // no readable Dockerfile: results point at the image instead
    }
  }
  mkdirSync(options.outputDir, { recursive: true })
  const reportPath = join(options.outputDir, 'scan-report.json')
  const sarifPath = join(options.outputDir, 'scan-results.sarif')
  // JSON.stringify(…, null, 2)'s bytes, written in pieces (json-file.ts).
  writeIndentedJson(reportPath, {
    image: scanned,
    digest,
    ...(options.platform ? { platform: options.platform } : {}),
    scanner: report.scanner,
    selfReported: selfReported ?? false,
    passed: gate.passed,
    reasons: gate.reasons,
    policy: {
      ...options.policy,
      ignoreFile: options.ignoreFile,
      baseline: options.baselineImage ?? options.baselineReportFile
    },
    counts: gate.counts,
    baseImage: report.baseImage,
    remediation: report.remediation,
    findings: gate.active,
    failing: gate.failing.map(briefFinding),
    newFindings: gate.newFindings.map(briefFinding),
    ignored: gate.ignored.map(({ finding, rule }) => ({
      ...briefFinding(finding),
      reason: rule.reason,
      expires: rule.expires
    })),
    expiredIgnores: gate.expired
  })
  writeSarif(sarifPath, report, gate, { dockerfile: options.dockerfile, fromLine, image: scanned })
  return {
    scanned,
    digest,
    platform: options.platform,
    report,
    selfReported,
    gate,
    reportPath,
    sarifPath,
    dockerfile: options.dockerfile,
    fromLine
  }
}

/** The step fails when the gate did: a UserError naming the image, the reasons and the threshold. */
export function requireGatePassed(outcome: ScanOutcome, threshold: string): void {
  if (outcome.gate.passed) return
  throw new UserError(
    `Vulnerability gate failed for ${outcome.scanned}: ${outcome.gate.reasons.join('; ')} (threshold ${threshold}).`
  )
}

/** `linux/arm64/v8` -> `linux-arm64-v8`: a directory name for one platform's report and SARIF. */
export function platformSlug(platform: string): string {
  return platform.replace(/[^A-Za-z0-9_.-]+/g, '-')
}

/**
 * Scans every image of a plan (one, or each platform of an index) with the same policy, one after
 * the other; each platform's report and SARIF go to its own directory under `outputDir`.
 */
export async function scanAndGateAll(plan: ScanPlan, options: ScanOptions): Promise<ScanOutcome[]> {
  const outcomes: ScanOutcome[] = []
  for (const target of plan.targets) {
    outcomes.push(
      await scanAndGate({
        ...options,
        image: target.image,
        platform: target.platform,
        outputDir:
          plan.index && target.platform
            ? join(options.outputDir, platformSlug(target.platform))
            : options.outputDir
      })
    )
  }
  return outcomes
}

/** Every platform must pass: the step fails naming each platform that did not, and why. */
export function requireGatesPassed(outcomes: ScanOutcome[], threshold: string): void {
  if (outcomes.length === 1) return requireGatePassed(outcomes[0], threshold)
  const failed = outcomes.filter(outcome => !outcome.gate.passed)
  if (failed.length === 0) return
  throw new UserError(
    `Vulnerability gate failed for ${failed.length} of ${outcomes.length} platforms: ` +
      failed
        .map(outcome => `${outcome.platform} (${outcome.scanned}): ${outcome.gate.reasons.join('; ')}`)
        .join('; ') +
      ` (threshold ${threshold}). Every platform must pass.`
  )
}
