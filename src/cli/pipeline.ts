import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { UserError } from '../lib/errors.js'
import { parseList } from '../lib/inputs.js'
import { lowercaseImageName, parseImageName, withTag } from '../lib/image/reference.js'
import { type ActionRun, runAction } from './action-runner.js'
import { type CompositeResult, runComposite } from './composite/runner.js'

/** The repository root (holding the composite action.yml and dist/), from src/cli or dist/cli. */
export function suiteRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'action.yml')) && existsSync(join(dir, 'dist'))) return dir
    dir = resolve(dir, '..')
  }
  throw new Error('Cannot find the docker-actions root (action.yml + dist/) next to the local runner.')
}

/** How the CLI shows a run: every line of the steps, the runner's own messages, a header per action. */
export interface RunDisplay {
  onLine: (line: string) => void
  onRunnerMessage: (message: string, level: 'warning' | 'error') => void
}

export const terminal: RunDisplay = {
  onLine: line => process.stdout.write(`${line}\n`),
  onRunnerMessage: (message, level) => console.log(`${level === 'error' ? '✖' : '⚠'} ${message}`)
}

/** Runs one action of this repository (actions/<name>/action.yml, its bundle in dist/) in this environment. */
export async function runNamedAction(
  name: string,
  inputs: Record<string, string>,
  display: RunDisplay = terminal
): Promise<ActionRun> {
  console.log(`\n━━ ${name} ━━`)
  return runAction(join(suiteRoot(), 'actions', name), { inputs, ...display })
}

export interface PipelineReport {
  result: CompositeResult
  /** References written by `--promote-to`, if asked. */
  promoted: string[]
}

/** The references `--promote-to <tag>` writes: that tag on every image. */
export function promotionTargets(images: string, tag: string): string[] {
  return parseList(images).map(image => withTag(parseImageName(lowercaseImageName(image)), tag))
}

/**
 * `docker-actions pipeline`: runs the root composite action.yml step by step (the same file GitHub
 * runs), then optionally promotes the published digest to another tag (e.g. `--promote-to staging`).
 */
export async function runPipeline(inputs: Record<string, string>): Promise<PipelineReport> {
  const { 'promote-to': promoteTo, ...actionInputs } = inputs
  const root = suiteRoot()
  const result = await runComposite({
    actionPath: root,
    inputs: actionInputs,
    onLine: terminal.onLine,
    onRunnerMessage: terminal.onRunnerMessage,
    onStep: ({ name, skipped }) => console.log(skipped ? `\n━━ ${name}: skipped ━━` : `\n━━ ${name} ━━`)
  })
  const report: PipelineReport = { result, promoted: [] }
  if (!result.ok || !promoteTo) return report
  if (!result.outputs.image) throw new UserError('--promote-to needs a pushed image, but nothing was pushed.')

  // An environment tag is floating: it moves with every promotion. The gate record is checked as a
  // later promotion would; a `scanner: report` verdict is this command's own, so it is accepted here.
  const promotion = await runNamedAction('promote', {
    source: result.outputs.image,
    'expected-digest': result.outputs.digest,
    'floating-targets': promotionTargets(actionInputs.images ?? '', promoteTo).join('\n'),
    'allow-self-reported': String(actionInputs.scanner === 'report')
  })
  if (!promotion.ok) {
    result.ok = false
    return report
  }
  report.promoted = parseList(promotion.outputs.promoted ?? '')
  return report
}
