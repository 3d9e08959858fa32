import { describe, expect, it } from '@jest/globals'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { detectDockerBuilder } from '../../../src/lib/docker/frontend.js'

/**
 * A stand-in docker client (this machine has no buildx): answers `version` and the buildx commands as
 * the real CLI does in each case, and records each command line it was run with.
 */
function standInDocker(buildx: 'none' | 'container' | 'broken'): { docker: string; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'frontend-'))
  const log = join(dir, 'calls')
  writeFileSync(log, '')
  const docker = join(dir, 'docker')
  const answers = {
    none: 'echo "docker: unknown command: docker buildx" >&2; exit 1',
    container:
      '[ "$2" = inspect ] && printf "Name: builder\\nDriver: docker-container\\n"; [ "$2" = version ] && echo "github.com/docker/buildx v0.19.0"; exit 0',
    broken:
      '[ "$2" = inspect ] && { echo "ERROR: no valid drivers found" >&2; exit 1; }; echo "github.com/docker/buildx v0.19.0"; exit 0'
  }
  writeFileSync(
    docker,
    [
      '#!/bin/sh',
      `echo "$*" >> '${log}'`,
      'if [ "$1" = version ]; then echo 20.10.24; exit 0; fi',
      `if [ "$1" = buildx ]; then ${answers[buildx]}; fi`,
      'exit 1'
    ].join('\n')
  )
  chmodSync(docker, 0o755)
  const calls = (): string[] => readFileSync(log, 'utf8').split('\n').filter(Boolean).sort()
  return { docker, calls }
}

describe('detectDockerBuilder', () => {
  it('no buildx plugin: BuildKit through a client before 23, two CLI runs at once', async () => {
    const { docker, calls } = standInDocker('none')
    expect(await detectDockerBuilder({ DOCKER_ACTIONS_DOCKER: docker })).toMatchObject({
      kind: 'buildkit',
      docker,
      clientVersion: '20.10.24'
    })
    expect(calls()).toEqual(['buildx inspect', 'version --format {{.Client.Version}}'])
  })

  it('buildx: the driver from `buildx inspect`, without asking `buildx version` first', async () => {
    const { docker, calls } = standInDocker('container')
    expect(await detectDockerBuilder({ DOCKER_ACTIONS_DOCKER: docker })).toMatchObject({
      kind: 'buildx',
      driver: 'docker-container',
      reason: `${docker} 20.10.24 with buildx (driver docker-container)`
    })
    expect(calls()).toEqual(['buildx inspect', 'version --format {{.Client.Version}}'])
  })

  it('buildx whose inspect fails: `buildx version` says buildx is there, its driver reads as docker', async () => {
    const { docker, calls } = standInDocker('broken')
    expect(await detectDockerBuilder({ DOCKER_ACTIONS_DOCKER: docker })).toMatchObject({
      kind: 'buildx',
      driver: 'docker'
    })
    expect(calls()).toEqual(['buildx inspect', 'buildx version', 'version --format {{.Client.Version}}'])
  })
})
