import * as core from '@actions/core'
import { UserError } from '../../lib/errors.js'
import { parseImageName } from '../../lib/image/reference.js'
import { getOptional } from '../../lib/inputs.js'
import type { RegistryOptions } from '../../lib/registry/index.js'
import { readRegistryInputs } from '../promote/context.js'

export interface Inputs {
  /** `<registry>/<repository>`, where the platform images are and the index is written. */
  image: string
  /**
   * `digests` and `annotations` as given: the pipeline parses them (mergeRequest in main.ts), in this
   * order, first. Checking the digests' JSON loads zod, which a run that fails on an input never needs (issue 17).
   */
  digests: string
  annotations: string
  registry: RegistryOptions
}

export function getInputs(): Inputs {
  const credentialInputs = readRegistryInputs({ targets: false })

  const imageText = getOptional('image')
  if (!imageText)
    throw new UserError(
      'Input "image" is required: the repository of the platform images (e.g. ghcr.io/acme/app).'
    )
  const name = parseImageName(imageText)
  return {
    image: `${name.registry}/${name.repository}`,
    digests: core.getInput('digests'),
    annotations: core.getInput('annotations'),
    registry: credentialInputs.registryOptions(name.registry)
  }
}
