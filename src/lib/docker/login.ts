import { UserError } from '../errors.js'
import { runCommand, tail } from '../exec.js'

export interface RegistryLogin {
  registry: string
  username: string
  password: string
}

/**
 * `docker login --password-stdin`: the password never appears in arguments or logs (the caller
 * masks it when it reads it).
 */
export async function dockerLogin(
  docker: string,
  login: RegistryLogin,
  log: (message: string) => void
): Promise<void> {
  const host = login.registry === 'docker.io' ? '' : login.registry
  const result = await runCommand(
    docker,
    ['login', ...(host ? [host] : []), '--username', login.username, '--password-stdin'],
    {
      input: Buffer.from(login.password),
      silent: true
    }
  )
  if (result.exitCode !== 0) {
    throw new UserError(
      `Login to ${login.registry} as ${login.username} failed: ${tail(result.stderr || result.stdout, 3)}`
    )
  }
  log(`logged in to ${login.registry} as ${login.username}`)
}

export async function dockerLogout(
  docker: string,
  registry: string,
  log: { info: (message: string) => void; warning: (message: string) => void }
): Promise<void> {
  const result = await runCommand(docker, ['logout', ...(registry === 'docker.io' ? [] : [registry])], {
    silent: true
  })
  if (result.exitCode === 0) log.info(`logged out of ${registry}`)
  else log.warning(`logout from ${registry} failed: ${tail(result.stderr, 2)}`)
}
