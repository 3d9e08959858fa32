/**
 * The Dockerflow container contract (github.com/mozilla-services/Dockerflow), as checkable
 * requirements. Ids are stable: they are what outputs, summaries and `skip` inputs name.
 */
export type Level = 'required' | 'recommended'
/** `warn` is a recommended requirement not met; `skip` could not be checked (the detail says why). */
export type Status = 'pass' | 'fail' | 'warn' | 'skip'

export const REQUIREMENTS = {
  user: { level: 'required', title: 'Default USER is app (uid 10001)' },
  'uid-gid': { level: 'required', title: 'app is uid 10001 / gid 10001 in /etc/passwd and /etc/group' },
  'entrypoint-cmd': { level: 'required', title: 'Both ENTRYPOINT and CMD are set' },
  'version-json': { level: 'required', title: '/app/version.json has source, version, commit, build' },
  'version-commit': { level: 'required', title: 'version.json commit is the commit being built' },
  'app-dir': { level: 'recommended', title: 'Sources live under /app (WORKDIR /app)' },
  'expose-8000': { level: 'recommended', title: 'EXPOSE 8000' },
  'listens-on-port': { level: 'required', title: 'Listens on $PORT (configured by environment only)' },
  'version-endpoint': { level: 'required', title: 'GET /__version__ returns version.json' },
  lbheartbeat: { level: 'required', title: 'GET /__lbheartbeat__ is 200' },
  heartbeat: { level: 'required', title: 'GET /__heartbeat__ is 200, or 5xx with a JSON body' },
  'heartbeat-healthy': { level: 'recommended', title: 'GET /__heartbeat__ reports every backing check ok' },
  'logs-stdout': { level: 'recommended', title: 'Logs go to stdout/stderr' },
  mozlog: { level: 'recommended', title: 'Log lines are mozlog JSON' },
  'one-process': { level: 'recommended', title: 'The container runs one process' }
} as const satisfies Record<string, { level: Level; title: string }>

export type RequirementId = keyof typeof REQUIREMENTS
export const STATIC_REQUIREMENTS: RequirementId[] = [
  'user',
  'uid-gid',
  'entrypoint-cmd',
  'version-json',
  'version-commit',
  'app-dir',
  'expose-8000'
]
export const RUNTIME_REQUIREMENTS: RequirementId[] = [
  'listens-on-port',
  'version-endpoint',
  'lbheartbeat',
  'heartbeat',
  'heartbeat-healthy',
  'logs-stdout',
  'mozlog',
  'one-process'
]

export interface CheckResult {
  id: RequirementId
  title: string
  level: Level
  status: Status
  detail: string
}

/** A result for a requirement: met -> pass; not met -> fail (required) or warn (recommended). */
export function judge(id: RequirementId, met: boolean, detail: string): CheckResult {
  const { level, title } = REQUIREMENTS[id]
  const status: Status = met ? 'pass' : level === 'required' ? 'fail' : 'warn'
  return { id, title, level, status, detail }
}

export function skipped(id: RequirementId, why: string): CheckResult {
  const { level, title } = REQUIREMENTS[id]
  return { id, title, level, status: 'skip', detail: why }
}

export type FailOn = 'required' | 'recommended'

export interface Verdict {
  passed: boolean
  failed: RequirementId[]
  warnings: RequirementId[]
}

/** `fail-on: required` fails on unmet required requirements; `recommended` on warnings too. */
export function verdict(results: CheckResult[], failOn: FailOn): Verdict {
  const failed = results.filter(result => result.status === 'fail').map(result => result.id)
  const warnings = results.filter(result => result.status === 'warn').map(result => result.id)
  return { passed: failed.length === 0 && (failOn === 'required' || warnings.length === 0), failed, warnings }
}

/** One image's verdict within a verify run (one platform of an index, or the single image). */
export interface ImageVerdict extends Verdict {
  image: string
  imageId: string
  platform?: string
}

/**
 * The verdict of every image checked (each platform of an index): it passes only when each image
 * passes; `failed` and `warnings` name each unmet requirement once, whichever platform missed it.
 */
export function verdictOfImages(
  reports: Array<{ image: string; imageId: string; platform?: string; results: CheckResult[] }>,
  failOn: FailOn
): Verdict & { images: ImageVerdict[] } {
  const images = reports.map(report => ({
    image: report.image,
    imageId: report.imageId,
    ...(report.platform ? { platform: report.platform } : {}),
    ...verdict(report.results, failOn)
  }))
  const union = (pick: (image: ImageVerdict) => RequirementId[]): RequirementId[] => [
    ...new Set(images.flatMap(pick))
  ]
  return {
    passed: images.length > 0 && images.every(image => image.passed),
    failed: union(image => image.failed),
    warnings: union(image => image.warnings),
    images
  }
}
