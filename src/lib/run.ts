import * as core from '@actions/core'
import { errorMessage } from './errors.js'

/** State key that tells the post step apart from the main step (the runner keeps state between them). */
export const STATE_IS_POST = 'isPost'

/**
 * Runs an action's main step, or its post step when the runner calls the bundle a second time.
 * Every failure becomes `core.setFailed`, so the step fails with a readable message and a non-zero exit.
 */
export async function run(main: () => Promise<void>, post?: () => Promise<void>): Promise<void> {
  const isPost = core.getState(STATE_IS_POST) === 'true'
  try {
    if (isPost) {
      if (post) await post()
      return
    }
    if (post) core.saveState(STATE_IS_POST, 'true')
    await main()
  } catch (error) {
    core.setFailed(errorMessage(error))
  }
}
