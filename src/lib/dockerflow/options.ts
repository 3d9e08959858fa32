/**
 * verify-image's options checked before anything runs. A module of their own, light on imports:
 * the action's input reader uses them, and what it imports loads at every start (issue 17).
 */
import { UserError } from '../errors.js'
import { parseReference } from '../image/reference.js'
import { REQUIREMENTS, type RequirementId } from './requirements.js'
import type { Sandbox } from './sandbox.js'

export type CheckScope = 'all' | 'static' | 'runtime'

export const IMAGE_ID = /^(sha256:)?[a-f0-9]{12,64}$/

/** Accepts what `docker run` accepts that we can name safely: a reference, or an image ID. */
export function validateImage(image: string): void {
  if (IMAGE_ID.test(image)) return
  try {
    parseReference(image)
  } catch (error) {
    throw new UserError(
      `Input "image" must be an image reference (registry/name:tag or name@sha256:…) or an image ID: ${(error as Error).message}`
    )
  }
}

export function parseRequirementIds(ids: string[]): RequirementId[] {
  const unknown = ids.filter(id => !(id in REQUIREMENTS))
  if (unknown.length)
    throw new UserError(
      `Unknown requirement(s) ${unknown.join(', ')}; known: ${Object.keys(REQUIREMENTS).join(', ')}.`
    )
  return ids as RequirementId[]
}

const MEMORY = /^([1-9]\d{0,12})([bkmg]?)$/i
const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }
/** docker refuses less than this. */
const MIN_MEMORY = 6 * 1024 ** 2
const CPUS = /^(?:\d{1,3})(?:\.\d{1,3})?$/

/**
 * Fails closed on a limit docker would misread or that would lift the limit (0 means none to
 * docker). Messages name docker's flags, which are also verify-image's input names.
 */
export function validateSandbox(sandbox: Sandbox): Sandbox {
  const memory = MEMORY.exec(sandbox.memory)
  if (!memory || Number(memory[1]) * UNITS[memory[2].toLowerCase()] < MIN_MEMORY)
    throw new UserError(
      `"memory" must be at least 6m: a number with an optional unit b, k, m or g (e.g. 512m); got "${sandbox.memory}".`
    )
  if (!CPUS.test(sandbox.cpus) || Number(sandbox.cpus) <= 0)
    throw new UserError(`"cpus" must be a positive number (e.g. 1 or 0.5), got "${sandbox.cpus}".`)
  if (!Number.isInteger(sandbox.pidsLimit) || sandbox.pidsLimit < 1)
    throw new UserError(`"pids-limit" must be a whole number of at least 1, got "${sandbox.pidsLimit}".`)
  return sandbox
}

/** A `memory` value (docker's syntax, already validated) in bytes, for the Engine API. */
export function memoryBytes(memory: string): number {
  const [, amount, unit] = MEMORY.exec(memory) as RegExpExecArray
  return Number(amount) * UNITS[unit.toLowerCase()]
}
