#!/usr/bin/env tsx
/**
 * The real test bench: a private Docker engine and a CNCF registry on loopback, plus busybox base images
 * (linux/amd64, and an index with linux/arm64, which runs here under QEMU).
 *
 *   tsx scripts/testbench.ts run -- <command…>   start, run the command with the bench's environment, tear down
 *   tsx scripts/testbench.ts up                  start and stay up (prints `export` lines; Ctrl-C tears down)
 *
 * `npm test` uses `run`, so one command works on a fresh machine and leaves nothing running.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBench } from './testbench/bench.js'

async function main(argv: string[]): Promise<number> {
  const [mode, ...rest] = argv
  if (mode !== 'run' && mode !== 'up') {
    console.error('usage: testbench.ts run -- <command…> | testbench.ts up')
    return 2
  }
  const bench = await startBench()
  let stopping: Promise<void> | undefined
  const teardown = (): Promise<void> =>
    (stopping ??= bench.stop().then(() => console.log('[testbench] stopped')))

  if (mode === 'up') {
    for (const [key, value] of Object.entries(bench.env)) console.log(`export ${key}=${value}`)
    await new Promise<void>(resolve => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await teardown()
    return 0
  }

  const command = rest[0] === '--' ? rest.slice(1) : rest
  if (command.length === 0) {
    await teardown()
    console.error('testbench.ts run: no command given')
    return 2
  }
  // The command's temp files go to a directory of its own, removed afterwards: the suites make
  // thousands of scratch directories, and a run should leave nothing behind in /tmp.
  const scratch = mkdtempSync(join(tmpdir(), 'da-tmp-'))
  const child = spawn(command[0], command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ...bench.env, TMPDIR: scratch }
  })
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal)
  }
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  const code = await new Promise<number>(resolve => {
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)))
    child.on('error', error => {
      console.error(`[testbench] could not run ${command[0]}: ${error.message}`)
      resolve(127)
    })
  })
  await teardown()
  rmSync(scratch, { recursive: true, force: true, maxRetries: 3 })
  return code
}

main(process.argv.slice(2)).then(
  code => process.exit(code),
  error => {
    console.error(`[testbench] ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
)
