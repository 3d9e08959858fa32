/**
 * What the life tests share: the user's repository (examples/app under git, its origin a bare
 * acme/app) and the registry's tag -> digest map, read from the registry itself.
 */
import { expect } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { registryTags, testBench } from './bench.js'

/** Every manifest type a tag of the pipeline can point at (indexes and images, OCI and Docker). */
export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

export type TagMap = Map<string, string>

/** Every tag of the repository and the digest it points at, read from the registry. */
export async function registryMap(repository: string): Promise<TagMap> {
  const map: TagMap = new Map()
  for (const tag of await registryTags(repository)) {
    const response = await fetch(`http://${testBench().registry}/v2/${repository}/manifests/${tag}`, {
      method: 'HEAD',
      headers: { accept: MANIFEST_TYPES }
    })
    expect(response.status).toBe(200)
    map.set(tag, response.headers.get('docker-content-digest') as string)
  }
  return map
}

/**
 * The user's repository: examples/app in a git repository whose `origin` is a bare repository named
 * acme/app (so the tags of origin are what `git ls-remote` sees, as on GitHub). `prepare` changes the
 * app before the initial import.
 */
export class UserRepository {
  readonly dir: string
  readonly origin: string

  constructor(root: string, prepare: (dir: string) => void = () => {}) {
    this.origin = join(root, 'acme', 'app.git')
    this.dir = join(root, 'work')
    mkdirSync(this.origin, { recursive: true })
    this.git(['init', '--bare', '--initial-branch=main', this.origin], root)
    cpSync(resolve('examples/app'), this.dir, { recursive: true })
    rmSync(join(this.dir, 'scan-report.json'), { force: true })
    prepare(this.dir)
    // scan-image writes its reports into the workspace, as on a runner.
    writeFileSync(join(this.dir, '.gitignore'), 'docker-actions-scan/\n')
    this.git(['init', '--initial-branch=main'])
    this.git(['remote', 'add', 'origin', this.origin])
    this.commit('initial import')
    this.git(['push', '--quiet', 'origin', 'main'])
    this.git(['remote', 'set-head', 'origin', 'main'])
  }

  git(args: string[], cwd = this.dir): string {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'dev',
        GIT_AUTHOR_EMAIL: 'dev@example.com',
        GIT_COMMITTER_NAME: 'dev',
        GIT_COMMITTER_EMAIL: 'dev@example.com'
      }
    }).trim()
  }

  /** A code change (src/, so the builder's source step changes too) committed; returns the commit. */
  change(text: string): string {
    writeFileSync(join(this.dir, 'src', 'VERSION'), `${text}\n`)
    return this.commit(text)
  }

  commit(message: string): string {
    this.git(['add', '-A'])
    this.git(['commit', '--quiet', '--allow-empty', '-m', message])
    return this.git(['rev-parse', 'HEAD'])
  }

  checkout(ref: string, create = false): void {
    this.git(create ? ['checkout', '--quiet', '-b', ref] : ['checkout', '--quiet', ref])
  }

  tag(name: string): void {
    this.git(['tag', name])
    this.git(['push', '--quiet', 'origin', `refs/tags/${name}`])
  }
}
