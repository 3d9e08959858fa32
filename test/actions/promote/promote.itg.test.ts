import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { type RunningRegistry, startRegistry } from '../../../scripts/testbench/registry.js'
import { DEFAULT_RETRY, type RegistryOptions } from '../../../src/lib/registry/index.js'
import { attachGateRecord, type GateRecord } from '../../../src/lib/gate/record.js'
import { openRepository } from '../../../src/lib/registry/client.js'
import { PromotionError, promoteImage } from '../../../src/lib/registry/promote.js'
import { runAction } from '../../support/action-runner.js'
import { docker, testBench, uniqueRepository } from '../../support/bench.js'
import { RacingProxy } from './racing-proxy.js'
import {
  PASSWORD,
  RegistryProxy,
  type TokenRegistry,
  USER,
  rawPushImage,
  rawPutManifest,
  startBasicRegistry,
  startTokenRegistry
} from '../../support/registries.js'

const execFileAsync = promisify(execFile)

/** An independent client's view of a reference: skopeo's digest. */
async function skopeoDigest(reference: string, creds?: string): Promise<string> {
  const args = ['inspect', '--tls-verify=false', '--raw', `docker://${reference}`]
  if (creds) args.splice(1, 0, '--creds', creds)
  const { stdout } = await execFileAsync('skopeo', args, { maxBuffer: 16 * 1024 * 1024 })
  const { createHash } = await import('node:crypto')
  return `sha256:${createHash('sha256').update(stdout).digest('hex')}`
}

async function tagDigest(
  host: string,
  repository: string,
  tag: string,
  auth?: string
): Promise<string | undefined> {
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      accept:
        'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json',
      ...(auth ? { authorization: auth } : {})
    }
  })
  return response.status === 200 ? (response.headers.get('docker-content-digest') ?? undefined) : undefined
}

const basicAuth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
const fastRetry = { ...DEFAULT_RETRY, baseDelayMs: 20 }

describe('promote on real registries', () => {
  let dev: string
  let devProxy: RegistryProxy
  let basic: RunningRegistry
  let basicProxy: RegistryProxy
  let token: TokenRegistry
  let source: string
  let sourceRepository: string
  let sourceDigest: string
  let options: RegistryOptions

  beforeAll(async () => {
    dev = testBench().registry
    devProxy = await new RegistryProxy(dev).start()
    basic = await startBasicRegistry()
    basicProxy = await new RegistryProxy(basic.host).start()
    token = await startTokenRegistry()
    const credentials = new Map([
      [basic.host, { username: USER, password: PASSWORD }],
      [basicProxy.host, { username: USER, password: PASSWORD }],
      [token.host, { username: USER, password: PASSWORD }]
    ])
    options = { credentials, retry: fastRetry }

    // A real image built by the engine: the bench's busybox base plus a 2 MiB layer.
    const context = mkdtempSync(join(tmpdir(), 'promote-itg-'))
    writeFileSync(
      join(context, 'Dockerfile'),
      `FROM ${testBench().baseImage}\nRUN head -c 2097152 /dev/urandom > /payload\nCMD ["sh", "-c", "echo ok"]\n`
    )
    sourceRepository = uniqueRepository('promote/app')
    source = `${dev}/${sourceRepository}:dev-1`
    await docker(['build', '--network', 'host', '--tag', source, context])
    await docker(['push', source])
    sourceDigest = (await tagDigest(dev, sourceRepository, 'dev-1')) as string
    expect(sourceDigest).toMatch(/^sha256:/)
  }, 120_000)

  afterAll(async () => {
    await devProxy?.stop()
    await basicProxy?.stop()
    await basic?.stop()
    await token?.stop()
  })

  it('same repository: only the manifest is written, no blob bytes move', async () => {
    devProxy.reset()
    const result = await promoteImage({
      source: `${devProxy.host}/${sourceRepository}:dev-1`,
      targets: [`${devProxy.host}/${sourceRepository}:staging`],
      registry: options
    })
    expect(result.digest).toBe(sourceDigest)
    expect(result.targets[0]).toMatchObject({ action: 'created', mode: 'same repository', bytesUploaded: 0 })
    expect(devProxy.uploadedBytes).toBe(0)
    expect(devProxy.requests.filter(line => line.includes('/blobs/'))).toEqual([])
    expect(await skopeoDigest(`${dev}/${sourceRepository}:staging`)).toBe(sourceDigest)
    await docker(['pull', `${dev}/${sourceRepository}:staging`])
  })

  it('another repository on the same registry: blobs are mounted, not uploaded', async () => {
    devProxy.reset()
    const other = uniqueRepository('promote/other')
    const result = await promoteImage({
      source: `${devProxy.host}/${sourceRepository}@${sourceDigest}`,
      targets: [`${devProxy.host}/${other}:staging`],
      registry: options
    })
    expect(result.targets[0].mode).toBe('cross-repository mount')
    expect(result.targets[0].blobs.mounted).toBeGreaterThanOrEqual(2)
    expect(result.targets[0].blobs.copied).toBe(0)
    expect(devProxy.uploadedBytes).toBe(0)
    expect(devProxy.requests.some(line => /POST .*blobs\/uploads\/\?mount=sha256/.test(line))).toBe(true)
    expect(await skopeoDigest(`${dev}/${other}:staging`)).toBe(sourceDigest)
    await docker(['pull', `${dev}/${other}:staging`])
  })

  it('another registry (Basic auth): each missing blob is streamed once; the re-run is idempotent', async () => {
    basicProxy.reset()
    const target = `${basicProxy.host}/team/app:1.0`
    const result = await promoteImage({ source, targets: [target], registry: options })
    expect(result.digest).toBe(sourceDigest)
    expect(result.targets[0]).toMatchObject({ action: 'created', mode: 'cross-registry copy' })
    const manifest = JSON.parse(
      (await execFileAsync('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${source}`])).stdout
    ) as { config: { size: number }; layers: Array<{ size: number }> }
    const blobBytes = manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0)
    expect(result.bytesUploaded).toBe(blobBytes)
    expect(basicProxy.uploadedBytes).toBe(blobBytes)
    expect(await skopeoDigest(`${basic.host}/team/app:1.0`, `${USER}:${PASSWORD}`)).toBe(sourceDigest)
    await docker(['login', basic.host, '--username', USER, '--password', PASSWORD])
    await docker(['pull', `${basic.host}/team/app:1.0`])

    basicProxy.reset()
    const again = await promoteImage({ source, targets: [target], registry: options })
    expect(again.targets[0].action).toBe('unchanged')
    expect(basicProxy.uploadedBytes).toBe(0)
  })

  it('refuses to move a tag that points elsewhere, unless allowed', async () => {
    const repository = uniqueRepository('promote/guard')
    const other = await rawPushImage(dev, repository)
    await rawPutManifest(dev, repository, 'prod', other.manifest)
    await expect(
      promoteImage({
        source,
        targets: [`${dev}/${repository}:fresh`, `${dev}/${repository}:prod`],
        registry: options
      })
    ).rejects.toThrow(
      /prod already points at sha256:[0-9a-f]{64}, not sha256:[0-9a-f]{64}\. Refusing to move it: these are targets.*floating-targets, or set allow-overwrite: true\. Nothing was promoted/
    )
    // Checked before writing anything: not even the first, free target was written.
    expect(await tagDigest(dev, repository, 'fresh')).toBeUndefined()
    expect(await tagDigest(dev, repository, 'prod')).toBe(other.digest)

    const moved = await promoteImage({
      source,
      targets: [`${dev}/${repository}:prod`],
      allowOverwrite: true,
      registry: options
    })
    expect(moved.targets[0]).toMatchObject({ action: 'moved', previousDigest: other.digest })
    expect(await skopeoDigest(`${dev}/${repository}:prod`)).toBe(sourceDigest)
  })

  it('refuses when the source no longer resolves to expected-digest', async () => {
    const target = `${dev}/${uniqueRepository('promote/expected')}:staging`
    const wrong = `sha256:${'0'.repeat(64)}`
    await expect(
      promoteImage({ source, targets: [target], expectedDigest: wrong, registry: options })
    ).rejects.toThrow(/resolves to sha256:[0-9a-f]{64}, not the expected sha256:0{64}.*Nothing was promoted/)
  })

  it('a two-platform index is promoted whole through the token flow; the index digest is unchanged', async () => {
    const repository = uniqueRepository('promote/multi')
    const amd64 = await rawPushImage(dev, repository, { platform: { os: 'linux', architecture: 'amd64' } })
    const arm64 = await rawPushImage(dev, repository, { platform: { os: 'linux', architecture: 'arm64' } })
    for (const image of [amd64, arm64]) await rawPutManifest(dev, repository, image.digest, image.manifest)
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: amd64.digest,
          size: amd64.size,
          platform: { os: 'linux', architecture: 'amd64' }
        },
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: arm64.digest,
          size: arm64.size,
          platform: { os: 'linux', architecture: 'arm64' }
        }
      ]
    }
    const indexDigest = await rawPutManifest(dev, repository, 'v2', index)

    token.tokenRequests.length = 0
    const result = await promoteImage({
      source: `${dev}/${repository}:v2`,
      targets: [`${token.host}/prod/multi:v2`],
      registry: options
    })
    expect(result.digest).toBe(indexDigest)
    expect(await skopeoDigest(`${token.host}/prod/multi:v2`, `${USER}:${PASSWORD}`)).toBe(indexDigest)
    for (const child of [amd64, arm64]) {
      expect(await skopeoDigest(`${token.host}/prod/multi@${child.digest}`, `${USER}:${PASSWORD}`)).toBe(
        child.digest
      )
    }
    expect(
      token.tokenRequests.some(
        request => request.user === USER && request.scopes.includes('repository:prod/multi:pull,push')
      )
    ).toBe(true)

    // Within the token registry, a mount asks for pull on the mount source as well.
    token.tokenRequests.length = 0
    const mounted = await promoteImage({
      source: `${token.host}/prod/multi:v2`,
      targets: [`${token.host}/prod/copy:v2`],
      registry: options
    })
    expect(mounted.targets[0].blobs.mounted).toBeGreaterThan(0)
    expect(
      token.tokenRequests.some(
        request =>
          request.scopes.includes('repository:prod/copy:pull,push') &&
          request.scopes.includes('repository:prod/multi:pull')
      )
    ).toBe(true)
  })

  it('anonymous pulls from the token registry work, pushes are refused with the registry message', async () => {
    const anonymous = { credentials: new Map(), retry: fastRetry }
    await expect(
      promoteImage({
        source: `${token.host}/prod/multi:v2`,
        targets: [`${token.host}/prod/anon:v2`],
        registry: anonymous
      })
    ).rejects.toThrow(/HTTP 401|denied|UNAUTHORIZED/)
  })

  it('survives 500/429 answers and a connection cut mid-blob, with the identical digest', async () => {
    const devFaults = await new RegistryProxy(dev).start()
    basicProxy.reset()
    try {
      devFaults.inject({ method: 'GET', path: /\/blobs\/sha256:/, cutAfterBytes: 65536, times: 1 })
      basicProxy.inject({ method: 'PUT', path: /\/blobs\/uploads\//, status: 500, times: 1 })
      basicProxy.inject({ method: 'HEAD', path: /\/manifests\//, status: 429, times: 2 })
      const repository = `team/${uniqueRepository('faults')}`
      const result = await promoteImage({
        source: `${devFaults.host}/${sourceRepository}:dev-1`,
        targets: [`${basicProxy.host}/${repository}:1.0`],
        registry: { ...options, credentials: new Map([...(options.credentials ?? new Map())]) }
      })
      expect(result.digest).toBe(sourceDigest)
      expect(devFaults.faultsInjected + basicProxy.faultsInjected).toBe(4)
      expect(await skopeoDigest(`${basic.host}/${repository}:1.0`, `${USER}:${PASSWORD}`)).toBe(sourceDigest)
    } finally {
      await devFaults.stop()
    }
  })

  it('a failure that does not go away fails cleanly and leaves the target tag untouched', async () => {
    basicProxy.reset()
    const repository = `team/${uniqueRepository('broken')}`
    basicProxy.inject({
      method: 'PUT',
      path: new RegExp(`/v2/${repository}/manifests/1\\.0`),
      status: 503,
      times: 100
    })
    await expect(
      promoteImage({ source, targets: [`${basicProxy.host}/${repository}:1.0`], registry: options })
    ).rejects.toThrow(/HTTP 503/)
    expect(await tagDigest(basic.host, repository, '1.0', basicAuth)).toBeUndefined()

    // Cut mid-upload on every attempt: the blob never completes, so no tag is ever written.
    basicProxy.reset()
    const cut = `team/${uniqueRepository('cut')}`
    basicProxy.inject({ method: 'PUT', path: /\/blobs\/uploads\//, cutAfterBytes: 100_000, times: 100 })
    await expect(
      promoteImage({ source, targets: [`${basicProxy.host}/${cut}:1.0`], registry: options })
    ).rejects.toThrow()
    expect(await tagDigest(basic.host, cut, '1.0', basicAuth)).toBeUndefined()
  }, 120_000)

  it('runs as an action from its committed bundle; the password never reaches the log', async () => {
    const target = `${basic.host}/team/bundle:staging`
    const run = await runAction('promote', {
      inputs: {
        source,
        targets: target,
        'expected-digest': sourceDigest,
        'require-gate': 'false',
        'target-username': USER,
        'target-password': PASSWORD
      }
    })
    // ::add-mask:: is how the runner learns the value; every other line must not contain it.
    const logged = (run.stderr + run.stdout).split('\n').filter(line => !line.startsWith('::add-mask::'))
    expect(logged.join('\n')).not.toContain(PASSWORD)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.digest).toBe(sourceDigest)
    expect(run.outputs.promoted).toBe(target)
    expect(JSON.parse(run.outputs.results)).toEqual([
      { reference: target, floating: false, action: 'created', previousDigest: null }
    ])
    expect(run.summary).toContain('cross-registry copy')
    expect(await skopeoDigest(target, `${USER}:${PASSWORD}`)).toBe(sourceDigest)

    const refused = await runAction('promote', {
      inputs: {
        source,
        targets: `${dev}/${sourceRepository}:staging`,
        'expected-digest': `sha256:${'1'.repeat(64)}`,
        'require-gate': 'false'
      }
    })
    expect(refused.exitCode).not.toBe(0)
    expect(refused.stdout).toMatch(/::error::.*not the expected/)
    expect(refused.outputs.digest).toBeUndefined()
  })

  it('with nothing to check first, the upload session is opened ahead and used; a session no upload takes is closed', async () => {
    // A registry of its own, without auth (no 401 doubles every request the proxy counts), whose
    // storage shows the upload sessions still open (a closed one keeps at most an empty directory).
    const dir = mkdtempSync(join(tmpdir(), 'promote-ahead-'))
    const registry = await startRegistry({ dir })
    const proxy = await new RegistryProxy(registry.host).start()
    const repository = uniqueRepository('promote/ahead')
    const openSessions = (): string[] => {
      const uploads = join(dir, 'data', 'docker', 'registry', 'v2', 'repositories', repository, '_uploads')
      if (!existsSync(uploads)) return []
      return readdirSync(uploads).filter(session => existsSync(join(uploads, session, 'startedat')))
    }
    const sessions = (): { opened: number; used: number; closed: number } => {
      const lines = proxy.requests.filter(line => line.includes('/blobs/uploads/'))
      return {
        opened: lines.filter(line => line.startsWith('POST ') && !line.includes('mount=')).length,
        used: lines.filter(line => line.startsWith('PUT ')).length,
        closed: lines.filter(line => line.startsWith('DELETE ')).length
      }
    }
    const promote = (tag: string) =>
      runAction('promote', {
        inputs: { source, targets: `${proxy.host}/${repository}:${tag}`, 'require-gate': 'false' }
      })
    try {
      const first = await promote('1.0')
      expect(first.exitCode).toBe(0)
      // Every session opened was completed by a blob's PUT or closed again.
      const copied = sessions()
      expect(copied.used).toBeGreaterThan(0)
      expect(copied.opened).toBe(copied.used + copied.closed)
      expect(openSessions()).toEqual([])
      // Again under another tag: every blob is there; the session opened ahead (and each opened with
      // a HEAD) is closed, nothing is uploaded.
      proxy.reset()
      const again = await promote('1.1')
      expect(again.exitCode).toBe(0)
      expect(proxy.uploadedBytes).toBe(0)
      const present = sessions()
      expect(present).toEqual({ opened: present.opened, used: 0, closed: present.opened })
      expect(present.opened).toBeGreaterThan(0)
      expect(openSessions()).toEqual([])
      for (const line of proxy.requests.filter(request => request.startsWith('DELETE '))) {
        const response = await fetch(`http://${registry.host}${line.slice('DELETE '.length)}`)
        expect(response.status).toBe(404) // BLOB_UPLOAD_UNKNOWN: the registry no longer knows it
      }
      expect(await tagDigest(registry.host, repository, '1.1')).toBe(sourceDigest)
    } finally {
      await proxy.stop()
      await registry.stop()
    }
  })

  it('floating targets always move; targets stay guarded; a tag cannot be in both lists', async () => {
    const repository = uniqueRepository('promote/policy')
    const old = await rawPushImage(dev, repository)
    for (const tag of ['main', '1.0', 'keep']) await rawPutManifest(dev, repository, tag, old.manifest)
    const result = await promoteImage({
      source,
      targets: [`${dev}/${repository}:dev-2`],
      floatingTargets: [
        `${dev}/${repository}:main`,
        `${dev}/${repository}:1.0`,
        `${dev}/${repository}:latest`
      ],
      registry: options
    })
    expect(
      result.targets.map(t => [t.reference.split(':').at(-1), t.floating, t.action, t.previousDigest])
    ).toEqual([
      ['dev-2', false, 'created', undefined],
      ['main', true, 'moved', old.digest],
      ['1.0', true, 'moved', old.digest],
      ['latest', true, 'created', undefined]
    ])
    for (const tag of ['dev-2', 'main', '1.0', 'latest'])
      expect(await tagDigest(dev, repository, tag)).toBe(sourceDigest)

    // Writing the same digest again is fine for a guarded target; another digest is not.
    const again = await promoteImage({ source, targets: [`${dev}/${repository}:dev-2`], registry: options })
    expect(again.targets[0].action).toBe('unchanged')
    await expect(
      promoteImage({
        source: `${dev}/${repository}@${old.digest}`,
        targets: [`${dev}/${repository}:dev-2`],
        floatingTargets: [`${dev}/${repository}:main`],
        registry: options
      })
    ).rejects.toThrow(/dev-2 already points at .*Nothing was promoted/)
    expect(await tagDigest(dev, repository, 'main')).toBe(sourceDigest) // the floating one was not moved either

    await expect(
      promoteImage({
        source,
        targets: [`${dev}/${repository}:keep`],
        floatingTargets: [`${dev}/${repository}:keep`],
        registry: options
      })
    ).rejects.toThrow(/keep is in both targets and floating-targets/)
    expect(await tagDigest(dev, repository, 'keep')).toBe(old.digest)
  })

  it('checks push access to every target before writing any', async () => {
    const repository = uniqueRepository('promote/access')
    const anonymous = { credentials: new Map(), retry: fastRetry }
    await expect(
      promoteImage({
        source: `${token.host}/prod/multi:v2`,
        targets: [`${token.host}/prod/multi:v2-copy`],
        floatingTargets: [`${dev}/${repository}:staging`],
        registry: anonymous
      })
    ).rejects.toThrow(/No push access to 127\.0\.0\.1:\d+\/prod\/multi .*Nothing was promoted/)
    // The dev registry would have accepted its write, but nothing was written there.
    expect(await tagDigest(dev, repository, 'staging')).toBeUndefined()
  })

  it('all or nothing: the second target fails, the first goes back to its previous digest, outputs name each result', async () => {
    const repository = `team/${uniqueRepository('atomic')}`
    const oldRepository = uniqueRepository('promote/old')
    const old = await rawPushImage(dev, oldRepository)
    await rawPutManifest(dev, oldRepository, 'old', old.manifest)
    await promoteImage({
      source: `${dev}/${oldRepository}:old`,
      targets: [],
      floatingTargets: [`${basic.host}/${repository}:staging`],
      registry: options
    })
    expect(await tagDigest(basic.host, repository, 'staging', basicAuth)).toBe(old.digest)

    basicProxy.reset()
    basicProxy.inject({
      method: 'PUT',
      path: new RegExp(`/v2/${repository}/manifests/qa$`),
      status: 503,
      times: 100
    })
    const staging = `${basicProxy.host}/${repository}:staging`
    const qa = `${basicProxy.host}/${repository}:qa`
    const run = await runAction('promote', {
      inputs: {
        source,
        'floating-targets': `${staging}\n${qa}`,
        'require-gate': 'false',
        'registry-auth': `${basicProxy.host}=${USER}:${PASSWORD}`
      }
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(
      /::error::Promoting sha256:[0-9a-f]{64} to .*:qa failed: .*HTTP 503.*Every target written before it was put back as it was\./
    )
    expect(await tagDigest(basic.host, repository, 'staging', basicAuth)).toBe(old.digest)
    expect(await tagDigest(basic.host, repository, 'qa', basicAuth)).toBeUndefined()
    expect(JSON.parse(run.outputs.results)).toEqual([
      { reference: staging, floating: true, action: 'restored', previousDigest: old.digest },
      { reference: qa, floating: true, action: 'failed', previousDigest: null }
    ])
    expect(run.outputs.promoted).toBe('')
    expect(JSON.parse(run.outputs.json)).toMatchObject({
      digest: sourceDigest,
      failure: expect.stringMatching(/qa failed/)
    })
    // Planning checked push access once for the repository, before the first write.
    const firstWrite = basicProxy.requests.findIndex(line => /^PUT .*\/manifests\//.test(line))
    const accessCheck = basicProxy.requests.findIndex(line =>
      line.startsWith(`POST /v2/${repository}/blobs/uploads/`)
    )
    expect(accessCheck).toBeGreaterThanOrEqual(0)
    expect(accessCheck).toBeLessThan(firstWrite)
  })

  it('a new tag that cannot be removed again is named in the error and the results', async () => {
    const repository = `team/${uniqueRepository('undeletable')}`
    basicProxy.reset()
    basicProxy.inject({
      method: 'PUT',
      path: new RegExp(`/v2/${repository}/manifests/staging$`),
      status: 503,
      times: 100
    })
    const unique = `${basicProxy.host}/${repository}:1.0.0`
    const failure = await promoteImage({
      source,
      targets: [unique],
      floatingTargets: [`${basicProxy.host}/${repository}:staging`],
      registry: options
    }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(PromotionError)
    const { message, result } = failure as PromotionError
    const removed = (await tagDigest(basic.host, repository, '1.0.0', basicAuth)) === undefined
    if (removed) {
      expect(result.targets[0].action).toBe('restored')
      expect(message).toMatch(/Every target written before it was put back/)
    } else {
      // distribution 2.8 cannot delete a tag: the error says so rather than claiming a rollback.
      expect(result.targets[0].action).toBe('created')
      expect(message).toMatch(
        /1\.0\.0 did not exist before and could not be removed .*still points at sha256:/
      )
    }
    expect(result.targets[1]).toMatchObject({ action: 'failed', floating: true })
  })

  it('the gate is checked on the digest that is promoted: a push racing the check is never promoted', async () => {
    const repository = uniqueRepository('promote/race')
    const scanned = await rawPushImage(dev, repository)
    await rawPutManifest(dev, repository, 'dev-1', scanned.manifest)
    const unscanned = await rawPushImage(dev, repository)
    const record: GateRecord = {
      subject: scanned.digest,
      passed: true,
      scanner: 'trivy',
      severityThreshold: 'high',
      failOn: 'all',
      counts: {},
      reasons: [],
      scannedAt: new Date().toISOString(),
      producer: {},
      selfReported: false
    }
    await attachGateRecord(
      openRepository({ registry: dev, repository }),
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: scanned.digest, size: scanned.size },
      record
    )
    // Right after the first request for the source tag, the tag is moved to the unscanned image.
    const proxy = await new RacingProxy(dev, new RegExp(`/v2/${repository}/manifests/dev-1$`), () =>
      rawPutManifest(dev, repository, 'dev-1', unscanned.manifest)
    ).start()
    try {
      const run = await runAction('promote', {
        inputs: {
          source: `${proxy.host}/${repository}:dev-1`,
          'floating-targets': `${proxy.host}/${repository}:staging`
        }
      })
      expect(proxy.raced).toBe(true)
      expect(await tagDigest(dev, repository, 'dev-1')).toBe(unscanned.digest)
      const staging = await tagDigest(dev, repository, 'staging')
      expect(staging).not.toBe(unscanned.digest)
      if (run.exitCode === 0) {
        expect(staging).toBe(scanned.digest)
        expect(run.outputs.digest).toBe(scanned.digest)
      } else expect(staging).toBeUndefined()
    } finally {
      await proxy.stop()
    }
  })

  it('require-gate is on by default: an image without a passed record is refused', async () => {
    const repository = uniqueRepository('promote/ungated')
    const image = await rawPushImage(dev, repository)
    await rawPutManifest(dev, repository, 'dev-1', image.manifest)
    const run = await runAction('promote', {
      inputs: { source: `${dev}/${repository}:dev-1`, 'floating-targets': `${dev}/${repository}:staging` }
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(/::error::.*has no vulnerability gate record, so it is not promoted/)
    expect(await tagDigest(dev, repository, 'staging')).toBeUndefined()
  })
})
