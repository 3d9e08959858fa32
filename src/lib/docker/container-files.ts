import type { Readable } from 'node:stream'
import { extract } from 'tar-stream'

export interface ContainerEntry {
  /** Path inside the copied tree, as the tar names it (`passwd`, `app/bin/run` …). */
  name: string
  type: string
  size: number
  /** Content, for the regular files the reader keeps (small ones by default). */
  content?: Buffer
}

/**
 * Lists a tar stream (`docker cp <container>:<path> -`, or the Engine API's archive answer), keeping
 * the content of the regular files `keep` names (default: those up to 1 MiB), so a large /app never
 * sits in memory. `stop`, asked of each entry before it is read, ends the listing there (that entry
 * left out) and destroys the stream: the rest of the archive is never read.
 */
export async function tarEntries(
  tar: Readable,
  keep: (entry: ContainerEntry) => boolean = entry => entry.size <= 1024 * 1024,
  stop?: (entry: ContainerEntry) => boolean
): Promise<ContainerEntry[]> {
  const entries: ContainerEntry[] = []
  const parser = extract()
  tar.once('error', error => parser.destroy(error))
  tar.pipe(parser)
  try {
    for await (const item of parser) {
      const header = item.header
      const entry: ContainerEntry = { name: header.name, type: header.type ?? 'file', size: header.size ?? 0 }
      if (stop?.(entry)) break
      entries.push(entry)
      const kept = entry.type === 'file' && keep(entry)
      const chunks: Buffer[] = []
      for await (const chunk of item) if (kept) chunks.push(chunk as Buffer)
      if (kept) entry.content = Buffer.concat(chunks)
    }
  } finally {
    // Left early (stopped, or the parser failed): the source is not read to its end.
    if (!tar.readableEnded) {
      tar.unpipe(parser)
      tar.destroy()
    }
  }
  return entries
}
