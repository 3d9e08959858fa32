import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../errors.js'
import { DOCKER_HUB } from '../image/reference.js'

export interface Credential {
  username?: string
  password?: string
  /** An identity/registry token used as the Bearer token request's refresh token. */
  identityToken?: string
}

/** Credentials by registry host (`docker.io` for Docker Hub). */
export type CredentialStore = Map<string, Credential>

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>
  credHelpers?: Record<string, string>
  credsStore?: string
}

/** The registry host a docker config key stands for (`https://index.docker.io/v1/` -> `docker.io`). */
export function normalizeRegistryHost(key: string): string {
  const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '')
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? DOCKER_HUB : host
}

function dockerConfigPath(): string {
  return join(process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json')
}

/** A `docker-credential-<helper> get` lookup (the protocol Docker itself uses); undefined when absent. */
function fromCredentialHelper(helper: string, host: string): Credential | undefined {
  const server = host === DOCKER_HUB ? 'https://index.docker.io/v1/' : host
  try {
    const out = execFileSync(`docker-credential-${helper}`, ['get'], {
      input: server,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'ignore']
    })
    const parsed = JSON.parse(out) as { Username?: string; Secret?: string }
    if (!parsed.Secret) return undefined
    return parsed.Username === '<token>'
      ? { identityToken: parsed.Secret }
      : { username: parsed.Username, password: parsed.Secret }
  } catch {
    return undefined
  }
}

/** Reads `$DOCKER_CONFIG/config.json` (or ~/.docker/config.json): `auths`, `credHelpers`, `credsStore`. */
export function loadDockerConfigCredentials(path = dockerConfigPath()): CredentialStore {
  const store: CredentialStore = new Map()
  if (!existsSync(path)) return store
  let config: DockerConfig
  try {
    config = JSON.parse(readFileSync(path, 'utf8')) as DockerConfig
  } catch (error) {
    throw new UserError(`${path} is not valid JSON (${(error as Error).message}); fix or remove it.`)
  }
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    const host = normalizeRegistryHost(key)
    if (entry.identitytoken) store.set(host, { identityToken: entry.identitytoken })
    else if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      store.set(host, { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) })
    } else if (entry.username && entry.password)
      store.set(host, { username: entry.username, password: entry.password })
    else if (config.credsStore) {
      const helped = fromCredentialHelper(config.credsStore, host)
      if (helped) store.set(host, helped)
    }
  }
  for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
    const host = normalizeRegistryHost(key)
    const helped = fromCredentialHelper(helper, host)
    if (helped) store.set(host, helped)
  }
  return store
}

/**
 * Parses `registry-auth` lines: `<host>=<username>:<password>` or `<host>=<token>` (a bare token is
 * sent as the password of user `token`, which GHCR, GitLab and most token registries accept).
 */
export function parseRegistryAuth(text: string): CredentialStore {
  const store: CredentialStore = new Map()
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const equals = line.indexOf('=')
    if (equals <= 0) {
      throw new UserError(
        `registry-auth line ${index + 1} is not "<host>=<username>:<password>" or "<host>=<token>" (the value is not shown).`
      )
    }
    const host = normalizeRegistryHost(line.slice(0, equals).trim())
    const secret = line.slice(equals + 1)
    const colon = secret.indexOf(':')
    store.set(
      host,
      colon > 0
        ? { username: secret.slice(0, colon), password: secret.slice(colon + 1) }
        : { username: 'token', password: secret }
    )
  }
  return store
}

/** Every secret value in a store, to register with core.setSecret. */
export function secretValues(store: CredentialStore): string[] {
  return [...store.values()].flatMap(credential =>
    [credential.password, credential.identityToken].filter((value): value is string => Boolean(value))
  )
}
