/**
 * Text that comes from outside (registry response bodies, image labels, a fork's Dockerfile) made safe
 * to print in a workflow log. The runner reads every log line for workflow commands: a line that
 * starts with `::` (after white space), or contains the legacy `##[`, can mask values, emit
 * annotations, or stop command processing. `core.warning`/`core.error` escape their message, but
 * `core.info` and error messages that end up in one do not.
 */

/** Characters kept out of logs: C0/C1 controls (ANSI escapes included), DEL, Unicode line/paragraph separators, bidi overrides. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

export const UNTRUSTED_TEXT_LIMIT = 1000

/**
 * One line of harmless text: line breaks become a visible `\n`, tabs a space, other control
 * characters are dropped, `##[` is broken up, a leading `::` gets a `» ` in front, and text longer
 * than `maxLength` characters is cut with a note of how much was left out. The result never holds a
 * line break, so it is safe wherever it sits on a log line.
 */
export function untrustedText(text: string, maxLength = UNTRUSTED_TEXT_LIMIT): string {
  let cut = text
  let note = ''
  if (text.length > maxLength) {
    cut = text.slice(0, maxLength)
    // Do not leave half of a surrogate pair behind.
    if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1)
    note = ` … (${text.length - cut.length} more characters)`
  }
  const line = cut
    .replace(/\r\n|\n|\r/g, '\\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '')
    .replace(/##\[/g, '## [')
  return (/^\s*::/.test(line) ? `» ${line}` : line) + note
}
