/**
 * The credentials an action is given as inputs (`registry-auth` lines, `password`, …), read and masked
 * by its start-up bundle. This module stays light on purpose (issue 17): the docker config under
 * them, its schema and the credential helpers are the pipeline's (credentials.ts, withDockerConfig),
 * so a run that fails on an input never loads them.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import { hasInstance, setBrand } from '../bundle-brand.js'
import { UserError } from '../errors.js'
import { DOCKER_HUB } from '../image/reference.js'

export interface Credential {
  username?: string
  password?: string
  /** An identity/registry token used as the Bearer token request's refresh token. */
  identityToken?: string
}

/** The registry host a docker config key stands for (`https://index.docker.io/v1/` -> `docker.io`). */
export function normalizeRegistryHost(key: string): string {
  const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '')
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? DOCKER_HUB : host
}

/**
 * Parses `registry-auth` lines: `<host>=<username>:<password>` or `<host>=<token>` (a bare token is
 * sent as the password of user `token`, which GHCR, GitLab and most token registries accept).
 */
export function parseRegistryAuth(text: string): Map<string, Credential> {
  const credentials = new Map<string, Credential>()
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
    credentials.set(
      host,
      colon > 0
        ? { username: secret.slice(0, colon), password: secret.slice(colon + 1) }
        : { username: 'token', password: secret }
    )
  }
  return credentials
}

/** Every secret value known in a store now, to register with core.setSecret (a helper's are masked when it runs). */
export function secretValues(store: ReadonlyMap<string, Credential>): string[] {
  return [...store.values()].flatMap(credential =>
    [credential.password, credential.identityToken].filter((value): value is string => Boolean(value))
  )
}

/** GivenCredentials' brand: see bundle-brand.ts. */
const GIVEN_CREDENTIALS = Symbol.for('docker-actions.GivenCredentials')

/**
 * Credentials given as inputs, by registry host, over the docker config's. The docker config is not
 * read here: the pipeline reads it the first time it needs a credential (withDockerConfig in
 * credentials.ts), and masks what it adds then. Branded: the start-up bundle builds it, the
 * pipeline's bundle uses it.
 */
export class GivenCredentials extends Map<string, Credential> {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasInstance(GivenCredentials, GIVEN_CREDENTIALS, this, value)
  }

  constructor(entries?: Iterable<readonly [string, Credential]>) {
    super(entries)
    setBrand(this, GIVEN_CREDENTIALS)
  }
}

/** `$DOCKER_CONFIG/config.json`, or ~/.docker/config.json: where docker login writes credentials. */
export function dockerConfigPath(): string {
  return join(process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json')
}
