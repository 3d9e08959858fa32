/**
 * Where a registry client may send what: its credentials go to the registry's own origin and to a
 * token realm it is allowed to name, never anywhere a response points at. Pure functions, so every
 * case is unit-tested without a network.
 */
import { UserError } from '../errors.js'
import { isLoopbackRegistry } from '../image/reference.js'
import { untrustedText } from '../untrusted-text.js'

/** Is `registry` (host[:port]) spoken to over plain HTTP: loopback, or listed as insecure. */
export function isPlainHttpRegistry(registry: string, insecureRegistries: string[] = []): boolean {
  return isLoopbackRegistry(registry) || insecureRegistries.includes(registry)
}

/** The host part of a `host[:port]` registry name (`[::1]` kept in brackets, like URL.hostname). */
function hostOf(registry: string): string {
  return registry.startsWith('[')
    ? registry.slice(0, registry.indexOf(']') + 1)
    : registry.replace(/:\d+$/, '')
}

/** Only the origin of a URL a registry sent, printable (no path or query: they may carry upload state). */
const shown = (url: URL): string => untrustedText(url.origin, 200)

/**
 * The URL an upload `Location` stands for, resolved against the registry's base URL. It may be another
 * origin (the client then sends it no credentials), but never a downgrade from https to http and
 * never a scheme other than http(s).
 */
export function resolveUploadLocation(baseUrl: string, location: string, registry: string): URL {
  let url: URL
  try {
    url = new URL(location, baseUrl)
  } catch {
    throw new UserError(
      `${registry} answered an upload with a Location that is not a URL ("${untrustedText(location, 200)}"); refusing it.`
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UserError(
      `${registry} answered an upload with a ${untrustedText(url.protocol, 20)} Location; only http(s) is followed.`
    )
  if (new URL(baseUrl).protocol === 'https:' && url.protocol === 'http:')
    throw new UserError(
      `${registry} (https) sent its upload to ${shown(url)} over plain HTTP; refusing the downgrade (the blob and any credential would travel unencrypted).`
    )
  return url
}

/**
 * May the credential for `registry` be sent to the token `realm` it named in a Bearer challenge?
 * - an https realm: yes, on any host (Docker Hub's is auth.docker.io; GHCR's is ghcr.io);
 * - an http realm: only when the registry itself speaks plain HTTP (loopback, or listed in
 *   `insecureRegistries`) and the realm's host is loopback, the registry's own host (any port), or
 *   listed in `insecureRegistries` itself, so a credential sent in clear stays where the user
 *   already accepted plain HTTP;
 * - anything else (another scheme, not a URL): no.
 * Returns the realm URL, or throws a UserError saying why not and what to change.
 */
export function checkTokenRealm(registry: string, realm: string, insecureRegistries: string[] = []): URL {
  let url: URL
  try {
    url = new URL(realm)
  } catch {
    throw new UserError(
      `${registry} named a token realm that is not an absolute URL ("${untrustedText(realm, 200)}"); refusing to send it credentials.`
    )
  }
  if (url.protocol === 'https:') return url
  if (url.protocol !== 'http:')
    throw new UserError(
      `${registry} named a token realm with scheme ${untrustedText(url.protocol, 20)}; only https (or http for insecure registries) is used.`
    )
  if (!isPlainHttpRegistry(registry, insecureRegistries))
    throw new UserError(
      `${registry} named a plain-HTTP token realm (${shown(url)}); refusing to send credentials unencrypted. Only loopback registries and those listed in insecure-registries may use an http realm.`
    )
  const realmAllowed =
    isLoopbackRegistry(url.host) ||
    url.hostname === hostOf(registry) ||
    insecureRegistries.includes(url.host) ||
    insecureRegistries.includes(url.hostname)
  if (!realmAllowed)
    throw new UserError(
      `${registry} named a plain-HTTP token realm on another host (${shown(url)}); refusing to send credentials there unencrypted. List ${untrustedText(url.host, 100)} in insecure-registries if it is yours.`
    )
  return url
}
