import type { ScannerName } from './scanner.js'

/**
 * How a scanner runs from its official image. Each image is pinned by digest (a multi-platform
 * index, so it runs on x64 and arm64 runners alike): a moved tag cannot change what judges the image.
 * `scanner-image` replaces the image; the command line stays the one below.
 */
export interface ScannerImage {
  image: string
  /**
   * Entrypoint to run instead of the image's own, when that is not the scanner. snyk/snyk images start
   * a wrapper script (it runs pip/mvn installs and an eval'd $COMMAND) before `snyk`; Trivy's and
   * Grype's entrypoints are the scanner itself.
   */
  entrypoint?: string
  /** Where the scanner keeps its vulnerability database (mounted from the cached directory); none for Snyk, a service. */
  databaseDir?: string
  /** Settings (never secrets) the scanner reads from its environment. */
  settings?: Record<string, string>
}

/**
 * Trivy 0.75.0 and Grype v0.120.1: index digests as published on Docker Hub (the same digests on
 * ghcr.io). snyk/snyk:alpine is rebuilt on every CLI release; its digest below must be checked
 * against Docker Hub before a release (`docker buildx imagetools inspect snyk/snyk:alpine`).
 */
export const SNYK_IMAGE_TO_VERIFY =
  'snyk/snyk:alpine@sha256:3fe9af4ae66ae714e5e8816ae132d3972dd65db25c261973f1e1778991f90ab6'

export const SCANNER_IMAGES: Record<ScannerName, ScannerImage> = {
  snyk: { image: SNYK_IMAGE_TO_VERIFY, entrypoint: '/usr/local/bin/snyk' },
  trivy: {
    image: 'aquasec/trivy:0.75.0@sha256:af6acf9a6b85dfe389a1941505c0ce9efef52a4719635e1a962f022a3d855daa',
    databaseDir: '/db'
  },
  grype: {
    image: 'anchore/grype:v0.120.1@sha256:e4a44ef45d285b829ce6efe2642980329661bd2d18eab5fc539138d4adaebbbe',
    databaseDir: '/db',
    settings: { GRYPE_DB_CACHE_DIR: '/db' }
  }
}

/** Where the image under test is mounted (read-only) inside the scanner container. */
export const SCAN_MOUNT = '/scan'
export const ARCHIVE_NAME = 'image.tar'

/**
 * The scanner's command line against an archive made by `docker save`, as an argument array.
 * Trivy and Grype are not given --exit-code/--fail-on: they exit 0 with findings, the gate judges.
 */
export function archiveScanArgs(
  scanner: ScannerName,
  options: { dockerfile?: string; command?: 'test' | 'monitor'; projectName?: string } = {}
): string[] {
  const archive = `${SCAN_MOUNT}/${ARCHIVE_NAME}`
  switch (scanner) {
    case 'snyk':
      return [
        'container',
        options.command ?? 'test',
        `docker-archive:${archive}`,
        '--json',
        ...(options.dockerfile ? [`--file=${options.dockerfile}`] : []),
        ...(options.projectName ? [`--project-name=${options.projectName}`] : [])
      ]
    case 'trivy':
      return ['image', '--input', archive, '--format', 'json', '--quiet', '--cache-dir', '/db']
    case 'grype':
      return [`docker-archive:${archive}`, '-o', 'json']
  }
}
