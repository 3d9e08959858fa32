import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import {
  DOCKER_HUB,
  type ImageReference,
  familiarName,
  isValidDigest,
  parseReference
} from '../image/reference.js'
import {
  type Credential,
  type CredentialSource,
  loadDockerConfigCredentials,
  lookupCredential
} from '../registry/credentials.js'
import { untrustedText } from '../untrusted-text.js'
import { EngineApi, engineSocket } from './engine-api.js'

/**
 * Pulls and pushes through the Engine API on its unix socket: what `docker pull` / `docker push` ask
 * of the engine, without a CLI process per image (50-100 ms of start each, more on a busy runner; a
 * build pulls up to five images at once). The engine does the registry work either way. The
 * credential goes over the socket in X-Registry-Auth, as the CLI sends it, for the image's own
 * registry only; it never reaches an argument list or the log.
 */

export interface EngineImageResult {
  ok: boolean
  /** Why it failed: the engine's message, made safe to print (empty when ok). */
  error: string
}

export interface EnginePushResult extends EngineImageResult {
  /** The manifest digest the engine reports for the pushed tag. */
  digest?: string
  /** Layers sent, and layers the registry already had (or mounted). */
  layers: { pushed: number; existed: number }
}

/**
 * The engine's socket and the docker config's credentials, when images can be pulled and pushed
 * through the Engine API as the CLI would: the CLI talks to that socket too (see engineSocket),
 * content trust is off (the CLI checks signatures itself), and the docker config can be read (else
 * the CLI says why). Credential helpers run only when a registry's credential is first needed.
 */
export function engineImageAccess(
  env: NodeJS.ProcessEnv = process.env
): { socket: string; credentials: CredentialSource } | undefined {
  const socket = engineSocket(env)
  if (!socket || /^(1|true)$/i.test(env.DOCKER_CONTENT_TRUST ?? '')) return undefined
  try {
    const config = join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json')
    return { socket, credentials: loadDockerConfigCredentials(config) }
  } catch {
    return undefined
  }
}

/** Longest silence on a progress stream (a large layer reports as it goes). */
const IDLE_MS = 10 * 60_000
/** Most characters of one progress line kept (a longer line is cut to its tail, then not JSON). */
const MAX_LINE = 64 * 1024

/** X-Registry-Auth: the credential as JSON, URL-safe base64 with padding, naming the registry it is for; `{}` for none. */
function registryAuthHeader(registry: string, credential: Credential | undefined): string {
  const serveraddress = registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry
  const auth = !credential
    ? {}
    : credential.identityToken
      ? { identitytoken: credential.identityToken, serveraddress }
      : { username: credential.username ?? '', password: credential.password ?? '', serveraddress }
  // Go's URL-safe alphabet with padding (base64.URLEncoding), which the engine decodes: without the
  // padding it silently drops the credential.
  return Buffer.from(JSON.stringify(auth)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')
}

async function authHeaders(
  ref: ImageReference,
  credentials: CredentialSource | undefined
): Promise<Record<string, string>> {
  const credential = credentials && (await lookupCredential(credentials, ref.registry))
  return { 'X-Registry-Auth': registryAuthHeader(ref.registry, credential) }
}

/**
 * `POST /images/create` for one reference (by digest when it names one, else its tag or `latest`:
 * never an empty tag, which would pull every tag), with the platform when given. The engine answers
 * 200 and then reports progress, or a failure, as JSON lines: an `error` line fails it.
 */
export async function pullThroughEngine(
  socket: string,
  ref: string,
  options: { platform?: string; credentials?: CredentialSource } = {}
): Promise<EngineImageResult> {
  try {
    const parsed = parseReference(ref)
    const query = new URLSearchParams({
      fromImage: familiarName(parsed),
      tag: parsed.digest ?? parsed.tag ?? 'latest',
      ...(options.platform ? { platform: options.platform } : {})
    })
    const report = await progressOf(
      await post(socket, `/images/create?${query.toString()}`, await authHeaders(parsed, options.credentials))
    )
    return { ok: report.error === undefined, error: report.error ?? '' }
  } catch (error) {
    return { ok: false, error: untrustedText((error as Error).message) }
  }
}

/**
 * `POST /images/<name>/push?tag=<tag>`: pushes one local tag, as `docker push <ref>` does. The digest
 * is the one the engine reports for it (`aux.Digest`).
 */
export async function pushThroughEngine(
  socket: string,
  ref: string,
  options: { credentials?: CredentialSource } = {}
): Promise<EnginePushResult> {
  const layers = { pushed: 0, existed: 0 }
  try {
    const parsed = parseReference(ref)
    const query = new URLSearchParams({ tag: parsed.tag ?? 'latest' })
    const path = `/images/${encodeURIComponent(familiarName(parsed))}/push?${query.toString()}`
    const report = await progressOf(await post(socket, path, await authHeaders(parsed, options.credentials)))
    if (report.error !== undefined) return { ok: false, error: report.error, layers: report.layers }
    if (!report.digest) return { ok: false, error: 'the engine reported no digest for the push', layers }
    return { ok: true, error: '', digest: report.digest, layers: report.layers }
  } catch (error) {
    return { ok: false, error: untrustedText((error as Error).message), layers }
  }
}

/** The layer diff IDs of a local image (`GET /images/<ref>/json`, `RootFS.Layers`). */
export async function imageLayersThroughEngine(socket: string, ref: string): Promise<string[]> {
  const image = await new EngineApi(socket).json<{ RootFS?: { Layers?: unknown } }>({
    path: `/images/${encodeURIComponent(ref)}/json`
  })
  const layers = image?.RootFS?.Layers
  if (!Array.isArray(layers) || !layers.every(layer => typeof layer === 'string'))
    throw new Error(`the engine reports no layers for ${ref}`)
  return layers as string[]
}

/** A POST with no body to the engine; rejects with the engine's message unless it answers 2xx. */
function post(socket: string, path: string, headers: Record<string, string>): Promise<Readable> {
  return new EngineApi(socket).stream({ method: 'POST', path, headers, timeoutMs: IDLE_MS })
}

interface Progress {
  /** The last error the engine reported, safe to print. */
  error?: string
  digest?: string
  layers: { pushed: number; existed: number }
}

/**
 * Reads a pull's or push's progress, JSON lines: an `error` line is a failure, `aux.Digest` a push's
 * digest.
 */
async function progressOf(response: Readable): Promise<Progress> {
  const progress: Progress = { layers: { pushed: 0, existed: 0 } }
  const read = (line: string): void => {
    if (line.includes('"status":"Pushed"')) progress.layers.pushed++
    else if (/"status":"(Layer already exists|Mounted from)/.test(line)) progress.layers.existed++
    else if (!line.includes('"error"') && !line.includes('"aux"')) return
    try {
      const entry = JSON.parse(line) as { error?: unknown; aux?: { Digest?: unknown } }
      if (typeof entry.error === 'string') progress.error = untrustedText(entry.error)
      const digest = entry.aux?.Digest
      if (typeof digest === 'string' && isValidDigest(digest)) progress.digest = digest
    } catch {
      // A cut or garbled line: neither an error nor a digest.
    }
  }
  let pending = ''
  for await (const chunk of response) {
    pending += (chunk as Buffer).toString('utf8')
    const lines = pending.split('\n')
    pending = (lines.pop() ?? '').slice(-MAX_LINE)
    for (const line of lines) read(line)
  }
  read(pending)
  return progress
}
