import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { UserError } from '../lib/errors.js'
import { type LocalGitState, type ReplayedEvent, replayEvent } from './local-git.js'
import type { ReplayOptions } from './commands.js'

/** The --event-file payload: a JSON object, or a clear error (never a half-read event). */
export function readEventPayload(path: string): Record<string, unknown> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UserError(`--event-file: cannot read ${path}${code ? ` (${code})` : ''}.`)
  }
  let payload: unknown
  try {
    payload = JSON.parse(text)
  } catch (error) {
    throw new UserError(`--event-file ${path} is not JSON: ${(error as Error).message}`)
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new UserError(`--event-file ${path} must hold a JSON object (the webhook payload).`)
  return payload as Record<string, unknown>
}

export interface PreparedEvent extends ReplayedEvent {
  /** GITHUB_EVENT_PATH: the --event-file as given, or a file written for a synthesized/completed payload. */
  eventPath: string
  /** Removes the file written for the payload, if one was (the --event-file itself is left alone). */
  removeWritten(): void
}

/**
 * The event the actions will see: GITHUB_* variables and GITHUB_EVENT_PATH. The given payload file
 * is used as is when it names its repository; otherwise a completed copy is written to a temp file.
 */
export function prepareEvent(options: ReplayOptions, git: LocalGitState): PreparedEvent {
  if (options.eventFile !== undefined && options.eventName === undefined)
    throw new UserError('--event-file needs --event-name: a payload does not say which event it is.')
  const payload = options.eventFile === undefined ? undefined : readEventPayload(options.eventFile)
  const event = replayEvent(
    { eventName: options.eventName, payload, ref: options.ref, sha: options.sha },
    git
  )
  if (event.payloadAsGiven && options.eventFile !== undefined)
    return { ...event, eventPath: resolve(options.eventFile), removeWritten: () => undefined }
  const dir = mkdtempSync(join(tmpdir(), 'docker-actions-event-'))
  const eventPath = join(dir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(event.payload))
  return { ...event, eventPath, removeWritten: () => rmSync(dir, { recursive: true, force: true }) }
}
