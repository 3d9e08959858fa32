/**
 * Just enough of the Dockerfile grammar to know the stages: `FROM [--platform=…] <image> [AS <name>]`,
 * `ARG` defaults before the first FROM (global args, substituted into FROM lines), line continuations
 * and comments. Used to check targets before building, to find a target's base image (for the
 * org.opencontainers.image.base.* labels) and to discover bases across a repository.
 */
export interface Stage {
  /** `AS` name, lower-cased as Docker treats it; undefined for unnamed stages. */
  name?: string
  /** The FROM argument after ARG substitution (an image reference, `scratch`, or an earlier stage). */
  from: string
  /** 1-based line of the FROM instruction. */
  line: number
  index: number
}

export interface Dockerfile {
  stages: Stage[]
  /** Global ARG defaults (before the first FROM). */
  args: Map<string, string | undefined>
}

interface Instruction {
  keyword: string
  args: string
  line: number
}

function instructions(text: string): Instruction[] {
  const result: Instruction[] = []
  const lines = text.split(/\r?\n/)
  let escape = '\\'
  let pending: Instruction | undefined
  for (const [index, raw] of lines.entries()) {
    const directive = /^#\s*escape\s*=\s*(\S)/i.exec(raw)
    if (directive && result.length === 0 && !pending) escape = directive[1]
    const trimmed = raw.trim()
    if (trimmed.startsWith('#') || (trimmed === '' && !pending)) continue
    const continued = trimmed.endsWith(escape)
    const body = continued ? trimmed.slice(0, -1) : trimmed
    if (pending) pending.args += ` ${body}`
    else {
      const match = /^(\S+)\s*(.*)$/.exec(body) as RegExpExecArray
      pending = { keyword: match[1].toUpperCase(), args: match[2], line: index + 1 }
    }
    if (!continued) {
      result.push({ ...pending, args: pending.args.trim() })
      pending = undefined
    }
  }
  if (pending) result.push({ ...pending, args: pending.args.trim() })
  return result
}

/** `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` with the given values. */
export function substitute(text: string, values: Map<string, string | undefined>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, braced, op, word, bare) => {
      const value = values.get(braced ?? bare)
      if (op === '-') return value ? value : word
      if (op === '+') return value ? word : ''
      return value ?? ''
    }
  )
}

function unquote(value: string): string {
  return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value
}

/** Parses a Dockerfile; build args given to the build override the ARG defaults. */
export function parseDockerfile(text: string, buildArgs: Map<string, string> = new Map()): Dockerfile {
  const args = new Map<string, string | undefined>()
  const stages: Stage[] = []
  for (const instruction of instructions(text)) {
    if (instruction.keyword === 'ARG' && stages.length === 0) {
      for (const part of instruction.args.split(/\s+/)) {
        const eq = part.indexOf('=')
        const name = eq < 0 ? part : part.slice(0, eq)
        args.set(name, buildArgs.get(name) ?? (eq < 0 ? undefined : unquote(part.slice(eq + 1))))
      }
    } else if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter(word => !word.startsWith('--'))
      const from = substitute(words[0] ?? '', args)
      const name = words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined
      stages.push({ name, from, line: instruction.line, index: stages.length })
    }
  }
  return { stages, args }
}

export function stageNames(dockerfile: Dockerfile): string[] {
  return dockerfile.stages.flatMap(stage => (stage.name ? [stage.name] : []))
}

/** The stage a build of `target` ends in (the last stage when no target is given). */
export function targetStage(dockerfile: Dockerfile, target?: string): Stage | undefined {
  if (!target) return dockerfile.stages.at(-1)
  return dockerfile.stages.find(stage => stage.name === target.toLowerCase())
}

/**
 * The external image a target is built on: follows `FROM <earlier stage>` chains to the first FROM
 * that names an image. Undefined for `scratch`.
 */
export function finalBase(
  dockerfile: Dockerfile,
  target?: string
): { image: string; line: number } | undefined {
  let stage = targetStage(dockerfile, target)
  const seen = new Set<number>()
  while (stage && !seen.has(stage.index)) {
    seen.add(stage.index)
    const from = stage.from.toLowerCase()
    const earlier: Stage | undefined = dockerfile.stages.find(
      candidate =>
        candidate.index < (stage as Stage).index &&
        (candidate.name === from || String(candidate.index) === from)
    )
    if (!earlier) return from === 'scratch' ? undefined : { image: stage.from, line: stage.line }
    stage = earlier
  }
  return undefined
}
