import * as core from '@actions/core'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BuildSettings } from '../../lib/build/plan.js'
import { looksLikeCredential } from '../../lib/credential-like.js'
import { UserError } from '../../lib/errors.js'
import type { EventContext } from '../../lib/git/context.js'
import { type TagPlan, parseTagPlanJson } from '../../lib/image/plan-json.js'
import { parseReference } from '../../lib/image/reference.js'
import type { TagRequest } from '../../lib/image/tag-request.js'
import {
  getBoolean,
  getChoice,
  getList,
  getOptional,
  getRequired,
  parseKeyValueLines,
  parseList
} from '../../lib/inputs.js'
import { parsePlatforms } from '../../lib/platform/index.js'
import { getEventContext, getImageNames, getTagInputs, tagRequest } from '../compute-tags/context.js'

export interface Inputs extends BuildSettings {
  /** Attach SLSA provenance to what is pushed (`provenance`). */
  provenance: boolean
  /** Also record it as a GitHub artifact attestation (`attest`), with this token. */
  attest: boolean
  githubToken: string
  /**
   * compute-tags' plan when handed on (`plan`); else what to compute it from, as compute-tags would
   * (the action used alone: the tag inputs, read but not used when a plan is given).
   */
  tagging: { plan: TagPlan } | { request: TagRequest; ctx: EventContext }
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

/**
 * Build args; one that looks like a credential is masked (docker's command line is logged) and
 * named in a warning: build args stay in the image's history, build secrets do not.
 */
function getBuildArgs(): Map<string, string> {
  const args = parseKeyValueLines(core.getInput('build-args'), 'Input "build-args"')
  for (const [name, value] of args) {
    if (!value || !looksLikeCredential(name, value)) continue
    core.setSecret(value)
    core.warning(
      `Build arg ${name} looks like a credential: it is masked here, but build args are kept in the image's history. Pass it with "secrets" (RUN --mount=type=secret) instead.`
    )
  }
  return args
}

/** Build secrets, masked as they are read. */
function getSecrets(): Map<string, string> {
  const secrets = parseKeyValueLines(core.getInput('secrets'), 'Input "secrets"')
  for (const value of secrets.values()) if (value) core.setSecret(value)
  return secrets
}

/** The build context and the Dockerfile, which must exist. */
function getDockerfile(): Pick<BuildSettings, 'context' | 'file'> {
  const context = getRequired('context')
  if (!existsSync(context))
    throw new UserError(`Build context "${context}" does not exist (input "context").`)
  const file = getOptional('file') ?? join(context, 'Dockerfile')
  if (!existsSync(file)) {
    throw new UserError(
      `Dockerfile "${file}" not found: set "file" to its path, or "context" to the directory holding it.`
    )
  }
  return { context, file }
}

/** The registry to log in to, when a password is given (masked by the caller). */
function getLogin(password: string | undefined): BuildSettings['login'] {
  const registry = getOptional('registry')
  const username = getOptional('username')
  if (password && !registry)
    throw new UserError(
      'Input "password" is set but "registry" is not: name the registry to log in to (e.g. ghcr.io, docker.io).'
    )
  return registry && password ? { registry, username: username ?? 'token', password } : undefined
}

/** An explicit list, or undefined when the input is empty (then the tag plan's list is used). */
function getOptionalList(name: string): string[] | undefined {
  const raw = core.getInput(name)
  return raw.trim() === '' ? undefined : parseList(raw, { comma: false })
}

/** The `platforms` list, checked here so that a mistake names the input. */
function getPlatforms(): string[] {
  const platforms = getList('platforms')
  parsePlatforms(platforms, 'Input "platforms"')
  return platforms
}

/** `provenance`, `attest` and the token a GitHub attestation needs (masked). */
function getSupplyChain(): Pick<Inputs, 'provenance' | 'attest' | 'githubToken'> {
  const attest = getBoolean('attest')
  const githubToken = core.getInput('github-token')
  if (githubToken) core.setSecret(githubToken)
  if (attest && !githubToken)
    throw new UserError('Input "attest" needs "github-token" (with id-token: write and attestations: write).')
  return { provenance: getBoolean('provenance'), attest, githubToken }
}

export function getInputs(): Inputs {
  const password = getOptional('password')
  if (password) core.setSecret(password)
  const secrets = getSecrets()
  const tags = getList('tags', { comma: false })
  const planText = core.getInput('tag-plan').trim()
  const plan = planText ? parseTagPlanJson(planText, 'Input "tag-plan"') : undefined
  const tagInputs = getTagInputs('tag-templates')
  tagInputs.images = imagesFrom(tagInputs.images, tags)
  if (!plan && tagInputs.images.length === 0) {
    throw new UserError(
      'Input "images" is required (e.g. ghcr.io/acme/app), unless explicit "tags" are given.'
    )
  }
  for (const ref of tags) parseReference(ref) // fail early on a malformed reference
  const { context, file } = getDockerfile()
  const login = getLogin(password)
  const settings: BuildSettings = {
    pushBuilder: getBoolean('push-builder'),
    context,
    file,
    dockerfileText: readFileSync(file, 'utf8'),
    buildArgs: getBuildArgs(),
    secrets,
    labels: parseKeyValueLines(core.getInput('labels'), 'Input "labels"'),
    push: getChoice('push', ['auto', 'true', 'false'] as const),
    platforms: getPlatforms(),
    builderTarget: getOptional('builder-target'),
    productionTarget: getOptional('production-target'),
    cacheMode: getChoice('cache-mode', ['auto', 'inline', 'registry'] as const),
    network: getOptional('network'),
    pull: getBoolean('pull'),
    tags,
    builderTags: getOptionalList('builder-tags'),
    cacheFrom: getOptionalList('cache-from'),
    login
  }
  const supplyChain = getSupplyChain()
  if (plan) return { ...settings, ...supplyChain, tagging: { plan } }
  // Used alone, the action computes its tags as compute-tags does, from the same inputs.
  const ctx = getEventContext(tagInputs)
  const request = tagRequest(tagInputs, getImageNames(tagInputs), settings.labels)
  return { ...settings, ...supplyChain, tagging: { request, ctx } }
}
