import * as core from '@actions/core'
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import * as z from 'zod/mini'
import { hasInstance, setBrand } from '../bundle-brand.js'
import { UserError } from '../errors.js'
import { DOCKER_HUB } from '../image/reference.js'
import { checkShape } from '../oci/json.js'

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
 * Schemas are built on first use: this module loads at start-up (the input readers), most runs
 * never run a helper or find a docker config, and each schema costs its allocations before any
 * request (issue 17).
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
    // Imported here: most runs use no helper, and the input readers load this module at start-up.
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
  // The inputs build the store in an action's start-up bundle, the pipeline's bundle uses it.
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

/** Where credentials come from: a CredentialStore (helpers run lazily) or a plain map of them. */
export type CredentialSource = ReadonlyMap<string, Credential>

/** The credential for `host` if known without running a helper (a plain map always knows). */
export function peekCredential(
  source: CredentialSource,
  host: string
): { credential?: Credential } | undefined {
  return source instanceof CredentialStore ? source.peek(host) : { credential: source.get(host) }
}

/** The credential for `host`, running its credential helper if it has one and it was not run yet. */
export function lookupCredential(source: CredentialSource, host: string): Promise<Credential | undefined> {
  return source instanceof CredentialStore ? source.resolve(host) : Promise.resolve(source.get(host))
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

function dockerConfigPath(): string {
  return join(process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json')
}

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

/**
 * Parses `registry-auth` lines: `<host>=<username>:<password>` or `<host>=<token>` (a bare token is
 * sent as the password of user `token`, which GHCR, GitLab and most token registries accept).
 */
export function parseRegistryAuth(text: string): CredentialStore {
  const store = new CredentialStore()
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

/** Every secret value known in a store now, to register with core.setSecret (a helper's are masked when it runs). */
export function secretValues(store: CredentialSource): string[] {
  return [...store.values()].flatMap(credential =>
    [credential.password, credential.identityToken].filter((value): value is string => Boolean(value))
  )
}
