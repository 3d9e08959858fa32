import { engineSocket } from '../../src/lib/docker/engine-api.js'
import { type VerifyEngine, apiEngine, cliEngine } from '../../src/lib/dockerflow/engine.js'
import { testBench } from './bench.js'

/** verify-image's two ways to the bench's engine: its API socket, and the docker CLI. */
export function verifyEngines(): Array<[string, VerifyEngine]> {
  const socket = engineSocket()
  if (!socket) throw new Error('the bench engine should listen on a unix socket (DOCKER_HOST=unix://…)')
  return [
    ['API', apiEngine(socket, testBench().dockerClient)],
    ['CLI', cliEngine(testBench().dockerClient)]
  ]
}
