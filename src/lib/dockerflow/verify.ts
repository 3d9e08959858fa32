import { UserError } from '../errors.js'
import type { RegistryOptions } from '../registry/index.js'
import { parseReference } from '../image/reference.js'
import { newRunId } from './cleanup.js'
import { type CheckScope, IMAGE_ID, validateImage, validateSandbox } from './options.js'
import { type InspectedImage, type VerifyEngine, connectEngine } from './engine.js'
import { readContainerFiles, readImageFiles } from './image-files.js'
import { lookUpPlatforms } from './platforms.js'
import { EMULATION_SLOWDOWN, observeContainer } from './probe.js'
import { type CheckResult, type RequirementId, skipped } from './requirements.js'
import { runtimeChecks } from './runtime-checks.js'
import { DEFAULT_SANDBOX, type Sandbox, runAs, runAsReadsAccounts } from './sandbox.js'
import { type ImageFiles, type ImageRuntimeConfig, staticChecks } from './static-checks.js'

export { type CheckScope, parseRequirementIds, validateImage } from './options.js'
export { readImageFiles } from './image-files.js'

export interface VerifyOptions {
  /** The docker CLI, for pulls (and for every call where the engine has no local socket); default found. */
  docker?: string
  /** How the engine is reached; default connectEngine(docker): its API socket, else the CLI. */
  engine?: VerifyEngine
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

async function inspectImage(
  engine: VerifyEngine,
  image: string,
  pull: boolean,
  platform?: string,
  /** What the engine already said of `image`, when the caller asked. */
  known?: InspectedImage
): Promise<InspectedImage> {
  let inspected = known ?? (await engine.inspectImage(image))
  if (inspected === undefined && pull) {
    const failure = await engine.pull(image, platform)
    if (failure !== undefined) throw new UserError(`Could not pull ${image}: ${failure}`)
    inspected = await engine.inspectImage(image)
  }
  if (inspected === undefined)
    throw new UserError(
      `The engine has no image ${image}${pull ? '' : ' (pull is off: build it in this job, or set pull: true)'}.`
    )
  return inspected
}

function exposedPorts(config: ImageRuntimeConfig): number[] {
  return Object.keys(config.ExposedPorts ?? {}).flatMap(key => {
    const port = Number(key.split('/')[0])
    return Number.isInteger(port) ? [port] : []
  })
}

/** Checks an image against the Dockerflow contract: from its config and files, then by running it. */
export async function verifyImage(options: VerifyOptions): Promise<VerifyReport> {
  return verifyOne(options, options.engine ?? (await connectEngine(options.docker)))
}

async function verifyOne(
  options: VerifyOptions,
  engine: VerifyEngine,
  known?: InspectedImage
): Promise<VerifyReport> {
  validateImage(options.image)
  const sandbox = validateSandbox(options.sandbox ?? DEFAULT_SANDBOX)
  const log = options.log ?? (() => {})
  const scope = options.scope ?? 'all'
  const inspected = await inspectImage(engine, options.image, options.pull ?? true, options.platform, known)
  if (options.platform) checkPlatform(options.image, options.platform, inspected)
  const config = inspected.Config ?? {}
  if (options.image !== inspected.Id) log(`image ${options.image} is ${inspected.Id}`)
  const runId = options.runId ?? newRunId()
  let files: ImageFiles | undefined
  const runtime: CheckResult[] = []
  if (scope !== 'static') {
    if (options.platform && isEmulated(options.platform))
      log(
        `${options.platform} runs under emulation here: it may take ${EMULATION_SLOWDOWN} times longer to answer`
      )
    // A read-only root without volumes cannot change while it runs: its files are read once it
    // answers, while its endpoints are called, unless its USER names an account (that must be
    // confirmed not root before it starts). Any other container's files are read before it starts.
    // Either way in one copy (image-files.ts).
    const filesStayPut = sandbox.readOnly && Object.keys(config.Volumes ?? {}).length === 0
    const readFirst = !filesStayPut || runAsReadsAccounts(config.User)
    const observed = await observeContainer({
      engine,
      image: inspected.Id,
      port: options.port,
      env: options.env,
      startupTimeoutMs: options.startupTimeoutMs,
      exposedPorts: exposedPorts(config),
      runId,
      // Root by any spelling is never created; a name is confirmed from /etc/passwd before it starts.
      user: runAs(config.User, {}).user,
      // The static checks read the runtime container's files: one container, not two.
      beforeStart: async container => {
        if (readFirst) files = await readContainerFiles(engine, container)
        const user = runAs(config.User, files ?? {})
        log(user.reason)
        return { user: user.user }
      },
      alongside: readFirst
        ? undefined
        : async container => {
            files = await readContainerFiles(engine, container)
          },
      sandbox,
      platform: options.platform,
      emulated: options.platform !== undefined && isEmulated(options.platform),
      log
    })
    observed.versionJson = files?.versionJson
    runtime.push(...runtimeChecks(observed))
  }
  const results: CheckResult[] = []
  if (scope !== 'runtime') {
    // Static only, or the engine refused to create the runtime container: a container for the files.
    files ??= await readImageFiles(engine, inspected.Id, runId, log)
    results.push(...staticChecks(config, files, options.commit))
  }
  results.push(...runtime)
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
  const engine = options.engine ?? (await connectEngine(options.docker))
  const byReference = !IMAGE_ID.test(options.image) && (options.pull ?? true)
  // What the engine has under the name, asked once: verifyOne() starts from it.
  const known = byReference ? await engine.inspectImage(options.image) : undefined
  if (byReference && (parseReference(options.image).digest !== undefined || known === undefined)) {
    const found = await lookUp(options.image, { registry, log: options.log })
    if (found.kind === 'index') {
      options.log?.(
        `${options.image} is an index of ${found.images.length} platform(s): ${found.images.map(image => image.platform).join(', ')}`
      )
      const reports: VerifyReport[] = []
      for (const image of found.images)
        reports.push(await verifyOne({ ...single, image: image.reference, platform: image.platform }, engine))
      return { image: options.image, index: found.digest, reports }
    }
  }
  return { image: options.image, reports: [await verifyOne(single, engine, known)] }
}
