import * as core from '@actions/core'
import { existsSync, readFileSync } from 'node:fs'
import * as z from 'zod/mini'
import { hasInstance, setBrand } from '../bundle-brand.js'
import { UserError } from '../errors.js'
import { DOCKER_HUB } from '../image/reference.js'
import { checkShape } from '../oci/json.js'
import {
  type Credential,
  GivenCredentials,
  dockerConfigPath,
  normalizeRegistryHost,
  secretValues
} from './credential-inputs.js'

// What an input reader needs lives in credential-inputs.ts, which loads at start-up; this module
// (the docker config, its schema, credential helpers) loads with the pipeline (issue 17).
export {
  type Credential,
  GivenCredentials,
  normalizeRegistryHost,
  parseRegistryAuth,
  secretValues
} from './credential-inputs.js'

/**
 * Schemas are built on first use: most runs never run a helper or find a docker config, and each
 * schema costs its allocations before any request (issue 17).
 */
const lazily = <T>(build: () => T): (() => T) => {
  let built: T | undefined
  return () => (built ??= build())
}

const helperAnswerSchema = lazily(() =>
  z.looseObject({ Username: z.optional(z.string()), Secret: z.optional(z.string()) })
)

/**
 * A `docker-credential-<helper> get` lookup (the protocol Docker itself uses), run asynchronously;
 * undefined when the helper is missing, fails or knows nothing for the host. What it returns is
 * masked at once: the runner must never print it.
 */
async function fromCredentialHelper(helper: string, host: string): Promise<Credential | undefined> {
  const server = host === DOCKER_HUB ? 'https://index.docker.io/v1/' : host
  try {
    // Imported here: most runs use no helper.
    const { runCommand } = await import('../exec.js')
    const result = await runCommand(`docker-credential-${helper}`, ['get'], {
      input: Buffer.from(server),
      silent: true
    })
    if (result.exitCode !== 0) return undefined
    const answer = helperAnswerSchema().safeParse(JSON.parse(result.stdout))
    if (!answer.success || !answer.data.Secret) return undefined
    core.setSecret(answer.data.Secret)
    return answer.data.Username === '<token>'
      ? { identityToken: answer.data.Secret }
      : { username: answer.data.Username, password: answer.data.Secret }
  } catch {
    return undefined
  }
}

/** CredentialStore's brand: see bundle-brand.ts. */
const CREDENTIAL_STORE = Symbol.for('docker-actions.CredentialStore')

/**
 * Credentials by registry host (`docker.io` for Docker Hub). Those written in the docker config or
 * set explicitly are known at once; a host served by a credential helper (`credHelpers`,
 * `credsStore`) is looked up lazily, the first time a registry asks for credentials, and once.
 * A credential set explicitly wins over the helper.
 */
export class CredentialStore extends Map<string, Credential> {
  // Branded like GivenCredentials: a store built by one bundle's copy of this module stays a store in another.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasInstance(CredentialStore, CREDENTIAL_STORE, this, value)
  }

  private readonly helpers = new Map<string, string>()
  private readonly lookups = new Map<string, Promise<Credential | undefined>>()
  private readonly answered = new Map<string, Credential | undefined>()

  constructor(entries?: Iterable<readonly [string, Credential]>) {
    super(entries)
    setBrand(this, CREDENTIAL_STORE)
  }

  override set(host: string, credential: Credential): this {
    // Map's constructor calls set before the fields exist.
    this.helpers?.delete(host)
    return super.set(host, credential)
  }

  /** Asks `docker-credential-<helper>` for this host's credential when one is needed. */
  useHelper(host: string, helper: string): void {
    this.helpers.set(host, helper)
  }

  /** The credential for a host: from its helper when it has one (falling back to the config's), else the known one. */
  async resolve(host: string): Promise<Credential | undefined> {
    const helper = this.helpers.get(host)
    if (!helper) return this.get(host)
    let lookup = this.lookups.get(host)
    if (!lookup) {
      lookup = fromCredentialHelper(helper, host).then(credential => {
        this.answered.set(host, credential ?? this.get(host))
        return credential
      })
      this.lookups.set(host, lookup)
    }
    return (await lookup) ?? this.get(host)
  }

  /** The credential for a host if it is known without running anything; undefined when a helper must run first. */
  peek(host: string): { credential?: Credential } | undefined {
    if (!this.helpers.has(host)) return { credential: this.get(host) }
    return this.answered.has(host) ? { credential: this.answered.get(host) } : undefined
  }
}

/**
 * Where credentials come from: a CredentialStore (helpers run lazily), GivenCredentials (the docker
 * config's under them, read on first use: withDockerConfig) or a plain map of them.
 */
export type CredentialSource = ReadonlyMap<string, Credential>

/** The credential for `host` if known without running a helper (a plain map always knows). */
export function peekCredential(
  source: CredentialSource,
  host: string
): { credential?: Credential } | undefined {
  const store = withDockerConfig(source)
  return store instanceof CredentialStore ? store.peek(host) : { credential: store.get(host) }
}

/** The credential for `host`, running its credential helper if it has one and it was not run yet. */
export async function lookupCredential(
  source: CredentialSource,
  host: string
): Promise<Credential | undefined> {
  const store = withDockerConfig(source)
  return store instanceof CredentialStore ? store.resolve(host) : store.get(host)
}

/** Each GivenCredentials with the docker config's credentials under it, read once. */
const configured = new WeakMap<GivenCredentials, CredentialStore>()

/**
 * Credentials given as inputs (GivenCredentials, built at start-up) with the docker config's under
 * them: the config is read on the first call, and what it adds is masked before anything can use it.
 * A bad config throws its UserError on every call. Any other source is returned as it is.
 */
export function withDockerConfig(source: GivenCredentials): CredentialStore
export function withDockerConfig<T extends CredentialSource | undefined>(source: T): T | CredentialStore
export function withDockerConfig(source: CredentialSource | undefined): CredentialSource | undefined {
  if (!(source instanceof GivenCredentials)) return source
  let store = configured.get(source)
  if (!store) {
    store = loadDockerConfigCredentials()
    // The given credentials were masked as they were read; those the config adds are masked now.
    const fromConfig = new Map([...store].filter(([host]) => !source.has(host)))
    for (const secret of new Set(secretValues(fromConfig))) core.setSecret(secret)
    for (const [host, credential] of source) store.set(host, credential)
    configured.set(source, store)
  }
  return store
}

const dockerConfigSchema = lazily(() =>
  z.looseObject({
    auths: z.optional(
      z.record(
        z.string(),
        z.looseObject({
          auth: z.optional(z.string()),
          username: z.optional(z.string()),
          password: z.optional(z.string()),
          identitytoken: z.optional(z.string())
        })
      )
    ),
    credHelpers: z.optional(z.record(z.string(), z.string())),
    credsStore: z.optional(z.string())
  })
)

/**
 * Reads `$DOCKER_CONFIG/config.json` (or ~/.docker/config.json): `auths`, `credHelpers`, `credsStore`.
 * No helper runs here: each runs when a registry first needs the credential (see CredentialStore).
 */
export function loadDockerConfigCredentials(path = dockerConfigPath()): CredentialStore {
  const store = new CredentialStore()
  if (!existsSync(path)) return store
  let value: unknown
  try {
    value = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new UserError(`${path} is not valid JSON (${(error as Error).message}); fix or remove it.`)
  }
  const config = checkShape(dockerConfigSchema(), value, path, {
    expected: 'a docker config',
    consequence: 'fix or remove it'
  })
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    const host = normalizeRegistryHost(key)
    if (entry.identitytoken) store.set(host, { identityToken: entry.identitytoken })
    else if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      store.set(host, { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) })
    } else if (entry.username && entry.password)
      store.set(host, { username: entry.username, password: entry.password })
    else if (config.credsStore) store.useHelper(host, config.credsStore)
  }
  for (const [key, helper] of Object.entries(config.credHelpers ?? {}))
    store.useHelper(normalizeRegistryHost(key), helper)
  return store
}
