import { DOCKER_HUB, type ImageReference } from '../image/reference.js'
import { untrustedText } from '../untrusted-text.js'
import { authCache, basicAuthorization, credentialKey, parseChallenge, requestToken } from './auth.js'
import type { Credential, CredentialSource } from './credentials.js'
import { type CredentialLookup, credentialLookup } from './credential-lookup.js'
import { RegistryError } from './errors.js'
import { type BodyWriter, type HttpResponse, discardBody, sendHttp } from './http.js'
import { DEFAULT_MAX_RESPONSE_BYTES, documents, readBodyStart } from './limits.js'
import { Repository } from './repository.js'
import { DEFAULT_RETRY, type RetryPolicy, retryAfterMs, withRetries } from './retry.js'
import { isPlainHttpRegistry, resolveUploadLocation } from './trust.js'
import { getWindowed } from './wire.js'

export { parseChallenge } from './auth.js'
export { type Manifest, Repository } from './repository.js'
export { RegistryError } from './errors.js'
export type { HttpResponse } from './http.js'
export { DEFAULT_RETRY, type RetryPolicy } from './retry.js'

export interface RegistryOptions {
  /** Credentials by registry host; default: the docker config's (read when first needed). */
  credentials?: CredentialSource
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

type Body = Buffer | ReadableStream<Uint8Array> | BodyWriter | undefined

export interface RequestOptions {
  headers?: Record<string, string>
  body?: Body
  /** Token scopes this request needs, e.g. `repository:acme/app:pull,push`. */
  scopes: string[]
  /** Statuses that are answers, not errors (others throw a RegistryError). */
  ok?: number[]
  /** Follow redirects (blob downloads go to storage URLs). */
  redirect?: 'follow' | 'manual'
  /**
   * A GET whose body is read through a reused window (wire.ts): the answer is a WindowedResponse.
   * For layers copied between registries; redirects are followed.
   */
  windowed?: boolean
}

/** Registry error text shown in a message: one neutralised line (see untrustedText). */
const ERROR_DETAIL_CHARS = 300

/** A path or URL for a message: no origin, no query (upload URLs carry state there). */
const shownPath = (path: string): string => path.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '')

/**
 * The transport to one registry's OCI distribution API: token (Bearer) and Basic auth, anonymous
 * pulls, bounded retries on 429/5xx and dropped connections (retry.ts). Credentials go only to the
 * registry's own origin and to a token realm checkTokenRealm allows, and are looked up only when the
 * registry asks for them; everything read into memory is capped (limits.ts); registry text in errors
 * is neutralised. The API itself, for one repository, is `repository(name)` (repository.ts).
 */
export class RegistryClient {
  readonly baseUrl: string
  /** scheme://host:port of the registry: the only origin requests carry its credentials to. */
  private readonly origin: string
  readonly maxResponseBytes: number
  readonly retry: RetryPolicy
  /** The credential, once known (undefined inside: anonymous). */
  private known?: { credential?: Credential }
  /** Where the credential is found (credentialLookup), settled before the first request. */
  private lookup?: Promise<CredentialLookup>
  /** Bytes this client has sent as blob content (for summaries and the benchmarks). */
  bytesUploaded = 0

  constructor(
    readonly registry: string,
    readonly options: RegistryOptions = {}
  ) {
    const plain = isPlainHttpRegistry(registry, options.insecureRegistries)
    const host = registry === DOCKER_HUB ? 'registry-1.docker.io' : registry
    this.baseUrl = `${plain ? 'http' : 'https'}://${host}`
    this.origin = new URL(this.baseUrl).origin
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
    this.retry = options.retry ?? DEFAULT_RETRY
  }

  /** The OCI API of one repository of this registry. */
  repository(name: string): Repository {
    return new Repository(this, name)
  }

  log(message: string): void {
    this.options.log?.(message)
  }

  private credentials(): Promise<CredentialLookup> {
    return (this.lookup ??= credentialLookup(this.options.credentials))
  }

  /** The credential, running a credential helper if needed (only after a challenge). */
  private async credential(): Promise<Credential | undefined> {
    if (!this.known) this.known = { credential: await (await this.credentials()).resolve(this.registry) }
    return this.known.credential
  }

  /** What to send before any challenge: what this registry accepted before for this credential. */
  private authorization(lookup: CredentialLookup, scopes: string[]): string | undefined {
    this.known ??= lookup.peek(this.registry)
    if (!this.known) return undefined // a credential helper has not run: wait for a challenge
    // Nothing accepted yet: the credential's key (a sha256, node:crypto) is not needed.
    if (!authCache.knows(this.registry)) return undefined
    const { credential } = this.known
    const key = credentialKey(credential)
    const token = authCache.token(this.registry, key, scopes)
    if (token) return `Bearer ${token}`
    if (credential?.username && authCache.usesBasic(this.registry, key)) return basicAuthorization(credential)
    return undefined
  }

  /** Answers a challenge: Basic switches to credentials; Bearer fetches a token for the scopes. */
  private async authenticate(challenge: string, scopes: string[]): Promise<void> {
    const { scheme, params } = parseChallenge(challenge)
    const credential = await this.credential()
    if (scheme === 'basic') {
      if (!credential?.username) {
        throw new RegistryError(
          `${this.registry} requires a login (Basic auth) and no credentials were given for it: pass them to the action or run docker login ${this.registry}.`,
          401
        )
      }
      authCache.rememberBasic(this.registry, credentialKey(credential))
      return
    }
    if (scheme !== 'bearer' || !params.realm) {
      throw new RegistryError(
        `${this.registry} sent an authentication challenge this client does not support: ${untrustedText(scheme, 50)}`,
        401
      )
    }
    const { token, expiresIn } = await requestToken({
      registry: this.registry,
      params,
      scopes,
      credential,
      insecureRegistries: this.options.insecureRegistries,
      maxResponseBytes: this.maxResponseBytes
    })
    authCache.storeToken(this.registry, credentialKey(credential), scopes, token, expiresIn)
  }

  /**
   * One request with auth and retries. `path` is relative to the base URL, or an absolute upload URL
   * (checked again like a Location: no https -> http downgrade). Credentials are attached only when
   * the URL is on the registry's own origin. A stream body is never replayed (uploadBlob restarts).
   */
  async request(method: string, path: string, options: RequestOptions): Promise<HttpResponse> {
    const url = /^https?:\/\//i.test(path)
      ? resolveUploadLocation(this.baseUrl, path, this.registry).href
      : `${this.baseUrl}${path}`
    const replayable = options.body === undefined || Buffer.isBuffer(options.body)
    return withRetries(
      this.retry,
      async () => {
        const response = await this.send(method, url, path, options)
        if (response.ok || (options.ok ?? []).includes(response.status)) return response
        throw await this.error(response, method, path)
      },
      {
        retryable: error => replayable && error instanceof RegistryError && error.retryable,
        delayMs: error => (error as RegistryError).retryAfterMs,
        onRetry: (error, attempt, delay) => {
          const { status, message } = error as RegistryError
          this.log(
            `${this.registry}: ${method} ${path.replace(/\?.*$/, '')} ${status === 0 ? `failed (${message})` : `answered ${status}`}; retry ${attempt}/${this.retry.attempts - 1} in ${delay} ms`
          )
        }
      }
    )
  }

  /** One attempt: the request, and after a 401 from the registry, its challenge answered and the request sent again. */
  private async send(
    method: string,
    url: string,
    path: string,
    options: RequestOptions
  ): Promise<HttpResponse> {
    const ownOrigin = new URL(url).origin === this.origin
    for (let challenged = false; ; challenged = true) {
      const headers: Record<string, string> = { ...options.headers }
      const authorization = ownOrigin
        ? this.authorization(await this.credentials(), options.scopes)
        : undefined
      if (authorization) headers.authorization = authorization
      const { body } = options
      let response: HttpResponse
      try {
        response = options.windowed
          ? await getWindowed(url, { headers })
          : await sendHttp(url, { method, headers, body, redirect: options.redirect ?? 'follow' })
      } catch (error) {
        if (body && !Buffer.isBuffer(body)) {
          if ('writeTo' in body) body.cancel()
          else await body.cancel().catch(() => undefined)
        }
        throw new RegistryError(
          `${this.registry} is unreachable at ${this.baseUrl} (${untrustedText((error as Error).message, 200)}).`,
          0
        )
      }
      if (response.status !== 401 || challenged) return response
      await discardBody(response)
      if (!ownOrigin) {
        // Another origin does not get to pick a realm for this registry's credential.
        throw new RegistryError(
          `${this.registry}: ${method} to ${untrustedText(new URL(url).origin, 200)} (not the registry's origin) was refused (401); credentials are only sent to ${this.origin}.`,
          401
        )
      }
      const challenge = response.headers.get('www-authenticate')
      if (!challenge)
        throw new RegistryError(
          `${this.registry}: ${method} ${path} was refused (401) without a challenge.`,
          401
        )
      await this.authenticate(challenge, options.scopes)
    }
  }

  /** The registry's error for a failed request; its body is read only in part and neutralised. */
  private async error(response: HttpResponse, method: string, path: string): Promise<RegistryError> {
    const text = await readBodyStart(response)
    let detail = text
    let code: string | undefined
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      // not JSON: keep the text
    }
    const body = (await documents()).ErrorBodySchema.safeParse(parsed)
    if (body.success) {
      const [first] = body.data.errors
      code = typeof first.code === 'string' ? untrustedText(first.code, 100) : undefined
      detail = body.data.errors.map(error => `${String(error.code)}: ${String(error.message)}`).join('; ')
    }
    detail = untrustedText(detail, ERROR_DETAIL_CHARS)
    return new RegistryError(
      `${this.registry}: ${method} ${untrustedText(shownPath(path), 200)} failed with HTTP ${response.status}${detail ? ` (${detail})` : ''}`,
      response.status,
      code,
      retryAfterMs(response.headers.get('retry-after'))
    )
  }
}

/** The repository a reference names, with a client of its registry (auth is shared through authCache). */
export function openRepository(
  ref: Pick<ImageReference, 'registry' | 'repository'>,
  options?: RegistryOptions
): Repository {
  return new RegistryClient(ref.registry, options).repository(ref.repository)
}
