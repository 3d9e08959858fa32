import { UserError } from '../errors.js'
import { runCommand, tail } from '../exec.js'

/** The digest `docker push` reports: `<tag>: digest: sha256:… size: N`. */
export function pushedDigest(output: string): string | undefined {
  return /digest: (sha256:[a-f0-9]{64})/.exec(output)?.[1]
}

/** Pushes one reference; a refusal carries the registry's own message. Returns the manifest digest. */
export async function pushImage(docker: string, reference: string): Promise<string> {
  const result = await runCommand(docker, ['push', reference])
  const output = `${result.stdout}\n${result.stderr}`
  if (result.exitCode !== 0) {
    const denied = /denied|unauthorized|authentication required/i.test(output)
    throw new UserError(
      `Push of ${reference} failed${denied ? ' (the registry refused the credentials: log in with push rights, e.g. `registry`/`username`/`password` inputs or docker/login-action; for GHCR give the job `packages: write`)' : ''}: ${tail(result.stderr || result.stdout, 4)}`
    )
  }
  const digest = pushedDigest(output)
  if (!digest)
    throw new UserError(`Pushed ${reference} but docker did not report a digest:\n${tail(output, 4)}`)
  return digest
}

/** The layer diff IDs of a local image (its filesystem, whatever its config says). */
export async function localLayers(docker: string, reference: string): Promise<string[]> {
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
