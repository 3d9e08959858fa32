import { run as runAction } from '../../lib/run.js'
import { main } from './main.js'

// Starts on load, as the runner runs the bundle; `run` is exported for @github/local-action.
const running = runAction(main)
export const run = (): Promise<void> => running
