import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, startService, stopProcess, waitFor } from './processes.js'

export interface RegistryOptions {
  /** Directory for the registry's storage, config and log. */
  dir: string
  /** htpasswd file: Basic auth on every request. */
  htpasswd?: string
  /** Bearer token auth: the registry sends clients to `realm`, and trusts tokens signed by `rootCertBundle`. */
  token?: { realm: string; service: string; issuer: string; rootCertBundle: string }
  port?: number
}

export interface RunningRegistry {
  /** `127.0.0.1:<port>` — a loopback address, so Docker speaks plain HTTP to it. */
  host: string
  url: string
  pid: number
  stop(): Promise<void>
}

function registryConfig(options: RegistryOptions, port: number): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(options.dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  headers:',
    '    X-Content-Type-Options: [nosniff]'
  ]
  if (options.htpasswd) {
    lines.push('auth:', '  htpasswd:', '    realm: testbench', `    path: ${options.htpasswd}`)
  } else if (options.token) {
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${options.token.realm}`,
      `    service: ${options.token.service}`,
      `    issuer: ${options.token.issuer}`,
      `    rootcertbundle: ${options.token.rootCertBundle}`
    )
  }
  return lines.join('\n') + '\n'
}

/** Starts a real CNCF distribution registry (Debian's docker-registry) on a loopback port. */
export async function startRegistry(options: RegistryOptions): Promise<RunningRegistry> {
  mkdirSync(join(options.dir, 'data'), { recursive: true })
  const port = options.port ?? (await freePort())
  const config = join(options.dir, 'config.yml')
  writeFileSync(config, registryConfig(options, port))
  const child = startService('docker-registry', ['serve', config], join(options.dir, 'registry.log'))
  const host = `127.0.0.1:${port}`
  const url = `http://${host}`
  await waitFor(`the registry on ${host}`, async () => {
    if (child.exitCode !== null)
      throw new Error(`docker-registry exited with ${child.exitCode}; see ${options.dir}/registry.log`)
    const response = await fetch(`${url}/v2/`)
    return response.status === 200 || response.status === 401
  })
  return { host, url, pid: child.pid as number, stop: () => stopProcess(child.pid) }
}
