import semver from 'semver'

/*
 * Versioned base tags (`base-1.2.3`, `1.2.3`, `v1.2`, `3.12-alpine`): which tags of the base's
 * repository are newer versions of the one a service pins, by semver rules and an update policy.
 */

export type UpdatePolicy = 'patch' | 'minor' | 'major'
export const UPDATE_POLICIES: readonly UpdatePolicy[] = ['patch', 'minor', 'major']

export interface VersionTag {
  tag: string
  /** What comes before the numbers, e.g. `base-` or `v` (may be empty). */
  prefix: string
  /** What comes after them (and after a pre-release), e.g. `-alpine` (may be empty). */
  suffix: string
  /** How many numbers the tag has (1 to 3): `v1.2` is only compared with other `v<major>.<minor>` tags. */
  parts: number
  /** The tag's version as full semver (missing numbers are 0), with its pre-release if any. */
  version: semver.SemVer
}

/**
 * prefix, numbers, optional pre-release, suffix. The prefix is letters and separators (`base-`,
 * `v`; never digits, so `sha-3f2a…` and `2024-01-05` are not versions); a pre-release is a semver-looking word
 * (`-rc.1`, `-beta2`, `-alpha`), anything else after the numbers is the suffix (`-alpine`).
 */
const VERSION_TAG =
  /^((?:[A-Za-z][A-Za-z_.-]*?)?)(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(-(?:alpha|beta|rc|pre|preview|dev)(?:[.-]?\d+)*)?(|[-_+.][A-Za-z][A-Za-z0-9_.-]*)$/i

/** The version a tag carries; undefined for tags that are not versions (`main`, `latest`, `sha-…`). */
export function parseVersionTag(tag: string): VersionTag | undefined {
  const match = VERSION_TAG.exec(tag)
  if (!match) return undefined
  const [, prefix, major, minor, patch, prerelease, suffix] = match
  const parts = patch !== undefined ? 3 : minor !== undefined ? 2 : 1
  const text = `${Number(major)}.${Number(minor ?? 0)}.${Number(patch ?? 0)}${prerelease ? `-${prerelease.slice(1).replace(/^(alpha|beta|rc|pre|preview|dev)(?=\d)/i, '$1.')}` : ''}`
  const version = semver.parse(text)
  if (!version) return undefined
  return { tag, prefix, suffix, parts, version }
}

export interface NewerVersionOptions {
  update: UpdatePolicy
  /** Consider pre-release tags (`1.3.0-rc.1`) as candidates. */
  prereleases?: boolean
}

/** Is `candidate` of the same kind as `current`: same prefix, suffix and number of parts? */
function sameKind(current: VersionTag, candidate: VersionTag): boolean {
  return (
    candidate.prefix === current.prefix &&
    candidate.suffix === current.suffix &&
    candidate.parts === current.parts
  )
}

/** Does the policy allow moving from `current` to `candidate`? */
function allowed(current: semver.SemVer, candidate: semver.SemVer, update: UpdatePolicy): boolean {
  if (update === 'major') return true
  if (candidate.major !== current.major) return false
  return update === 'minor' || candidate.minor === current.minor
}

/**
 * The newest tag in `tags` that is a newer version of `currentTag` of the same kind, allowed by the
 * policy; undefined when `currentTag` is not a version or nothing newer is allowed.
 */
export function newestVersion(
  currentTag: string,
  tags: Iterable<string>,
  options: NewerVersionOptions
): VersionTag | undefined {
  const current = parseVersionTag(currentTag)
  if (!current) return undefined
  let best: VersionTag | undefined
  for (const tag of tags) {
    const candidate = parseVersionTag(tag)
    if (!candidate || !sameKind(current, candidate)) continue
    if (candidate.version.prerelease.length > 0 && !options.prereleases) continue
    if (!semver.gt(candidate.version, current.version)) continue
    if (!allowed(current.version, candidate.version, options.update)) continue
    if (!best || semver.gt(candidate.version, best.version)) best = candidate
  }
  return best
}
