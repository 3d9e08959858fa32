#!/usr/bin/env tsx
/**
 * `npm run demo`: the whole pipeline on examples/app against a real engine and registry, on this machine.
 *
 * Brings up the bench (private dockerd + registry on 127.0.0.1), runs `docker-actions pipeline` — the
 * root action.yml, step by step: tags -> cached builder + production build -> scan gate with a bundled
 * sample report -> publish by digest -> promote to `staging` — then checks the result with an
 * independent client (skopeo) and tears everything down.
 */
import { execFileSync, spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { startBench } from './testbench/bench.js'

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise(done => {
    const child = spawn(process.execPath, [resolve('bin/docker-actions.js'), ...args], {
      stdio: 'inherit',
      env
    })
    child.on('exit', code => done(code ?? 1))
  })
}

async function main(): Promise<number> {
  const started = Date.now()
  const bench = await startBench()
  try {
    const env = { ...process.env, ...bench.env }
    const image = `${bench.env.TESTBENCH_REGISTRY}/demo/app`
    const code = await runCli(
      [
        'pipeline',
        '--images',
        image,
        '--context',
        'examples/app',
        '--network',
        'host',
        '--build-args',
        `BASE_IMAGE=${bench.env.TESTBENCH_BASE_IMAGE}`,
        '--scanner',
        'report',
        '--report-file',
        'examples/app/scan-report.json',
        '--severity-threshold',
        'critical',
        '--dockerflow',
        'true',
        '--promote-to',
        'staging'
      ],
      env
    )
    if (code !== 0) return code

    console.log('\n━━ Independent check (skopeo) ━━')
    const tags = execFileSync('skopeo', ['list-tags', '--tls-verify=false', `docker://${image}`], {
      encoding: 'utf8'
    })
    console.log(`tags in ${image}: ${(JSON.parse(tags) as { Tags: string[] }).Tags.sort().join(', ')}`)
    const digestOf = (tag: string): string =>
      execFileSync(
        'skopeo',
        ['inspect', '--tls-verify=false', '--format', '{{.Digest}}', `docker://${image}:${tag}`],
        {
          encoding: 'utf8'
        }
      ).trim()
    const staging = digestOf('staging')
    // Every published tag (not the builder cache, not the gate-record index) is the staging digest.
    const published = (JSON.parse(tags) as { Tags: string[] }).Tags.filter(
      tag => !tag.startsWith('builder-') && !tag.startsWith('sha256-')
    )
    for (const tag of published.sort()) {
      const digest = digestOf(tag)
      console.log(`${tag.padEnd(48)} ${digest}`)
      if (digest !== staging) {
        console.log(`✖ ${tag} does not point at the promoted digest ${staging}`)
        return 1
      }
    }
    console.log(
      `\n✔ demo finished in ${((Date.now() - started) / 1000).toFixed(1)}s: built, gated, published and promoted by digest`
    )
    return 0
  } finally {
    await bench.stop()
    console.log('[demo] engine and registry stopped')
  }
}

main().then(
  code => process.exit(code),
  error => {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
)
