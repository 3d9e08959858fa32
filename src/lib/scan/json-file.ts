/**
 * JSON files written in pieces through one small reused buffer, byte for byte what JSON.stringify
 * writes. scan-image writes two files of 4–10 MB for 5,000 findings; building each whole as a string
 * and then as UTF-8 bytes costs fresh memory, which on a small runner costs more than the writing.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs'

/** Text JSON.stringify would escape: quotes, backslashes, control characters, lone surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
export const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/

/** A value as JSON.stringify writes it (`undefined` for one it leaves out); strings without escapes are quoted as they are. */
export const quoted = (value: unknown): string | undefined =>
  typeof value === 'string' && !NEEDS_ESCAPE.test(value) ? `"${value}"` : JSON.stringify(value)

/** Text to an open file through one buffer of 64 KiB, reused. */
export class FileText {
  private buffer = Buffer.allocUnsafe(1 << 16)
  private used = 0
  constructor(private fd: number) {}

  /** Text that is well-formed UTF-16 (JSON.stringify's output is: it escapes lone surrogates). */
  write(text: string): void {
    // A UTF-16 unit takes at most 3 bytes in UTF-8 (a surrogate pair, 4 for 2 units).
    if (text.length * 3 > this.buffer.length - this.used) {
      this.flush()
      if (text.length * 3 > this.buffer.length) return this.writeAll(Buffer.from(text))
    }
    this.used += this.buffer.write(text, this.used)
  }

  flush(): void {
    this.writeAll(this.buffer.subarray(0, this.used))
    this.used = 0
  }

  private writeAll(bytes: Buffer): void {
    for (let at = 0; at < bytes.length;) at += writeSync(this.fd, bytes, at, bytes.length - at)
  }
}

/** Writes a file through a FileText: `write` makes the content, then it is flushed and closed. */
export function writeTextFile(path: string, write: (out: FileText) => void): void {
  const fd = openSync(path, 'w')
  try {
    const out = new FileText(fd)
    write(out)
    out.flush()
  } finally {
    closeSync(fd)
  }
}

/** How many items of an array are written at once, and what JSON.stringify writes around them. */
const ITEMS_AT_ONCE = 16
const CHUNK_PREFIX = '{\n  "x": ['
const CHUNK_SUFFIX = '\n  ]\n}'

const isPlain = (value: unknown, prototype: object): boolean =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === prototype
const hasToJson = (value: unknown): boolean =>
  (typeof value === 'object' && value !== null) || typeof value === 'bigint'
    ? typeof (value as { toJSON?: unknown }).toJSON === 'function'
    : false

/**
 * `JSON.stringify(value, null, 2)` written to `path`: a plain object's fields one by one, and the
 * items of its plain arrays one by one (the findings), each as JSON.stringify writes it, indented as
 * it would be. Anything else (a toJSON method where it would be called with a field's name) is left
 * to one JSON.stringify of the whole, as before.
 */
export function writeIndentedJson(path: string, value: unknown): void {
  const fields = isPlain(value, Object.prototype) ? Object.entries(value as object) : undefined
  if (
    !fields ||
    fields.some(
      ([, field]) =>
        hasToJson(field) ||
        (Array.isArray(field) && !isPlain(field, Array.prototype)) ||
        (isPlain(field, Array.prototype) && (field as unknown[]).some(hasToJson))
    )
  ) {
    writeFileSync(path, JSON.stringify(value, null, 2))
    return
  }
  writeTextFile(path, out => {
    let first = true
    for (const [name, field] of fields) {
      if (isPlain(field, Array.prototype) && (field as unknown[]).length > 0) {
        out.write(`${first ? '{' : ','}\n  ${quoted(name)}: [`)
        // Items a few dozen at a time, each chunk as JSON.stringify writes it inside a field of an
        // object (so indented as here), without the field around it.
        const items = field as unknown[]
        for (let at = 0; at < items.length; at += ITEMS_AT_ONCE) {
          const text = JSON.stringify({ x: items.slice(at, at + ITEMS_AT_ONCE) }, null, 2)
          out.write(`${at === 0 ? '' : ','}${text.slice(CHUNK_PREFIX.length, -CHUNK_SUFFIX.length)}`)
        }
        out.write('\n  ]')
      } else {
        const text = JSON.stringify(field, null, 2)
        if (text === undefined) continue
        out.write(`${first ? '{' : ','}\n  ${quoted(name)}: ${text.replaceAll('\n', '\n  ')}`)
      }
      first = false
    }
    out.write(first ? '{}' : '\n}')
  })
}
