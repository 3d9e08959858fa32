/**
 * examples/app as the tests and benchmarks build it: the docker build arguments of its production
 * stage, and a copy of it with one small dependency (its RUN steps then run under emulation for arm64).
 */
import { cpSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The bench's multi-platform base image (linux/amd64 + linux/arm64), see scripts/testbench. */
export function multiarchBaseImage(): string {
  const base = process.env.TESTBENCH_MULTIARCH_BASE_IMAGE
  if (!base) throw new Error('the bench has no TESTBENCH_MULTIARCH_BASE_IMAGE (arm64 emulation)')
  return base
}

/**
 * `docker build` arguments for examples/app's production stage on `baseImage`, with the
 * version.json of acme/app at `version` (commit and build as given).
 */
export function exampleAppBuildArgs(
  baseImage: string | undefined,
  version: { version: string; commit: string; build: string }
): string[] {
  const versionJson = JSON.stringify({ source: 'https://github.com/acme/app', ...version })
  return [
    '--target',
    'production',
    '--build-arg',
    `BASE_IMAGE=${baseImage}`,
    '--build-arg',
    `DOCKERFLOW_VERSION_JSON=${versionJson}`
  ]
}

/** A build-deps.sh that makes a ~200 kB compressed dependency (a few seconds emulated). */
export const COMPRESSED_DEPENDENCY =
  'set -eu\nmkdir -p "$2"\nyes tiny | head -c 200000 | bzip2 -9 > "$2/tiny-1.0.bz2"\n(cd "$2" && sha256sum tiny-1.0.bz2 > SHA256SUMS)\n'

/** Gives the examples/app in `dir` one small dependency, `tiny 1.0`, made by `buildDeps`. */
export function addSmallDependency(dir: string, buildDeps = COMPRESSED_DEPENDENCY): string {
  writeFileSync(join(dir, 'deps.txt'), 'tiny 1.0\n')
  writeFileSync(join(dir, 'build-deps.sh'), buildDeps)
  return dir
}

/** A copy of examples/app in `dir` with one small dependency (see addSmallDependency). */
export function smallApp(dir: string, buildDeps = COMPRESSED_DEPENDENCY): string {
  cpSync(resolve('examples/app'), dir, { recursive: true })
  return addSmallDependency(dir, buildDeps)
}
