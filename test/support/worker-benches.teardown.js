// The integration project's globalTeardown: stops the benches worker-benches.setup.js started.
import { stopWorkerBenches } from './worker-benches.js'

export default function teardown() {
  return stopWorkerBenches()
}
