/** Undoes @actions/core's escaping of command data (`%` -> %25, CR -> %0D, LF -> %0A), in one pass. */
export function unescapeCommandData(data: string): string {
  return data.replace(/%(25|0D|0A)/g, (_, code: string) =>
    code === '25' ? '%' : code === '0D' ? '\r' : '\n'
  )
}

/**
 * Outside GitHub nobody interprets `::group::` and friends, so the local runner turns them into
 * readable progress lines. `::add-mask::` lines are dropped: they carry the secret itself.
 */
export function translateWorkflowCommand(line: string, verbose = false): string | undefined {
  const match = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
  if (!match) return line
  const [, command, message] = match
  const text = unescapeCommandData(message)
  switch (command) {
    case 'group':
      return `\n▶ ${text}`
    case 'endgroup':
      return undefined
    case 'error':
      return `✖ ${text}`
    case 'warning':
      return `⚠ ${text}`
    case 'notice':
      return `ℹ ${text}`
    case 'debug':
      return verbose ? `· ${text}` : undefined
    case 'add-mask':
    case 'save-state':
    case 'set-output':
    case 'echo':
      return undefined
    default:
      return verbose ? line : undefined
  }
}

/**
 * Values registered with `::add-mask::` (core.setSecret), replaced by *** in every later line, as the
 * runner does: a secret never reaches the terminal even if a tool echoes it.
 */
export class SecretMasker {
  private readonly secrets = new Set<string>()

  /**
   * The line carries the secret escaped (core.setSecret escapes it like any command data): the value
   * itself is registered, and each line of a multi-line secret on its own, as the runner does,
   * because output is masked line by line. The escaped form is registered too, for command lines
   * printed raw (`--verbose`).
   */
  register(line: string): void {
    const match = /^::add-mask::(.+)$/.exec(line)
    if (!match) return
    for (const part of unescapeCommandData(match[1]).split(/\r?\n/)) {
      if (!part) continue
      this.secrets.add(part)
      this.secrets.add(part.replace(/%/g, '%25'))
    }
  }

  mask(line: string): string {
    let masked = line
    for (const secret of this.secrets) masked = masked.split(secret).join('***')
    return masked
  }
}

/**
 * Complete output lines -> what the terminal shows: masks registered first (a secret masks the lines
 * around it too), then translated, then masked — `::error::` text arrives escaped and shows the
 * secret only once translated.
 */
export function filterOutputLines(lines: string[], masker: SecretMasker, verbose: boolean): string[] {
  for (const line of lines) masker.register(line)
  return lines
    .map(line => translateWorkflowCommand(line, verbose))
    .filter((line): line is string => line !== undefined)
    .map(line => masker.mask(line))
}

/** Rewrites everything written to stdout, line by line, through translateWorkflowCommand. */
export function installWorkflowCommandFilter(verbose: boolean): void {
  const masker = new SecretMasker()
  const write = process.stdout.write.bind(process.stdout)
  let pending = ''
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    const out = filterOutputLines(lines, masker, verbose)
    const callback = rest.find(arg => typeof arg === 'function') as (() => void) | undefined
    if (out.length > 0) return write(out.join('\n') + '\n', callback)
    callback?.()
    return true
  }) as typeof process.stdout.write
}
