import { UserError } from '../errors.js'
import { type Dockerfile, stageNames } from '../dockerfile/parse.js'

export const DEFAULT_BUILDER = 'builder'
export const DEFAULT_PRODUCTION = 'production'

export interface StagePlan {
  /** The builder stage to build and cache, if the Dockerfile has one. */
  builder?: string
  /** The production stage; undefined builds the last stage (single-target Dockerfiles). */
  production?: string
  notes: string[]
}

/**
 * Which stages to build. The defaults are used when the Dockerfile has them, so a Dockerfile
 * without a builder stage still builds (one target); a stage named explicitly must exist.
 */
export function planStages(
  dockerfile: Dockerfile,
  builder?: string,
  production?: string,
  file = 'Dockerfile'
): StagePlan {
  const names = stageNames(dockerfile)
  const missing = (stage: string): UserError =>
    new UserError(
      `Target "${stage}" is not a stage of ${file}; its stages are: ${names.length ? names.join(', ') : '(none named: add `AS <name>` to a FROM line)'}.`
    )
  const notes: string[] = []
  const requested = (name: string | undefined, fallback: string): string | undefined => {
    const stage = (name ?? fallback).toLowerCase()
    if (names.includes(stage)) return stage
    if (name && name !== fallback) throw missing(name)
    return undefined
  }
  const plan: StagePlan = {
    builder: requested(builder, DEFAULT_BUILDER),
    production: requested(production, DEFAULT_PRODUCTION),
    notes
  }
  if (!plan.builder)
    notes.push(`no "${builder ?? DEFAULT_BUILDER}" stage: one build, cached through the production image`)
  if (!plan.production)
    notes.push(`no "${production ?? DEFAULT_PRODUCTION}" stage: the last stage is the production image`)
  if (plan.builder && plan.builder === plan.production)
    throw new UserError('builder-target and production-target must be different stages.')
  return plan
}
