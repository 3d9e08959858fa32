/**
 * Where a promotion knows blobs to be, so a blob already in the target registry is mounted (linked,
 * 0 bytes) instead of uploaded again. "Known" means seen by this promotion, in this process, never
 * guessed or remembered across runs:
 * - the source repository holds every blob its manifests name (a registry takes a manifest only when
 *   the repository has its blobs), so does each repository whose tag held an image manifest when the
 *   targets were read;
 * - a target repository holds a blob once this promotion found it there, mounted it or uploaded it,
 *   so the second target in a registry mounts from the first instead of uploading again.
 * A mount the registry refuses (202: e.g. no pull access to that repository) costs one request and
 * falls back to the next holder, then to an upload.
 */
export class BlobLocations {
  /** registry -> digest -> repositories, most recently learned last. */
  private readonly holders = new Map<string, Map<string, string[]>>()

  /** Records that `repository` of `registry` holds each of `digests`. */
  add(registry: string, repository: string, digests: Iterable<string>): void {
    let byDigest = this.holders.get(registry)
    if (!byDigest) this.holders.set(registry, (byDigest = new Map()))
    for (const digest of digests) {
      const repositories = byDigest.get(digest) ?? []
      if (!repositories.includes(repository)) byDigest.set(digest, [...repositories, repository])
    }
  }

  /** Whether `repository` is known to hold the blob. */
  holds(registry: string, repository: string, digest: string): boolean {
    return this.holders.get(registry)?.get(digest)?.includes(repository) ?? false
  }

  /** The repositories of `registry` known to hold the blob, other than `except`, first learned first. */
  holdersOf(registry: string, digest: string, except: string): string[] {
    return (this.holders.get(registry)?.get(digest) ?? []).filter(repository => repository !== except)
  }
}
