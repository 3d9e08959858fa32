import * as core from '@actions/core'
import { parseReference } from '../../lib/image/reference.js'
import { setOutputs } from '../../lib/outputs.js'
import { copyGateRecords, requirePassedGate } from '../../lib/gate/record.js'
import { gateRegistry } from '../../lib/gate/registry.js'
import { resolveDigest } from '../../lib/registry/index.js'
import { promoteImage } from '../../lib/registry/promote.js'
import { writePromotionSummary } from './summary.js'
import { getInputs } from './context.js'

/** promote: check the gate -> write every target tag to the source digest -> verify -> report. */
export async function main(): Promise<void> {
  const inputs = getInputs()
  const source = parseReference(inputs.source)

  if (inputs.requireGate) {
    await core.group('Vulnerability gate record', async () => {
      const digest = source.digest ?? (await resolveDigest(inputs.source, inputs.registry))
      const record = await requirePassedGate(gateRegistry(source, inputs.registry), digest)
      core.info(
        `${digest} passed ${record.scanner} (threshold ${record.severityThreshold}) at ${record.scannedAt}`
      )
    })
  }

  const result = await core.group(inputs.dryRun ? 'Promotion plan (dry run)' : 'Promote', () =>
    promoteImage({
      source: inputs.source,
      targets: inputs.targets,
      expectedDigest: inputs.expectedDigest,
      allowOverwrite: inputs.allowOverwrite,
      dryRun: inputs.dryRun,
      registry: inputs.registry,
      log: message => core.info(message)
    })
  )

  if (!inputs.dryRun) {
    // The verdict follows the image, so the next stage (another repository or registry) can check it.
    const subject = { mediaType: result.mediaType, digest: result.digest, size: 0 }
    const sourceGate = gateRegistry(source, inputs.registry)
    const seen = new Set([`${source.registry}/${source.repository}`])
    for (const target of result.targets.map(t => parseReference(t.reference))) {
      const key = `${target.registry}/${target.repository}`
      if (seen.has(key)) continue
      seen.add(key)
      const manifest = await gateRegistry(target, inputs.registry).getManifest(result.digest)
      subject.size = manifest?.body.length ?? 0
      const copied = await copyGateRecords(sourceGate, gateRegistry(target, inputs.registry), subject)
      if (copied > 0) core.info(`copied ${copied} gate record(s) to ${key}`)
    }
  }

  setOutputs({
    digest: result.digest,
    promoted: inputs.dryRun ? [] : result.targets.map(target => target.reference),
    'bytes-uploaded': result.bytesUploaded,
    json: result
  })
  await writePromotionSummary(result, inputs.dryRun)
}
