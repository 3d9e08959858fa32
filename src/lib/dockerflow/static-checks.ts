import { type CheckResult, judge, skipped } from './requirements.js'

export const APP_UID = 10001
export const APP_GID = 10001
export const VERSION_JSON_PATH = '/app/version.json'
export const VERSION_JSON_FIELDS = ['source', 'version', 'commit', 'build'] as const

/** What `docker image inspect` says about the image's default runtime configuration. */
export interface ImageRuntimeConfig {
  User?: string
  Entrypoint?: string[] | null
  Cmd?: string[] | null
  WorkingDir?: string
  ExposedPorts?: Record<string, unknown> | null
  /** VOLUME paths: a container gets a writable volume at each, whatever its root. */
  Volumes?: Record<string, unknown> | null
}

/** What the image's filesystem holds, read without running it. */
export interface ImageFiles {
  passwd?: string
  group?: string
  /** undefined: no /app/version.json. */
  versionJson?: string
  /** Entries under /app other than version.json (undefined when /app does not exist). */
  appEntries?: number
}

interface AccountEntry {
  name: string
  id: number
  gid?: number
}

/** `name:x:uid:gid:…` (passwd) or `name:x:gid:members` (group). */
export function parseAccounts(text: string, kind: 'passwd' | 'group'): AccountEntry[] {
  return text.split('\n').flatMap(line => {
    const fields = line.trim().split(':')
    if (fields.length < 3 || fields[0] === '' || line.trim().startsWith('#')) return []
    const id = Number(fields[2])
    const gid = kind === 'passwd' ? Number(fields[3]) : undefined
    return Number.isInteger(id) ? [{ name: fields[0], id, gid }] : []
  })
}

function checkUser(user: string | undefined, passwd: AccountEntry[]): CheckResult {
  const [name = '', group] = (user ?? '').split(':')
  if (name === '' || name === 'root' || name === '0')
    return judge(
      'user',
      false,
      `USER is ${name === '' ? 'unset' : name}, so the app runs as root; add USER app`
    )
  const account = /^\d+$/.test(name)
    ? passwd.find(entry => entry.id === Number(name))
    : passwd.find(entry => entry.name === name)
  const uid = /^\d+$/.test(name) ? Number(name) : account?.id
  const isApp = (account?.name ?? name) === 'app' || (uid === APP_UID && account === undefined)
  const groupOk = group === undefined || group === 'app' || group === String(APP_GID)
  return judge(
    'user',
    isApp && uid === APP_UID && groupOk,
    `USER is ${user}` +
      (uid === undefined ? ' (not in /etc/passwd)' : ` (uid ${uid})`) +
      (isApp && uid === APP_UID && groupOk ? '' : `; expected app with uid ${APP_UID}, gid ${APP_GID}`)
  )
}

function checkAccounts(files: ImageFiles): CheckResult {
  if (files.passwd === undefined) return judge('uid-gid', false, 'the image has no /etc/passwd')
  const app = parseAccounts(files.passwd, 'passwd').find(entry => entry.name === 'app')
  const group = parseAccounts(files.group ?? '', 'group').find(entry => entry.name === 'app')
  const problems: string[] = []
  if (!app) problems.push('no app user in /etc/passwd')
  else {
    if (app.id !== APP_UID) problems.push(`app has uid ${app.id}, not ${APP_UID}`)
    if (app.gid !== APP_GID) problems.push(`app has primary gid ${app.gid}, not ${APP_GID}`)
  }
  if (files.group === undefined) problems.push('the image has no /etc/group')
  else if (!group) problems.push('no app group in /etc/group')
  else if (group.id !== APP_GID) problems.push(`group app has gid ${group.id}, not ${APP_GID}`)
  return judge(
    'uid-gid',
    problems.length === 0,
    problems.join('; ') || `app:${APP_UID}:${APP_GID} in /etc/passwd, app:${APP_GID} in /etc/group`
  )
}

function checkEntrypoint(config: ImageRuntimeConfig): CheckResult {
  const entrypoint = config.Entrypoint ?? []
  const cmd = config.Cmd ?? []
  const missing = [entrypoint.length === 0 && 'ENTRYPOINT', cmd.length === 0 && 'CMD'].filter(Boolean)
  return judge(
    'entrypoint-cmd',
    missing.length === 0,
    missing.length === 0
      ? `ENTRYPOINT ${JSON.stringify(entrypoint)}, CMD ${JSON.stringify(cmd)}`
      : `${missing.join(' and ')} not set (ENTRYPOINT ${JSON.stringify(entrypoint)}, CMD ${JSON.stringify(cmd)})`
  )
}

/** Parses version.json; the problems list is empty when it has every Dockerflow field as a string. */
export function parseVersionJson(text: string | undefined): {
  value?: Record<string, unknown>
  problems: string[]
} {
  if (text === undefined) return { problems: [`${VERSION_JSON_PATH} does not exist`] }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { problems: [`${VERSION_JSON_PATH} is not valid JSON`] }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problems: [`${VERSION_JSON_PATH} is not a JSON object`] }
  const record = value as Record<string, unknown>
  const missing = VERSION_JSON_FIELDS.filter(field => typeof record[field] !== 'string')
  return { value: record, problems: missing.length ? [`missing or not a string: ${missing.join(', ')}`] : [] }
}

function checkVersionJson(files: ImageFiles, expectedCommit: string | undefined): CheckResult[] {
  const { value, problems } = parseVersionJson(files.versionJson)
  const versionResult = judge(
    'version-json',
    problems.length === 0,
    problems.join('; ') ||
      VERSION_JSON_FIELDS.map(field => `${field}=${JSON.stringify(value?.[field])}`).join(', ')
  )
  let commitResult: CheckResult
  if (!expectedCommit) commitResult = skipped('version-commit', 'no commit given to compare with')
  else if (!value) commitResult = judge('version-commit', false, 'no readable version.json')
  else
    commitResult = judge(
      'version-commit',
      value.commit === expectedCommit,
      value.commit === expectedCommit
        ? `commit ${expectedCommit}`
        : `version.json says commit ${JSON.stringify(value.commit)}, the build is ${expectedCommit}`
    )
  return [versionResult, commitResult]
}

function checkAppDir(config: ImageRuntimeConfig, files: ImageFiles): CheckResult {
  const workdir = config.WorkingDir || '/'
  const underApp = workdir === '/app' || workdir.startsWith('/app/')
  const hasSources = (files.appEntries ?? 0) > 0
  const problems = [
    !underApp && `WORKDIR is ${workdir}`,
    files.appEntries === undefined
      ? '/app does not exist'
      : !hasSources && '/app holds nothing but version.json'
  ].filter(Boolean)
  return judge(
    'app-dir',
    problems.length === 0,
    problems.join('; ') || `WORKDIR ${workdir}, ${files.appEntries} entries under /app`
  )
}

function checkExpose(config: ImageRuntimeConfig): CheckResult {
  const ports = Object.keys(config.ExposedPorts ?? {})
  return judge(
    'expose-8000',
    ports.includes('8000/tcp'),
    ports.length ? `EXPOSE ${ports.join(' ')}` : 'no EXPOSE'
  )
}

/** Every requirement that can be checked from the image config and filesystem alone. */
export function staticChecks(
  config: ImageRuntimeConfig,
  files: ImageFiles,
  expectedCommit?: string
): CheckResult[] {
  return [
    checkUser(config.User, parseAccounts(files.passwd ?? '', 'passwd')),
    checkAccounts(files),
    checkEntrypoint(config),
    ...checkVersionJson(files, expectedCommit),
    checkAppDir(config, files),
    checkExpose(config)
  ]
}
