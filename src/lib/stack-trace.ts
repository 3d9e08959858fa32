import { existsSync, readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** A frame's location in a stack: `/path/file.js:12:34` or `file:///path/file.js:12:34`. */
const FRAME_LOCATION = /(file:\/\/\/?[^\s()]+?|\/[^\s()]+?)\.(c?m?js):(\d+):(\d+)/g

/**
 * The stack with each frame of a bundle (dist/<name>/*.js) mapped to its source (src/*.ts) through
 * the linked `.js.map` beside it; frames without a map stay as they are. Read only when an
 * unexpected error is reported, so a run that succeeds never parses a source map (issue 17).
 */
export function sourceMappedStack(stack: string): string {
  const maps = new Map<string, SourceMap | undefined>()
  return stack.replace(FRAME_LOCATION, (location, path: string, extension: string, line, column) => {
    const file = `${path.startsWith('file:') ? fileURLToPath(path) : path}.${extension}`
    if (!maps.has(file)) maps.set(file, readSourceMap(file))
    const entry = maps.get(file)?.findEntry(Number(line) - 1, Number(column) - 1)
    if (!entry || !('originalSource' in entry) || !entry.originalSource) return location
    const source = entry.originalSource.startsWith('file:')
      ? fileURLToPath(entry.originalSource)
      : resolve(dirname(file), entry.originalSource)
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`
  })
}

function readSourceMap(file: string): SourceMap | undefined {
  const mapFile = `${file}.map`
  if (!existsSync(mapFile)) return undefined
  try {
    return new SourceMap(
      JSON.parse(readFileSync(mapFile, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]
    )
  } catch {
    return undefined // a broken map must not hide the error being reported
  }
}
