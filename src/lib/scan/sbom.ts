/**
 * The SBOM of a scanned image: the scanner itself writes it (Trivy, Grype and Snyk all emit
 * CycloneDX; nothing here generates one), it is checked to be a CycloneDX JSON document, capped in
 * size, and attached to the scanned digest as an OCI referrer next to the gate record, so that it
 * travels with the image on promotion. The SBOM is not a gate: when it cannot be made or attached,
 * the run warns and the verdict stands.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as z from 'zod/mini'
import { UserError, errorMessage } from '../errors.js'
import { type ExecResult, tail } from '../exec.js'
import { parseReference } from '../image/reference.js'
import { parseJson } from '../oci/json.js'
import { ARTIFACT_TYPES } from '../oci/media-types.js'
import { type RegistryOptions, openRepository } from '../registry/client.js'
import { attachArtifact } from '../registry/referrers.js'
import { untrustedText } from '../untrusted-text.js'
import { ARCHIVE_NAME, SCAN_MOUNT } from './scanner-images.js'
import type { ScannerName } from './scanner.js'

/** The artifact type (and layer media type) of a CycloneDX JSON SBOM, as registered with IANA. */
export const SBOM_ARTIFACT_TYPE = ARTIFACT_TYPES.sbom

/** The largest SBOM read from a scanner (an image with many packages makes megabytes; this is far past that). */
export const MAX_SBOM_BYTES = 64 * 1024 * 1024

/**
 * The scanner's SBOM command line, as an argument array: against the `docker save` archive in the
 * scanner container, or against the image by digest for a scanner on PATH. Trivy's CycloneDX output
 * is the package inventory (no vulnerability scan, so no database is needed); Grype's CycloneDX
 * document lists the components with their vulnerabilities; Snyk builds it with its service.
 */
export function sbomArgs(scanner: ScannerName, target: { archive: true } | { image: string }): string[] {
  const archive = `${SCAN_MOUNT}/${ARCHIVE_NAME}`
  switch (scanner) {
    case 'trivy':
      return 'archive' in target
        ? ['image', '--input', archive, '--format', 'cyclonedx', '--quiet', '--cache-dir', '/db']
        : ['image', '--format', 'cyclonedx', '--quiet', target.image]
    case 'grype':
      return ['archive' in target ? `docker-archive:${archive}` : target.image, '-o', 'cyclonedx-json']
    case 'snyk':
      return [
        'container',
        'sbom',
        '--format=cyclonedx1.5+json',
        'archive' in target ? `docker-archive:${archive}` : target.image
      ]
  }
}

/** What is checked of an SBOM: a CycloneDX JSON document (the rest is the scanner's, kept as written). */
const CycloneDxSchema = z.looseObject({
  bomFormat: z.literal('CycloneDX'),
  specVersion: z.string().check(z.regex(/^\d+\.\d+$/))
})

/** An SBOM as written by the scanner, checked, on disk in the output directory. */
export interface SbomFile {
  path: string
  size: number
  specVersion: string
}

/**
 * The SBOM from a scanner run: exit 0 only (Snyk's 2 and every other code are failures), at most
 * MAX_SBOM_BYTES, and a CycloneDX JSON document; written to `<outputDir>/sbom.cdx.json`. Anything
 * else throws a UserError that says what was wrong.
 */
export function acceptSbom(
  scanner: ScannerName,
  result: ExecResult & { overflowed?: boolean },
  outputDir: string
): SbomFile {
  if (result.overflowed)
    throw new UserError(
      `the ${scanner} SBOM is larger than ${MAX_SBOM_BYTES / 1024 / 1024} MiB, the most read from a scanner`
    )
  if (result.exitCode !== 0)
    throw new UserError(
      `${scanner} exited with ${result.exitCode} writing the SBOM: ${untrustedText(tail(result.stderr || result.stdout, 4), 500)}`
    )
  const document = parseJson(CycloneDxSchema, result.stdout, `The ${scanner} SBOM`, {
    expected: 'a CycloneDX JSON document'
  })
  const path = join(outputDir, 'sbom.cdx.json')
  writeFileSync(path, result.stdout)
  return { path, size: Buffer.byteLength(result.stdout), specVersion: document.specVersion }
}

/** An SBOM attached to a scanned digest. */
export interface AttachedSbom {
  /** The platform, when the image is one platform of an index. */
  platform?: string
  /** The image manifest the SBOM is about. */
  subject: string
  /** The SBOM artifact's digest. */
  digest: string
}

export interface SbomHooks {
  registry?: RegistryOptions
  log?: (message: string) => void
  warn?: (message: string) => void
  now?: Date
}

/**
 * Attaches each scanned image's SBOM to its digest (artifactType and layer `application/vnd.cyclonedx+json`,
 * the document as written by the scanner). A registry that refuses it is a warning: the SBOM is
 * information, the gate already decided.
 */
export async function attachSboms(
  scans: Array<{ scanned: string; digest?: string; platform?: string; sbom?: SbomFile }>,
  read: (path: string) => Buffer,
  hooks: SbomHooks = {}
): Promise<AttachedSbom[]> {
  const attached: AttachedSbom[] = []
  const created = (hooks.now ?? new Date()).toISOString()
  for (const scan of scans) {
    if (!scan.sbom || !scan.digest) continue
    try {
      const repository = openRepository(parseReference(scan.scanned), hooks.registry)
      const manifest = await repository.getManifest(scan.digest)
      if (!manifest) throw new Error(`${scan.scanned} is not in the registry`)
      const digest = await attachArtifact(repository, {
        artifactType: SBOM_ARTIFACT_TYPE,
        blob: read(scan.sbom.path),
        subject: { mediaType: manifest.mediaType, digest: scan.digest, size: manifest.body.length },
        annotations: { 'org.opencontainers.image.created': created }
      })
      hooks.log?.(
        `SBOM ${digest} (CycloneDX ${scan.sbom.specVersion}, ${scan.sbom.size} bytes) attached to ${scan.scanned}`
      )
      attached.push({ ...(scan.platform ? { platform: scan.platform } : {}), subject: scan.digest, digest })
    } catch (error) {
      hooks.warn?.(`The SBOM of ${scan.scanned} could not be attached: ${errorMessage(error)}`)
    }
  }
  return attached
}
