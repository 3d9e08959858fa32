import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseFileCommands } from '../lib/file-commands.js'
import { summaryToText } from './summary-text.js'

export interface StepResult {
  ok: boolean
  outputs: Record<string, string>
  summary: string
  seconds: number
}

export interface ActionModule {
  main: () => Promise<void>
  post?: () => Promise<void>
}

const workdir = mkdtempSync(join(tmpdir(), 'docker-actions-'))
const files = {
  output: join(workdir, 'output'),
  summary: join(workdir, 'summary'),
  state: join(workdir, 'state')
}

/**
 * Runs one action's main() in this process, exactly as the runner would: inputs as INPUT_*,
 * outputs, summary and state through the runner's files. The post step (e.g. logout) runs after.
 */
export async function runStep(
  name: string,
  load: () => Promise<ActionModule>,
  inputs: Record<string, string>
): Promise<StepResult> {
  for (const key of Object.keys(process.env))
    if (key.startsWith('INPUT_') || key.startsWith('STATE_')) delete process.env[key]
  for (const [key, value] of Object.entries(inputs))
    process.env[`INPUT_${key.replace(/ /g, '_').toUpperCase()}`] = value
  for (const file of Object.values(files)) writeFileSync(file, '')
  process.env.GITHUB_OUTPUT = files.output
  process.env.GITHUB_STEP_SUMMARY = files.summary
  process.env.GITHUB_STATE = files.state
  process.exitCode = 0

  const started = Date.now()
  console.log(`\n━━ ${name} ━━`)
  const module = await load()
  let ok = true
  try {
    await module.main()
    ok = process.exitCode === 0 || process.exitCode === undefined
  } catch (error) {
    ok = false
    console.log(`✖ ${error instanceof Error ? error.message : String(error)}`)
  }
  if (module.post) {
    for (const [key, value] of Object.entries(parseFileCommands(readFileSync(files.state, 'utf8')))) {
      process.env[`STATE_${key}`] = value
    }
    await module
      .post()
      .catch(error => console.log(`⚠ post step: ${error instanceof Error ? error.message : String(error)}`))
  }
  process.exitCode = 0
  const summary = summaryToText(readFileSync(files.summary, 'utf8'))
  return {
    ok,
    outputs: parseFileCommands(readFileSync(files.output, 'utf8')),
    summary,
    seconds: (Date.now() - started) / 1000
  }
}
