import pLimit from 'p-limit'
import { UserError, errorMessage } from '../errors.js'
import { type ImageReference, isValidDigest, parseReference, withTag } from '../image/reference.js'
import { matchesDigest } from '../oci/digest.js'
import { isIndex } from '../oci/media-types.js'
import type { Descriptor } from '../oci/schemas.js'
import { untrustedText } from '../untrusted-text.js'
import { type Manifest, type RegistryOptions, type Repository, openRepository } from './client.js'
import { BlobLocations } from './blob-locations.js'
import {
  type ManifestCopier,
  type Referrer,
  attachedReferrers,
  copyReferrers,
  describeCopied
} from './referrers.js'

/** The source, resolved once: the exact manifest bytes every later step (gate, promotion) works on. */
export interface ResolvedSource extends Manifest {
  /** The reference as given. */
  reference: string
  ref: ImageReference
  /**
   * Its repository, for every later read of the source (gate records, provenance, referrers,
   * blobs): one client, so what was read by digest is not read again.
   */
  repository: Repository
}

export interface PromoteOptions {
  /** By tag or digest (resolved once, at the start), or already resolved with resolveSource. */
  source: string | ResolvedSource
  /** Tagged references that never move to another digest unless `allowOverwrite` (unique tags). */
  targets: string[]
  /** Tagged references that always move to the promoted digest (branch, `latest`, `1.2`, `staging`). */
  floatingTargets?: string[]
  expectedDigest?: string
  allowOverwrite?: boolean
  dryRun?: boolean
  registry?: RegistryOptions
  /** Blobs transferred at once per manifest. */
  concurrency?: number
  /**
   * Copy every referrer of the promoted digest (and of each manifest of an index) to other
   * repositories, before their tags are written (default true).
   */
  referrers?: boolean
  log?: (message: string) => void
  /**
   * The targets as read ahead by readTargets (started while the source is resolved and the gate
   * checked, so their reads cost no extra round trip); default: read here.
   */
  targetsRead?: Promise<TargetRead[]>
}

export type TargetAction =
  | 'created'
  | 'moved'
  | 'unchanged'
  | 'would create'
  | 'would move'
  /** The write of this target failed (whatever it held before was put back, as far as possible). */
  | 'failed'
  /** Written, then put back to what it was before because another target failed. */
  | 'restored'
  /** Not attempted: an earlier target failed. */
  | 'skipped'
export type TransferMode = 'same repository' | 'cross-repository mount' | 'cross-registry copy'

export interface TargetResult {
  reference: string
  /** From `floatingTargets` (moves freely) rather than `targets` (guarded). */
  floating: boolean
  action: TargetAction
  mode: TransferMode
  previousDigest?: string
  /**
   * Blobs found there (HEAD, or known from what the tag held), linked by a mount (within a registry
   * a mount is tried first, so a blob the repository already had counts here too), or uploaded.
   */
  blobs: { present: number; mounted: number; copied: number }
  /** Referrers (gate records, provenance, signatures…) copied to the target's repository / already there. */
  referrers: { copied: number; present: number }
  bytesUploaded: number
}

export interface PromotionResult {
  source: string
  digest: string
  mediaType: string
  targets: TargetResult[]
  bytesUploaded: number
  seconds: number
  /** Set when the promotion failed: what went wrong and what was put back. */
  failure?: string
}

/** A failed promotion, with the per-target results (what was written, failed, restored, skipped). */
export class PromotionError extends UserError {
  constructor(
    message: string,
    readonly result: PromotionResult
  ) {
    super(message)
    this.name = 'PromotionError'
  }
}

type Target = ImageReference & { tag: string }

function parseTarget(text: string): Target {
  const ref = parseReference(text)
  if (!ref.tag || ref.digest) {
    throw new UserError(
      `Target "${text}" must be a tagged reference (e.g. ghcr.io/acme/app:staging), without a digest.`
    )
  }
  return ref as Target
}

/**
 * Resolves the source once: one GET of its manifest, whose digest is the sha256 of the bytes received
 * (checked against Docker-Content-Digest when the registry sends it, and against the reference's own
 * digest). The gate is checked on this digest and exactly these bytes are promoted, so a push to the
 * source tag in between cannot slip an unscanned image through.
 */
export async function resolveSource(reference: string, options?: RegistryOptions): Promise<ResolvedSource> {
  const ref = parseReference(reference)
  const repository = openRepository(ref, options)
  const manifest = await repository.getManifest(ref.digest ?? ref.tag ?? 'latest')
  if (!manifest) throw new UserError(`Source ${reference} does not exist in the registry.`)
  const { declaredDigest, digest } = manifest
  if (declaredDigest && !matchesDigest(manifest.body, declaredDigest)) {
    throw new UserError(
      `${reference}: the registry says the manifest is ${untrustedText(declaredDigest, 150)}, but the bytes it sent are ${digest}. Nothing was promoted.`
    )
  }
  return { ...manifest, reference, ref, repository }
}

/**
 * Runs `work` over `items`, `limit` at a time. After a failure nothing new starts; the first failure
 * is thrown once the work already running has settled (nothing is left running behind the caller).
 */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const run = pLimit({ concurrency: limit, rejectOnClear: true })
  let failure: { error: unknown } | undefined
  await Promise.all(
    items.map(item =>
      run(() => work(item)).catch((error: unknown) => {
        if (failure) return // a later failure, or work cleared from the queue after the first
        failure = { error }
        run.clearQueue()
      })
    )
  )
  if (failure) throw failure.error
}

/**
 * Both at once, like Promise.all, but settled only when both have: the first failure is thrown once
 * nothing is left running behind the caller (a restore must not race a copy still writing).
 */
async function bothSettled<T>(first: Promise<unknown>, second: Promise<T>): Promise<T> {
  const [a, b] = await Promise.allSettled([first, second])
  if (a.status === 'rejected') throw a.reason
  if (b.status === 'rejected') throw b.reason
  return b.value
}

/** Targets read (and push access checked) at once. */
const READ_CONCURRENCY = 4

/** The most known holders a blob mount is tried from before it is uploaded instead. */
const MAX_MOUNT_SOURCES = 3

/** The blobs an image manifest names (none for an index: its children name theirs). */
const blobsOf = (manifest: Pick<Manifest, 'document'>): Descriptor[] => [
  ...(manifest.document.config ? [manifest.document.config] : []),
  ...(manifest.document.layers ?? [])
]

/**
 * Copies manifests' contents from one repository to another (index children; blobs mounted from a
 * repository of the target registry known to hold them, or streamed from the source).
 */
class TreeCopier implements ManifestCopier {
  private readonly done = new Set<string>()
  readonly blobs = { present: 0, mounted: 0, copied: 0 }

  constructor(
    private readonly source: Repository,
    private readonly target: Repository,
    private readonly locations: BlobLocations,
    private readonly concurrency: number
  ) {}

  private async copyBlob(blob: Descriptor): Promise<void> {
    if (this.done.has(blob.digest) || blob.urls?.length) return // foreign layers stay where they are
    this.done.add(blob.digest)
    const { registry, repository } = this.target
    if (this.locations.holds(registry, repository, blob.digest)) {
      this.blobs.present++
      return
    }
    // Within a registry a mount links the blob whether or not the repository has it: one request, 0 bytes.
    const holders = this.locations.holdersOf(registry, blob.digest, repository)
    for (const from of holders.slice(0, MAX_MOUNT_SOURCES)) {
      if (await this.target.mountBlob(blob.digest, from)) {
        this.blobs.mounted++
        this.locations.add(registry, repository, [blob.digest])
        return
      }
    }
    // Asked (HEAD) while the upload is set up, so a blob the target lacks costs no round trip more.
    const uploaded = await this.target.uploadBlob(
      blob.digest,
      blob.size,
      () => this.source.openWindowed(blob.digest),
      { unlessPresent: true }
    )
    if (uploaded) this.blobs.copied++
    else this.blobs.present++
    this.locations.add(registry, repository, [blob.digest])
  }

  /** Copies everything `manifest` (from the source repository) needs (children first, blobs), but not the manifest itself. */
  async copyContents(manifest: Manifest): Promise<void> {
    const { document } = manifest
    if (isIndex(document, manifest.mediaType)) {
      for (const child of document.manifests ?? []) {
        const childManifest = await this.source.getManifest(child.digest)
        if (!childManifest)
          throw new UserError(
            `The source index names ${child.digest}, which the source registry does not have.`
          )
        await this.copyContents(childManifest)
        await this.target.putManifest(child.digest, childManifest.body, childManifest.mediaType)
      }
      return
    }
    const blobs = blobsOf(manifest)
    // The source repository holds what its manifests name: a mount source within its registry.
    this.locations.add(
      this.source.registry,
      this.source.repository,
      blobs.map(blob => blob.digest)
    )
    // Largest first: the layer that takes longest starts first (and takes a session opened ahead).
    const bySize = [...blobs].sort((a, b) => b.size - a.size)
    await forEachLimited(bySize, this.concurrency, blob => this.copyBlob(blob))
  }
}

/** A target as read before anything is written. */
export interface TargetRead {
  reference: string
  floating: boolean
  target: Target
  repository: Repository
  /** What the tag held before, with its bytes, so it can be put back. */
  previous?: Manifest
}

interface Plan extends TargetRead {
  mode: TransferMode
}

/**
 * Reads every target (what each tag holds now, kept to put it back if needed), a few at once. The
 * targets are checked first (tagged, no digest; a tag in one list only).
 */
export function readTargets(
  options: Pick<PromoteOptions, 'targets' | 'floatingTargets' | 'registry'> & {
    /** The source's registry, when upload sessions may be opened at once (see openUploadSessions). */
    openUploadsFrom?: string
  }
): Promise<TargetRead[]> {
  // Checked at once (a bad target throws here, before anything is read); read in the background.
  const reads: TargetRead[] = collectTargets(options.targets, options.floatingTargets ?? []).map(
    ({ reference, floating, target }) => ({
      reference,
      floating,
      target,
      repository: openRepository(target, options.registry)
    })
  )
  if (options.openUploadsFrom !== undefined) openUploadSessions(reads, options.openUploadsFrom)
  return forEachLimited(reads, READ_CONCURRENCY, async read => {
    read.previous = await read.repository.getManifest(read.target.tag)
  }).then(
    () => reads,
    async (error: unknown) => {
      // Nobody gets these reads: the sessions opened with them are closed here.
      await closeUploadSessions(reads)
      throw error
    }
  )
}

/**
 * Opens one upload session ahead (Repository.openSpareSession) in the first target of each registry
 * other than the source's: the target whose blobs will be uploaded (later targets in that registry
 * mount from it). Only once nothing stands in the promotion's way but the promotion itself (no gate
 * or provenance left to check: a session holds no content, but nothing is opened for an image that
 * may be refused). Every session no upload took is closed by closeUploadSessions.
 */
export function openUploadSessions(reads: TargetRead[], sourceRegistry: string): void {
  const registries = new Set<string>([sourceRegistry])
  for (const { target, repository } of reads) {
    if (registries.has(target.registry)) continue
    registries.add(target.registry)
    repository.openSpareSession()
  }
}

/** Closes the upload sessions openUploadSessions opened that no upload took. */
export async function closeUploadSessions(reads: TargetRead[]): Promise<void> {
  await Promise.all(reads.map(read => read.repository.closeSpareSession()))
}

/** The targets of both lists, in writing order (guarded first), each once; one tag cannot be both. */
function collectTargets(
  targets: string[],
  floating: string[]
): Array<{ reference: string; floating: boolean; target: Target }> {
  const seen = new Map<string, boolean>()
  const collected = []
  for (const [list, isFloating] of [
    [targets, false],
    [floating, true]
  ] as const) {
    for (const reference of list) {
      const target = parseTarget(reference)
      const key = withTag(target, target.tag)
      if (seen.has(key)) {
        if (seen.get(key) !== isFloating) {
          throw new UserError(
            `${reference} is in both targets and floating-targets: a tag is either never moved or always moved. Nothing was promoted.`
          )
        }
        continue
      }
      seen.set(key, isFloating)
      collected.push({ reference, floating: isFloating, target })
    }
  }
  if (collected.length === 0)
    throw new UserError(
      'No targets given: list at least one tagged reference in `targets` or `floating-targets`.'
    )
  return collected
}

/**
 * Puts a tag this promotion wrote back as it was: the previous manifest's bytes again, or, for a tag
 * that did not exist, a tag deletion (which not every registry offers). A tag that does not hold the
 * promoted digest (never written, or written by someone else since) is left alone. Anything else
 * returned says, in words, what is left wrong.
 */
async function restore(plan: Plan, digest: string): Promise<'restored' | 'left alone' | string> {
  const { repository, target, reference } = plan
  try {
    const current = await repository.headManifest(target.tag)
    if (current?.digest !== digest) return 'left alone'
    if (plan.previous) {
      await repository.putManifest(target.tag, plan.previous.body, plan.previous.mediaType)
      const now = await repository.headManifest(target.tag)
      if (now?.digest === plan.previous.digest) return 'restored'
      return `${reference} could not be put back on ${plan.previous.digest} (it reads ${now?.digest ?? 'missing'})`
    }
    const status = await repository.deleteTag(target.tag)
    if (!(await repository.headManifest(target.tag))) return 'restored'
    return `${reference} did not exist before and could not be removed (the registry does not delete tags, HTTP ${status}); it still points at ${digest}`
  } catch (error) {
    return `${reference} could not be put back: ${errorMessage(error)}`
  }
}

/**
 * Makes every target tag point at the source's digest, moving as few bytes as possible: a manifest PUT
 * within a repository, cross-repository mounts within a registry, streamed copies of missing blobs
 * across registries. All or nothing: every target is checked (existing tags, push access) before any
 * is written, and when a write still fails, the tags already written are put back. Each tag is written
 * last, after all its blobs and child manifests, and read back.
 */
export async function promoteImage(options: PromoteOptions): Promise<PromotionResult> {
  const started = Date.now()
  const log = options.log ?? (() => undefined)
  if (options.expectedDigest && !isValidDigest(options.expectedDigest)) {
    throw new UserError(`expected-digest "${options.expectedDigest}" is not a digest (sha256:<64 hex>).`)
  }
  // Read while the source is resolved, unless the caller started it earlier still.
  const reading = options.targetsRead ?? readTargets(options)
  reading.catch(() => undefined) // awaited below; a source that fails first is the error to report
  const source =
    typeof options.source === 'string'
      ? await resolveSource(options.source, options.registry)
      : options.source
  const sourceRepository = source.repository
  const { digest } = source
  log(`source ${source.reference} is ${digest}`)
  if (options.expectedDigest && options.expectedDigest !== digest) {
    throw new UserError(
      `Source ${source.reference} resolves to ${digest}, not the expected ${options.expectedDigest}: the tag moved since it was tested. Nothing was promoted.`
    )
  }

  // Plan: every target read (keeping what it holds, to put it back if needed) before any is written.
  const locations = new BlobLocations()
  const plans: Plan[] = (await reading).map(read => ({
    ...read,
    mode:
      read.target.registry !== source.ref.registry
        ? 'cross-registry copy'
        : read.target.repository !== source.ref.repository
          ? 'cross-repository mount'
          : 'same repository'
  }))
  const refusals: string[] = []
  for (const { reference, floating, previous, repository } of plans) {
    if (previous && previous.digest !== digest && !floating && !options.allowOverwrite) {
      refusals.push(`${reference} already points at ${previous.digest}, not ${digest}`)
    }
    // What a tag holds, its repository holds: a mount source for the other targets in its registry.
    if (previous)
      locations.add(
        repository.registry,
        repository.repository,
        blobsOf(previous).map(blob => blob.digest)
      )
  }
  if (refusals.length > 0) {
    throw new UserError(
      `${refusals.join('; ')}. Refusing to move ${refusals.length === 1 ? 'it' : 'them'}: these are targets, which stay ` +
        'on their digest; list tags that should follow every promotion in floating-targets, or set allow-overwrite: true. Nothing was promoted.'
    )
  }
  const writes = plans.filter(plan => plan.previous?.digest !== digest)
  // With one write there is nothing to be half-done; with several, a refused push must come first.
  if (!options.dryRun && writes.length > 1) {
    const repositories = new Map(
      writes.map(plan => [`${plan.target.registry}/${plan.target.repository}`, plan])
    )
    await forEachLimited([...repositories.values()], READ_CONCURRENCY, plan =>
      plan.repository.checkPushAccess()
    )
  }

  // The digests whose referrers travel: the promoted one and, for an index, each manifest in it.
  const subjects = [
    digest,
    ...(isIndex(source.document, source.mediaType)
      ? (source.document.manifests ?? []).map(child => child.digest)
      : [])
  ]
  const carried = new Map<string, Promise<{ copied: number; present: number }>>()
  // The source's referrers are read once, whatever the number of target repositories.
  const listed = new Map<string, Promise<Referrer[]>>()
  const sourceReferrers = (subject: string): Promise<Referrer[]> => {
    let found = listed.get(subject)
    if (!found) listed.set(subject, (found = attachedReferrers(sourceRepository, subject)))
    return found
  }
  /** Copies the referrers to a plan's repository once per promotion (other repositories only). */
  const carryReferrers = (plan: Plan, copier: TreeCopier): Promise<{ copied: number; present: number }> => {
    const none = Promise.resolve({ copied: 0, present: 0 })
    if (plan.mode === 'same repository' || options.referrers === false) return none
    const key = plan.repository.name
    if (carried.has(key)) return carried.get(key)?.then(() => ({ copied: 0, present: 0 })) ?? none
    const copying = copyReferrers(sourceRepository, plan.repository, copier, subjects, sourceReferrers).then(
      copy => {
        for (const line of describeCopied(copy)) log(`copied ${line} to ${plan.repository.name}`)
        return { copied: [...copy.copied.values()].reduce((sum, n) => sum + n, 0), present: copy.present }
      }
    )
    carried.set(key, copying)
    return copying
  }

  const results: TargetResult[] = []
  const written: Array<{ plan: Plan; result: TargetResult }> = []
  let failure: { plan: Plan; result: TargetResult; error: unknown } | undefined
  for (const plan of plans) {
    const result: TargetResult = {
      reference: plan.reference,
      floating: plan.floating,
      action: 'skipped',
      mode: plan.mode,
      previousDigest: plan.previous?.digest,
      blobs: { present: 0, mounted: 0, copied: 0 },
      referrers: { copied: 0, present: 0 },
      bytesUploaded: 0
    }
    results.push(result)
    if (failure) continue
    const before = plan.repository.client.bytesUploaded
    const copier = new TreeCopier(sourceRepository, plan.repository, locations, options.concurrency ?? 4)
    result.blobs = copier.blobs
    if (plan.previous?.digest === digest) {
      result.action = 'unchanged'
      // A tag already there still gets what was attached since (a newer gate record, say).
      if (!options.dryRun) {
        try {
          result.referrers = await carryReferrers(plan, copier)
        } catch (error) {
          result.action = 'failed'
          failure = { plan, result, error }
        } finally {
          result.bytesUploaded = plan.repository.client.bytesUploaded - before
        }
      }
    } else if (options.dryRun) result.action = plan.previous ? 'would move' : 'would create'
    else {
      try {
        // The image's contents and its referrers travel at once; both before the tag, so a tag
        // never points at an image whose blobs or gate records did not arrive.
        result.referrers = await bothSettled(
          plan.mode === 'same repository' ? Promise.resolve() : copier.copyContents(source),
          carryReferrers(plan, copier)
        )
        await plan.repository.putManifest(plan.target.tag, source.body, source.mediaType)
        const now = await plan.repository.headManifest(plan.target.tag)
        if (now?.digest !== digest) {
          throw new UserError(
            `${plan.reference} reads back as ${now?.digest ?? 'missing'} after writing ${digest}.`
          )
        }
        result.action = plan.previous ? 'moved' : 'created'
        written.push({ plan, result })
      } catch (error) {
        result.action = 'failed'
        failure = { plan, result, error }
      } finally {
        result.bytesUploaded = plan.repository.client.bytesUploaded - before
      }
    }
    log(`${plan.reference}: ${result.action} (${plan.mode})`)
  }

  const outcome: PromotionResult = {
    source: source.reference,
    digest,
    mediaType: source.mediaType,
    targets: results,
    bytesUploaded: results.reduce((sum, result) => sum + result.bytesUploaded, 0),
    seconds: 0
  }
  if (failure) {
    // Put back what this promotion wrote, newest first; the failed target too, in case its write
    // landed although the request failed.
    const leftOver: string[] = []
    const failed = await restore(failure.plan, digest)
    if (failed !== 'restored' && failed !== 'left alone') leftOver.push(failed)
    for (const { plan, result } of written.reverse()) {
      const restored = await restore(plan, digest)
      if (restored === 'restored') result.action = 'restored'
      else if (restored !== 'left alone') leftOver.push(restored)
      log(`${plan.reference}: ${result.action}`)
    }
    const message =
      `Promoting ${digest} to ${failure.plan.reference} failed: ${errorMessage(failure.error)}. ` +
      (leftOver.length > 0
        ? `Not everything could be put back: ${leftOver.join('; ')}.`
        : written.length > 0
          ? 'Every target written before it was put back as it was.'
          : 'No other target had been written.')
    outcome.failure = message
    outcome.seconds = (Date.now() - started) / 1000
    throw new PromotionError(message, outcome)
  }
  outcome.seconds = (Date.now() - started) / 1000
  return outcome
}
