/**
 * How verify-image reaches the engine: its API socket only when the docker CLI would use that same
 * socket; the log stream split as the engine frames it; the same confinement asked of the API as
 * of `docker run`; the polling waits.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { demultiplexLogs, engineSocket } from '../../../src/lib/docker/engine-api.js'
import { backoff } from '../../../src/lib/dockerflow/probe.js'
import { DEFAULT_SANDBOX, sandboxArgs, sandboxHostConfig } from '../../../src/lib/dockerflow/sandbox.js'

describe('engineSocket: the API only where the CLI would talk to the same socket', () => {
  let dir: string
  let socket: string
  let server: Server
  let config: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-socket-'))
    socket = join(dir, 'docker.sock')
    server = createServer()
    await new Promise<void>(resolve => server.listen(socket, resolve))
    config = join(dir, 'config')
    rmSync(config, { force: true, recursive: true })
  })

  afterAll(async () => {
    await new Promise<void>(resolve => server.close(() => resolve()))
    rmSync(dir, { recursive: true, force: true })
  })

  const withConfig = (content: string | undefined): string => {
    const path = mkdtempSync(join(dir, 'docker-config-'))
    if (content !== undefined) writeFileSync(join(path, 'config.json'), content)
    return path
  }

  it('DOCKER_HOST=unix://<socket>: that socket', () => {
    expect(engineSocket({ DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: withConfig(undefined) })).toBe(
      socket
    )
  })

  it.each([
    ['tcp host', { DOCKER_HOST: 'tcp://127.0.0.1:2376' }],
    ['ssh host', { DOCKER_HOST: 'ssh://me@build-box' }],
    ['a context by environment', { DOCKER_CONTEXT: 'remote' }],
    ['a socket that does not exist', { DOCKER_HOST: 'unix:///nonexistent/docker.sock' }]
  ])('%s: the CLI', (_, env) => {
    expect(engineSocket({ DOCKER_HOST: `unix://${socket}`, ...env })).toBeUndefined()
  })

  it('a regular file where the socket should be: the CLI', () => {
    const file = join(dir, 'not-a-socket')
    writeFileSync(file, '')
    expect(engineSocket({ DOCKER_HOST: `unix://${file}` })).toBeUndefined()
  })

  it('DOCKER_CONTEXT=default and an explicit unix DOCKER_HOST: the socket', () => {
    expect(engineSocket({ DOCKER_HOST: `unix://${socket}`, DOCKER_CONTEXT: 'default' })).toBe(socket)
  })

  it('no DOCKER_HOST: the CLI when its config selects a context, or when the config is unreadable', () => {
    // The default socket may or may not exist on this machine: only the refusals are asserted.
    expect(engineSocket({ DOCKER_CONFIG: withConfig('{"currentContext":"colima"}') })).toBeUndefined()
    expect(engineSocket({ DOCKER_CONFIG: withConfig('{not json') })).toBeUndefined()
  })
})

describe('demultiplexLogs: the engine frames a container log (no TTY) per stream', () => {
  const frame = (stream: number, text: string): Buffer => {
    const payload = Buffer.from(text)
    const header = Buffer.alloc(8)
    header[0] = stream
    header.writeUInt32BE(payload.length, 4)
    return Buffer.concat([header, payload])
  }

  it('splits stdout and stderr, keeping each in order', () => {
    const data = Buffer.concat([frame(1, 'one\n'), frame(2, 'warn\n'), frame(1, 'two\n'), frame(2, 'é\n')])
    expect(demultiplexLogs(data)).toEqual({ stdout: 'one\ntwo\n', stderr: 'warn\né\n' })
  })

  it('caps each stream, and stops at a frame cut short', () => {
    const data = Buffer.concat([frame(1, 'abcdef'), frame(2, 'xyz'), frame(1, 'ghi')])
    expect(demultiplexLogs(data, 4)).toEqual({ stdout: 'abcd', stderr: 'xyz' })
    expect(demultiplexLogs(data.subarray(0, data.length - 2))).toEqual({ stdout: 'abcdefg', stderr: 'xyz' })
    expect(demultiplexLogs(Buffer.alloc(0))).toEqual({ stdout: '', stderr: '' })
  })
})

describe('sandboxHostConfig: what sandboxArgs asks of docker run, in the API’s words', () => {
  it.each([
    [DEFAULT_SANDBOX, 512 * 1024 ** 2, 1e9],
    [{ memory: '2g', cpus: '0.5', pidsLimit: 64, readOnly: false }, 2 * 1024 ** 3, 5e8],
    [{ memory: '7340032', cpus: '1.25', pidsLimit: 1, readOnly: true }, 7340032, 1.25e9]
  ])('%j', (sandbox, memory, nanoCpus) => {
    const config = sandboxHostConfig(sandbox)
    expect(config).toEqual({
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Memory: memory,
      MemorySwap: memory,
      NanoCpus: nanoCpus,
      PidsLimit: sandbox.pidsLimit,
      ...(sandbox.readOnly ? { ReadonlyRootfs: true, Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=64m' } } : {})
    })
    // The same flags, flag by flag, as the CLI path passes them.
    const args = sandboxArgs(sandbox, 'app', 'label=x')
    expect(args).toEqual(expect.arrayContaining(['--cap-drop', 'ALL', '--security-opt', 'no-new-privileges']))
    expect(args.includes('--read-only')).toBe(sandbox.readOnly)
    if (sandbox.readOnly) expect(args).toContain('/tmp:rw,nosuid,nodev,size=64m')
  })

  it('refuses a limit docker would misread, as sandboxArgs does', () => {
    expect(() => sandboxHostConfig({ ...DEFAULT_SANDBOX, memory: '0' })).toThrow(/at least 6m/)
    expect(() => sandboxHostConfig({ ...DEFAULT_SANDBOX, cpus: '0' })).toThrow(/positive number/)
  })
})

describe('backoff: polls soon, then less often', () => {
  it('doubles from the first wait up to the most', () => {
    const waits = backoff(10, 250)
    expect(Array.from({ length: 8 }, () => waits.next().value)).toEqual([10, 20, 40, 80, 160, 250, 250, 250])
  })

  it('grows by a gentler factor when given one, in whole milliseconds', () => {
    const waits = backoff(10, 40, 1.25)
    expect(Array.from({ length: 9 }, () => waits.next().value)).toEqual([10, 13, 16, 20, 24, 31, 38, 40, 40])
  })
})
