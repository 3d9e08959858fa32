/**
 * Outside GitHub nobody interprets `::group::` and friends, so the local runner turns them into
 * readable progress lines. `::add-mask::` lines are dropped: they carry the secret itself.
 */
export function translateWorkflowCommand(line: string, verbose = false): string | undefined {
  const match = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
  if (!match) return line
  const [, command, message] = match
  const text = message.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
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

  register(line: string): void {
    const match = /^::add-mask::(.+)$/.exec(line)
    if (match) this.secrets.add(match[1])
  }

  mask(line: string): string {
    let masked = line
    for (const secret of this.secrets) masked = masked.split(secret).join('***')
    return masked
  }
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
    for (const line of lines) masker.register(line)
    const out = lines
      .map(line => translateWorkflowCommand(masker.mask(line), verbose))
      .filter((line): line is string => line !== undefined)
    const callback = rest.find(arg => typeof arg === 'function') as (() => void) | undefined
    if (out.length > 0) return write(out.join('\n') + '\n', callback)
    callback?.()
    return true
  }) as typeof process.stdout.write
}
