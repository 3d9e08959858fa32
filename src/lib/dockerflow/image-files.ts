import { UserError, errorMessage } from '../errors.js'
import type { ContainerEntry } from '../docker/container-files.js'
import { labelFor, newRunId } from './cleanup.js'
import type { VerifyEngine } from './engine.js'
import { type ImageFiles, VERSION_JSON_PATH } from './static-checks.js'

/** Most bytes of a file the static checks read (passwd, group, version.json). */
const MAX_FILE_BYTES = 1024 * 1024

/**
 * Most bytes of other directories (/bin, /dev …) the copy of the root streams on its way to /app and
 * /etc; past this, the copy stops and the directories not yet read are copied on their own.
 */
export const MAX_OTHER_BYTES = 16 * 1024 * 1024

/** The top-level directories whose files the static checks read. */
const DIRECTORIES = ['app', 'etc'] as const
type Directory = (typeof DIRECTORIES)[number]

/** A directory's entries, named as its own copy names them (`etc/passwd`); undefined: it does not exist. */
type Trees = Record<Directory, ContainerEntry[] | undefined>

/** The content of `name` in a copied tree (undefined when absent, not a regular file, or too large). */
const contentOf = (entries: ContainerEntry[] | undefined, name: string): string | undefined =>
  entries?.find(entry => entry.name === name)?.content?.toString('utf8')

/** Whether a copied tree is the directory itself (not a symlink to one, whose files the copy lacks). */
const isDirectory = (entries: ContainerEntry[] | undefined, name: string): boolean =>
  entries?.find(entry => entry.name === name || entry.name === `${name}/`)?.type === 'directory'

const keep =
  (...names: string[]) =>
  (entry: ContainerEntry): boolean =>
    names.includes(entry.name) && entry.size <= MAX_FILE_BYTES

const WANTED = keep('etc/passwd', 'etc/group', VERSION_JSON_PATH.slice(1))

/** `app/bin/run` of the root's copy, which names it `/app/bin/run`. */
const relative = (name: string): string => name.replace(/^\/+/, '')

/** Its first component (`app` of `app/bin/run`); '' for the root itself. */
const topOf = (name: string): string => relative(name).split('/')[0]

/** Byte order, as the engine sorts names (Go's sort.Strings). */
const after = (a: string, b: string): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) > 0

/**
 * /app and /etc from ONE copy of the container's root: each copy costs the engine a mount and a
 * re-execution of itself (Docker 20.10: 250-800 ms here), and two copies cost it twice. The engine
 * walks the tree in name order, so /app comes before /etc: the copy stops at the first top-level
 * name after `etc` (or once the other directories on the way pass MAX_OTHER_BYTES), and /usr, /var
 * … are never read. A directory the copy did not finish (another engine's order, the budget) is
 * copied on its own, as before, and so is one it did not hold: only a copy read to its end says a
 * directory is absent.
 */
async function copyTrees(engine: VerifyEngine, container: string): Promise<Trees> {
  const last = DIRECTORIES[DIRECTORIES.length - 1]
  let current = ''
  let ordered = true
  let otherBytes = 0
  let stopped = false
  const root = await engine.copyOut(
    container,
    '/',
    entry => WANTED({ ...entry, name: relative(entry.name) }),
    entry => {
      const top = topOf(entry.name)
      if (top === '') return false
      if (after(current, top)) ordered = false
      current = top
      if (!(DIRECTORIES as readonly string[]).includes(top)) otherBytes += entry.size
      stopped = (ordered && after(top, last)) || otherBytes > MAX_OTHER_BYTES
      return stopped
    }
  )
  const trees = {} as Trees
  for (const directory of DIRECTORIES) {
    const entries = (root ?? [])
      .filter(entry => topOf(entry.name) === directory)
      .map(entry => ({ ...entry, name: relative(entry.name) }))
    // Read whole, or passed in name order: what the copy holds of it is all there is. Absent from
    // a copy that stopped early, it is asked for on its own: /etc decides who the app runs as.
    const finished = root !== undefined && (!stopped || (ordered && after(current, directory)))
    if (finished && (entries.length > 0 || !stopped)) trees[directory] = entries.length ? entries : undefined
    else trees[directory] = await engine.copyOut(container, `/${directory}`, WANTED)
  }
  return trees
}

/**
 * A file of `directory`, from that directory's copy, or copied on its own when the directory is a
 * symlink (whose files its copy lacks).
 */
async function fileOf(
  engine: VerifyEngine,
  container: string,
  tree: ContainerEntry[] | undefined,
  directory: string,
  path: string
): Promise<string | undefined> {
  if (tree === undefined || isDirectory(tree, directory)) return contentOf(tree, path.slice(1))
  const name = path.slice(path.lastIndexOf('/') + 1)
  return contentOf(await engine.copyOut(container, path, keep(name)), name)
}

/**
 * Reads what the static checks need from a container's filesystem (created, never started: its files
 * are the image's): /etc/passwd, /etc/group, /app/version.json and the count of /app's entries.
 */
export async function readContainerFiles(engine: VerifyEngine, container: string): Promise<ImageFiles> {
  const { app, etc } = await copyTrees(engine, container)
  const [passwd, group, versionJson] = await Promise.all([
    fileOf(engine, container, etc, 'etc', '/etc/passwd'),
    fileOf(engine, container, etc, 'etc', '/etc/group'),
    fileOf(engine, container, app, 'app', VERSION_JSON_PATH)
  ])
  return {
    passwd,
    group,
    versionJson,
    appEntries: app?.filter(entry => !/^app\/?$/.test(entry.name) && entry.name !== 'app/version.json').length
  }
}

/**
 * Reads what the static checks need from the image's filesystem, without running it: from a
 * container created for that alone, labelled like the runtime container, so a cancelled run's post
 * step removes this one too.
 */
export async function readImageFiles(
  engine: VerifyEngine,
  image: string,
  runId: string = newRunId(),
  log: (message: string) => void = () => {}
): Promise<ImageFiles> {
  let container: string
  try {
    container = await engine.createStopped(image, labelFor(runId))
  } catch (error) {
    throw new UserError(`Could not create a container from ${image}: ${errorMessage(error)}`)
  }
  try {
    return await readContainerFiles(engine, container)
  } finally {
    await engine
      .remove(container)
      .catch(error => log(`could not remove ${container}: ${errorMessage(error)}`))
  }
}
