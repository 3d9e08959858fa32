import { run } from '../../lib/run.js'
import { main } from './main.js'

await run(main)
