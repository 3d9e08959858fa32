// The integration project's test environment: node, on this worker's own test bench (worker-benches.js).
import { TestEnvironment } from 'jest-environment-node'
import { workerBenchEnv } from './worker-benches.js'

export default class BenchEnvironment extends TestEnvironment {
  async setup() {
    await super.setup()
    const env = await workerBenchEnv()
    if (!env) return
    // Both: the suite's process.env (a copy) and the worker's own, which child processes started
    // without an explicit environment inherit.
    Object.assign(process.env, env)
    Object.assign(this.global.process.env, env)
  }
}
