import * as core from '@actions/core'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../../lib/errors.js'
import { parseReference } from '../../lib/image/reference.js'
import {
  getBoolean,
  getChoice,
  getList,
  getOptional,
  parseKeyValueLines,
  parseList
} from '../../lib/inputs.js'
import { type TagInputs, getTagInputs } from '../../lib/tag-inputs.js'
import { type TagPlan, parseTagPlanJson } from '../../lib/image/plan-json.js'

export interface Inputs {
  tagInputs: TagInputs
  /** compute-tags' plan, when handed on (then tagInputs are not used). */
  plan?: TagPlan
  pushBuilder: boolean
  context: string
  file: string
  dockerfileText: string
  buildArgs: Map<string, string>
  secrets: Map<string, string>
  labels: Map<string, string>
  push: 'auto' | 'true' | 'false'
  platforms: string[]
  /** Stage names as given (undefined: the defaults `builder` / `production`, used when present). */
  builderTarget?: string
  productionTarget?: string
  cacheMode: 'auto' | 'inline' | 'registry'
  network?: string
  pull: boolean
  /** Explicit references (override what compute-tags would compute). */
  tags: string[]
  builderTags?: string[]
  cacheFrom?: string[]
  login?: { registry: string; username: string; password: string }
}

/** The image names: `images`, or the repositories of explicit `tags` when only those are given. */
export function imagesFrom(images: string[], tags: string[]): string[] {
  if (images.length > 0) return images
  const names = tags.map(tag => {
    const ref = parseReference(tag)
    return `${ref.registry}/${ref.repository}`
  })
  return [...new Set(names)]
}

export function getInputs(): Inputs {
  const password = getOptional('password')
  if (password) core.setSecret(password)
  const secrets = parseKeyValueLines(core.getInput('secrets'), 'Input "secrets"')
  for (const value of secrets.values()) if (value) core.setSecret(value)

  const tags = getList('tags', { comma: false })
  const planText = core.getInput('plan').trim()
  const plan = planText ? parseTagPlanJson(planText, 'Input "plan"') : undefined
  const tagInputs = { ...getTagInputs(), templates: getList('tag-templates', { comma: false }) }
  tagInputs.images = imagesFrom(tagInputs.images, tags)
  if (!plan && tagInputs.images.length === 0) {
    throw new UserError(
      'Input "images" is required (e.g. ghcr.io/acme/app), unless explicit "tags" are given.'
    )
  }
  for (const ref of tags) parseReference(ref) // fail early on a malformed reference

  const context = core.getInput('context') || '.'
  if (!existsSync(context))
    throw new UserError(`Build context "${context}" does not exist (input "context").`)
  const file = getOptional('file') ?? join(context, 'Dockerfile')
  if (!existsSync(file)) {
    throw new UserError(
      `Dockerfile "${file}" not found: set "file" to its path, or "context" to the directory holding it.`
    )
  }
  const optionalList = (name: string): string[] | undefined => {
    const raw = core.getInput(name)
    return raw.trim() === '' ? undefined : parseList(raw, { comma: false })
  }
  const registry = getOptional('registry')
  const username = getOptional('username')
  if (password && !registry)
    throw new UserError(
      'Input "password" is set but "registry" is not: name the registry to log in to (e.g. ghcr.io, docker.io).'
    )
  return {
    tagInputs,
    plan,
    pushBuilder: getBoolean('push-builder', true),
    context,
    file,
    dockerfileText: readFileSync(file, 'utf8'),
    buildArgs: parseKeyValueLines(core.getInput('build-args'), 'Input "build-args"'),
    secrets,
    labels: parseKeyValueLines(core.getInput('labels'), 'Input "labels"'),
    push: getChoice('push', ['auto', 'true', 'false'] as const, 'auto'),
    platforms: getList('platforms'),
    builderTarget: getOptional('builder-target'),
    productionTarget: getOptional('production-target'),
    cacheMode: getChoice('cache-mode', ['auto', 'inline', 'registry'] as const, 'auto'),
    network: getOptional('network'),
    pull: getBoolean('pull', true),
    tags,
    builderTags: optionalList('builder-tags'),
    cacheFrom: optionalList('cache-from'),
    login: registry && password ? { registry, username: username ?? 'token', password } : undefined
  }
}
