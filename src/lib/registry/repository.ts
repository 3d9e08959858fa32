import { UserError, errorMessage } from '../errors.js'
import { isValidDigest, isValidTag } from '../image/reference.js'
import { digestOf, matchesDigest } from '../oci/digest.js'
import { MANIFEST_ACCEPT, MEDIA_TYPES } from '../oci/media-types.js'
import type { Descriptor, ManifestDocument } from '../oci/schemas.js'
import { untrustedText } from '../untrusted-text.js'
import type { RegistryClient } from './client.js'
import { type HttpResponse, discardBody } from './http.js'
import { BlobCopy } from './blob-copy.js'
import type { WindowedBody, WindowedResponse } from './wire.js'
import { RegistryError } from './errors.js'
import { InvalidResponseError, documents, readBody, readJson } from './limits.js'
import { isRetryableStatus, withRetries } from './retry.js'
import { resolveUploadLocation } from './trust.js'

/** The most pages of a referrers listing followed (each capped like every response). */
export const MAX_REFERRER_PAGES = 20
/** Tags asked for per page of a tag listing. */
export const DEFAULT_TAG_PAGE_SIZE = 1000
/** The most tags a listing reads; more is refused. */
export const DEFAULT_MAX_TAGS = 10_000

/** A blob's content as openWindowed reads it, and what it is (for messages). */
export interface WindowedBlob {
  window: WindowedBody
  /** `<registry>/<repository>@<digest>` */
  from: string
}

/** A manifest as the registry sent it: its exact bytes, and what they are. */
export interface Manifest {
  body: Buffer
  mediaType: string
  /** The sha256 of the bytes received (checked against the reference when it is a digest). */
  digest: string
  /** The registry's Docker-Content-Digest header, when it sent one (not checked here). */
  declaredDigest?: string
  /** The body, parsed and checked against the manifest schema. */
  document: ManifestDocument
}

/**
 * Digests and references reach the client from manifests a registry sent (index children, layers):
 * anything that is not one is refused before it becomes part of a URL or a message.
 */
function checkDigest(digest: string): string {
  if (!isValidDigest(digest))
    throw new InvalidResponseError(`"${untrustedText(digest, 100)}" is not a digest (sha256:<64 hex>).`)
  return digest
}
function checkReference(reference: string): string {
  if (!isValidDigest(reference) && !isValidTag(reference))
    throw new InvalidResponseError(`"${untrustedText(reference, 100)}" is neither a tag nor a digest.`)
  return reference
}

const mediaTypeOf = (response: HttpResponse): string | undefined =>
  response.headers.get('content-type')?.split(';')[0].trim() || undefined

/**
 * The OCI distribution API of one repository (`<registry>/<name>`), over its registry's client: the
 * one repository-bound client the library uses (promotion, the gate, image configs).
 */
export class Repository {
  /** `<registry>/<repository>`, for messages. */
  readonly name: string
  /**
   * Manifests read by digest, kept for the life of this object: a digest names exactly one content
   * (checked on every read), so a promotion whose gate check read a record does not read it again
   * to copy it. Only what was found is kept.
   */
  private readonly manifestsByDigest = new Map<string, Promise<Manifest | undefined>>()
  /** Whether the registry answered the referrers API (undefined: not asked yet). */
  private referrersApi?: boolean
  /** An upload session opened ahead of the first upload (openSpareSession); undefined once taken. */
  private spareSession?: Promise<HttpResponse | undefined>

  constructor(
    readonly client: RegistryClient,
    readonly repository: string
  ) {
    this.name = `${client.registry}/${repository}`
  }

  get registry(): string {
    return this.client.registry
  }

  private get pull(): string[] {
    return [`repository:${this.repository}:pull`]
  }
  private get push(): string[] {
    return [`repository:${this.repository}:pull,push`]
  }

  private request(method: string, path: string, options: Parameters<RegistryClient['request']>[2]) {
    return this.client.request(method, path, options)
  }

  /** A manifest request by tag or digest, with every manifest type accepted; 404 is an answer. */
  private async requestManifest(
    method: 'GET' | 'HEAD',
    reference: string
  ): Promise<HttpResponse | undefined> {
    checkReference(reference)
    const response = await this.request(method, `/v2/${this.repository}/manifests/${reference}`, {
      headers: { accept: MANIFEST_ACCEPT },
      scopes: this.pull,
      ok: [404]
    })
    if (response.status !== 404) return response
    await discardBody(response)
    return undefined
  }

  /** The manifest (or index) a tag or digest names; undefined when there is none (404). */
  getManifest(reference: string): Promise<Manifest | undefined> {
    if (!isValidDigest(reference)) return this.readManifest(reference)
    let reading = this.manifestsByDigest.get(reference)
    if (!reading) {
      reading = this.readManifest(reference)
      this.manifestsByDigest.set(reference, reading)
      const forget = (): void => void this.manifestsByDigest.delete(reference)
      reading.then(manifest => manifest ?? forget(), forget)
    }
    return reading
  }

  private async readManifest(reference: string): Promise<Manifest | undefined> {
    const response = await this.requestManifest('GET', reference)
    if (!response) return undefined
    const what = `${this.name}: the manifest ${untrustedText(reference, 80)}`
    const body = await readBody(response, this.client.maxResponseBytes, what)
    const digest = digestOf(body)
    if (isValidDigest(reference) && !matchesDigest(body, reference)) {
      throw new RegistryError(
        `${this.name}@${reference}: the registry sent content with digest ${digest}.`,
        502
      )
    }
    const { ManifestSchema, parseJson } = await documents()
    const document = parseJson(ManifestSchema, body, what, { error: InvalidResponseError })
    return {
      body,
      mediaType: mediaTypeOf(response) ?? document.mediaType ?? '',
      digest,
      declaredDigest: response.headers.get('docker-content-digest') ?? undefined,
      document
    }
  }

  /** The digest a tag points at now (HEAD; GET when the registry omits Docker-Content-Digest or garbles it). */
  async headManifest(
    reference: string
  ): Promise<{ digest: string; mediaType: string; size: number } | undefined> {
    const response = await this.requestManifest('HEAD', reference)
    if (!response) return undefined
    const digest = response.headers.get('docker-content-digest')
    if (!digest || !isValidDigest(digest)) {
      const manifest = await this.getManifest(reference)
      return (
        manifest && { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.body.length }
      )
    }
    return {
      digest,
      mediaType: mediaTypeOf(response) ?? '',
      size: Number(response.headers.get('content-length') ?? 0)
    }
  }

  async putManifest(
    reference: string,
    body: Buffer,
    mediaType: string
  ): Promise<{ digest: string; subjectHeader: boolean }> {
    checkReference(reference)
    const response = await this.request('PUT', `/v2/${this.repository}/manifests/${reference}`, {
      headers: { 'content-type': mediaType },
      body,
      scopes: this.push
    })
    await discardBody(response)
    return {
      digest: response.headers.get('docker-content-digest') ?? digestOf(body),
      subjectHeader: response.headers.has('oci-subject')
    }
  }

  /**
   * Deletes a tag (by tag only: deleting by digest would remove the manifest and every other tag on
   * it). Returns the status: not every registry deletes tags (400/404/405 are answers, not errors).
   */
  async deleteTag(tag: string): Promise<number> {
    if (!isValidTag(tag)) throw new UserError(`"${untrustedText(tag, 100)}" is not a tag.`)
    const response = await this.request('DELETE', `/v2/${this.repository}/manifests/${tag}`, {
      scopes: this.push,
      ok: [400, 404, 405]
    })
    await discardBody(response)
    return response.status
  }

  /** A blob request (redirects to storage followed); `ok` lists the statuses that are answers. */
  private requestBlob(method: 'GET' | 'HEAD', digest: string, ok: number[] = []): Promise<HttpResponse> {
    checkDigest(digest)
    return this.request(method, `/v2/${this.repository}/blobs/${digest}`, { scopes: this.pull, ok })
  }

  async hasBlob(digest: string): Promise<boolean> {
    const response = await this.requestBlob('HEAD', digest, [404])
    return response.status !== 404
  }

  /** A small blob (image config, gate record) read into memory, capped; layers go through openBlob. */
  async getBlob(digest: string): Promise<Buffer> {
    const response = await this.requestBlob('GET', digest)
    const data = await readBody(response, this.client.maxResponseBytes, `${this.name}: the blob ${digest}`)
    if (!matchesDigest(data, digest))
      throw new RegistryError(`${this.name}: blob ${digest} arrived corrupted.`, 502)
    return data
  }

  /**
   * The blob's content as a web stream (not buffered), for copying between registries: it goes
   * straight into the target's PUT, with no node-stream conversion in between.
   */
  async openBlob(digest: string): Promise<ReadableStream<Uint8Array>> {
    const response = await this.requestBlob('GET', digest)
    if (!response.body) throw new RegistryError(`${this.name}: blob ${digest} has no body.`, 502)
    return response.body as ReadableStream<Uint8Array>
  }

  /**
   * The blob's content read through a reused window (wire.ts), for copying to another registry with
   * uploadBlob: no fresh memory per piece, whatever the layer's size.
   */
  async openWindowed(digest: string): Promise<WindowedBlob> {
    checkDigest(digest)
    const response = (await this.request('GET', `/v2/${this.repository}/blobs/${digest}`, {
      scopes: this.pull,
      windowed: true
    })) as WindowedResponse
    if (!response.window) throw new RegistryError(`${this.name}: blob ${digest} has no body.`, 502)
    return { window: response.window, from: `${this.name}@${digest}` }
  }

  private async startUpload(query = '', extraScopes: string[] = []): Promise<HttpResponse> {
    return this.request('POST', `/v2/${this.repository}/blobs/uploads/${query}`, {
      scopes: [...this.push, ...extraScopes],
      ok: [201, 202]
    })
  }

  private uploadUrl(response: HttpResponse): URL {
    const location = response.headers.get('location')
    if (!location)
      throw new RegistryError(`${this.registry}: the upload was accepted without a Location.`, 502)
    return resolveUploadLocation(this.client.baseUrl, location, this.registry)
  }

  /** Closes an upload session nobody will finish (best effort: an abandoned session expires anyway). */
  private async abandonUpload(session: HttpResponse): Promise<void> {
    if (!session.headers.get('location')) return
    try {
      const response = await this.request('DELETE', this.uploadUrl(session).toString(), {
        scopes: this.push,
        ok: [404, 405]
      })
      await discardBody(response)
    } catch {
      // an abandoned session expires on its own
    }
  }

  /**
   * Opens an upload session before any upload needs it (a promotion does so while it reads the source),
   * so the POST, which a registry may answer only after writing and syncing a file, is off the copy's
   * path: the next upload takes it. A session nobody takes is closed by closeSpareSession; one the
   * registry refuses is forgotten (the upload then opens its own, and reports the refusal).
   */
  openSpareSession(): void {
    if (this.spareSession) return
    this.spareSession = this.startUpload().then(
      async session => {
        await discardBody(session)
        if (!session.headers.get('location')) return undefined
        return session
      },
      () => undefined
    )
  }

  /** Closes the spare upload session if no upload took it (best effort, like every abandoned session). */
  async closeSpareSession(): Promise<void> {
    const spare = this.spareSession
    this.spareSession = undefined
    const session = await spare
    if (session) await this.abandonUpload(session)
  }

  /** Cross-repository mount; true when the registry linked the blob (201), false when it did not (202). */
  async mountBlob(digest: string, from: string): Promise<boolean> {
    checkDigest(digest)
    const query = `?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`
    const response = await this.startUpload(query, [`repository:${from}:pull`])
    await discardBody(response)
    if (response.status === 201) return true
    // 202: an upload session was opened instead; close it so it does not linger.
    await this.abandonUpload(response)
    return false
  }

  /**
   * Proves we may push here before anything is written: an upload session is opened (the request
   * that needs push rights, whatever the auth scheme) and closed again.
   */
  async checkPushAccess(): Promise<void> {
    let session: HttpResponse
    try {
      session = await this.startUpload()
    } catch (error) {
      throw new UserError(`No push access to ${this.name} (${errorMessage(error)}). Nothing was promoted.`)
    }
    await discardBody(session)
    await this.abandonUpload(session)
  }

  /** Monolithic upload of an in-memory blob (skipped when present); returns its digest. */
  async putBlob(data: Buffer): Promise<string> {
    const digest = digestOf(data)
    if (await this.hasBlob(digest)) return digest
    await this.uploadBlob(digest, data.length, async () => new Blob([data]).stream())
    return digest
  }

  /**
   * Uploads a blob from a stream (opened again for every attempt), in one PUT with Content-Length, so
   * nothing is staged on disk; the registry verifies the digest. A failed attempt abandons its upload
   * session and starts a new one: a half-sent session is never reused. Resolves true once uploaded.
   *
   * `unlessPresent`: the blob is uploaded only if this repository does not have it yet. The HEAD that
   * asks goes out with the upload session's POST and the content's GET (across registries, one
   * loopback or network round trip before the first byte moves instead of two); when the HEAD finds
   * the blob, the session is closed again (DELETE) and the content let go unread, nothing is uploaded,
   * and it resolves false. A HEAD that fails fails the upload, as asking first would.
   */
  async uploadBlob(
    digest: string,
    size: number,
    open: () => Promise<ReadableStream<Uint8Array> | WindowedBlob>,
    options: { unlessPresent?: boolean } = {}
  ): Promise<boolean> {
    checkDigest(digest)
    // Asked once, with the first attempt; its answer holds for the later ones.
    const present = options.unlessPresent ? this.hasBlob(digest) : undefined
    present?.catch(() => undefined) // awaited in the attempt
    let askFailure: { error: unknown } | undefined
    return withRetries(
      this.client.retry,
      async () => {
        // The content is asked for while the upload session is opened: one round trip less before
        // the first byte moves (across registries, the source's GET overlaps the target's POST).
        const opening = open()
        opening.catch(() => undefined) // awaited below, once the session is open
        const letGo = (): Promise<void> =>
          opening.then(
            body => ('window' in body ? body.window.cancel() : void body.cancel().catch(() => undefined)),
            () => undefined
          )
        // The spare session, when one was opened ahead and its POST succeeded; else a new one.
        const spare = this.spareSession
        this.spareSession = undefined
        let session: HttpResponse
        try {
          session = (await spare) ?? (await this.startUpload())
          await discardBody(session)
        } catch (error) {
          // Not sent: the content opened meanwhile is let go.
          await Promise.all([letGo(), present?.catch(() => undefined)])
          throw error
        }
        let found = false
        try {
          found = (await present) ?? false
        } catch (error) {
          askFailure = { error }
        }
        if (found || askFailure) {
          await Promise.all([letGo(), this.abandonUpload(session)])
          if (askFailure) throw askFailure.error
          return false
        }
        const url = this.uploadUrl(session)
        url.searchParams.set('digest', digest)
        const opened = await opening
        if ('window' in opened) {
          // Checked and copied through reused memory; the content's own failure is the one to report.
          const copy = new BlobCopy(opened.window, digest, size, opened.from)
          try {
            await this.putContent(url, size, copy)
          } catch (error) {
            throw copy.failure ?? error
          } finally {
            // Whatever happened to the PUT, the download's connection does not outlive it.
            opened.window.cancel()
            this.client.bytesUploaded += copy.sent
          }
          return true
        }
        let sent = 0
        try {
          const counted = opened.pipeThrough(
            new TransformStream<Uint8Array, Uint8Array>({
              transform(chunk, controller) {
                sent += chunk.byteLength
                controller.enqueue(chunk)
              }
            })
          )
          await this.putContent(url, size, counted)
        } finally {
          this.client.bytesUploaded += sent
        }
        return true
      },
      {
        // A refusal (UserError) is not a transient failure; a dropped connection or a 5xx is. The
        // HEAD's failure was retried by its own request already.
        retryable: error =>
          error !== askFailure?.error &&
          !(error instanceof UserError) &&
          (!(error instanceof RegistryError) || error.status === 0 || isRetryableStatus(error.status)),
        onRetry: (error, _attempt, delay) =>
          this.client.log(
            `${this.registry}: upload of ${digest.slice(0, 19)} failed (${errorMessage(error)}); new attempt in ${delay} ms`
          )
      }
    )
  }

  /** The PUT that completes an upload session with the whole content. */
  private async putContent(
    url: URL,
    size: number,
    body: ReadableStream<Uint8Array> | BlobCopy
  ): Promise<void> {
    const response = await this.request('PUT', url.toString(), {
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
      body,
      scopes: this.push
    })
    await discardBody(response)
  }

  /**
   * Every tag, page by page (`?n=`, then the `Link: <…>; rel="next"` the registry sends while there
   * are more, on this very tag list only); [] when the repository does not exist. More than
   * `maxTags` is refused rather than cut: a caller choosing among tags must see them all.
   */
  async listTags(options: { pageSize?: number; maxTags?: number } = {}): Promise<string[]> {
    const pageSize = options.pageSize ?? DEFAULT_TAG_PAGE_SIZE
    const maxTags = options.maxTags ?? DEFAULT_MAX_TAGS
    const listPath = `/v2/${this.repository}/tags/list`
    const tags: string[] = []
    const seen = new Set<string>()
    for (let path: string | undefined = `${listPath}?n=${pageSize}`; path;) {
      if (seen.has(path)) break // a registry that links a page to itself would never end
      seen.add(path)
      const response = await this.request('GET', path, { scopes: this.pull, ok: [404] })
      if (response.status === 404) {
        await discardBody(response)
        return tags
      }
      const next = this.nextPage(response.headers.get('link'), 'tags', listPath)
      const what = `${this.name}: the tag list`
      const { TagListSchema } = await documents()
      const list = await readJson(response, TagListSchema, this.client.maxResponseBytes, what)
      tags.push(...(list.tags ?? []))
      if (tags.length > maxTags)
        throw new UserError(
          `${this.name} has more than ${maxTags} tags; refusing to read them all (at most ${maxTags} are read).`
        )
      path = next
    }
    return tags
  }

  /**
   * Whether the registry has the referrers API: true or false once getReferrers asked, undefined
   * before (listReferrers then reads the fallback tag at the same time).
   */
  get hasReferrersApi(): boolean | undefined {
    return this.referrersApi
  }

  /**
   * OCI 1.1 referrers API; undefined when the registry does not implement it (asked once: a registry
   * with the API answers every digest, so the answer holds for this object's life). Pages (Link
   * `rel="next"`, on the registry's own origin only) are followed up to MAX_REFERRER_PAGES.
   */
  async getReferrers(digest: string): Promise<Descriptor[] | undefined> {
    checkDigest(digest)
    if (this.referrersApi === false) return undefined
    const descriptors: Descriptor[] = []
    let path: string | undefined = `/v2/${this.repository}/referrers/${digest}`
    for (let page = 0; path; page++) {
      if (page === MAX_REFERRER_PAGES) {
        throw new InvalidResponseError(
          `${this.name}: the referrers of ${digest} go on beyond ${MAX_REFERRER_PAGES} pages; refusing a partial list.`
        )
      }
      const response = await this.request('GET', path, {
        headers: { accept: MEDIA_TYPES.ociIndex },
        scopes: this.pull,
        ok: [404, 400, 405]
      })
      const type = response.headers.get('content-type') ?? ''
      if (!response.ok || !type.includes(MEDIA_TYPES.ociIndex)) {
        await discardBody(response)
        if (page === 0) {
          this.referrersApi = false
          return undefined
        }
        throw new InvalidResponseError(
          `${this.name}: page ${page + 1} of the referrers of ${digest} is missing.`
        )
      }
      const what = `${this.name}: the referrers of ${digest}`
      const { ManifestSchema } = await documents()
      const index = await readJson(response, ManifestSchema, this.client.maxResponseBytes, what)
      this.referrersApi = true
      descriptors.push(...(index.manifests ?? []))
      path = this.nextPage(response.headers.get('link'))
    }
    return descriptors
  }

  /**
   * The path of a Link `rel="next"` page. It must stay on the registry's origin (credentials stay
   * home) and, when `samePath` is given, on that very listing.
   */
  private nextPage(link: string | null, what = 'referrers', samePath?: string): string | undefined {
    const next = link
      ?.split(',')
      .map(part => /<([^>]*)>\s*;.*rel="?next"?/i.exec(part.trim()))
      .find(match => match)?.[1]
    if (next === undefined) return undefined
    let url: URL
    try {
      url = new URL(next, this.client.baseUrl)
    } catch {
      throw new InvalidResponseError(
        `${this.name}: a ${what} Link that is not a URL ("${untrustedText(next, 100)}").`
      )
    }
    if (url.origin !== new URL(this.client.baseUrl).origin)
      throw new InvalidResponseError(
        `${this.name}: the next page of ${what} is on ${untrustedText(url.origin, 100)}, not the registry; refusing it.`
      )
    if (samePath && url.pathname !== samePath)
      throw new InvalidResponseError(
        `${this.name}: the next page of ${what} is on another path (${untrustedText(url.pathname, 200)}); refusing it.`
      )
    return `${url.pathname}${url.search}`
  }
}
