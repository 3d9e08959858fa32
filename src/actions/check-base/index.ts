import { runAction } from '../../lib/run.js'
import { getInputs } from './context.js'

// Starts on load, as the runner runs the bundle; `run` is exported for @github/local-action.
const running = runAction({ getInputs, pipeline: () => import('./main.js') })
export const run = (): Promise<void> => running
