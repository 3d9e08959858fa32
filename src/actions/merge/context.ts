import * as core from '@actions/core'
import { UserError } from '../../lib/errors.js'
import { parseImageName } from '../../lib/image/reference.js'
import { getOptional, parseKeyValueLines } from '../../lib/inputs.js'
import { type MergeSource, parseMergeSources } from '../../lib/platform/digests.js'
import type { RegistryOptions } from '../../lib/registry/index.js'
import { readRegistryInputs } from '../promote/context.js'

export interface Inputs {
  /** `<registry>/<repository>`, where the platform images are and the index is written. */
  image: string
  sources: MergeSource[]
  annotations: Map<string, string>
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
  const image = `${name.registry}/${name.repository}`
  const sources = parseMergeSources(core.getInput('digests'), image, 'Input "digests"')
  return {
    image,
    sources,
    annotations: parseKeyValueLines(core.getInput('annotations'), 'Input "annotations"'),
    registry: credentialInputs.registryOptions(name.registry)
  }
}
