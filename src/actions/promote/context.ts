import * as core from '@actions/core'
import { UserError } from '../../lib/errors.js'
import type { PromotionGate } from '../../lib/gate/promotion.js'
import type { ProvenancePolicy } from '../../lib/provenance/policy.js'
import { parseReference } from '../../lib/image/reference.js'
import { getBoolean, getList, getOptional } from '../../lib/inputs.js'
// Not credentials.ts nor the registry barrel: what an input reader imports loads at start-up.
import { GivenCredentials, parseRegistryAuth, secretValues } from '../../lib/registry/credential-inputs.js'
import type { RegistryOptions } from '../../lib/registry/client.js'
import type { PromoteOptions } from '../../lib/registry/promote.js'

export interface Inputs {
  source: string
  /** What to write: guarded `targets`, `floatingTargets`, `expectedDigest`, `allowOverwrite`. */
  promotion: Pick<PromoteOptions, 'targets' | 'floatingTargets' | 'expectedDigest' | 'allowOverwrite'>
  dryRun: boolean
  /** `require-gate` and `allow-self-reported`. */
  gate: PromotionGate
  /** `require-provenance`, `allowed-builders`, `allowed-branches`. */
  provenance: ProvenancePolicy
  registry: RegistryOptions
}

/**
 * Credentials, most specific last: the docker config (e.g. after docker/login-action; read by the
 * pipeline when it first needs a credential, see withDockerConfig), then `registry-auth` lines, then
 * `username`/`password` for the source's registry and `target-username`/`target-password` for every
 * target registry that differs from it.
 */
export function buildCredentials(input: {
  sourceRegistry: string
  targetRegistries: string[]
  username?: string
  password?: string
  targetUsername?: string
  targetPassword?: string
  registryAuth?: string
}): GivenCredentials {
  const store = new GivenCredentials(parseRegistryAuth(input.registryAuth ?? ''))
  if (input.password)
    store.set(input.sourceRegistry, { username: input.username || 'token', password: input.password })
  if (input.targetPassword) {
    for (const host of input.targetRegistries.filter(host => host !== input.sourceRegistry)) {
      store.set(host, { username: input.targetUsername || 'token', password: input.targetPassword })
    }
  }
  return store
}

/**
 * Reads the credential inputs (`password`, `registry-auth`, and with `targets` also
 * `target-password`) and masks them at once, before anything can print them; `registryOptions` then
 * builds the options for the registries the action talks to (see buildCredentials). Each secret is
 * masked once; what the docker config adds is masked by the pipeline when it reads it.
 */
export function readRegistryInputs({ targets }: { targets: boolean }): {
  registryOptions(sourceRegistry: string, targetRegistries?: string[]): RegistryOptions
} {
  const password = getOptional('password')
  const targetPassword = targets ? getOptional('target-password') : undefined
  const registryAuth = core.getInput('registry-auth')
  const masked = new Set<string>()
  const mask = (secret: string | undefined): void => {
    if (!secret || masked.has(secret)) return
    masked.add(secret)
    core.setSecret(secret)
  }
  for (const secret of [password, targetPassword]) mask(secret)
  for (const secret of secretValues(parseRegistryAuth(registryAuth))) mask(secret)
  return {
    registryOptions(sourceRegistry, targetRegistries = []) {
      const credentials = buildCredentials({
        sourceRegistry,
        targetRegistries,
        username: getOptional('username'),
        password,
        targetUsername: targets ? getOptional('target-username') : undefined,
        targetPassword,
        registryAuth
      })
      for (const secret of secretValues(credentials)) mask(secret)
      return {
        credentials,
        insecureRegistries: getList('insecure-registries'),
        log: message => core.info(message)
      }
    }
  }
}

export function getInputs(): Inputs {
  const credentialInputs = readRegistryInputs({ targets: true })
  const source = getOptional('source')
  if (!source)
    throw new UserError('Input "source" is required: the image to promote, by unique tag or digest.')
  const targets = getList('targets')
  const floatingTargets = getList('floating-targets')
  if (targets.length + floatingTargets.length === 0)
    throw new UserError(
      'Input "targets" or "floating-targets" is required: one or more tagged references (targets never move once written; floating-targets follow every promotion).'
    )
  const sourceRegistry = parseReference(source).registry
  const targetRegistries = [...targets, ...floatingTargets].map(target => parseReference(target).registry)
  return {
    source,
    promotion: {
      targets,
      floatingTargets,
      expectedDigest: getOptional('expected-digest'),
      allowOverwrite: getBoolean('allow-overwrite')
    },
    dryRun: getBoolean('dry-run'),
    gate: {
      // Fail closed: promoting an ungated image is something to ask for explicitly.
      required: getBoolean('require-gate'),
      allowSelfReported: getBoolean('allow-self-reported')
    },
    provenance: {
      required: getBoolean('require-provenance'),
      allowedBuilders: getList('allowed-builders', { comma: true }),
      allowedBranches: getList('allowed-branches', { comma: true })
    },
    registry: credentialInputs.registryOptions(sourceRegistry, targetRegistries)
  }
}
