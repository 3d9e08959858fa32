import { run as runAction } from '../../lib/run.js'
import { main, post } from './main.js'

// Starts on load, as the runner runs the bundle; `run` is exported for @github/local-action.
const running = runAction(main, post)
export const run = (): Promise<void> => running
