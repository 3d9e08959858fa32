import { UserError } from '../errors.js'
import { type ImageReference, isValidDigest, parseReference } from '../image/reference.js'
import { INDEX_TYPES, type Manifest, type RegistryClient, type RegistryOptions } from './client.js'
import { clientFor } from './index.js'

export interface PromoteOptions {
  /** By tag (resolved once, at the start) or by digest. */
  source: string
  /** Tagged references to write; other repositories and registries allowed. */
  targets: string[]
  expectedDigest?: string
  allowOverwrite?: boolean
  dryRun?: boolean
  registry?: RegistryOptions
  /** Blobs transferred at once per manifest. */
  concurrency?: number
  log?: (message: string) => void
}

export type TargetAction = 'created' | 'moved' | 'unchanged' | 'would create' | 'would move'
export type TransferMode = 'same repository' | 'cross-repository mount' | 'cross-registry copy'

export interface TargetResult {
  reference: string
  action: TargetAction
  mode: TransferMode
  previousDigest?: string
  blobs: { present: number; mounted: number; copied: number }
  bytesUploaded: number
}

export interface PromotionResult {
  source: string
  digest: string
  mediaType: string
  targets: TargetResult[]
  bytesUploaded: number
  seconds: number
}

interface Descriptor {
  digest: string
  size: number
  mediaType?: string
  urls?: string[]
}
interface ManifestBody {
  manifests?: Descriptor[]
  config?: Descriptor
  layers?: Descriptor[]
}

function parseTarget(text: string): ImageReference & { tag: string } {
  const ref = parseReference(text)
  if (!ref.tag || ref.digest) {
    throw new UserError(
      `Target "${text}" must be a tagged reference (e.g. ghcr.io/acme/app:staging), without a digest.`
    )
  }
  return ref as ImageReference & { tag: string }
}

/** Runs `work` over `items` with at most `limit` at once; the first failure rejects (others finish). */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const errors: unknown[] = []
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && errors.length === 0) {
      const item = items[next++]
      await work(item).catch(error => errors.push(error))
    }
  })
  await Promise.all(runners)
  if (errors.length > 0) throw errors[0]
}

class TreeCopier {
  private readonly done = new Set<string>()
  readonly blobs = { present: 0, mounted: 0, copied: 0 }

  constructor(
    private readonly source: { client: RegistryClient; repository: string },
    private readonly target: { client: RegistryClient; repository: string },
    readonly mode: TransferMode,
    private readonly concurrency: number
  ) {}

  private async copyBlob(blob: Descriptor): Promise<void> {
    if (this.done.has(blob.digest) || blob.urls?.length) return // foreign layers stay where they are
    this.done.add(blob.digest)
    const { client, repository } = this.target
    if (await client.hasBlob(repository, blob.digest)) {
      this.blobs.present++
      return
    }
    if (
      this.mode === 'cross-repository mount' &&
      (await client.mountBlob(repository, blob.digest, this.source.repository))
    ) {
      this.blobs.mounted++
      return
    }
    await client.uploadBlob(repository, blob.digest, blob.size, () =>
      this.source.client.openBlob(this.source.repository, blob.digest)
    )
    this.blobs.copied++
  }

  /** Copies everything `manifest` needs (children first, blobs), but not the manifest itself. */
  async copyContents(manifest: Manifest): Promise<void> {
    const parsed = JSON.parse(manifest.body.toString('utf8')) as ManifestBody
    if (INDEX_TYPES.includes(manifest.mediaType) || parsed.manifests) {
      for (const child of parsed.manifests ?? []) {
        const childManifest = await this.source.client.getManifest(this.source.repository, child.digest)
        if (!childManifest)
          throw new UserError(
            `The source index names ${child.digest}, which the source registry does not have.`
          )
        await this.copyContents(childManifest)
        await this.target.client.putManifest(
          this.target.repository,
          child.digest,
          childManifest.body,
          childManifest.mediaType
        )
      }
      return
    }
    const blobs = [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])]
    await pool(blobs, this.concurrency, blob => this.copyBlob(blob))
  }
}

/**
 * Makes every target tag point at the source's digest, moving as few bytes as possible: a manifest PUT
 * within a repository, cross-repository mounts within a registry, streamed copies of missing blobs
 * across registries. Every target is checked before anything is written; each tag is written last,
 * after all its blobs and child manifests, and read back.
 */
export async function promoteImage(options: PromoteOptions): Promise<PromotionResult> {
  const started = Date.now()
  const log = options.log ?? (() => undefined)
  if (options.expectedDigest && !isValidDigest(options.expectedDigest)) {
    throw new UserError(`expected-digest "${options.expectedDigest}" is not a digest (sha256:<64 hex>).`)
  }
  const source = parseReference(options.source)
  const targets = options.targets.map(parseTarget)
  if (targets.length === 0)
    throw new UserError('No targets given: list at least one tagged reference in `targets`.')
  const sourceClient = clientFor(source.registry, options.registry)
  const manifest = await sourceClient.getManifest(source.repository, source.digest ?? source.tag ?? 'latest')
  if (!manifest) throw new UserError(`Source ${options.source} does not exist in the registry.`)
  const { digest } = manifest
  log(`source ${options.source} is ${digest}`)
  if (options.expectedDigest && options.expectedDigest !== digest) {
    throw new UserError(
      `Source ${options.source} resolves to ${digest}, not the expected ${options.expectedDigest}: the tag moved since it was tested. Nothing was promoted.`
    )
  }

  // Check every target before writing any, so a refusal never leaves a half-done promotion.
  const plans = []
  for (const [index, target] of targets.entries()) {
    const client = clientFor(target.registry, options.registry)
    const existing = await client.headManifest(target.repository, target.tag)
    if (existing && existing.digest !== digest && !options.allowOverwrite) {
      throw new UserError(
        `${options.targets[index]} already points at ${existing.digest}, not ${digest}. Refusing to move it; set allow-overwrite: true to move it. Nothing was promoted.`
      )
    }
    const mode: TransferMode =
      target.registry !== source.registry
        ? 'cross-registry copy'
        : target.repository !== source.repository
          ? 'cross-repository mount'
          : 'same repository'
    plans.push({ reference: options.targets[index], target, client, previous: existing?.digest, mode })
  }

  const results: TargetResult[] = []
  for (const plan of plans) {
    const unchanged = plan.previous === digest
    const before = plan.client.bytesUploaded
    const copier = new TreeCopier(
      { client: sourceClient, repository: source.repository },
      { client: plan.client, repository: plan.target.repository },
      plan.mode,
      options.concurrency ?? 4
    )
    let action: TargetAction
    if (unchanged) action = 'unchanged'
    else if (options.dryRun) action = plan.previous ? 'would move' : 'would create'
    else {
      if (plan.mode !== 'same repository') await copier.copyContents(manifest)
      await plan.client.putManifest(
        plan.target.repository,
        plan.target.tag,
        manifest.body,
        manifest.mediaType
      )
      const written = await plan.client.headManifest(plan.target.repository, plan.target.tag)
      if (written?.digest !== digest) {
        throw new UserError(
          `${plan.reference} reads back as ${written?.digest ?? 'missing'} after writing ${digest}.`
        )
      }
      action = plan.previous ? 'moved' : 'created'
    }
    log(`${plan.reference}: ${action} (${plan.mode})`)
    results.push({
      reference: plan.reference,
      action,
      mode: plan.mode,
      previousDigest: plan.previous,
      blobs: copier.blobs,
      bytesUploaded: plan.client.bytesUploaded - before
    })
  }
  return {
    source: options.source,
    digest,
    mediaType: manifest.mediaType,
    targets: results,
    bytesUploaded: results.reduce((sum, result) => sum + result.bytesUploaded, 0),
    seconds: (Date.now() - started) / 1000
  }
}
