import { randomBytes } from 'node:crypto'
import { constants } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { errorMessage } from '../errors.js'
import type { VerifyEngine } from './engine.js'

/** Label on every container a verify run starts; its value is the run's id. */
export const VERIFY_LABEL = 'io.github.docker-actions.verify-image'

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/

/**
 * An id for one verify run: the workflow run's id (for people reading `docker ps`) and random
 * bytes, so two jobs sharing an engine (self-hosted runners) never remove each other's containers.
 */
export function newRunId(workflowRunId?: string): string {
  const random = randomBytes(6).toString('hex')
  return workflowRunId && /^\d{1,20}$/.test(workflowRunId) ? `${workflowRunId}-${random}` : random
}

export function labelFor(runId: string): string {
  if (!RUN_ID.test(runId)) throw new Error(`not a verify run id: ${JSON.stringify(runId)}`)
  return `${VERIFY_LABEL}=${runId}`
}

/** Removes every container (running or not) labelled with this run's id; returns their IDs. */
export async function removeRunContainers(engine: VerifyEngine, runId: string): Promise<string[]> {
  let ids: string[]
  try {
    ids = await engine.labelled(labelFor(runId))
  } catch (error) {
    throw new Error(`could not list the verify run's containers: ${errorMessage(error)}`)
  }
  for (const id of ids) {
    try {
      await engine.remove(id)
    } catch (error) {
      throw new Error(`could not remove the verify run's containers: ${errorMessage(error)}`)
    }
  }
  return ids
}

export interface SignalGuardOptions {
  log?: (message: string) => void
  /** Work in flight that may still create a container (creating and starting the container); awaited (bounded) before removing. */
  inFlight?: () => Promise<unknown> | undefined
}

/**
 * While a container runs: on SIGINT/SIGTERM (a cancelled job), remove this run's containers, then
 * exit as the signal would have (128 + its number). Without this, Node dies on the signal and
 * leaves the container running on the runner. Returns the function that uninstalls the handler.
 */
export function removeOnSignal(
  engine: VerifyEngine,
  runId: string,
  options: SignalGuardOptions = {}
): () => void {
  const log = options.log ?? (() => {})
  let handling = false
  const handler = (signal: NodeJS.Signals): void => {
    // The runner sends SIGINT, then SIGTERM a few seconds later: the second must not cut the first short.
    if (handling) return
    handling = true
    log(`received ${signal}: removing the verify container before exiting`)
    void (async () => {
      try {
        await Promise.race([options.inFlight?.()?.catch(() => undefined), sleep(15_000)])
        const ids = await removeRunContainers(engine, runId)
        log(`removed ${ids.length} container(s) of verify run ${runId}`)
      } catch (error) {
        log(`could not remove the verify container: ${errorMessage(error)}`)
      } finally {
        process.exit(128 + constants.signals[signal])
      }
    })()
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}
