import { memoryBytes, validateSandbox } from './options.js'
import { APP_GID, APP_UID, type ImageFiles, parseAccounts } from './static-checks.js'

/**
 * How the image under test is confined while it runs. The image is untrusted (a fork's pull
 * request builds it), so it gets no capabilities, cannot gain privileges, cannot write its root
 * filesystem, and has bounded memory, CPU and processes. The network is NOT isolated: the
 * container shares the host's network (see actions/verify-image/README.md, "How the image is run").
 */
export interface Sandbox {
  /** `docker run --memory` syntax: a number with an optional b/k/m/g unit. Swap is not added. */
  memory: string
  /** `docker run --cpus`: CPUs the container may use (a decimal, e.g. 1 or 0.5). */
  cpus: string
  pidsLimit: number
  /** Read-only root filesystem, with a small writable tmpfs on /tmp. */
  readOnly: boolean
}

export { validateSandbox } from './options.js'

export const DEFAULT_SANDBOX: Sandbox = { memory: '512m', cpus: '1', pidsLimit: 256, readOnly: true }

/** Who runs the app when the image's own USER is root: the Dockerflow `app` account. */
export const FALLBACK_USER = `${APP_UID}:${APP_GID}`

export interface RunAs {
  /** The value for `docker run --user`. */
  user: string
  /** Who and why, for the log. */
  reason: string
}

/**
 * The user to run the image as: its configured USER when that is not root (the app runs as in
 * production), else app's 10001:10001, so an image that forgot `USER app` is still never run as
 * root here. The `user` requirement is judged from the image config, not from this.
 * A user or group that resolves to id 0 counts as root. A name that is not in /etc/passwd is
 * passed on unchanged: docker refuses to start it, as it would in production.
 */
export function runAs(configUser: string | undefined, files: Pick<ImageFiles, 'passwd' | 'group'>): RunAs {
  const raw = (configUser ?? '').trim()
  const [name = '', group] = raw.split(':')
  const fallback = (why: string): RunAs => ({
    user: FALLBACK_USER,
    reason: `${why}: runs as ${FALLBACK_USER} here`
  })
  if (name === '') return fallback('the image sets no USER (root)')
  const passwd = parseAccounts(files.passwd ?? '', 'passwd')
  const groups = parseAccounts(files.group ?? '', 'group')
  const account = /^\d+$/.test(name) ? undefined : passwd.find(entry => entry.name === name)
  const uid = /^\d+$/.test(name) ? Number(name) : name === 'root' ? 0 : account?.id
  if (uid === 0) return fallback(`the image's USER ${raw} is root`)
  let gid: number | undefined
  if (group === undefined || group === '') gid = account?.gid
  else if (/^\d+$/.test(group)) gid = Number(group)
  else gid = group === 'root' ? 0 : groups.find(entry => entry.name === group)?.id
  if (gid === 0) return fallback(`the image's USER ${raw} runs with the root group`)
  return { user: raw, reason: `runs as the image's USER ${raw}` }
}

/** Whether runAs() needs the image's /etc/passwd or /etc/group: its USER names a user or group. */
export function runAsReadsAccounts(configUser: string | undefined): boolean {
  const [name = '', group = ''] = (configUser ?? '').trim().split(':')
  const named = (part: string): boolean => part !== '' && part !== 'root' && !/^\d+$/.test(part)
  return named(name) || named(group)
}

/** The tmpfs a read-only root gets, as `--tmpfs` takes it. */
const TMPFS_OPTIONS = 'rw,nosuid,nodev,size=64m'

/**
 * `docker run` flags that confine the container; `label` marks it as this verify run's, so a
 * signal handler or the post step can find and remove it.
 */
export function sandboxArgs(sandbox: Sandbox, user: string, label: string): string[] {
  validateSandbox(sandbox)
  return [
    '--label',
    label,
    '--user',
    user,
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--memory',
    sandbox.memory,
    // Equal to --memory: no swap on top of the limit.
    '--memory-swap',
    sandbox.memory,
    '--cpus',
    sandbox.cpus,
    '--pids-limit',
    String(sandbox.pidsLimit),
    ...(sandbox.readOnly ? ['--read-only', '--tmpfs', `/tmp:${TMPFS_OPTIONS}`] : [])
  ]
}

/** What sandboxArgs() asks `docker run` for, as the Engine API's HostConfig (same limits, same flags). */
export function sandboxHostConfig(sandbox: Sandbox): Record<string, unknown> {
  validateSandbox(sandbox)
  const memory = memoryBytes(sandbox.memory)
  return {
    CapDrop: ['ALL'],
    SecurityOpt: ['no-new-privileges'],
    Memory: memory,
    // Equal to Memory: no swap on top of the limit.
    MemorySwap: memory,
    NanoCpus: Math.round(Number(sandbox.cpus) * 1e9),
    PidsLimit: sandbox.pidsLimit,
    ...(sandbox.readOnly ? { ReadonlyRootfs: true, Tmpfs: { '/tmp': TMPFS_OPTIONS } } : {})
  }
}
