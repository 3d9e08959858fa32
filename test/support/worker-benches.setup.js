// The integration project's globalSetup: an extra test bench for each jest worker past the first
// (see worker-benches.js); none in band.
import { startWorkerBenches } from './worker-benches.js'

export default function setup(globalConfig) {
  startWorkerBenches(Math.min(globalConfig.maxWorkers, 4) - 1)
}
