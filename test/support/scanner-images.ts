/**
 * Stand-in scanner images, built on the bench from its busybox base (no registry with the real
 * scanners is reachable here). Each is run exactly as the official image would be (same entrypoint
 * layout, same arguments, same mounts) and is a script that checks how it was run, then prints one of
 * the real sample reports (test/fixtures/scan/<scanner>/) and exits as told:
 *
 * - its arguments are the scanner's command line against /scan/image.tar, a `docker save` archive;
 * - the only mounts are /scan (read-only) and, for Trivy and Grype, the database at /db (writable),
 *   plus the scanner's tmpfs /tmp; no Docker socket; Snyk's token arrives in its environment;
 * - any deviation prints what was wrong and exits with the scanner's error code (Snyk 2, others 1).
 *
 * The test picks the report, exit code and a delay through `<SCANNER>_STANDIN_*` variables, which
 * reach the container the way any `<SCANNER>_*` setting does; an image under test can name its own
 * report in a file /standin-report (so the platforms of one index can get different verdicts). Trivy and Grype write what they saw
 * (mounts, arguments) to /db/standin-run, where the test reads it.
 *
 * Run with the scanner's SBOM command line (`trivy image --format cyclonedx`, `grype -o
 * cyclonedx-json`, `snyk container sbom --format=cyclonedx1.5+json`), a stand-in makes the same
 * checks, then prints `<SCANNER>_STANDIN_SBOM` (a file under /samples, default the scanner's real
 * CycloneDX sample from test/fixtures/sbom/; `oversized` prints 64 MiB and more) and exits with
 * `<SCANNER>_STANDIN_SBOM_EXIT` (default 0). Trivy and Grype record that run in /db/standin-sbom-run.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { docker, testBench } from './bench.js'

export type StandInScanner = 'snyk' | 'trivy' | 'grype'

/** The scanners' SBOM command lines against the archive (src/lib/scan/sbom.ts), and the sample each prints by default. */
const SBOM_ARGS: Record<StandInScanner, string> = {
  trivy: 'image --input /scan/image.tar --format cyclonedx --quiet --cache-dir /db',
  grype: 'docker-archive:/scan/image.tar -o cyclonedx-json',
  snyk: 'container sbom --format=cyclonedx1.5+json docker-archive:/scan/image.tar'
}
const SBOM_SAMPLE: Record<StandInScanner, string> = {
  trivy: 'sbom/trivy-pywin32.cdx.json',
  grype: 'sbom/grype-TestCycloneDxPresenterImage.cdx.json',
  snyk: 'sbom/snyk-cyclonedx_document.cdx.json'
}

const EXPECTED_ARGS: Record<StandInScanner, string> = {
  trivy: 'image --input /scan/image.tar --format json --quiet --cache-dir /db',
  grype: 'docker-archive:/scan/image.tar -o json',
  // Snyk: `container test|monitor docker-archive:/scan/image.tar --json [--file=…] [--project-name=…]`
  snyk: ''
}

function script(scanner: StandInScanner): string {
  const prefix = scanner.toUpperCase()
  const withDb = scanner !== 'snyk'
  const expectedMounts = withDb ? '/db rw\\n/scan ro\\n/tmp tmpfs' : '/scan ro\\n/tmp tmpfs'
  const scanArgsCheck =
    scanner === 'snyk'
      ? [
          '[ "$1 $3 $4" = "container docker-archive:/scan/image.tar --json" ] || fail "unexpected arguments: $*"',
          'case "$2" in test|monitor) ;; *) fail "unexpected command: $2" ;; esac',
          'for arg in "$@"; do case "$arg" in --file=*) [ -f "${arg#--file=}" ] || fail "no Dockerfile at ${arg#--file=}" ;; esac; done',
          'if [ -n "$SNYK_STANDIN_EXPECT_FILE" ]; then case "$*" in *--file=/scan/Dockerfile*) ;; *) fail "no --file=/scan/Dockerfile: $*" ;; esac; fi',
          '[ -n "$SNYK_TOKEN" ] || fail "no SNYK_TOKEN in the environment"',
          '[ "$SNYK_TOKEN" = "$SNYK_STANDIN_TOKEN" ] || fail "SNYK_TOKEN is not the token given"'
        ]
      : [`[ "$*" = "${EXPECTED_ARGS[scanner]}" ] || fail "unexpected arguments: $*"`]
  // The SBOM command line, exactly; anything else is a scan and checked as one.
  const argsCheck = [
    `if [ "$*" = "${SBOM_ARGS[scanner]}" ]; then mode=sbom; else`,
    '  mode=scan',
    ...scanArgsCheck.map(line => `  ${line}`),
    'fi',
    ...(scanner === 'snyk'
      ? [
          '[ -n "$SNYK_TOKEN" ] || fail "no SNYK_TOKEN in the environment"',
          '[ "$SNYK_TOKEN" = "$SNYK_STANDIN_TOKEN" ] || fail "SNYK_TOKEN is not the token given"'
        ]
      : [])
  ]
  return [
    '#!/bin/sh',
    `# stand-in for ${scanner}`,
    'fail() {',
    `  echo "stand-in ${scanner}: $*" >&2`,
    scanner === 'snyk' ? '  printf \'{"ok":false,"error":"stand-in snyk: %s"}\\n\' "$*"; exit 2' : '  exit 1',
    '}',
    ...argsCheck,
    scanner === 'grype'
      ? '[ "$GRYPE_DB_CACHE_DIR" = /db ] || fail "GRYPE_DB_CACHE_DIR is $GRYPE_DB_CACHE_DIR"'
      : '',
    '[ -f /scan/image.tar ] || fail "no archive at /scan/image.tar"',
    'tar -tf /scan/image.tar | grep -qx manifest.json || fail "/scan/image.tar is not a docker save archive"',
    '[ -e /var/run/docker.sock ] && fail "the Docker socket is mounted"',
    // Every mount but the engine's own (/, /proc, /sys, /dev, /etc/hosts …): "<point> ro|rw|tmpfs".
    `mounts=$(awk '$2 !~ /^\\/(proc|sys|dev)(\\/|$)/ && $2 != "/" && $2 != "/etc/hosts" && $2 != "/etc/hostname" && $2 != "/etc/resolv.conf" { split($4, o, ","); print $2, ($3 == "tmpfs" ? "tmpfs" : o[1]) }' /proc/mounts | sort)`,
    `[ "$mounts" = "$(printf '${expectedMounts}')" ] || fail "unexpected mounts: $mounts"`,
    withDb
      ? 'printf "%s\\nargs: %s\\n" "$mounts" "$*" > "/db/standin-$([ $mode = sbom ] && echo sbom-)run" || fail "/db is not writable"'
      : '',
    // SBOM mode: the sample named (or more than the 64 MiB cap), and the exit code given.
    'if [ $mode = sbom ]; then',
    `  sbom=\${${prefix}_STANDIN_SBOM:-${SBOM_SAMPLE[scanner]}}`,
    // Long lines: the engine logs every line of a container's output, and 22 million three-byte lines
    // took it minutes (16 KiB lines: seconds); the action sees the same 64 MiB and more either way.
    '  if [ "$sbom" = oversized ]; then yes "$(printf \'%16382s\' \'{}\')" | head -c 67108900; else cat "/samples/$sbom" || fail "no SBOM sample $sbom"; fi',
    `  exit "\${${prefix}_STANDIN_SBOM_EXIT:-0}"`,
    'fi',
    `[ -n "$${prefix}_STANDIN_SLEEP" ] && sleep "$${prefix}_STANDIN_SLEEP"`,
    scanner === 'snyk'
      ? '[ "$2" = monitor ] && { case "$*" in *"--project-name=$SNYK_STANDIN_PROJECT"*) echo \'{"ok":true}\'; exit 0 ;; *) fail "monitor without --project-name=$SNYK_STANDIN_PROJECT: $*" ;; esac; }'
      : '',
    // An image under test may name its own sample in /standin-report (one platform passing, another failing).
    `inside=$(for entry in $(tar -tf /scan/image.tar | grep -E 'layer.tar$|^blobs/'); do tar -xOf /scan/image.tar "$entry" | tar -xOf - standin-report 2>/dev/null; done)`,
    `report=\${inside:-$${prefix}_STANDIN_REPORT}`,
    `cat "/samples/$report" || fail "no sample $report"`,
    `exit "\${${prefix}_STANDIN_EXIT:-0}"`,
    ''
  ]
    .filter(line => line !== '')
    .join('\n')
}

const built = new Map<StandInScanner, Promise<string>>()

/**
 * The stand-in image for a scanner, pushed to the bench registry and named by digest (as the
 * action pins the real ones); built once per test process.
 */
export function standInScannerImage(scanner: StandInScanner): Promise<string> {
  let image = built.get(scanner)
  if (!image) {
    image = buildStandIn(scanner)
    built.set(scanner, image)
  }
  return image
}

async function buildStandIn(scanner: StandInScanner): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `standin-${scanner}-`))
  cpSync(resolve('test/fixtures/scan', scanner), join(dir, 'samples'), { recursive: true })
  cpSync(resolve('test/fixtures/sbom'), join(dir, 'samples', 'sbom'), { recursive: true })
  writeFileSync(join(dir, 'standin.sh'), script(scanner), { mode: 0o755 })
  // The official images' layouts: Trivy's ENTRYPOINT is `trivy`, Grype's `/grype`; snyk/snyk starts
  // a wrapper script, which the action replaces with `--entrypoint /usr/local/bin/snyk` (so the wrapper here refuses).
  const layout: Record<StandInScanner, string[]> = {
    trivy: ['COPY standin.sh /usr/local/bin/trivy', 'ENTRYPOINT ["/usr/local/bin/trivy"]'],
    grype: ['COPY standin.sh /grype', 'ENTRYPOINT ["/grype"]'],
    snyk: [
      'COPY standin.sh /usr/local/bin/snyk',
      'RUN printf \'#!/bin/sh\\necho "the wrapper entrypoint ran" >&2\\nexit 99\\n\' > /usr/local/bin/docker-entrypoint.sh && chmod 755 /usr/local/bin/docker-entrypoint.sh',
      'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]'
    ]
  }
  writeFileSync(
    join(dir, 'Dockerfile'),
    [`FROM ${testBench().baseImage}`, 'COPY samples/ /samples/', ...layout[scanner], ''].join('\n')
  )
  const name = `${testBench().registry}/standin/${scanner}`
  await docker(['build', '--network', 'host', '--tag', `${name}:test`, dir])
  const pushed = await docker(['push', `${name}:test`])
  const digest = (/digest: (sha256:[a-f0-9]{64})/.exec(pushed) as RegExpExecArray)[1]
  return `${name}@${digest}`
}

/** The scan containers any scan left behind, running or not (scan-image labels each one it starts). */
export async function leftoverScanContainers(): Promise<string[]> {
  const listed = await docker([
    'ps',
    '--all',
    '--quiet',
    '--filter',
    'label=io.github.docker-actions.scan-image'
  ])
  return listed.split('\n').filter(Boolean)
}
