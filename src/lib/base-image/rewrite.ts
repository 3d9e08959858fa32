import { parseReference } from '../image/reference.js'

/*
 * The FROM bump: a Dockerfile's text with the tag of one base changed on the FROM lines that name it,
 * every other byte (other lines, flags, stage names, comments, line endings) left as it was.
 */

export interface FromBump {
  /** The base as the image or Dockerfile names it, e.g. `ghcr.io/acme/base:base-1.2.3`. */
  base: string
  /** The tag to move it to, e.g. `base-1.3.0`. */
  tag: string
}

/** `FROM [--flag=…]… <image> [AS name]`: groups are what comes before the image, the image, the rest. */
const FROM_LINE = /^(\s*FROM\s+(?:--\S+\s+)*)(\S+)(.*)$/i

function sameRepositoryAndTag(a: string, b: string): boolean {
  try {
    const [left, right] = [parseReference(a), parseReference(b)]
    return (
      left.registry === right.registry &&
      left.repository === right.repository &&
      (left.tag ?? 'latest') === (right.tag ?? 'latest') &&
      left.digest === undefined &&
      right.digest === undefined
    )
  } catch {
    return false // `$BASE`, a stage name with odd characters: not an image we bump
  }
}

/** The image text with its tag replaced (registry and repository spelled as the author did). */
function retag(image: string, tag: string): string {
  const slash = image.lastIndexOf('/')
  const colon = image.lastIndexOf(':')
  return `${colon > slash ? image.slice(0, colon) : image}:${tag}`
}

/** The Dockerfile with the bumps applied, and how many FROM lines changed. */
export function bumpFromLines(text: string, bumps: FromBump[]): { text: string; changed: number } {
  let changed = 0
  const lines = text.split(/(?<=\n)/)
  const out = lines.map(line => {
    const ending = /\r?\n$/.exec(line)?.[0] ?? ''
    const body = line.slice(0, line.length - ending.length)
    const match = FROM_LINE.exec(body)
    if (!match) return line
    const [, before, image, after] = match
    const bump = bumps.find(candidate => sameRepositoryAndTag(image, candidate.base))
    if (!bump) return line
    changed++
    return `${before}${retag(image, bump.tag)}${after}${ending}`
  })
  return { text: out.join(''), changed }
}
