/**
 * Parses the runner's file-command format that @actions/core (and `echo >> "$GITHUB_OUTPUT"`) writes to
 * GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE, as the runner reads it: `name=value` lines and
 * `name<<delimiter` heredocs (whichever of `=` and `<<` comes first decides), LF or CRLF line ends,
 * empty lines ignored. A heredoc without its closing delimiter is an error, as on GitHub (the step fails).
 */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {}
  const raw = text.split('\n')
  // A final newline leaves one empty element: not a line.
  if (raw.at(-1) === '') raw.pop()
  const lines = raw.map(line => (line.endsWith('\r') ? line.slice(0, -1) : line))
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line === '') continue
    const equals = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals)
      if (!name) throw new Error(`Invalid file command "${line}": the name is empty.`)
      result[name] = line.slice(equals + 1)
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc)
      const delimiter = line.slice(heredoc + 2)
      if (!name || !delimiter)
        throw new Error(`Invalid file command "${line}": the name and the delimiter must not be empty.`)
      const value: string[] = []
      for (i++; lines[i] !== delimiter; i++) {
        if (i >= lines.length) throw new Error(`Invalid file command "${line}": no closing "${delimiter}".`)
        value.push(raw[i])
      }
      // The value keeps its inner line ends (CRLF too), not the one before the delimiter.
      result[name] = value.join('\n').replace(/\r$/, '')
    } else {
      throw new Error(`Invalid file command "${line}": expected name=value or name<<delimiter.`)
    }
  }
  return result
}
