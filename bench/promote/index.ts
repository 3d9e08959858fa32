/**
 * promote vs `skopeo copy`, same image (3 random layers, 60 MiB), three cases: same repository,
 * another repository on the same registry, another registry. Wall time and blob bytes uploaded to the
 * target registry (counted by a proxy in front of it); median of N runs, fresh target repositories each.
 *   npx tsx scripts/testbench.ts run -- npx tsx bench/promote/index.ts [runs]
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startRegistry } from '../../scripts/testbench/registry.js'
import { promoteImage } from '../../src/lib/registry/promote.js'
import { RegistryProxy, rawPushImage, rawPutManifest } from '../../test/support/registries.js'
import { formatBytes, formatMs, median, printTable } from '../stats.js'

const skopeo = (args: string[]) => promisify(execFile)('skopeo', args, { encoding: 'utf8' })
const runs = Number(process.argv[2] ?? 3)
// `--direct`: no counting proxies in between (bytes are not measured then). The proxies run in this
// process, which is also where our promotion runs, so this shows what they cost each tool.
const direct = process.argv.includes('--direct')
const via = (proxy: RegistryProxy, host: string): string => (direct ? host : proxy.host)
const dev = process.env.TESTBENCH_REGISTRY
if (!dev)
  throw new Error('run inside the bench: npx tsx scripts/testbench.ts run -- npx tsx bench/promote/index.ts')

const devProxy = await new RegistryProxy(dev).start()
try {
  const repository = `bench/promote-${Date.now().toString(36)}`
  const image = await rawPushImage(dev, repository, { size: 20 * 1024 * 1024, layers: 3 })
  await rawPutManifest(dev, repository, 'v1', image.manifest)
  const source = `${via(devProxy, dev)}/${repository}:v1`
  console.log(`image ${dev}/${repository}:v1 (${image.digest}), 3 layers of 20 MiB\n`)

  type Case = 'same repository' | 'cross repository' | 'cross registry'
  interface Target {
    proxy: RegistryProxy
    ref: string
    release: () => Promise<void>
  }
  const target = async (kind: Case, tool: string, run: number): Promise<Target> => {
    const suffix = `${tool}-${run}`
    const keep = async (): Promise<void> => {}
    if (kind === 'same repository')
      return { proxy: devProxy, ref: `${via(devProxy, dev)}/${repository}:${suffix}`, release: keep }
    if (kind === 'cross repository')
      return { proxy: devProxy, ref: `${via(devProxy, dev)}/${repository}-${suffix}:v1`, release: keep }
    // An empty registry per tool and run: skopeo's blob-info cache would otherwise mount the layers the
    // other tool uploaded earlier, and neither would really cross registries.
    const registry = await startRegistry({ dir: mkdtempSync(join(tmpdir(), 'bench-promote-reg-')) })
    const proxy = await new RegistryProxy(registry.host).start()
    const release = async (): Promise<void> => {
      await proxy.stop()
      await registry.stop()
    }
    return { proxy, ref: `${via(proxy, registry.host)}/${repository}:v1`, release }
  }
  const tools = {
    'docker-actions promote': async (ref: string) => {
      await promoteImage({ source, targets: [ref], registry: { credentials: new Map() } })
    },
    'skopeo copy': async (ref: string) => {
      // Async on purpose: the byte-counting proxies live in this process and must keep serving.
      await skopeo([
        'copy',
        '--quiet',
        '--preserve-digests',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        `docker://${source}`,
        `docker://${ref}`
      ])
    }
  }
  const rows: string[][] = []
  for (const kind of ['same repository', 'cross repository', 'cross registry'] as Case[]) {
    const measured: Record<string, { ms: number[]; bytes: number[] }> = {}
    for (let run = 0; run < runs; run++) {
      // Alternate who goes first, so neither profits from the other's warm caches.
      const order = Object.entries(tools)
      if (run % 2 === 1) order.reverse()
      for (const [tool, promote] of order) {
        const { proxy, ref, release } = await target(kind, tool.split(' ')[0], run)
        proxy.reset()
        const started = performance.now()
        await promote(ref)
        const ms = performance.now() - started
        const { stdout } = await skopeo([
          'inspect',
          '--tls-verify=false',
          '--format',
          '{{.Digest}}',
          `docker://${ref}`
        ])
        const digest = stdout.trim()
        if (digest !== image.digest) throw new Error(`${tool} wrote ${digest}, not ${image.digest}`)
        measured[tool] ??= { ms: [], bytes: [] }
        measured[tool].ms.push(ms)
        measured[tool].bytes.push(proxy.uploadedBytes)
        await release()
      }
    }
    const ours = median(measured['docker-actions promote'].ms)
    const theirs = median(measured['skopeo copy'].ms)
    for (const [tool, values] of Object.entries(measured)) {
      rows.push([
        kind,
        tool,
        formatMs(median(values.ms)),
        formatBytes(median(values.bytes)),
        tool === 'skopeo copy' ? '' : `${(ours / theirs).toFixed(2)}`
      ])
    }
  }
  console.log(`median of ${runs} runs; bytes = blob bytes uploaded to the target registry\n`)
  printTable(['case', 'tool', 'wall time', 'uploaded', 'time ratio (ours / skopeo)'], rows)
} finally {
  await devProxy.stop()
}
