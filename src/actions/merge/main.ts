import * as core from '@actions/core'
import { parseKeyValueLines } from '../../lib/inputs.js'
import { setOutputs } from '../../lib/outputs.js'
import { type MergeSource, parseMergeSources } from '../../lib/platform/digests.js'
import { mergePlatformImages } from '../../lib/platform/merge.js'
import { withDockerConfig } from '../../lib/registry/credentials.js'
import type { RegistryOptions } from '../../lib/registry/index.js'
import { addKeyValueTable, writeSummary } from '../../lib/summary.js'
import { type Inputs, getInputs } from './context.js'

/** merge: read each platform image -> write one OCI index over them, by digest -> report. */
export async function main(inputs = getInputs()): Promise<void> {
  const { sources, annotations, registry } = mergeRequest(inputs)
  const result = await core.group('Merge', () =>
    mergePlatformImages({
      repository: inputs.image,
      sources,
      annotations,
      registry,
      log: message => core.info(message)
    })
  )
  // platforms is stringified here: setOutputs would join a list into lines.
  setOutputs({ digest: result.digest, image: result.image, platforms: JSON.stringify(result.platforms) })

  core.summary.addHeading('merge', 3)
  addKeyValueTable([
    ['Index', result.image],
    ...result.platforms.map(({ platform, digest }): [string, string] => [platform, digest]),
    ...Object.entries(result.annotations)
  ])
  await writeSummary()
}

/**
 * The rest of the inputs, checked before any request in the order they always were: the digests, the
 * annotations, then the docker config's credentials under the given ones (see Inputs).
 */
function mergeRequest(inputs: Inputs): {
  sources: MergeSource[]
  annotations: Map<string, string>
  registry: RegistryOptions
} {
  const sources = parseMergeSources(inputs.digests, inputs.image, 'Input "digests"')
  const annotations = parseKeyValueLines(inputs.annotations, 'Input "annotations"')
  return {
    sources,
    annotations,
    registry: { ...inputs.registry, credentials: withDockerConfig(inputs.registry.credentials) }
  }
}
