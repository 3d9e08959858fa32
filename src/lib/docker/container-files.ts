import * as exec from '@actions/exec'
import type { Readable } from 'node:stream'
import { extract } from 'tar-stream'
import { UserError } from '../errors.js'
import { runCommand, tail } from '../exec.js'

export interface ContainerEntry {
  /** Path inside the copied tree, as the tar names it (`passwd`, `app/bin/run` …). */
  name: string
  type: string
  size: number
  /** Content, for regular files up to `maxContentBytes`. */
  content?: Buffer
}

/**
 * Streams `docker cp <container>:<path> -` (a tar) and lists what it holds, keeping the content of
 * small files only, so a large /app never sits in memory. Undefined when the path does not exist.
 */
export async function copyFromContainer(
  docker: string,
  container: string,
  path: string,
  maxContentBytes = 1024 * 1024
): Promise<ContainerEntry[] | undefined> {
  const entries: ContainerEntry[] = []
  const parser = extract()
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on('entry', (header, stream, next) => {
      const entry: ContainerEntry = { name: header.name, type: header.type ?? 'file', size: header.size ?? 0 }
      entries.push(entry)
      const keep = entry.type === 'file' && entry.size <= maxContentBytes
      const chunks: Buffer[] = []
      stream.on('data', (chunk: unknown) => {
        if (keep) chunks.push(chunk as Buffer)
      })
      stream.on('end', () => {
        if (keep) entry.content = Buffer.concat(chunks)
        next()
      })
      stream.resume()
    })
    parser.on('finish', resolve)
    parser.on('error', reject)
  })
  let stderr = ''
  const exitCode = await exec.exec(docker, ['cp', `${container}:${path}`, '-'], {
    silent: true,
    ignoreReturnCode: true,
    listeners: {
      stdout: (chunk: Buffer) => parser.write(chunk),
      stderr: (chunk: Buffer) => (stderr += chunk.toString('utf8'))
    }
  })
  parser.end(undefined)
  if (exitCode !== 0) {
    parsed.catch(() => undefined) // an empty tar is no news when the copy failed
    if (/no such file or directory|could not find the file|no such container:path/i.test(stderr))
      return undefined
    throw new UserError(`docker cp ${path} out of the image failed: ${tail(stderr, 5)}`)
  }
  await parsed
  return entries
}

/** Creates (never starts) a container from an image, hands its ID to `use`, and always removes it. */
export async function withCreatedContainer<T>(
  docker: string,
  image: string,
  use: (container: string) => Promise<T>,
  /** More `docker create` options, e.g. a label by which a cancelled run's container is found. */
  createArgs: string[] = []
): Promise<T> {
  // An entrypoint override keeps `create` working for images without ENTRYPOINT or CMD.
  const created = await runCommand(docker, ['create', ...createArgs, '--entrypoint', '/', image], {
    silent: true
  })
  if (created.exitCode !== 0)
    throw new UserError(`Could not create a container from ${image}: ${tail(created.stderr, 5)}`)
  const container = created.stdout.trim()
  try {
    return await use(container)
  } finally {
    await runCommand(docker, ['rm', '--force', container], { silent: true })
  }
}

/**
 * Lists a tar stream (an engine's archive answer) as copyFromContainer does, keeping the content of
 * the regular files `keep` names (default: those up to 1 MiB).
 */
export async function tarEntries(
  tar: Readable,
  keep: (entry: ContainerEntry) => boolean = entry => entry.size <= 1024 * 1024
): Promise<ContainerEntry[]> {
  const entries: ContainerEntry[] = []
  const parser = extract()
  tar.once('error', error => parser.destroy(error))
  tar.pipe(parser)
  for await (const item of parser) {
    const header = item.header
    const entry: ContainerEntry = { name: header.name, type: header.type ?? 'file', size: header.size ?? 0 }
    entries.push(entry)
    const kept = entry.type === 'file' && keep(entry)
    const chunks: Buffer[] = []
    for await (const chunk of item) if (kept) chunks.push(chunk as Buffer)
    if (kept) entry.content = Buffer.concat(chunks)
  }
  return entries
}
