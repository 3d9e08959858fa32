import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { UserError, errorMessage } from '../errors.js'
import { finalBase, parseDockerfile } from '../dockerfile/parse.js'
import { parseReference, withDigest } from '../image/reference.js'
import { digestOf } from '../oci/digest.js'
import { type RegistryOptions, resolveDigest } from '../registry/index.js'
import { parseIgnoreFile } from './ignore.js'
import { type ScanReport, briefFinding, findingKey } from './model.js'
import { type GatePolicy, type GateResult, evaluateGate } from './policy.js'
import { parseReport } from './parsers.js'
import { toSarif } from './sarif.js'
import { type ScannerName, runScanner } from './scanner.js'

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
  log?: (message: string) => void
}

export interface ScanOutcome {
  /** What was scanned: `<repo>@<digest>` whenever the image is in a registry. */
  scanned: string
  digest?: string
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

async function obtainReport(
  scanner: ScannerChoice,
  image: string,
  reportFile: string | undefined,
  dockerfile?: string
): Promise<{ report: ScanReport; sha256?: string }> {
  if (scanner === 'report') {
    if (!reportFile)
      throw new UserError(
        'scanner: report needs report-file: the path of a Snyk, Trivy, Grype or SARIF JSON report.'
      )
    let content: Buffer
    try {
      content = readFileSync(reportFile)
    } catch (error) {
      throw new UserError(`report-file ${reportFile} cannot be read: ${errorMessage(error)}`)
    }
    // The hash of the very bytes the verdict was computed from, so a record can name its report.
    const sha256 = digestOf(content)
    return { report: parseReport(content.toString('utf8')), sha256 }
  }
  return { report: parseReport(await runScanner(scanner, image, dockerfile), scanner) }
}

/** Scans an image (or reads a report), applies the gate policy, and writes the normalized report and SARIF. */
export async function scanAndGate(options: ScanOptions): Promise<ScanOutcome> {
  if (!LOCAL_IMAGE_ID.test(options.image)) parseReference(options.image)
  const { scanned, digest } = await pinDigest(options.image, options)
  options.log?.(`scanning ${scanned} with ${options.scanner}`)
  const { report, sha256: reportSha256 } = await obtainReport(
    options.scanner,
    scanned,
    options.reportFile,
    options.dockerfile
  )
  const selfReported =
    reportSha256 && options.reportFile ? { reportFile: options.reportFile, sha256: reportSha256 } : undefined

  let baseline: Set<string> | undefined
  if (options.baselineReportFile || options.baselineImage) {
    const { report: baselineReport } = options.baselineReportFile
      ? await obtainReport('report', '', options.baselineReportFile)
      : await obtainReport(
          options.scanner === 'report' ? 'report' : options.scanner,
          (await pinDigest(options.baselineImage as string, options)).scanned,
          undefined
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
    ignores = parseIgnoreFile(content, options.ignoreFile)
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
  writeFileSync(
    reportPath,
    JSON.stringify(
      {
        image: scanned,
        digest,
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
      },
      null,
      2
    )
  )
  writeFileSync(
    sarifPath,
    JSON.stringify(
      toSarif(report, gate, { dockerfile: options.dockerfile, fromLine, image: scanned }),
      null,
      2
    )
  )
  return {
    scanned,
    digest,
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
