/**
 * Answering a registry's authentication challenge, and remembering what it accepted. The memory is
 * one cache for the whole process, keyed explicitly: a Bearer token by registry, credential and
 * scope set (until it expires); Basic by registry and credential. A client created later for the
 * same registry and credential uses them without being challenged again.
 */
import { RegistryError } from './errors.js'
import { type HttpResponse, sendHttp } from './http.js'
import { InvalidResponseError, documents, readBody, readBodyStart } from './limits.js'
import { checkTokenRealm } from './trust.js'
import type { Credential } from './credentials.js'
import { digestOf } from '../oci/digest.js'
import { untrustedText } from '../untrusted-text.js'

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

/** Names a credential without holding its secret: the digest of its parts ('' for anonymous). */
export function credentialKey(credential: Credential | undefined): string {
  if (!credential) return ''
  return digestOf(JSON.stringify([credential.username, credential.password, credential.identityToken]))
}

/** Docker's token spec: a token without `expires_in` lasts 60 seconds. */
const DEFAULT_TOKEN_SECONDS = 60
/** A token is dropped this long before it expires, so it does not expire in flight. */
const EXPIRY_MARGIN_MS = 5_000

export class AuthCache {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>()
  private readonly basic = new Set<string>()
  /** Registries something is remembered for (knows). */
  private readonly registries = new Set<string>()

  private static key(registry: string, credential: string, scopes: string[] = []): string {
    return JSON.stringify([registry, credential, [...scopes].sort()])
  }

  /** Whether anything (a token, Basic) is remembered for this registry, for any credential. */
  knows(registry: string): boolean {
    return this.registries.has(registry)
  }

  token(registry: string, credential: string, scopes: string[], now = Date.now()): string | undefined {
    const key = AuthCache.key(registry, credential, scopes)
    const cached = this.tokens.get(key)
    if (cached && cached.expiresAt > now) return cached.token
    this.tokens.delete(key)
    return undefined
  }

  storeToken(
    registry: string,
    credential: string,
    scopes: string[],
    token: string,
    expiresInSeconds = DEFAULT_TOKEN_SECONDS,
    now = Date.now()
  ): void {
    const expiresAt = now + Math.max(expiresInSeconds * 1000 - EXPIRY_MARGIN_MS, 1000)
    this.tokens.set(AuthCache.key(registry, credential, scopes), { token, expiresAt })
    this.registries.add(registry)
  }

  usesBasic(registry: string, credential: string): boolean {
    return this.basic.has(AuthCache.key(registry, credential))
  }

  rememberBasic(registry: string, credential: string): void {
    this.basic.add(AuthCache.key(registry, credential))
    this.registries.add(registry)
  }

  clear(): void {
    this.tokens.clear()
    this.basic.clear()
    this.registries.clear()
  }
}

/** The process's cache, shared by every registry client. */
export const authCache = new AuthCache()

export const basicAuthorization = (credential: Credential): string =>
  `Basic ${Buffer.from(`${credential.username}:${credential.password ?? ''}`).toString('base64')}`

export interface TokenRequest {
  registry: string
  /** The Bearer challenge's parameters (realm, service). */
  params: Record<string, string>
  scopes: string[]
  credential?: Credential
  insecureRegistries?: string[]
  maxResponseBytes: number
}

/** A token service that did not answer, in the client's terms (status 0: worth another attempt). */
const unreachable =
  (registry: string, url: URL) =>
  (error: unknown): never => {
    throw new RegistryError(
      `${registry}: the token service at ${untrustedText(url.origin, 200)} is unreachable (${untrustedText((error as Error).message, 200)}).`,
      0
    )
  }

/**
 * A Bearer token from the realm a registry named: with the identity token as an OAuth refresh token,
 * with Basic credentials, or anonymously. The realm must earn the credential first (checkTokenRealm).
 */
export async function requestToken(request: TokenRequest): Promise<{ token: string; expiresIn?: number }> {
  const { registry, params, scopes, credential } = request
  // Before anything is sent: the realm is named by the registry, so it must earn the credential.
  const url = checkTokenRealm(registry, params.realm, request.insecureRegistries)
  let response: HttpResponse
  if (credential?.identityToken) {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: credential.identityToken,
      service: params.service ?? '',
      scope: scopes.join(' '),
      client_id: 'docker-actions'
    })
    // No redirects: a 307 would resend the refresh token in the body to wherever it points.
    response = await sendHttp(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: Buffer.from(form.toString()),
      redirect: 'error'
    }).catch(unreachable(registry, url))
  } else {
    if (params.service) url.searchParams.set('service', params.service)
    for (const scope of scopes) url.searchParams.append('scope', scope)
    const headers: Record<string, string> = credential?.username
      ? { authorization: basicAuthorization(credential) }
      : {}
    // A redirect to another origin does not get the Authorization header (see sendHttp).
    response = await sendHttp(url, { method: 'GET', headers }).catch(unreachable(registry, url))
  }
  if (!response.ok) {
    const text = untrustedText(await readBodyStart(response), 200)
    throw new RegistryError(
      `${registry}: the token service refused ${credential ? 'the credentials' : 'an anonymous request'} for ${scopes.join(' ')} (HTTP ${response.status}${text ? `: ${text}` : ''}).`,
      response.status
    )
  }
  const what = `${registry}: the token service's answer`
  const { TokenAnswerSchema, parseJson } = await documents()
  const answer = parseJson(
    TokenAnswerSchema,
    await readBody(response, request.maxResponseBytes, what),
    what,
    {
      error: InvalidResponseError
    }
  )
  const token = answer.token || answer.access_token
  if (!token) throw new RegistryError(`${registry}: the token service answered without a token.`, 502)
  // It becomes a header value: anything but visible ASCII would be a malformed (or smuggled) header.
  if (!/^[\x21-\x7e]+$/.test(token))
    throw new InvalidResponseError(`${registry}: the token service answered with a malformed token.`)
  return { token, expiresIn: answer.expires_in }
}
