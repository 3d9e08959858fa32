import { UserError } from '../errors.js'
import { runCommand, tail } from '../exec.js'
import { engineImageAccess, imageLayersThroughEngine, pushThroughEngine } from './engine-images.js'

/** The digest `docker push` reports: `<tag>: digest: sha256:… size: N`. */
export function pushedDigest(output: string): string | undefined {
  return /digest: (sha256:[a-f0-9]{64})/.exec(output)?.[1]
}

function pushFailed(reference: string, output: string, reason: string): UserError {
  const denied = /denied|unauthorized|authentication required|no basic auth credentials/i.test(output)
  return new UserError(
    `Push of ${reference} failed${denied ? ' (the registry refused the credentials: log in with push rights, e.g. `registry`/`username`/`password` inputs or docker/login-action; for GHCR give the job `packages: write`)' : ''}: ${reason}`
  )
}

/**
 * Pushes one reference; a refusal carries the registry's own message. Returns the manifest digest.
 * Through the Engine API when the CLI would use the engine's socket (one line logged: the digest and
 * how many layers were sent), else `docker push` with its output in the log.
 */
export async function pushImage(
  docker: string,
  reference: string,
  log: (message: string) => void = () => undefined,
  env: NodeJS.ProcessEnv = process.env
): Promise<string> {
  const engine = engineImageAccess(env)
  if (engine) {
    const pushed = await pushThroughEngine(engine.socket, reference, { credentials: engine.credentials })
    if (!pushed.ok || !pushed.digest) throw pushFailed(reference, pushed.error, pushed.error)
    const { pushed: sent, existed } = pushed.layers
    log(`pushed ${reference}: ${pushed.digest} (${sent} layers sent, ${existed} already in the registry)`)
    return pushed.digest
  }
  const result = await runCommand(docker, ['push', reference])
  const output = `${result.stdout}\n${result.stderr}`
  if (result.exitCode !== 0) throw pushFailed(reference, output, tail(result.stderr || result.stdout, 4))
  const digest = pushedDigest(output)
  if (!digest)
    throw new UserError(`Pushed ${reference} but docker did not report a digest:\n${tail(output, 4)}`)
  return digest
}

/** The layer diff IDs of a local image (its filesystem, whatever its config says). */
export async function localLayers(
  docker: string,
  reference: string,
  env: NodeJS.ProcessEnv = process.env
): Promise<string[]> {
  const engine = engineImageAccess(env)
  if (engine)
    return imageLayersThroughEngine(engine.socket, reference).catch((error: unknown) => {
      throw new UserError(`No local image ${reference}: ${(error as Error).message}`)
    })
  const result = await runCommand(
    docker,
    ['image', 'inspect', '--format', '{{json .RootFS.Layers}}', reference],
    {
      silent: true
    }
  )
  if (result.exitCode !== 0) throw new UserError(`No local image ${reference}: ${tail(result.stderr, 2)}`)
  return JSON.parse(result.stdout) as string[]
}
