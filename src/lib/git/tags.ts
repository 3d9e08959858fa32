import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

/**
 * The repository's git tags, to decide whether a release is the highest (for `latest`).
 * Checkouts are often shallow or tag-less: then we know nothing and return [] (callers treat the
 * release as the highest, which is right for the usual "tag the newest commit" flow).
 */
export async function listGitTags(cwd = process.cwd()): Promise<string[]> {
  try {
    const { stdout } = await execFileAsync('git', ['tag', '--list'], { cwd })
    return stdout.split('\n').filter(Boolean)
  } catch {
    return []
  }
}
