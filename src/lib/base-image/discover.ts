import * as glob from '@actions/glob'
import { readFile } from 'node:fs/promises'
import { basename, dirname, relative } from 'node:path'
import { UserError } from '../errors.js'
import { finalBase, parseDockerfile, stageNames } from '../dockerfile/parse.js'
import { parseReference } from '../image/reference.js'
import type { BaseCheckTarget } from './check.js'

export interface DiscoverOptions {
  /** Glob patterns of Dockerfiles, e.g. `services/*\/Dockerfile`. */
  patterns: string[]
  /** The derived image of a Dockerfile: `{dir}` is its directory's name, `{path}` its directory path with / as -. */
  imageTemplate: string
  /** The stage that is deployed; the last stage when a Dockerfile has no stage of that name. */
  target?: string
  root?: string
}

/** The image a Dockerfile builds, from the template. */
export function imageFor(template: string, dockerfile: string, root: string): string {
  const dir = relative(root, dirname(dockerfile)) || '.'
  const name = dir === '.' ? basename(root) : basename(dir)
  const path = dir === '.' ? name : dir.split(/[\\/]/).join('-')
  return template.replaceAll('{dir}', name.toLowerCase()).replaceAll('{path}', path.toLowerCase())
}

/** Finds the Dockerfiles, their final base image, and the image each one builds. */
export async function discoverTargets(options: DiscoverOptions): Promise<BaseCheckTarget[]> {
  const root = options.root ?? process.cwd()
  if (!/\{(dir|path)\}/.test(options.imageTemplate))
    throw new UserError(
      'Input "image-template" must contain {dir} or {path}, so each Dockerfile maps to its own image (e.g. ghcr.io/acme/{dir}:main).'
    )
  const globber = await glob.create(options.patterns.join('\n'), { matchDirectories: false })
  const files = (await globber.glob()).sort()
  if (files.length === 0)
    throw new UserError(`No Dockerfile matches ${options.patterns.join(', ')} (relative to ${root}).`)
  const targets: BaseCheckTarget[] = []
  for (const file of files) {
    const dockerfile = parseDockerfile(await readFile(file, 'utf8'))
    const target =
      options.target && stageNames(dockerfile).includes(options.target.toLowerCase())
        ? options.target
        : undefined
    const base = finalBase(dockerfile, target)
    const image = imageFor(options.imageTemplate, file, root)
    try {
      parseReference(image)
    } catch (error) {
      throw new UserError(
        `image-template gives "${image}" for ${relative(root, file)}: ${(error as Error).message}`
      )
    }
    targets.push({
      image,
      dockerfile: relative(root, file),
      // A FROM that still holds an unresolved $ARG cannot be resolved here; the image's label may still tell.
      base: base && !base.image.includes('$') && base.image !== '' ? base.image : undefined
    })
  }
  return targets
}
