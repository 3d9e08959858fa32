import * as core from '@actions/core'
import { existsSync, readFileSync } from 'node:fs'
import { UserError } from '../../lib/errors.js'
import {
  getBoolean,
  getChoice,
  getInteger,
  getList,
  getOptional,
  parseKeyValueLines,
  parseList
} from '../../lib/inputs.js'
import {
  type RegistryOptions,
  loadDockerConfigCredentials,
  parseRegistryAuth,
  secretValues
} from '../../lib/registry/index.js'
import type { DispatchKind, DispatchOptions } from '../../lib/github/dispatch.js'

export interface Inputs {
  images: string[]
  dockerfiles: string[]
  imageTemplate?: string
  target: string
  layerWarning: number
  failOnStale: boolean
  dispatch: DispatchKind
  dispatchOptions?: DispatchOptions
  repository?: string
  token?: string
  registry: RegistryOptions
}

export function getInputs(): Inputs {
  const registryAuth = core.getInput('registry-auth')
  const credentials = loadDockerConfigCredentials()
  for (const [host, credential] of parseRegistryAuth(registryAuth)) credentials.set(host, credential)
  for (const secret of new Set(secretValues(credentials))) core.setSecret(secret)
  const token = getOptional('github-token')
  if (token) core.setSecret(token)

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
  const dispatch = getChoice('dispatch', ['none', 'workflow', 'repository'] as const, 'none')
  const workflow = getOptional('workflow')
  if (dispatch === 'workflow' && !workflow)
    throw new UserError(
      'Input "workflow" is required with dispatch: workflow: the workflow file to run, e.g. build.yml.'
    )
  if (dispatch !== 'none' && !token)
    throw new UserError(
      'Input "github-token" is required to dispatch rebuilds (the default is github.token).'
    )
  const repository = getOptional('repository') ?? process.env.GITHUB_REPOSITORY
  if (repository && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository))
    throw new UserError(`Input "repository" must be owner/name, got "${repository}".`)
  return {
    images,
    dockerfiles,
    imageTemplate,
    target: getOptional('target') ?? 'production',
    layerWarning: getInteger('layer-warning', 100),
    failOnStale: getBoolean('fail-on-stale', false),
    dispatch,
    dispatchOptions:
      dispatch === 'none'
        ? undefined
        : {
            kind: dispatch,
            workflow,
            ref: getOptional('ref'),
            inputs: parseKeyValueLines(core.getInput('workflow-inputs'), 'Input "workflow-inputs"'),
            eventType: getOptional('event-type') ?? 'base-image-updated'
          },
    repository,
    token,
    registry: {
      credentials,
      insecureRegistries: getList('insecure-registries'),
      log: message => core.debug(message)
    }
  }
}
