import * as core from '@actions/core'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { UserError, errorMessage } from './errors.js'
import { inputVariable } from './inputs.js'

/** State key that tells the post step apart from the main step (the runner keeps state between them). */
export const STATE_IS_POST = 'isPost'

/**
 * Runs an action's main step, or its post step when the runner calls the bundle a second time.
 * Every failure becomes `core.setFailed`, so the step fails with a readable message and a non-zero exit.
 */
export async function run(main: () => Promise<void>, post?: () => Promise<void>): Promise<void> {
  applyInputDefaults()
  const isPost = core.getState(STATE_IS_POST) === 'true'
  try {
    if (isPost) {
      if (post) await post()
      return
    }
    if (post) core.saveState(STATE_IS_POST, 'true')
    await main()
  } catch (error) {
    // A UserError says what to change; anything else is our bug, and its stack (source-mapped to
    // src/*.ts) is what a bug report needs: shown with step debug logging.
    if (!(error instanceof UserError) && error instanceof Error && error.stack)
      core.debug((await import('./stack-trace.js')).sourceMappedStack(error.stack))
    core.setFailed(errorMessage(error))
  }
}

/** What an action's entrypoint names: how to read its inputs, and how to load its pipeline. */
export interface Action<Inputs> {
  getInputs: () => Inputs
  /** A dynamic `import('./main.js')`: the bundler puts the pipeline in a chunk of its own. */
  pipeline: () => Promise<{ main: (inputs: Inputs) => Promise<void>; post?: () => Promise<void> }>
  /** The action has a post step (action.yml `runs.post`). */
  post?: boolean
}

/**
 * Runs an action whose pipeline is loaded only after its inputs are read: a run that fails on an
 * input, the commonest failure, costs node's start-up and little more (issue 17).
 */
export function runAction<Inputs>(action: Action<Inputs>): Promise<void> {
  const main = async (): Promise<void> => {
    const inputs = action.getInputs()
    await (await action.pipeline()).main(inputs)
  }
  const post = async (): Promise<void> => (await action.pipeline()).post?.()
  // When nothing is left to do, process.exit skips node's teardown, which frees the heap page by page:
  // on a small VM that costs more than a promotion's last steps (issue 17). Everything is written by then.
  if (startedByNode()) process.once('beforeExit', () => process.exit())
  return run(main, action.post ? post : undefined)
}

/** Set by a bundle's prologue (scripts/bundle.ts): node started that bundle itself. */
declare const __startedByNode: boolean | undefined

/** Node started the bundle (the runner does), not a test or @github/local-action importing it. */
function startedByNode(): boolean {
  return typeof __startedByNode !== 'undefined' && __startedByNode
}

/**
 * Gives every input the action is not given its action.yml default, as GitHub does for `uses:`: the
 * build writes them next to the bundle (dist/<name>/inputs.json), so a composite run step that starts
 * the bundle with only some INPUT_* variables sees the same defaults. An input set to '' stays ''.
 */
function applyInputDefaults(): void {
  let defaults: Record<string, string>
  try {
    defaults = JSON.parse(
      readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'inputs.json'), 'utf8')
    ) as Record<string, string>
  } catch {
    return // not a bundle (sources under test): inputs are as given
  }
  for (const [name, value] of Object.entries(defaults)) {
    const variable = inputVariable(name)
    if (process.env[variable] === undefined) process.env[variable] = value
  }
}
