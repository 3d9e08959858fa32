/**
 * SLSA provenance v1 for a built image, as an in-toto v1 statement: what was built (the subject: the
 * image repository and its digest), from what (the Dockerfile, targets, non-secret build args, the
 * base images by digest, the source repository at its commit) and by whom (the workflow that ran,
 * the run). Built from facts the caller hands over; nothing here reads the environment but
 * `githubBuildFacts`.
 */
import * as z from 'zod/mini'
import packageJson from '../../../package.json' with { type: 'json' }
import type { EventContext } from '../git/context.js'
import { looksLikeCredential } from '../credential-like.js'
import { parseReference } from '../image/reference.js'

export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1'
export const SLSA_PROVENANCE_TYPE = 'https://slsa.dev/provenance/v1'
/** What this product's build means (SLSA `buildType`): the README section that documents the parameters. */
export const BUILD_TYPE =
  'https://github.com/acme/docker-actions/blob/v1/README.md#supply-chain-provenance-and-referrers'

/** Where and from what an image was built; the caller gathers these (build-with-cache, tests). */
export interface BuildFacts {
  /** The Dockerfile, as given (a path in the repository). */
  dockerfile: string
  /** The build context, as given. */
  context?: string
  /** The stages built, in order (e.g. `builder`, `production`). */
  targets: string[]
  /** Every build arg given: only the non-secret ones are recorded (see nonSecretBuildArgs). */
  buildArgs: Map<string, string> | Record<string, string>
  /** Values known to be secret (build secrets, registry passwords): an arg containing one is dropped. */
  secretValues?: string[]
  /** The base images (FROM) as referenced, and the digests they resolved to. */
  baseImages: Array<{ reference: string; digest: string }>
  /** The source: repository (`owner/name` on GitHub, or a URL), the ref built, the commit. */
  source: { repository: string; ref: string; commit: string }
  /** The builder: the workflow that ran, `https://github.com/<owner>/<repo>/.github/workflows/<file>@<ref>`. */
  builderId: string
  /** The run: its URL and attempt. */
  invocationId: string
  /** The platform built, in platform mode (`linux/arm64`). */
  platform?: string
  /** Parameters of the builder itself (event name, runner environment, the docker front end). */
  internal?: Record<string, string>
  startedOn?: Date
  finishedOn?: Date
}

/**
 * The build args that may be recorded: an arg is dropped when its name looks like a credential
 * (`*TOKEN*`, `*PASSWORD*`, `*SECRET*`, `*_KEY`, `*AUTH*`…), its value looks like a known token
 * format, or its value contains one of `secretValues`. Dropped args are named, never valued.
 */
export function nonSecretBuildArgs(
  args: Map<string, string> | Record<string, string>,
  secretValues: string[] = []
): { kept: Record<string, string>; dropped: string[] } {
  const kept: Record<string, string> = {}
  const dropped: string[] = []
  const secrets = secretValues.filter(value => value.length >= 4)
  for (const [name, value] of args instanceof Map ? args : Object.entries(args)) {
    const secret = looksLikeCredential(name, value) || secrets.some(known => value.includes(known))
    if (secret) dropped.push(name)
    else kept[name] = value
  }
  return { kept, dropped: dropped.sort() }
}

/** A base image as a package URL (as BuildKit's provenance names them): `pkg:docker/<name>@<tag>?repository_url=<registry>`. */
export function baseImageUri(reference: string): string {
  const ref = parseReference(reference)
  const version = ref.tag ?? 'latest'
  const registry = ref.registry === 'docker.io' ? '' : `?repository_url=${encodeURIComponent(ref.registry)}`
  return `pkg:docker/${ref.repository}@${encodeURIComponent(version)}${registry}`
}

const sha256Hex = (digest: string): string => digest.replace(/^sha256:/, '')
const sourceUri = (repository: string): string =>
  /^[a-z]+:\/\//i.test(repository) ? repository : `https://github.com/${repository}`

/** The SLSA provenance v1 statement for an image digest. */
export function provenanceStatement(subject: { name: string; digest: string }, facts: BuildFacts): Statement {
  const { kept, dropped } = nonSecretBuildArgs(facts.buildArgs, facts.secretValues)
  const source = { ...facts.source, repository: sourceUri(facts.source.repository) }
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: subject.name, digest: { sha256: sha256Hex(subject.digest) } }],
    predicateType: SLSA_PROVENANCE_TYPE,
    predicate: {
      buildDefinition: {
        buildType: BUILD_TYPE,
        externalParameters: {
          source,
          dockerfile: facts.dockerfile,
          ...(facts.context !== undefined ? { context: facts.context } : {}),
          targets: facts.targets,
          ...(facts.platform ? { platform: facts.platform } : {}),
          buildArgs: kept,
          ...(dropped.length > 0 ? { buildArgsOmitted: dropped } : {})
        },
        internalParameters: facts.internal ?? {},
        resolvedDependencies: [
          {
            uri: `git+${source.repository}@${source.ref}`,
            digest: { gitCommit: source.commit }
          },
          ...facts.baseImages.map(base => ({
            uri: baseImageUri(base.reference),
            name: base.reference,
            digest: { sha256: sha256Hex(base.digest) }
          }))
        ]
      },
      runDetails: {
        builder: { id: facts.builderId, version: { 'docker-actions': packageJson.version } },
        metadata: {
          invocationId: facts.invocationId,
          ...(facts.startedOn ? { startedOn: facts.startedOn.toISOString() } : {}),
          ...(facts.finishedOn ? { finishedOn: facts.finishedOn.toISOString() } : {})
        }
      }
    }
  }
}

/**
 * The builder, the run and the source as GitHub tells them: the builder is the workflow file at the
 * ref it ran from (GITHUB_WORKFLOW_REF), the invocation the run URL with its attempt. Run locally
 * (no workflow ref), the builder is `local`.
 */
export function githubBuildFacts(
  ctx: Pick<EventContext, 'repository' | 'ref' | 'sha' | 'serverUrl' | 'runId' | 'eventName'>,
  env: NodeJS.ProcessEnv = process.env
): Pick<BuildFacts, 'source' | 'builderId' | 'invocationId' | 'internal'> {
  const server = ctx.serverUrl.replace(/\/+$/, '')
  const run =
    ctx.runId !== undefined && ctx.repository
      ? `${server}/${ctx.repository}/actions/runs/${ctx.runId}/attempts/${env.GITHUB_RUN_ATTEMPT || '1'}`
      : 'local'
  return {
    source: { repository: `${server}/${ctx.repository}`, ref: ctx.ref, commit: ctx.sha },
    builderId: env.GITHUB_WORKFLOW_REF ? `${server}/${env.GITHUB_WORKFLOW_REF}` : 'local',
    invocationId: run,
    internal: {
      eventName: ctx.eventName,
      ...(env.RUNNER_ENVIRONMENT ? { runnerEnvironment: env.RUNNER_ENVIRONMENT } : {})
    }
  }
}

/**
 * githubBuildFacts from the runner's variables alone (GITHUB_REPOSITORY, GITHUB_REF, GITHUB_SHA,
 * GITHUB_SERVER_URL, GITHUB_RUN_ID, GITHUB_EVENT_NAME), for a step that has no EventContext at hand;
 * `commit` overrides GITHUB_SHA (a pull request builds its head, not the merge commit).
 */
export function githubBuildFactsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  commit?: string
): Pick<BuildFacts, 'source' | 'builderId' | 'invocationId' | 'internal'> {
  const runId = Number(env.GITHUB_RUN_ID)
  return githubBuildFacts(
    {
      repository: env.GITHUB_REPOSITORY ?? '',
      ref: env.GITHUB_REF ?? '',
      sha: commit || env.GITHUB_SHA || '',
      serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
      runId: Number.isFinite(runId) && runId > 0 ? runId : undefined,
      eventName: env.GITHUB_EVENT_NAME ?? ''
    },
    env
  )
}

const ResourceSchema = z.looseObject({
  uri: z.optional(z.string()),
  name: z.optional(z.string()),
  digest: z.optional(z.record(z.string(), z.string()))
})

/**
 * An in-toto statement with a SLSA provenance v1 predicate, as read back from a registry (checked:
 * anyone with push rights can attach one). Only what the policy reads is required.
 */
export const StatementSchema = z.looseObject({
  _type: z.string(),
  subject: z.array(z.looseObject({ name: z.optional(z.string()), digest: z.record(z.string(), z.string()) })),
  predicateType: z.string(),
  predicate: z.looseObject({
    buildDefinition: z.looseObject({
      buildType: z.string(),
      externalParameters: z.looseObject({
        source: z.optional(z.looseObject({ repository: z.string(), ref: z.string(), commit: z.string() }))
      }),
      internalParameters: z.optional(z.record(z.string(), z.unknown())),
      resolvedDependencies: z.optional(z.array(ResourceSchema))
    }),
    runDetails: z.looseObject({
      builder: z.looseObject({ id: z.string() }),
      metadata: z.optional(z.looseObject({ invocationId: z.optional(z.string()) }))
    })
  })
})
export type Statement = z.infer<typeof StatementSchema>
