import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

export interface KnownTags {
  tags: string[]
  /** Where they came from, for the log: `local`, `origin`, or both. */
  sources: string[]
  /** Why origin could not be asked (no remote, no network, no access), when it could not. */
  originError?: string
}

async function gitLines(args: string[], cwd: string): Promise<string[]> {
  const { stdout } = await execFileAsync('git', args, { cwd, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 })
  return stdout.split('\n').filter(Boolean)
}

/**
 * The repository's git tags, to decide which release lines a release is the highest of (`latest`,
 * `<major>`, `<major>.<minor>`). The usual checkout (actions/checkout with its default depth 1) has no
 * tags, so the origin remote is asked too, with `git ls-remote --tags` (names only: no objects are
 * fetched, and the checkout's own credentials are used). What cannot be read is reported, not fatal:
 * the caller logs it and judges from what it has.
 */
export async function listGitTags(cwd = process.cwd()): Promise<KnownTags> {
  const tags = new Set<string>()
  const sources: string[] = []
  try {
    for (const tag of await gitLines(['tag', '--list'], cwd)) tags.add(tag)
    sources.push('local')
  } catch {
    // Not a git checkout: nothing local to read.
  }
  let originError: string | undefined
  try {
    const refs = await gitLines(['ls-remote', '--tags', '--refs', 'origin'], cwd)
    for (const line of refs) {
      const name = line.split('\t')[1]?.replace(/^refs\/tags\//, '')
      if (name) tags.add(name)
    }
    sources.push('origin')
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error)
    originError = text.split('\n').find(line => /fatal|error/i.test(line)) ?? text.split('\n')[0]
  }
  return { tags: [...tags], sources, originError }
}
