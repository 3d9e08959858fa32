import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { errorMessage } from '../errors.js'
import { SCANNER_IMAGES } from './scanner-images.js'
import type { ScannerName } from './scanner.js'

/**
 * A scanner's vulnerability database directory, and how it is kept between runs. On GitHub
 * (@actions/cache available) it is restored before the scan and saved after it under a key that
 * changes once a day (UTC), so a runner downloads the database at most once a day per repository
 * instead of on every run (which hits Trivy's rate limits, TOOMANYREQUESTS). Elsewhere (the local
 * runner, a self-hosted runner without the cache service) the directory simply stays on disk under
 * the user's cache directory. Neither ever fails the gate: a miss or a cache-service error costs the
 * download, and says so.
 */
export interface ScannerDatabase {
  scanner: ScannerName
  dir: string
  /** Today's key; the entry is saved under it after the scan, unless it was restored exactly. */
  key: string
  /** Whether @actions/cache is used (false: the directory persists on this machine). */
  cached: boolean
  /** The key restored (today's, or the newest earlier one), when one was. */
  restoredKey?: string
}

export interface DatabaseHooks {
  env?: NodeJS.ProcessEnv
  now?: Date
  log?: (message: string) => void
  warn?: (message: string) => void
}

const KEY_PREFIX = 'docker-actions-scanner-db'

/** The daily key, e.g. `docker-actions-scanner-db-trivy-2026-11-26`, and the prefix that restores an older day. */
export function databaseCacheKey(
  scanner: ScannerName,
  now: Date = new Date()
): { key: string; restoreKey: string } {
  const restoreKey = `${KEY_PREFIX}-${scanner}-`
  return { key: `${restoreKey}${now.toISOString().slice(0, 10)}`, restoreKey }
}

/** `$XDG_CACHE_HOME/docker-actions/scanner-db/<scanner>` (default `~/.cache/...`). */
export function databaseDir(scanner: ScannerName, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache')
  return join(base, 'docker-actions', 'scanner-db', scanner)
}

/** Loaded only when a database is restored or saved: most runs of the other actions never need it. */
const loadCache = (): Promise<typeof import('@actions/cache')> => import('@actions/cache')

/** Whether the runner gives this step GitHub's cache service (it does for JavaScript action steps). */
function cacheServiceAvailable(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.ACTIONS_RUNTIME_TOKEN && (env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL))
}

/** Prepares the scanner's database directory, restoring it from the cache on GitHub. Undefined for Snyk (a service). */
export async function restoreDatabase(
  scanner: ScannerName,
  hooks: DatabaseHooks = {}
): Promise<ScannerDatabase | undefined> {
  if (!SCANNER_IMAGES[scanner].databaseDir) return undefined
  const env = hooks.env ?? process.env
  const dir = databaseDir(scanner, env)
  mkdirSync(dir, { recursive: true })
  const { key, restoreKey } = databaseCacheKey(scanner, hooks.now)
  if (!cacheServiceAvailable(env)) {
    const state =
      readdirSync(dir).length === 0 ? 'empty: the scanner downloads it' : 'the scanner refreshes it'
    hooks.log?.(`${scanner} database: ${dir}, kept on this machine (no GitHub cache service here); ${state}`)
    return { scanner, dir, key, cached: false }
  }
  try {
    const cache = await loadCache()
    const restoredKey = await cache.restoreCache([dir], key, [restoreKey])
    hooks.log?.(
      restoredKey
        ? `${scanner} database restored from the cache (${restoredKey})`
        : `${scanner} database: no cache entry yet (${key}); the scanner downloads it`
    )
    return { scanner, dir, key, cached: true, restoredKey }
  } catch (error) {
    hooks.warn?.(
      `The ${scanner} database could not be restored from the cache (${errorMessage(error)}); the scanner downloads it, which only costs time.`
    )
    return { scanner, dir, key, cached: true }
  }
}

/** Saves the database after a scan that ran (not when today's entry was restored, or the directory is empty). */
export async function saveDatabase(
  database: ScannerDatabase | undefined,
  hooks: DatabaseHooks = {}
): Promise<void> {
  if (!database?.cached || database.restoredKey === database.key) return
  if (!existsSync(database.dir) || readdirSync(database.dir).length === 0) return
  try {
    const cache = await loadCache()
    const id = await cache.saveCache([database.dir], database.key)
    // -1: not saved, e.g. another job saved the same key first (@actions/cache has logged why).
    if (id === -1) hooks.log?.(`${database.scanner} database not saved to the cache (${database.key})`)
    else hooks.log?.(`${database.scanner} database saved to the cache (${database.key})`)
  } catch (error) {
    hooks.warn?.(
      `The ${database.scanner} database could not be saved to the cache (${errorMessage(error)}); the next run downloads it again.`
    )
  }
}
