import { UserError } from '../errors.js'
import { runCommand, tail } from '../exec.js'
import { copyFromContainer, withCreatedContainer } from '../docker/container-files.js'
import { pullImage } from '../docker/pull.js'
import { parseReference } from '../image/reference.js'
import type { RegistryOptions } from '../registry/index.js'
import { labelFor, newRunId } from './cleanup.js'
import { lookUpPlatforms } from './platforms.js'
import { EMULATION_SLOWDOWN, observeContainer } from './probe.js'
import { type CheckResult, type RequirementId, REQUIREMENTS, skipped } from './requirements.js'
import { runtimeChecks } from './runtime-checks.js'
import { DEFAULT_SANDBOX, type Sandbox, runAs, validateSandbox } from './sandbox.js'
import { type ImageFiles, type ImageRuntimeConfig, VERSION_JSON_PATH, staticChecks } from './static-checks.js'

export type CheckScope = 'all' | 'static' | 'runtime'

export interface VerifyOptions {
  docker: string
  /** An image reference (tag or digest) or a local image ID. */
  image: string
  /** The commit version.json must name; version-commit is skipped without it. */
  commit?: string
  scope?: CheckScope
  /** Pull the image when the engine does not have it. */
  pull?: boolean
  port?: number
  env?: Map<string, string>
  startupTimeoutMs?: number
  skip?: RequirementId[]
  /** Limits of the container that runs the image; default DEFAULT_SANDBOX. */
  sandbox?: Sandbox
  /** Labels the container, so a post step can remove what a cancelled run left; default a new id. */
  runId?: string
  /**
   * The platform of the image (`linux/arm64`), when it is one platform of an index: it is pulled and
   * run for that platform (under emulation when it is not the runner's), and its config must say so.
   */
  platform?: string
  log?: (message: string) => void
}

export interface VerifyReport {
  image: string
  imageId: string
  results: CheckResult[]
  /** The platform checked, when the image is one platform of an index. */
  platform?: string
}

const IMAGE_ID = /^(sha256:)?[a-f0-9]{12,64}$/

/** Accepts what `docker run` accepts that we can name safely: a reference, or an image ID. */
export function validateImage(image: string): void {
  if (IMAGE_ID.test(image)) return
  try {
    parseReference(image)
  } catch (error) {
    throw new UserError(
      `Input "image" must be an image reference (registry/name:tag or name@sha256:…) or an image ID: ${(error as Error).message}`
    )
  }
}

export function parseRequirementIds(ids: string[]): RequirementId[] {
  const unknown = ids.filter(id => !(id in REQUIREMENTS))
  if (unknown.length)
    throw new UserError(
      `Unknown requirement(s) ${unknown.join(', ')}; known: ${Object.keys(REQUIREMENTS).join(', ')}.`
    )
  return ids as RequirementId[]
}

interface InspectedImage {
  Id: string
  Os?: string
  Architecture?: string
  Variant?: string
  Config?: ImageRuntimeConfig
}

async function inspectImage(
  docker: string,
  image: string,
  pull: boolean,
  platform?: string
): Promise<InspectedImage> {
  const inspect = (): ReturnType<typeof runCommand> =>
    runCommand(docker, ['image', 'inspect', image], { silent: true })
  let result = await inspect()
  if (result.exitCode !== 0 && pull) {
    const pulled = platform
      ? await runCommand(docker, ['pull', '--quiet', '--platform', platform, image], { silent: true })
      : await pullImage(docker, image)
    if (pulled.exitCode !== 0) throw new UserError(`Could not pull ${image}: ${tail(pulled.stderr, 5)}`)
    result = await inspect()
  }
  if (result.exitCode !== 0)
    throw new UserError(
      `The engine has no image ${image}${pull ? '' : ' (pull is off: build it in this job, or set pull: true)'}.`
    )
  return (JSON.parse(result.stdout) as InspectedImage[])[0]
}

const text = (entries: Awaited<ReturnType<typeof copyFromContainer>>): string | undefined =>
  entries?.find(entry => entry.content !== undefined)?.content?.toString('utf8')

/** Reads what the static checks need from the image's filesystem, without running it. */
export async function readImageFiles(docker: string, image: string, runId?: string): Promise<ImageFiles> {
  // Labelled like the runtime container, so a cancelled run's post step removes this one too.
  const createArgs = runId ? ['--label', labelFor(runId)] : []
  return withCreatedContainer(
    docker,
    image,
    async container => {
      const app = await copyFromContainer(docker, container, '/app', 0)
      return {
        passwd: text(await copyFromContainer(docker, container, '/etc/passwd')),
        group: text(await copyFromContainer(docker, container, '/etc/group')),
        versionJson: text(await copyFromContainer(docker, container, VERSION_JSON_PATH)),
        appEntries: app?.filter(entry => !/^app\/?$/.test(entry.name) && entry.name !== 'app/version.json')
          .length
      }
    },
    createArgs
  )
}

function exposedPorts(config: ImageRuntimeConfig): number[] {
  return Object.keys(config.ExposedPorts ?? {}).flatMap(key => {
    const port = Number(key.split('/')[0])
    return Number.isInteger(port) ? [port] : []
  })
}

/** Checks an image against the Dockerflow contract: from its config and files, then by running it. */
export async function verifyImage(options: VerifyOptions): Promise<VerifyReport> {
  validateImage(options.image)
  const sandbox = validateSandbox(options.sandbox ?? DEFAULT_SANDBOX)
  const log = options.log ?? (() => {})
  const scope = options.scope ?? 'all'
  const inspected = await inspectImage(options.docker, options.image, options.pull ?? true, options.platform)
  if (options.platform) checkPlatform(options.image, options.platform, inspected)
  const config = inspected.Config ?? {}
  if (options.image !== inspected.Id) log(`image ${options.image} is ${inspected.Id}`)
  const runId = options.runId ?? newRunId()
  const files = await readImageFiles(options.docker, inspected.Id, runId)
  const results: CheckResult[] = []
  if (scope !== 'runtime') results.push(...staticChecks(config, files, options.commit))
  if (scope !== 'static') {
    const user = runAs(config.User, files)
    log(user.reason)
    if (options.platform && isEmulated(options.platform))
      log(
        `${options.platform} runs under emulation here: it may take ${EMULATION_SLOWDOWN} times longer to answer`
      )
    const observed = await observeContainer({
      docker: options.docker,
      image: inspected.Id,
      port: options.port,
      env: options.env,
      startupTimeoutMs: options.startupTimeoutMs,
      exposedPorts: exposedPorts(config),
      versionJson: files.versionJson,
      runId,
      user: user.user,
      sandbox,
      platform: options.platform,
      emulated: options.platform !== undefined && isEmulated(options.platform),
      log
    })
    results.push(...runtimeChecks(observed))
  }
  const skip = new Set(options.skip ?? [])
  return {
    image: options.image,
    imageId: inspected.Id,
    results: results.map(result =>
      skip.has(result.id) ? skipped(result.id, 'skipped by the `skip` input') : result
    ),
    ...(options.platform ? { platform: options.platform } : {})
  }
}

/** Node's name of the runner's CPU in OCI's words (the ones that differ). */
const OCI_ARCHITECTURES: Record<string, string> = { x64: 'amd64', ia32: '386' }

/** Whether an image of `platform` runs under emulation on this runner (another CPU architecture). */
export function isEmulated(platform: string, hostArchitecture: string = process.arch): boolean {
  return platform.split('/')[1] !== (OCI_ARCHITECTURES[hostArchitecture] ?? hostArchitecture)
}

/**
 * An index's entry is only a claim: the engine pulls a manifest by digest whatever `--platform`
 * says (Docker 20.10), so the image's own config must name the platform it is checked as.
 */
export function checkPlatform(
  image: string,
  platform: string,
  inspected: Pick<InspectedImage, 'Os' | 'Architecture' | 'Variant'>
): void {
  const [os, architecture, variant] = platform.split('/')
  const actual = [inspected.Os, inspected.Architecture, ...(inspected.Variant ? [inspected.Variant] : [])]
  const matches =
    inspected.Os === os &&
    inspected.Architecture === architecture &&
    (variant === undefined || inspected.Variant === undefined || inspected.Variant === variant)
  if (!matches)
    throw new UserError(
      `${image} is listed for ${platform}, but its config says ${actual.filter(Boolean).join('/') || 'no platform'}.`
    )
}

/** What verify-image checked: one image, or every platform image of an index. */
export interface VerifyRun {
  image: string
  /** The index digest, when the image is an index. */
  index?: string
  /** One report per image checked (per platform, in the index's order). */
  reports: VerifyReport[]
}

export interface VerifyImagesOptions extends Omit<VerifyOptions, 'platform'> {
  /** How the registry is asked whether a reference is an index (tests give their own). */
  lookUp?: typeof lookUpPlatforms
  registry?: RegistryOptions
}

/** Does the engine have an image under this name already? */
async function engineHas(docker: string, image: string): Promise<boolean> {
  return (await runCommand(docker, ['image', 'inspect', image], { silent: true })).exitCode === 0
}

/**
 * verify-image's unit of work. An image ID, `pull: false`, or a tag the engine already has: that
 * one image, as `docker run` would run it here (today's behaviour). A digest, or a tag the engine
 * does not have: the registry says what it is, and an index is checked platform by platform, each
 * pulled by its digest for its platform and run (under emulation for a foreign one), one after
 * the other (they share the host network).
 */
export async function verifyImages(options: VerifyImagesOptions): Promise<VerifyRun> {
  validateImage(options.image)
  const { lookUp = lookUpPlatforms, registry, ...single } = options
  const byReference = !IMAGE_ID.test(options.image) && (options.pull ?? true)
  if (
    byReference &&
    (parseReference(options.image).digest !== undefined || !(await engineHas(options.docker, options.image)))
  ) {
    const found = await lookUp(options.image, { registry, log: options.log })
    if (found.kind === 'index') {
      options.log?.(
        `${options.image} is an index of ${found.images.length} platform(s): ${found.images.map(image => image.platform).join(', ')}`
      )
      const reports: VerifyReport[] = []
      for (const image of found.images)
        reports.push(await verifyImage({ ...single, image: image.reference, platform: image.platform }))
      return { image: options.image, index: found.digest, reports }
    }
  }
  return { image: options.image, reports: [await verifyImage(single)] }
}
