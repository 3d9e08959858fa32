import * as core from '@actions/core'
import { UserError } from '../../lib/errors.js'
import { parseReference } from '../../lib/image/reference.js'
import { getBoolean, getList, getOptional } from '../../lib/inputs.js'
import {
  type CredentialStore,
  type RegistryOptions,
  loadDockerConfigCredentials,
  parseRegistryAuth,
  secretValues
} from '../../lib/registry/index.js'

export interface Inputs {
  source: string
  /** Guarded: never moved to another digest unless allowOverwrite. */
  targets: string[]
  /** Always moved to the promoted digest. */
  floatingTargets: string[]
  expectedDigest?: string
  allowOverwrite: boolean
  dryRun: boolean
  requireGate: boolean
  allowSelfReported: boolean
  registry: RegistryOptions
}

/**
 * Credentials, most specific last: the docker config (e.g. after docker/login-action), then
 * `registry-auth` lines, then `username`/`password` for the source's registry and
 * `target-username`/`target-password` for every target registry that differs from it.
 */
export function buildCredentials(input: {
  sourceRegistry: string
  targetRegistries: string[]
  username?: string
  password?: string
  targetUsername?: string
  targetPassword?: string
  registryAuth?: string
}): CredentialStore {
  const store = loadDockerConfigCredentials()
  for (const [host, credential] of parseRegistryAuth(input.registryAuth ?? '')) store.set(host, credential)
  if (input.password)
    store.set(input.sourceRegistry, { username: input.username || 'token', password: input.password })
  if (input.targetPassword) {
    for (const host of input.targetRegistries.filter(host => host !== input.sourceRegistry)) {
      store.set(host, { username: input.targetUsername || 'token', password: input.targetPassword })
    }
  }
  return store
}

export function getInputs(): Inputs {
  const password = getOptional('password')
  const targetPassword = getOptional('target-password')
  const registryAuth = core.getInput('registry-auth')
  // Mask before anything can print them (registry-auth secrets are masked once parsed, below).
  for (const secret of [password, targetPassword]) if (secret) core.setSecret(secret)

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
  const credentials = buildCredentials({
    sourceRegistry,
    targetRegistries,
    username: getOptional('username'),
    password,
    targetUsername: getOptional('target-username'),
    targetPassword,
    registryAuth
  })
  for (const secret of new Set(secretValues(credentials)))
    if (secret !== password && secret !== targetPassword) core.setSecret(secret)
  return {
    source,
    targets,
    floatingTargets,
    expectedDigest: getOptional('expected-digest'),
    allowOverwrite: getBoolean('allow-overwrite', false),
    dryRun: getBoolean('dry-run', false),
    // Fail closed: promoting an ungated image is something to ask for explicitly.
    requireGate: getBoolean('require-gate', true),
    allowSelfReported: getBoolean('allow-self-reported', false),
    registry: {
      credentials,
      insecureRegistries: getList('insecure-registries'),
      log: message => core.info(message)
    }
  }
}
