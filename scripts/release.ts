#!/usr/bin/env tsx
/**
 * Pins the workflows' references to this repository's own actions to a release commit, so a caller of
 * `build.yml@v1` runs exactly the actions released with it, not whatever `@v1` points at later.
 *
 *   npx tsx scripts/release.ts <sha|HEAD> [--repository docker-actions] [files…]
 *       rewrites `uses: <owner>/docker-actions[/<path>]@v1` to `@<40-hex sha> # v1`
 *   npx tsx scripts/release.ts --check [--repository docker-actions] [files…]
 *       fails while a workflow still calls its own actions by a mutable ref (tag or branch)
 *
 * Files default to .github/workflows/*.yml. Other actions are left alone (they are pinned by hand).
 * <sha> is the commit whose actions are released, e.g. HEAD before the commit that records the pins;
 * it must be pushed (a caller fetches the actions at that SHA), and `v1` then moves to the pin commit.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import { parse } from 'yaml'

const FULL_SHA = /^[0-9a-f]{40}$/
export const DEFAULT_REPOSITORY = 'docker-actions'
const WORKFLOWS = '.github/workflows'

/** `<owner>/<repository>[/<path>]` for any owner (`acme`, `<org>`, …); not `./local` or `docker://`. */
export function isOwnAction(action: string, repository: string): boolean {
  const [owner, name] = action.split('/')
  return (
    name !== undefined &&
    /^[^.:][^:]*$/.test(owner) &&
    // GitHub matches repository names case-insensitively.
    name.toLowerCase() === repository.toLowerCase()
  )
}

function splitUses(uses: string): { action: string; ref: string } | undefined {
  const at = uses.lastIndexOf('@')
  return at > 0 ? { action: uses.slice(0, at), ref: uses.slice(at + 1) } : undefined
}

/** Every `uses:` value of a workflow (job and step level) or composite action (runs.steps). */
export function usesValues(document: unknown): string[] {
  const values: string[] = []
  const steps = (list: unknown): void => {
    if (Array.isArray(list))
      for (const step of list) if (typeof step?.uses === 'string') values.push(step.uses)
  }
  const doc = document as {
    jobs?: Record<string, { uses?: unknown; steps?: unknown }>
    runs?: { steps?: unknown }
  }
  for (const job of Object.values(doc?.jobs ?? {})) {
    if (typeof job?.uses === 'string') values.push(job.uses)
    steps(job?.steps)
  }
  steps(doc?.runs?.steps)
  return values
}

/** References to the repository's own actions by anything but a full commit SHA (a tag or branch moves). */
export function mutableOwnRefs(text: string, repository = DEFAULT_REPOSITORY): string[] {
  return usesValues(parse(text)).filter(uses => {
    const split = splitUses(uses)
    return split !== undefined && isOwnAction(split.action, repository) && !FULL_SHA.test(split.ref)
  })
}

// `uses: x@ref`, `- uses: 'x@ref' # comment`: the key, an optional quote, the action, the ref, the comment.
const USES_LINE =
  /^(\s*(?:-\s+)?uses:[ \t]+)(["']?)([^\s"'#@]+)@([^\s"'#]+)\2(?:[ \t]+#[ \t]*([^\r]*))?(\r?)$/

/**
 * Rewrites each `uses:` line that names one of the repository's own actions to `@<sha> # <tag>`.
 * A line already pinned keeps the tag from its comment and moves to the new SHA. Fails rather than
 * guess when the rewrite would change anything but those references (a `uses:` inside a block
 * scalar, a flow mapping it cannot rewrite).
 */
export function pinOwnActions(text: string, sha: string, repository = DEFAULT_REPOSITORY): string {
  if (!FULL_SHA.test(sha)) throw new Error(`"${sha}" is not a full 40-character commit SHA.`)
  const pinned = text
    .split('\n')
    .map(line => {
      const match = USES_LINE.exec(line)
      if (!match) return line
      const [, key, quote, action, ref, comment = '', cr] = match
      if (!isOwnAction(action, repository)) return line
      // Pinned already: its comment names the tag (`# v1 …`); otherwise the ref is the tag.
      const note = FULL_SHA.test(ref) ? comment.trim() : `${ref} ${comment}`.trim()
      return `${key}${quote}${action}@${sha}${quote}${note ? ` # ${note}` : ''}${cr}`
    })
    .join('\n')

  const expected = usesValues(parse(text)).map(uses => {
    const split = splitUses(uses)
    return split && isOwnAction(split.action, repository) ? `${split.action}@${sha}` : uses
  })
  const before = parse(text) as unknown
  const after = parse(pinned) as unknown
  if (
    !isDeepStrictEqual(usesValues(after), expected) ||
    !isDeepStrictEqual(withoutUses(before), withoutUses(after))
  )
    throw new Error('Some references to the own actions are not on a plain `uses:` line; pin them by hand.')
  return pinned
}

/** The document with every `uses:` value blanked, to prove a rewrite touched nothing else. */
function withoutUses(document: unknown): unknown {
  return JSON.parse(JSON.stringify(document), (key, value) => (key === 'uses' ? '' : value))
}

function parseArgs(argv: string[]): { check: boolean; commit?: string; repository: string; files: string[] } {
  const result = {
    check: false,
    commit: undefined as string | undefined,
    repository: DEFAULT_REPOSITORY,
    files: [] as string[]
  }
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') result.check = true
    else if (argv[i] === '--repository') result.repository = argv[++i] ?? ''
    else if (result.check || result.commit !== undefined) result.files.push(argv[i])
    else result.commit = argv[i]
  }
  if (!result.repository) throw new Error('--repository needs a name.')
  if (result.files.length === 0)
    result.files = readdirSync(WORKFLOWS)
      .filter(name => /\.ya?ml$/.test(name))
      .sort()
      .map(name => join(WORKFLOWS, name))
  return result
}

function main(): void {
  const args = parseArgs(process.argv.slice(2))
  if (args.check) {
    let mutable = 0
    for (const file of args.files)
      for (const uses of mutableOwnRefs(readFileSync(file, 'utf8'), args.repository)) {
        console.error(`${file}: ${uses} is a mutable reference; run scripts/release.ts <sha>`)
        mutable++
      }
    if (mutable > 0) process.exit(1)
    console.log(`every reference to ${args.repository} is pinned to a commit`)
    return
  }
  if (!args.commit)
    throw new Error('usage: npx tsx scripts/release.ts <sha|HEAD> [--repository NAME] [files…]')
  let sha: string
  try {
    sha = execFileSync('git', ['rev-parse', '--verify', '--end-of-options', `${args.commit}^{commit}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    }).trim()
  } catch {
    throw new Error(`"${args.commit}" is not a commit of this repository.`)
  }
  for (const file of args.files) {
    const text = readFileSync(file, 'utf8')
    const pinned = pinOwnActions(text, sha, args.repository)
    if (pinned !== text) {
      writeFileSync(file, pinned)
      console.log(`${file}: pinned to ${sha}`)
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main()
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
}
