/**
 * One promotion of the bench's image (one 30 MiB layer) by the bundle, through a proxy in front of
 * the target registry: the requests it made, in order (within one registry the source's too), and
 * its wall time. `--gate` attaches a passing gate record and promotes with require-gate on;
 * `--prof DIR` writes a CPU profile (node --cpu-prof). A tool for looking, not a bench.
 *   npx tsx scripts/testbench.ts run -- npx tsx bench/promote/probe.ts same|repository|registry
 *     [--targets N] [--gate] [--prof DIR] [--bundle B] [--runs N] [--verbose]
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startRegistry } from '../../scripts/testbench/registry.js'
import { RegistryProxy, rawPushImage, rawPutManifest } from '../../test/support/registries.js'
import { flagValue } from '../stats.js'

const args = process.argv.slice(2)
const mode = args[0] ?? 'same'
if (!['same', 'repository', 'registry'].includes(mode)) throw new Error(`unknown case ${mode}`)
const count = Number(flagValue('--targets', args) ?? 1)
const prof = flagValue('--prof', args)
const bundle = resolve(flagValue('--bundle', args) ?? 'dist/promote/index.js')
const runs = Number(flagValue('--runs', args) ?? 1)
const dev = process.env.TESTBENCH_REGISTRY
if (!dev) throw new Error('run inside the bench')
const scratch = mkdtempSync(join(tmpdir(), 'probe-promote-'))
const repository = `probe/promote-${Date.now().toString(36)}`
const image = await rawPushImage(dev, repository, { size: 30 * 1024 * 1024, layers: 1 })
await rawPutManifest(dev, repository, 'v1', image.manifest)
if (args.includes('--gate')) {
  const { attachGateRecord } = await import('../../src/lib/gate/record.js')
  const { openRepository } = await import('../../src/lib/registry/client.js')
  const subject = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: image.digest,
    size: image.size
  }
  await attachGateRecord(openRepository({ registry: dev, repository }), subject, {
    subject: image.digest,
    passed: true,
    scanner: 'trivy',
    severityThreshold: 'high',
    reasons: [],
    scannedAt: new Date().toISOString(),
    selfReported: false
  })
}
try {
  for (let run = 0; run < runs; run++) {
    const registry =
      mode === 'registry' ? await startRegistry({ dir: mkdtempSync(join(scratch, 'r-')) }) : undefined
    const proxy = await new RegistryProxy(registry?.host ?? dev).start()
    // Across registries the source registry gets a proxy of its own.
    const sourceProxy = registry ? await new RegistryProxy(dev).start() : proxy
    const source = `${sourceProxy.host}/${repository}:v1`
    const target = Array.from({ length: count }, (_, n) =>
      mode === 'same'
        ? `${proxy.host}/${repository}:t${run}-${n}`
        : `${proxy.host}/${repository}-${run}-${n}:v1`
    ).join('\n')
    const argv = [
      ...(prof ? ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', prof] : []),
      bundle
    ]
    const started = performance.now()
    const output = await new Promise<string>((done, fail) => {
      const child = spawn('node', argv, {
        env: {
          ...process.env,
          INPUT_SOURCE: source,
          INPUT_TARGETS: target,
          'INPUT_REQUIRE-GATE': args.includes('--gate') ? 'true' : 'false',
          GITHUB_OUTPUT: '/dev/null',
          GITHUB_STEP_SUMMARY: '/dev/null'
        },
        stdio: ['ignore', 'pipe', 'pipe']
      })
      let text = ''
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()))
      child.on('exit', code => (code === 0 ? done(text) : fail(new Error(text))))
    })
    const ms = performance.now() - started
    if (run === 0 || args.includes('--verbose')) {
      console.log(output.trim())
      for (const request of proxy.requests) console.log(`  ${request.replace(/\?.*$/, '?…')}`)
      if (sourceProxy !== proxy) {
        console.log('  (source registry)')
        for (const request of sourceProxy.requests) console.log(`  ${request.replace(/\?.*$/, '?…')}`)
      }
    }
    const sourceCount =
      sourceProxy === proxy ? '' : ` + ${sourceProxy.requests.length} to the source registry`
    console.log(
      `${mode}: ${proxy.requests.length} requests via the proxy${sourceCount}, ${ms.toFixed(0)} ms, ${proxy.uploadedBytes} B uploaded`
    )
    if (sourceProxy !== proxy) await sourceProxy.stop()
    await proxy.stop()
    await registry?.stop()
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
