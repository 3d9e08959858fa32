import * as core from '@actions/core'
import { existsSync, readFileSync } from 'node:fs'
import { UserError } from '../../lib/errors.js'
import {
  getBoolean,
  getChoice,
  getInteger,
  getList,
  getOptional,
  getRequired,
  parseKeyValueLines,
  parseList
} from '../../lib/inputs.js'
// Not credentials.ts nor the registry barrel: what an input reader imports loads at start-up.
import { GivenCredentials, parseRegistryAuth } from '../../lib/registry/credential-inputs.js'
import type { RegistryOptions } from '../../lib/registry/client.js'
import type { DiscoverOptions } from '../../lib/base-image/discover.js'
import { type NewerVersionOptions, UPDATE_POLICIES } from '../../lib/base-image/versions.js'
import type { DispatchKind, DispatchOptions } from './dispatch.js'

export interface Inputs {
  images: string[]
  /** With `dockerfiles`: the Dockerfiles whose images are checked too. */
  discover?: DiscoverOptions
  layerWarning: number
  failOnStale: boolean
  dispatch: DispatchKind
  dispatchOptions?: DispatchOptions
  /** Newer versions of bases pinned by a version tag: `update` policy and `prereleases` (not looked for with `update: none`). */
  versions?: NewerVersionOptions
  /** Propose FROM bumps as one pull request per repository (else outdated images are dispatched too). */
  openPullRequests: boolean
  repository?: string
  token?: string
  registry: RegistryOptions
}

/**
 * `registry-auth`, every secret masked; over the docker config's credentials, which the pipeline
 * reads (and masks) before it checks anything (main.ts, withDockerConfig).
 */
function getCredentials(): GivenCredentials {
  const credentials = new GivenCredentials()
  for (const [host, credential] of parseRegistryAuth(core.getInput('registry-auth'))) {
    // Masked as read: a later line for the same host replaces this one, which must not print either.
    if (credential.password) core.setSecret(credential.password)
    credentials.set(host, credential)
  }
  return credentials
}

/** The images to check: `images` and `images-file`, and the Dockerfiles' (`dockerfiles` with `image-template`). */
function getTargets(): Pick<Inputs, 'images' | 'discover'> {
  const images = getList('images')
  const imagesFile = getOptional('images-file')
  if (imagesFile && existsSync(imagesFile)) images.push(...parseList(readFileSync(imagesFile, 'utf8')))
  const dockerfiles = getList('dockerfiles')
  const imageTemplate = getOptional('image-template')
  if (images.length === 0 && dockerfiles.length === 0)
    throw new UserError(
      'Nothing to check: set "images" (derived images, e.g. ghcr.io/acme/app:main) and/or "dockerfiles" with "image-template".'
    )
  if (dockerfiles.length > 0 && !imageTemplate)
    throw new UserError(
      'Input "image-template" is required with "dockerfiles": it names the image each Dockerfile builds, e.g. ghcr.io/acme/{dir}:main.'
    )
  const discover =
    dockerfiles.length > 0 && imageTemplate
      ? { patterns: dockerfiles, imageTemplate, target: getRequired('target') }
      : undefined
  return { images, discover }
}

/** How rebuilds are dispatched (`dispatch`, `workflow`), checked against the token. */
function getDispatch(token: string | undefined): { dispatch: DispatchKind; workflow?: string } {
  const dispatch = getChoice('dispatch', ['none', 'workflow', 'repository'] as const)
  const workflow = getOptional('workflow')
  if (dispatch === 'workflow' && !workflow)
    throw new UserError(
      'Input "workflow" is required with dispatch: workflow: the workflow file to run, e.g. build.yml.'
    )
  if (dispatch !== 'none' && !token)
    throw new UserError(
      'Input "github-token" is required to dispatch rebuilds (the default is github.token).'
    )
  return { dispatch, workflow }
}

function getDispatchOptions(
  dispatch: DispatchKind,
  workflow: string | undefined
): DispatchOptions | undefined {
  if (dispatch === 'none') return undefined
  return {
    kind: dispatch,
    workflow,
    ref: getOptional('ref'),
    inputs: parseKeyValueLines(core.getInput('workflow-inputs'), 'Input "workflow-inputs"'),
    eventType: getRequired('event-type')
  }
}

export function getInputs(): Inputs {
  const credentials = getCredentials()
  const token = getOptional('github-token')
  if (token) core.setSecret(token)
  const { images, discover } = getTargets()
  const { dispatch, workflow } = getDispatch(token)
  const repository = getOptional('repository') ?? process.env.GITHUB_REPOSITORY
  if (repository && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository))
    throw new UserError(`Input "repository" must be owner/name, got "${repository}".`)
  const layerWarning = getInteger('layer-warning')
  const failOnStale = getBoolean('fail-on-stale')
  const update = getChoice('update', ['none', ...UPDATE_POLICIES] as const)
  const openPullRequests = getBoolean('open-pull-requests')
  if (openPullRequests && update === 'none')
    throw new UserError(
      'open-pull-requests: true has nothing to propose with update: none; use patch, minor or major.'
    )
  if (openPullRequests && !token)
    throw new UserError(
      'Input "github-token" is required with open-pull-requests: true (the default is github.token).'
    )
  if (openPullRequests && !repository)
    throw new UserError(
      'open-pull-requests: true needs the repository the Dockerfiles are in: set "repository" (GITHUB_REPOSITORY is not set).'
    )
  return {
    images,
    discover,
    layerWarning,
    failOnStale,
    dispatch,
    dispatchOptions: getDispatchOptions(dispatch, workflow),
    versions: update === 'none' ? undefined : { update, prereleases: getBoolean('prereleases') },
    openPullRequests,
    repository,
    token,
    registry: {
      credentials,
      insecureRegistries: getList('insecure-registries'),
      log: message => core.debug(message)
    }
  }
}
