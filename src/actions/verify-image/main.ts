import * as core from '@actions/core'
import { detectDockerClient } from '../../lib/docker/frontend.js'
import { UserError } from '../../lib/errors.js'
import { setOutputs } from '../../lib/outputs.js'
import { verdict as judgeReport } from '../../lib/dockerflow/requirements.js'
import { verifyImage } from '../../lib/dockerflow/verify.js'
import { getInputs } from './context.js'
import { verdictLine, writeVerifySummary } from './summary.js'

/** verify-image: static checks from the image, then run it and call the Dockerflow endpoints. */
export async function main(): Promise<void> {
  const inputs = getInputs()
  const docker = await detectDockerClient()
  const report = await core.group(`Dockerflow checks of ${inputs.image}`, async () => {
    const result = await verifyImage({ docker, ...inputs, log: message => core.info(message) })
    for (const check of result.results) core.info(`${check.status.padEnd(4)} ${check.id}: ${check.detail}`)
    return result
  })
  const verdict = judgeReport(report.results, inputs.failOn)
  for (const check of report.results) {
    if (check.status === 'fail')
      core.error(`${check.title}: ${check.detail}`, { title: `Dockerflow ${check.id}` })
    if (check.status === 'warn')
      core.warning(`${check.title}: ${check.detail}`, { title: `Dockerflow ${check.id}` })
  }
  setOutputs({
    passed: verdict.passed,
    failed: JSON.stringify(verdict.failed),
    warnings: JSON.stringify(verdict.warnings),
    'image-id': report.imageId,
    results: JSON.stringify(report.results)
  })
  await writeVerifySummary(report, verdict)
  if (!verdict.passed)
    throw new UserError(`${inputs.image} ${verdictLine(verdict)} (fail-on: ${inputs.failOn}).`)
  core.info(`${inputs.image} ${verdictLine(verdict)}`)
}
