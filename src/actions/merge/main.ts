import * as core from '@actions/core'
import { setOutputs } from '../../lib/outputs.js'
import { mergePlatformImages } from '../../lib/platform/merge.js'
import { addKeyValueTable, writeSummary } from '../../lib/summary.js'
import { getInputs } from './context.js'

/** merge: read each platform image -> write one OCI index over them, by digest -> report. */
export async function main(inputs = getInputs()): Promise<void> {
  const result = await core.group('Merge', () =>
    mergePlatformImages({
      repository: inputs.image,
      sources: inputs.sources,
      annotations: inputs.annotations,
      registry: inputs.registry,
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
