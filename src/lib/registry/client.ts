import { createHash } from 'node:crypto'
import { UserError } from '../errors.js'
import { DOCKER_HUB, isValidDigest, isValidTag } from '../image/reference.js'
import { untrustedText } from '../untrusted-text.js'
import { type Credential, type CredentialStore, loadDockerConfigCredentials } from './credentials.js'
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  InvalidResponseError,
  parseRegistryJson,
  readBody,
  readBodyStart
} from './limits.js'
import { checkTokenRealm, isPlainHttpRegistry, resolveUploadLocation } from './trust.js'

/** Manifest media types we ask for (OCI and Docker v2, single images and indexes). */
export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
} as const
export const MANIFEST_ACCEPT = Object.values(MEDIA_TYPES).join(', ')
export const INDEX_TYPES: string[] = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]

export interface RetryPolicy {
  attempts: number
  /** First back-off delay; doubles each attempt (Retry-After wins when the registry sends it). */
  baseDelayMs: number
  /** No retry starts after this much time has passed since the first attempt. */
  maxElapsedMs: number
}
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxElapsedMs: 60_000 }

export interface RegistryOptions {
  /** Credentials by registry host; default: the docker config's. */
  credentials?: CredentialStore
  /** Hosts spoken to over plain HTTP besides loopback ones (Docker's insecure-registries). */
  insecureRegistries?: string[]
  retry?: RetryPolicy
  /** Log hook for retries (e.g. core.info). */
  log?: (message: string) => void
  /**
   * The most a response read into memory may weigh (manifests, configs and other JSON blobs, token
   * answers); default 4 MiB. Layer blobs are streamed and not limited.
   */
  maxResponseBytes?: number
}

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string
  ) {
    super(message)
    this.name = 'RegistryError'
  }
}

export interface Manifest {
  body: Buffer
  mediaType: string
  digest: string
}

type Body = Buffer | ReadableStream<Uint8Array> | undefined

interface RequestOptions {
  headers?: Record<string, string>
  body?: Body
  /** Token scopes this request needs, e.g. `repository:acme/app:pull,push`. */
  scopes: string[]
  /** Statuses that are answers, not errors (others throw a RegistryError). */
  ok?: number[]
  /** Follow redirects (blob downloads go to storage URLs). */
  redirect?: 'follow' | 'manual'
}

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))
export const digestOf = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`

/** `key=value` pairs of a WWW-Authenticate challenge (quoted values may contain commas). */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ')
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase()
  const params: Record<string, string> = {}
  for (const match of header.slice(space + 1).matchAll(/([a-zA-Z_]+)="([^"]*)"|([a-zA-Z_]+)=([^,\s]*)/g)) {
    params[(match[1] ?? match[3]).toLowerCase()] = match[2] ?? match[4]
  }
  return { scheme, params }
}

/** Registry error text shown in a message: one neutralised line (see untrustedText). */
const ERROR_DETAIL_CHARS = 300

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

/** Statuses worth another try; a stream body is never replayed (uploadBlob restarts instead). */
function isRetryable(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501 && status !== 505)
}

/**
 * A client of one registry's OCI distribution API: token (Bearer) and Basic auth, anonymous pulls,
 * bounded retries with back-off on 429/5xx and dropped connections, streamed blob transfer.
 * Credentials go only to the registry's own origin and to a token realm checkTokenRealm allows;
 * everything read into memory is capped (limits.ts); registry text in errors is neutralised.
 */
export class RegistryClient {
  readonly baseUrl: string
  /** scheme://host:port of the registry: the only origin requests carry its credentials to. */
  private readonly origin: string
  private readonly maxResponseBytes: number
  private readonly credential?: Credential
  private readonly tokens = new Map<string, string>()
  private basic = false
  private readonly retry: RetryPolicy
  /** Bytes this client has sent as blob content (for summaries and the benchmarks). */
  bytesUploaded = 0

  constructor(
    readonly registry: string,
    private readonly options: RegistryOptions = {}
  ) {
    const plain = isPlainHttpRegistry(registry, options.insecureRegistries)
    const host = registry === DOCKER_HUB ? 'registry-1.docker.io' : registry
    this.baseUrl = `${plain ? 'http' : 'https'}://${host}`
    this.origin = new URL(this.baseUrl).origin
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
    this.credential = (options.credentials ?? loadDockerConfigCredentials()).get(registry)
    this.retry = options.retry ?? DEFAULT_RETRY
  }

  private authorization(scopes: string[]): string | undefined {
    const token = this.tokens.get(scopes.join(' '))
    if (token) return `Bearer ${token}`
    if (this.basic && this.credential?.username) {
      return `Basic ${Buffer.from(`${this.credential.username}:${this.credential.password ?? ''}`).toString('base64')}`
    }
    return undefined
  }

  /** Answers a challenge: Basic switches to credentials; Bearer fetches a token for the scopes. */
  private async authenticate(challenge: string, scopes: string[]): Promise<void> {
    const { scheme, params } = parseChallenge(challenge)
    if (scheme === 'basic') {
      if (!this.credential?.username) {
        throw new RegistryError(
          `${this.registry} requires a login (Basic auth) and no credentials were given for it: pass them to the action or run docker login ${this.registry}.`,
          401
        )
      }
      this.basic = true
      return
    }
    if (scheme !== 'bearer' || !params.realm) {
      throw new RegistryError(
        `${this.registry} sent an authentication challenge this client does not support: ${untrustedText(scheme, 50)}`,
        401
      )
    }
    // Before anything is sent: the realm is named by the registry, so it must earn the credential.
    const url = checkTokenRealm(this.registry, params.realm, this.options.insecureRegistries)
    const headers: Record<string, string> = {}
    let response: Response
    if (this.credential?.identityToken) {
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: this.credential.identityToken,
        service: params.service ?? '',
        scope: scopes.join(' '),
        client_id: 'docker-actions'
      })
      // No redirects: a 307 would resend the refresh token in the body to wherever it points.
      response = await fetch(url, { method: 'POST', body: form, redirect: 'error' })
    } else {
      if (params.service) url.searchParams.set('service', params.service)
      for (const scope of scopes) url.searchParams.append('scope', scope)
      if (this.credential?.username) {
        headers.authorization = `Basic ${Buffer.from(`${this.credential.username}:${this.credential.password ?? ''}`).toString('base64')}`
      }
      // fetch drops the Authorization header on a redirect to another origin.
      response = await fetch(url, { headers })
    }
    if (!response.ok) {
      const text = untrustedText(await readBodyStart(response), 200)
      throw new RegistryError(
        `${this.registry}: the token service refused ${this.credential ? 'the credentials' : 'an anonymous request'} for ${scopes.join(' ')} (HTTP ${response.status}${text ? `: ${text}` : ''}).`,
        response.status
      )
    }
    const what = `${this.registry}: the token service's answer`
    const body = parseRegistryJson(await readBody(response, this.maxResponseBytes, what), what) as {
      token?: unknown
      access_token?: unknown
    } | null
    const token = body?.token ?? body?.access_token
    if (!token) throw new RegistryError(`${this.registry}: the token service answered without a token.`, 502)
    // It becomes a header value: anything but visible ASCII would be a malformed (or smuggled) header.
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token))
      throw new InvalidResponseError(`${this.registry}: the token service answered with a malformed token.`)
    this.tokens.set(scopes.join(' '), token)
  }

  /**
   * One request with auth and retries. `path` is relative to the base URL, or an absolute upload URL
   * (checked again like a Location: no https -> http downgrade). Credentials are attached only when
   * the URL is on the registry's own origin.
   */
  async request(method: string, path: string, options: RequestOptions): Promise<Response> {
    const url = /^https?:\/\//i.test(path)
      ? resolveUploadLocation(this.baseUrl, path, this.registry).href
      : `${this.baseUrl}${path}`
    const ownOrigin = new URL(url).origin === this.origin
    const started = Date.now()
    let authenticated = false
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = { ...options.headers }
      const authorization = ownOrigin ? this.authorization(options.scopes) : undefined
      if (authorization) headers.authorization = authorization
      const body = options.body
      const streamed = body instanceof ReadableStream
      let response: Response | undefined
      let failure: unknown
      try {
        response = await fetch(url, {
          method,
          headers,
          body,
          redirect: options.redirect ?? 'follow',
          ...(streamed ? { duplex: 'half' } : {})
        } as RequestInit)
      } catch (error) {
        failure = error
        if (streamed) await body.cancel().catch(() => undefined)
      }
      if (response?.status === 401 && !ownOrigin) {
        // Another origin does not get to pick a realm for this registry's credential.
        await response.body?.cancel()
        throw new RegistryError(
          `${this.registry}: ${method} to ${untrustedText(new URL(url).origin, 200)} (not the registry's origin) was refused (401); credentials are only sent to ${this.origin}.`,
          401
        )
      }
      if (response?.status === 401 && !authenticated) {
        const challenge = response.headers.get('www-authenticate')
        await response.body?.cancel()
        if (!challenge)
          throw new RegistryError(
            `${this.registry}: ${method} ${path} was refused (401) without a challenge.`,
            401
          )
        await this.authenticate(challenge, options.scopes)
        authenticated = true
        attempt--
        continue
      }
      const retryable = failure !== undefined || (response !== undefined && isRetryable(response.status))
      const elapsed = Date.now() - started
      const replayable = !streamed
      if (retryable && replayable && attempt < this.retry.attempts && elapsed < this.retry.maxElapsedMs) {
        const retryAfter = Number(response?.headers.get('retry-after'))
        const delay =
          Number.isFinite(retryAfter) && retryAfter > 0
            ? retryAfter * 1000
            : this.retry.baseDelayMs * 2 ** (attempt - 1)
        this.options.log?.(
          `${this.registry}: ${method} ${path.replace(/\?.*$/, '')} ${failure ? `failed (${(failure as Error).message})` : `answered ${response?.status}`}; retry ${attempt}/${this.retry.attempts - 1} in ${delay} ms`
        )
        await response?.body?.cancel()
        await sleep(Math.min(delay, 10_000))
        continue
      }
      if (!response || (!replayable && retryable)) {
        if (response) throw await this.error(response, method, path)
        const cause = failure as Error & { cause?: Error }
        throw new RegistryError(
          `${this.registry} is unreachable at ${this.baseUrl} (${cause.cause?.message ?? cause.message}).`,
          0
        )
      }
      if (response.ok || (options.ok ?? []).includes(response.status)) return response
      throw await this.error(response, method, path)
    }
  }

  /** The registry's error for a failed request; its body is read only in part and neutralised. */
  private async error(response: Response, method: string, path: string): Promise<RegistryError> {
    const text = await readBodyStart(response)
    let detail = text
    let code: string | undefined
    try {
      const parsed = JSON.parse(text) as { errors?: Array<{ code?: unknown; message?: unknown }> }
      if (Array.isArray(parsed.errors) && parsed.errors.length) {
        code =
          typeof parsed.errors[0].code === 'string' ? untrustedText(parsed.errors[0].code, 100) : undefined
        detail = parsed.errors.map(error => `${String(error?.code)}: ${String(error?.message)}`).join('; ')
      }
    } catch {
      // not JSON: keep the text
    }
    detail = untrustedText(detail, ERROR_DETAIL_CHARS)
    return new RegistryError(
      `${this.registry}: ${method} ${untrustedText(path.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, ''), 200)} failed with HTTP ${response.status}${detail ? ` (${detail})` : ''}`,
      response.status,
      code
    )
  }

  static pull = (repository: string): string => `repository:${repository}:pull`
  static push = (repository: string): string => `repository:${repository}:pull,push`

  async getManifest(repository: string, reference: string): Promise<Manifest | undefined> {
    checkReference(reference)
    const response = await this.request('GET', `/v2/${repository}/manifests/${reference}`, {
      headers: { accept: MANIFEST_ACCEPT },
      scopes: [RegistryClient.pull(repository)],
      ok: [404]
    })
    if (response.status === 404) {
      await response.body?.cancel()
      return undefined
    }
    const what = `${this.registry}/${repository}: the manifest ${untrustedText(reference, 80)}`
    const body = await readBody(response, this.maxResponseBytes, what)
    const digest = digestOf(body)
    if (reference.startsWith('sha256:') && digest !== reference) {
      throw new RegistryError(
        `${this.registry}/${repository}@${reference}: the registry sent content with digest ${digest}.`,
        502
      )
    }
    const declared = (): string => {
      const type = (parseRegistryJson(body, what) as { mediaType?: unknown } | null)?.mediaType
      return typeof type === 'string' ? type : ''
    }
    const mediaType = response.headers.get('content-type')?.split(';')[0] ?? declared()
    return { body, mediaType, digest }
  }

  /** The digest a tag points at now (HEAD; GET when the registry omits Docker-Content-Digest or garbles it). */
  async headManifest(
    repository: string,
    reference: string
  ): Promise<{ digest: string; mediaType: string; size: number } | undefined> {
    checkReference(reference)
    const response = await this.request('HEAD', `/v2/${repository}/manifests/${reference}`, {
      headers: { accept: MANIFEST_ACCEPT },
      scopes: [RegistryClient.pull(repository)],
      ok: [404]
    })
    if (response.status === 404) return undefined
    const digest = response.headers.get('docker-content-digest')
    if (!digest || !isValidDigest(digest)) {
      const manifest = await this.getManifest(repository, reference)
      return (
        manifest && { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.body.length }
      )
    }
    return {
      digest,
      mediaType: response.headers.get('content-type')?.split(';')[0] ?? '',
      size: Number(response.headers.get('content-length') ?? 0)
    }
  }

  async putManifest(
    repository: string,
    reference: string,
    body: Buffer,
    mediaType: string
  ): Promise<{ digest: string; subjectHeader: boolean }> {
    checkReference(reference)
    const response = await this.request('PUT', `/v2/${repository}/manifests/${reference}`, {
      headers: { 'content-type': mediaType },
      body,
      scopes: [RegistryClient.push(repository)]
    })
    await response.body?.cancel()
    return {
      digest: response.headers.get('docker-content-digest') ?? digestOf(body),
      subjectHeader: response.headers.has('oci-subject')
    }
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    checkDigest(digest)
    const response = await this.request('HEAD', `/v2/${repository}/blobs/${digest}`, {
      scopes: [RegistryClient.pull(repository)],
      ok: [404]
    })
    return response.status !== 404
  }

  /** A small blob (image config, gate record) read into memory, capped; layers go through openBlob. */
  async getBlob(repository: string, digest: string): Promise<Buffer> {
    checkDigest(digest)
    const response = await this.request('GET', `/v2/${repository}/blobs/${digest}`, {
      scopes: [RegistryClient.pull(repository)]
    })
    const data = await readBody(
      response,
      this.maxResponseBytes,
      `${this.registry}/${repository}: the blob ${digest}`
    )
    if (digestOf(data) !== digest)
      throw new RegistryError(`${this.registry}/${repository}: blob ${digest} arrived corrupted.`, 502)
    return data
  }

  /**
   * The blob's content as a web stream (not buffered), for copying between registries: it goes
   * straight into the target's PUT, with no node-stream conversion in between.
   */
  async openBlob(repository: string, digest: string): Promise<ReadableStream<Uint8Array>> {
    checkDigest(digest)
    const response = await this.request('GET', `/v2/${repository}/blobs/${digest}`, {
      scopes: [RegistryClient.pull(repository)]
    })
    if (!response.body)
      throw new RegistryError(`${this.registry}/${repository}: blob ${digest} has no body.`, 502)
    return response.body as ReadableStream<Uint8Array>
  }

  private async startUpload(repository: string, query = '', extraScopes: string[] = []): Promise<Response> {
    return this.request('POST', `/v2/${repository}/blobs/uploads/${query}`, {
      scopes: [RegistryClient.push(repository), ...extraScopes],
      ok: [201, 202]
    })
  }

  private uploadUrl(response: Response): URL {
    const location = response.headers.get('location')
    if (!location)
      throw new RegistryError(`${this.registry}: the upload was accepted without a Location.`, 502)
    return resolveUploadLocation(this.baseUrl, location, this.registry)
  }

  /** Cross-repository mount; true when the registry linked the blob (201), false when it did not (202). */
  async mountBlob(repository: string, digest: string, from: string): Promise<boolean> {
    checkDigest(digest)
    const query = `?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`
    const response = await this.startUpload(repository, query, [RegistryClient.pull(from)])
    await response.body?.cancel()
    if (response.status === 201) return true
    // 202: an upload session was opened instead; close it so it does not linger.
    await this.request('DELETE', this.uploadUrl(response).toString(), {
      scopes: [RegistryClient.push(repository)],
      ok: [404, 405]
    }).then(
      r => r.body?.cancel(),
      () => undefined
    )
    return false
  }

  /** Monolithic upload of an in-memory blob (skipped when present); returns its digest. */
  async putBlob(repository: string, data: Buffer): Promise<string> {
    const digest = digestOf(data)
    if (await this.hasBlob(repository, digest)) return digest
    await this.uploadBlob(repository, digest, data.length, async () => new Blob([data]).stream())
    return digest
  }

  /**
   * Uploads a blob from a stream (opened again for every attempt), in one PUT with Content-Length, so
   * nothing is staged on disk; the registry verifies the digest. A failed attempt abandons its upload
   * session and starts a new one: a half-sent session is never reused.
   */
  async uploadBlob(
    repository: string,
    digest: string,
    size: number,
    open: () => Promise<ReadableStream<Uint8Array>>
  ): Promise<void> {
    checkDigest(digest)
    const started = Date.now()
    for (let attempt = 1; ; attempt++) {
      const session = await this.startUpload(repository)
      await session.body?.cancel()
      const url = this.uploadUrl(session)
      url.searchParams.set('digest', digest)
      let sent = 0
      try {
        const counted = (await open()).pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              sent += chunk.byteLength
              controller.enqueue(chunk)
            }
          })
        )
        const response = await this.request('PUT', url.toString(), {
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
          body: counted,
          scopes: [RegistryClient.push(repository)]
        })
        await response.body?.cancel()
        this.bytesUploaded += sent
        return
      } catch (error) {
        this.bytesUploaded += sent
        if (error instanceof UserError) throw error // a refusal, not a transient failure
        const status = error instanceof RegistryError ? error.status : 0
        const retryable = status === 0 || isRetryable(status)
        if (!retryable || attempt >= this.retry.attempts || Date.now() - started > this.retry.maxElapsedMs)
          throw error
        const delay = this.retry.baseDelayMs * 2 ** (attempt - 1)
        this.options.log?.(
          `${this.registry}: upload of ${digest.slice(0, 19)} failed (${(error as Error).message}); new attempt in ${delay} ms`
        )
        await sleep(delay)
      }
    }
  }

  async listTags(repository: string): Promise<string[]> {
    const response = await this.request('GET', `/v2/${repository}/tags/list`, {
      scopes: [RegistryClient.pull(repository)],
      ok: [404]
    })
    if (response.status === 404) return []
    const what = `${this.registry}/${repository}: the tag list`
    const body = parseRegistryJson(await readBody(response, this.maxResponseBytes, what), what) as {
      tags?: unknown
    } | null
    return Array.isArray(body?.tags) ? body.tags.filter((tag): tag is string => typeof tag === 'string') : []
  }

  /** OCI 1.1 referrers API; undefined when the registry does not implement it. */
  async getReferrers(
    repository: string,
    digest: string
  ): Promise<Array<Record<string, unknown>> | undefined> {
    checkDigest(digest)
    const response = await this.request('GET', `/v2/${repository}/referrers/${digest}`, {
      headers: { accept: MEDIA_TYPES.ociIndex },
      scopes: [RegistryClient.pull(repository)],
      ok: [404, 400, 405]
    })
    const type = response.headers.get('content-type') ?? ''
    if (!response.ok || !type.includes(MEDIA_TYPES.ociIndex)) {
      await response.body?.cancel()
      return undefined
    }
    const what = `${this.registry}/${repository}: the referrers of ${digest}`
    const index = parseRegistryJson(await readBody(response, this.maxResponseBytes, what), what) as {
      manifests?: unknown
    } | null
    if (index?.manifests !== undefined && !Array.isArray(index.manifests))
      throw new InvalidResponseError(`${what} is not an index (manifests is not a list).`)
    return (index?.manifests ?? []) as Array<Record<string, unknown>>
  }
}
