import { parseReference } from '../../lib/image/reference.js'
import type { ImageVerdict, Verdict } from '../../lib/dockerflow/requirements.js'
import type { VerifyRun } from '../../lib/dockerflow/verify.js'

/**
 * verify-image's outputs. For one image, as they always were. For an index: `passed` only when every
 * platform passed, `failed`/`warnings` each unmet requirement once, `results` every platform's checks
 * (each with its `platform`), `image-id` empty, and `platforms` the verdict of each platform.
 */
export function verifyOutputs(
  run: VerifyRun,
  verdict: Verdict & { images: ImageVerdict[] }
): Record<string, string | boolean> {
  const index = run.index !== undefined
  const results = run.reports.flatMap(report =>
    report.results.map(result => (report.platform ? { ...result, platform: report.platform } : result))
  )
  return {
    passed: verdict.passed,
    failed: JSON.stringify(verdict.failed),
    warnings: JSON.stringify(verdict.warnings),
    'image-id': index ? '' : (run.reports[0]?.imageId ?? ''),
    results: JSON.stringify(results),
    platforms: JSON.stringify(
      index
        ? verdict.images.map(image => ({
            platform: image.platform,
            digest: parseReference(image.image).digest,
            'image-id': image.imageId,
            passed: image.passed,
            failed: image.failed,
            warnings: image.warnings
          }))
        : []
    )
  }
}
