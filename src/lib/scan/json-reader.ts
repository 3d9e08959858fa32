/**
 * A JSON reader for large scanner reports that builds only the fields the gate reads. A 5,000-finding
 * report is 5–40 MB of JSON, most of it descriptions and references nobody here reads; JSON.parse
 * builds all of it (and first needs the whole text as one string), which costs more than everything
 * done with the report afterwards. This reader works on the file's bytes, checks every byte as
 * JSON.parse would, and builds a value only where the projection (taken from the report's zod schema)
 * says it is read. A field a loose object's schema does not name is checked and skipped.
 *
 * It never accepts what JSON.parse refuses; when it refuses anything (a syntax error, bytes that are
 * not UTF-8, nesting too deep), it returns undefined and the caller uses JSON.parse, whose verdict and
 * message stand (fails closed). Where it accepts, the value is JSON.parse's with unread fields left out,
 * and with what a transform (Projection.then) made of a value in its place.
 */
import { isUtf8 } from 'node:buffer'
import type { $ZodType } from 'zod/v4/core'

/** What is read of a value: of an object, which fields (and how); of an array, its items. */
export interface Projection {
  /** Objects: the fields read, each with its own projection; other fields per `rest`. */
  fields?: Map<string, Projection>
  /** Objects: how fields not in `fields` are read; absent = skipped. */
  rest?: Projection
  /** Whether this projection describes objects at all (else an object here is kept whole). */
  object?: boolean
  /** Arrays: how each item is read (absent = an array here is kept whole). */
  element?: Projection
  /**
   * What a value becomes as soon as it is read (projectionOf's `transforms`), kept in its place: so
   * a large report's items are turned into what is kept of them one by one, and their JSON never
   * outlives a young-generation collection. `index` is the value's place in its array (-1 outside one).
   * An object handed to it has each field this projection reads, undefined where the document has
   * none (shapeOf()).
   */
  then?: Transform
}

/** What a value becomes once read (Projection.then), given its place in its array (-1 outside one). */
export type Transform = (value: unknown, index: number) => unknown

/** Everything is kept. */
export const KEEP: Projection = Object.freeze({})
/** A scalar: an object or array found here is kept whole (its schema will refuse it). */
const SCALAR: Projection = Object.freeze({})

interface Definition {
  type: string
  checks?: unknown[]
  innerType?: $ZodType
  element?: $ZodType
  options?: $ZodType[]
  valueType?: $ZodType
  shape?: Record<string, $ZodType>
  catchall?: $ZodType
}

const definition = (schema: $ZodType): Definition => schema._zod.def as unknown as Definition

/** What a value of one schema becomes once read (Projection.then), by schema. */
export type Transforms = ReadonlyMap<$ZodType, Transform>

/**
 * What a zod schema reads. Loose and stripping objects read their named fields only; everything a
 * schema could look into as a whole (unknown, refined objects, strict objects, kinds not known here)
 * is kept whole: keeping more never changes a result, keeping less would. A value of a schema in
 * `transforms` is handed to its transform once read (Projection.then).
 */
export function projectionOf(schema: $ZodType, transforms?: Transforms): Projection {
  const projection = readOf(schema, transforms)
  const then = transforms?.get(schema)
  return then ? { ...projection, then } : projection
}

/** projectionOf, without the schema's own transform. */
function readOf(schema: $ZodType, transforms: Transforms | undefined): Projection {
  const def = definition(schema)
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'nonoptional':
    case 'readonly':
      return projectionOf(def.innerType as $ZodType, transforms)
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'literal':
    case 'enum':
      return SCALAR
    case 'array':
      return (def.checks?.length ?? 0) > 0
        ? KEEP
        : { element: projectionOf(def.element as $ZodType, transforms) }
    case 'object': {
      if ((def.checks?.length ?? 0) > 0) return KEEP
      if (def.catchall && definition(def.catchall).type !== 'unknown') return KEEP
      const fields = new Map(
        Object.entries(def.shape ?? {}).map(
          ([name, field]) => [name, projectionOf(field, transforms)] as const
        )
      )
      return { object: true, fields }
    }
    case 'record':
      if ((def.checks?.length ?? 0) > 0) return KEEP
      return { object: true, fields: new Map(), rest: projectionOf(def.valueType as $ZodType, transforms) }
    case 'union':
      return (def.options ?? [])
        .map(option => projectionOf(option, transforms))
        .reduce(mergeProjections, SCALAR)
    default:
      return KEEP
  }
}

/**
 * What either of two projections reads (for a union, or several formats read from one document). A
 * value kept whole is not transformed; two different transforms of one value are a mistake.
 */
export function mergeProjections(a: Projection, b: Projection): Projection {
  if (a === KEEP || b === KEEP) return KEEP
  if (a === SCALAR) return b
  if (b === SCALAR) return a
  if (a.then && b.then && a.then !== b.then) throw new Error('Two transforms of one value cannot merge.')
  const merged: Projection = {}
  if (a.then || b.then) merged.then = a.then ?? b.then
  if (a.element || b.element)
    merged.element =
      a.element && b.element ? mergeProjections(a.element, b.element) : (a.element ?? b.element)
  if (a.object || b.object) {
    if (!a.object || !b.object) {
      Object.assign(merged, a.object ? objectPart(a) : objectPart(b))
    } else {
      const fields = new Map<string, Projection>()
      for (const name of new Set([...(a.fields?.keys() ?? []), ...(b.fields?.keys() ?? [])])) {
        const one = a.fields?.get(name) ?? a.rest
        const other = b.fields?.get(name) ?? b.rest
        fields.set(name, one && other ? mergeProjections(one, other) : ((one ?? other) as Projection))
      }
      merged.object = true
      merged.fields = fields
      if (a.rest || b.rest)
        merged.rest = a.rest && b.rest ? mergeProjections(a.rest, b.rest) : (a.rest ?? b.rest)
    }
  }
  return merged
}

const objectPart = (p: Projection): Projection => ({ object: true, fields: p.fields, rest: p.rest })

/** Thrown inside the reader where JSON.parse would throw (or where the reader will not decide). */
class Refused extends Error {}
const REFUSED = new Refused('not read')

// Bytes, by kind.
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d

/** Escapes JSON allows after a backslash (`u` is checked apart: four hex digits follow). */
const SIMPLE_ESCAPE = new Uint8Array(256)
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1
const HEX = new Uint8Array(256)
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1
/**
 * In a string, 1 ends the plain run: a quote, a backslash or a control character (the window's
 * sentinel is one). Bytes outside ASCII are plain here: the window is checked as UTF-8 as it is read.
 */
const STRING_STOP = new Uint8Array(256)
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1
STRING_STOP[QUOTE] = 1
STRING_STOP[BACKSLASH] = 1

/** Strings of up to this many bytes are looked up among those already built (string()). */
const SHORT_STRING = 48
const SHORT_SLOTS = 4096

/**
 * Whether one of the four bytes in a word would end a plain run (STRING_STOP): a byte below 0x20, a
 * quote or a backslash, found with the usual bit tricks (a byte below n: (w - n*0x01010101) & ~w has
 * its top bit set; a byte equal to b: one below 1 in w ^ b*0x01010101). Exact for bytes past 0x7f.
 */
function hasStop(w: number): boolean {
  const quote = w ^ 0x22222222
  const backslash = w ^ 0x5c5c5c5c
  const below = (w - 0x20202020) & ~w
  const zero = ((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash)
  return ((below | zero) & 0x80808080) !== 0
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39

/** 10^0 to 10^15, each exact (Reader.number()). */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, power) => 10 ** power)

/** Reads up to `target.length - offset` bytes into `target` at `offset`; 0 at the end. */
export type ByteSource = (target: Buffer, offset: number) => number

/** A field name a projection reads, as bytes, for matching names without building them. */
interface NamedField {
  bytes: Buffer
  name: string
  projection: Projection
}

/** A projection's field names by their length in bytes (built once per projection). */
const namesByLength = new WeakMap<Projection, Array<NamedField[] | undefined>>()
function fieldNames(projection: Projection): Array<NamedField[] | undefined> {
  let table = namesByLength.get(projection)
  if (!table) {
    table = []
    for (const [name, field] of projection.fields ?? []) {
      const bytes = Buffer.from(name)
      ;(table[bytes.length] ??= []).push({ bytes, name, projection: field })
    }
    namesByLength.set(projection, table)
  }
  return table
}

/**
 * For objects handed to a transform: one object with every field the projection reads, undefined,
 * copied for each; none for a record (rest) or for a name objects inherit (`__proto__`, `toString`:
 * undefined would hide what a missing field reads as). Its copies all have one hidden class, whatever
 * fields each has and in whatever order, so the transform reading them is compiled once (objects
 * built field by field in each report's order had as many, and each new one threw the compiled
 * transform away).
 */
const shapes = new WeakMap<Projection, Record<string, undefined> | null>()
function shapeOf(projection: Projection): Record<string, undefined> | undefined {
  let shape = shapes.get(projection)
  if (shape === undefined) {
    const names = [...(projection.fields?.keys() ?? [])]
    shape =
      !projection.object || projection.rest !== undefined || names.some(name => name in Object.prototype)
        ? null
        : Object.fromEntries(names.map(name => [name, undefined]))
    shapes.set(projection, shape)
  }
  return shape ?? undefined
}

/**
 * A projection as the reader reads it: every projection of the tree with all five fields, in one
 * order (made once per projection). Projections made by projectionOf and mergeProjections come in
 * half a dozen shapes, and code compiled for the shapes seen first was thrown away at each new one.
 */
const settledProjections = new WeakMap<Projection, Projection>()
function settled(projection: Projection): Projection {
  let result = settledProjections.get(projection)
  if (result === undefined) {
    result = {
      fields:
        projection.fields && new Map([...projection.fields].map(([name, field]) => [name, settled(field)])),
      rest: projection.rest && settled(projection.rest),
      object: projection.object === true,
      element: projection.element && settled(projection.element),
      then: projection.then
    }
    settledProjections.set(projection, result)
  }
  return result
}

/** An in-memory document as a source (the reader always reads through its window). */
function bufferSource(document: Buffer): ByteSource {
  let offset = 0
  return (target, at) => {
    const read = document.copy(target, at, offset, Math.min(document.length, offset + target.length - at))
    offset += read
    return read
  }
}

class Reader {
  /** Where the reader is in `bytes` (the window: the part of the document read and not yet dropped). */
  pos = 0
  /** The start of a token being built (a kept string, number or whole value): kept when the window moves. */
  pin = -1
  /** Set by scanString: the string had an escape. */
  escaped = false
  /** The bytes read so far are `bytes[0, end)`; `bytes[end]` is a sentinel (0) that ends a string scan. */
  end = 0
  /** Bytes before this index were checked as UTF-8 (the rest is a sequence cut by the window's end). */
  checked = 0
  bytes!: Buffer
  /** `bytes` as 32-bit words (plainRun(): which byte of a word is found does not matter). */
  words!: Int32Array
  /** The window: the start of `bytes`, which keeps a byte after it free for the sentinel. */
  room: Buffer
  /** Short strings built so far, by a hash of their bytes (string()), with their bytes and lengths. */
  shortTexts: Array<string | undefined>
  shortBytes: Uint8Array
  shortLengths: Uint8Array
  /** The items of the arrays being read, innermost last (array()). */
  items: unknown[] = []

  constructor(
    windowBytes: number,
    private source: ByteSource | undefined,
    /** How many short strings are kept (a power of two). */
    slots = SHORT_SLOTS
  ) {
    this.shortTexts = new Array<string | undefined>(slots)
    this.shortBytes = new Uint8Array(slots * SHORT_STRING)
    this.shortLengths = new Uint8Array(slots)
    this.room = this.setWindow(Math.max(windowBytes, 1))
    this.bytes[0] = 0
  }

  /**
   * A new window of `size` bytes for the document; returns it. `bytes` has room for the sentinel after
   * it and ends on a whole word, and `words` reads it four bytes at a time (plainRun()).
   */
  setWindow(size: number): Buffer {
    // Not from Buffer's shared pool: the words must start at the buffer's first byte.
    this.bytes = Buffer.allocUnsafeSlow((size + 4) & ~3)
    this.words = new Int32Array(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length >> 2)
    return this.bytes.subarray(0, size)
  }

  /**
   * Makes the `n` bytes at `p` available when the source has them, moving the window (dropping what
   * is behind `p`, or the pin) or growing it; returns `p` as moved. Short of them only at the end.
   */
  fetch(p: number, n = 1): number {
    while (p + n > this.end && this.source) {
      // Bytes not yet checked as UTF-8 (a cut sequence, at most three) are kept until they are.
      const keep = Math.min(this.pin >= 0 ? Math.min(this.pin, p) : p, this.checked)
      let { bytes } = this
      if (keep > 0) {
        bytes.copy(bytes, 0, keep, this.end)
        this.end -= keep
        this.checked -= keep
        p -= keep
        this.pos -= keep
        if (this.pin >= 0) this.pin -= keep
      } else if (this.end === this.room.length) {
        const old = bytes
        this.room = this.setWindow(this.room.length * 2)
        bytes = this.bytes
        old.copy(bytes, 0, 0, this.end)
      }
      const read = this.source(this.room, this.end)
      this.end += read
      bytes[this.end] = 0
      if (read === 0) {
        this.source = undefined
        // A UTF-8 sequence cut short by the end of the document.
        if (this.checked < this.end) throw REFUSED
      } else this.checkUtf8()
    }
    return p
  }

  /**
   * Checks the bytes read as UTF-8 (no overlong forms, surrogates or code points past U+10FFFF: what
   * Buffer's isUtf8 accepts), up to a sequence the window's end cuts, which the next read completes.
   * Bytes outside ASCII are valid only in strings, so strings need not decode them as they are scanned.
   */
  checkUtf8(): void {
    const { bytes, end } = this
    let cut = end
    // A sequence cut by the end: a lead byte among the last three whose sequence ends past `end`.
    for (let back = 1; back <= 3 && end - back >= this.checked; back++) {
      const c = bytes[end - back]
      if (c < 0x80) break
      if (c >= 0xc0) {
        const length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2
        if (back < length) cut = end - back
        break
      }
    }
    if (cut > this.checked) {
      if (!isUtf8(bytes.subarray(this.checked, cut))) throw REFUSED
      this.checked = cut
    }
  }

  /** The byte at `pos` (-1 at the end), fetched when needed. */
  peek(): number {
    const p = this.fetch(this.pos)
    this.pos = p
    return p < this.end ? this.bytes[p] : -1
  }

  /** Skips whitespace; the byte after it (-1 at the end). */
  space(): number {
    let p = this.pos
    for (;;) {
      if (p >= this.end) {
        p = this.fetch(p)
        if (p >= this.end) {
          this.pos = p
          return -1
        }
      }
      const c = this.bytes[p]
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
        this.pos = p
        return c
      }
      p++
    }
  }

  /** The value at `pos`, as `projection` reads it; `index`: its place in its array (-1 outside one). */
  value(projection: Projection, index = -1): unknown {
    const value = this.valueAsRead(projection)
    return projection.then === undefined ? value : projection.then(value, index)
  }

  valueAsRead(projection: Projection): unknown {
    const c = this.space()
    switch (c) {
      case OPEN_OBJECT:
        return projection.object ? this.object(projection) : this.whole()
      case OPEN_ARRAY:
        return projection.element ? this.array(projection.element) : this.whole()
      case QUOTE:
        return this.string()
      default:
        return this.scalar(c)
    }
  }

  /** A value kept whole: checked here, then built by JSON.parse from its bytes. */
  whole(): unknown {
    this.pin = this.pos
    this.skip()
    const start = this.pin
    this.pin = -1
    return JSON.parse(this.bytes.toString('utf8', start, this.pos))
  }

  object(projection: Projection): Record<string, unknown> {
    const shape = projection.then === undefined ? undefined : shapeOf(projection)
    const result: Record<string, unknown> = shape === undefined ? {} : { ...shape }
    const { fields, rest } = projection
    const names = fieldNames(projection)
    this.pos++
    let c = this.space()
    if (c === CLOSE_OBJECT) {
      this.pos++
      return result
    }
    for (;;) {
      if (c !== QUOTE) throw REFUSED
      // The name is matched against the projection's names as bytes: names not read are never built.
      this.pin = this.pos
      const close = this.scanString()
      const start = this.pin + 1
      this.pin = -1
      this.pos = close + 1
      let name: string | undefined
      let field: Projection | undefined
      if (this.escaped) {
        name = JSON.parse(this.bytes.toString('utf8', start - 1, close + 1)) as string
        field = fields?.get(name) ?? rest
      } else {
        const candidates = names[close - start]
        if (candidates !== undefined) {
          const { bytes } = this
          // By index: for…of costs several times as much until V8 has optimized this loop.
          for (let at = 0; at < candidates.length; at++) {
            const candidate = candidates[at]
            const expected = candidate.bytes
            let i = 0
            while (i < expected.length && bytes[start + i] === expected[i]) i++
            if (i === expected.length) {
              name = candidate.name
              field = candidate.projection
              break
            }
          }
        }
        if (name === undefined && rest !== undefined) {
          name = this.bytes.toString('utf8', start, close)
          field = rest
        }
      }
      if (this.space() !== COLON) throw REFUSED
      this.pos++
      if (field === undefined) this.skip()
      else {
        const value = this.value(field)
        // JSON.parse makes `__proto__` an own field, not the prototype.
        if (name === '__proto__')
          Object.defineProperty(result, name, { value, writable: true, enumerable: true, configurable: true })
        else result[name as string] = value
      }
      c = this.space()
      if (c === COMMA) {
        this.pos++
        c = this.space()
      } else if (c === CLOSE_OBJECT) {
        this.pos++
        return result
      } else throw REFUSED
    }
  }

  array(element: Projection): unknown[] {
    // Items are gathered on one stack shared by all arrays and copied out at the end: an array grown
    // item by item keeps room for 17, and a report has thousands of one- to three-item arrays.
    const { items } = this
    const start = items.length
    this.pos++
    if (this.space() !== CLOSE_ARRAY)
      for (;;) {
        items.push(this.value(element, items.length - start))
        const c = this.space()
        this.pos++
        if (c === CLOSE_ARRAY) break
        if (c !== COMMA) throw REFUSED
      }
    else this.pos++
    const result = items.slice(start)
    items.length = start
    return result
  }

  /** Checks a string from its opening quote at `pos`; returns where its closing quote is. */
  scanString(): number {
    let p = this.pos + 1
    let { bytes } = this
    let escaped = false
    for (;;) {
      // The sentinel after the bytes read ends this loop: no bounds test per byte.
      p = this.plainRun(p)
      const c = bytes[p]
      if (c === QUOTE) break
      if (c === BACKSLASH) {
        escaped = true
        p = this.escape(p)
      } else if (p < this.end)
        throw REFUSED // a control character
      else {
        p = this.fetch(p)
        if (p >= this.end) throw REFUSED
      }
      bytes = this.bytes
    }
    this.escaped = escaped
    return p
  }

  /**
   * The first byte at or after `p` that ends a plain run in a string (STRING_STOP); the sentinel after
   * the bytes read ends every run. Short texts (names, versions) end within a few bytes; longer ones
   * (descriptions) are read a word at a time, about twice as fast.
   */
  plainRun(p: number): number {
    const { bytes, words } = this
    // Byte by byte up to the next whole word only: a run resumed after an escape (descriptions hold
    // hundreds of thousands of them) reaches the faster word loop sooner (measured: snyk parse -3%).
    for (const aligned = (p + 3) & ~3; p < aligned; p++) if (STRING_STOP[bytes[p]] !== 0) return p
    let word = p >> 2
    while (!hasStop(words[word])) word++
    p = word << 2
    while (STRING_STOP[bytes[p]] === 0) p++
    return p
  }

  /** Checks the escape at `p` (a backslash); returns where the string goes on. */
  escape(p: number): number {
    if (p + 6 > this.end) p = this.fetch(p, 2)
    const { bytes } = this
    if (p + 2 > this.end) throw REFUSED
    if (SIMPLE_ESCAPE[bytes[p + 1]]) return p + 2
    if (bytes[p + 1] !== 0x75) throw REFUSED
    if (p + 6 > this.end) {
      p = this.fetch(p, 6)
      if (p + 6 > this.end) throw REFUSED
    }
    const hex = this.bytes
    if (!HEX[hex[p + 2]] || !HEX[hex[p + 3]] || !HEX[hex[p + 4]] || !HEX[hex[p + 5]]) throw REFUSED
    return p + 6
  }

  string(): string {
    this.pin = this.pos
    const close = this.scanString()
    const start = this.pin
    this.pin = -1
    this.pos = close + 1
    const { bytes } = this
    if (this.escaped) return JSON.parse(bytes.toString('utf8', start, close + 1)) as string
    const length = close - start - 1
    if (length > SHORT_STRING) return bytes.toString('utf8', start + 1, close)
    // Short texts repeat (severities, versions, package names, paths): the same one is handed out
    // again when its bytes match, rather than a new string built for each.
    let hash = 0x811c9dc5
    for (let i = start + 1; i < close; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193)
    const slot = (hash >>> 0) & (this.shortLengths.length - 1)
    const seen = this.shortTexts[slot]
    const at = slot * SHORT_STRING
    const known = this.shortBytes
    if (seen !== undefined && this.shortLengths[slot] === length) {
      let i = 0
      while (i < length && known[at + i] === bytes[start + 1 + i]) i++
      if (i === length) return seen
    }
    const text = bytes.toString('utf8', start + 1, close)
    this.shortTexts[slot] = text
    this.shortLengths[slot] = length
    for (let i = 0; i < length; i++) known[at + i] = bytes[start + 1 + i]
    return text
  }

  /** A number, true, false or null at `c`. */
  scalar(c: number): unknown {
    if (c === 0x2d || isDigit(c)) {
      this.pin = this.pos
      this.skipNumber()
      const start = this.pin
      this.pin = -1
      return this.number(start, this.pos)
    }
    this.skipLiteral(c)
    return c === 0x74 ? true : c === 0x66 ? false : null
  }

  /**
   * The number in `bytes[start, end)` (checked by skipNumber). Up to 15 digits without an exponent, it
   * is its digits as an integer, divided by a power of ten: both exact, so the division rounds once,
   * to what Number() makes of the text (CVSS scores, counts); anything else is Number()'s.
   */
  number(start: number, end: number): number {
    const { bytes } = this
    const negative = bytes[start] === 0x2d
    let digits = 0
    let fraction = -1
    let value = 0
    for (let p = negative ? start + 1 : start; p < end; p++) {
      const c = bytes[p]
      if (c === 0x2e) fraction = 0
      else if (isDigit(c)) {
        value = value * 10 + (c - 0x30)
        digits++
        if (fraction >= 0) fraction++
      } else return Number(bytes.toString('latin1', start, end)) // an exponent
    }
    if (digits > 15) return Number(bytes.toString('latin1', start, end))
    if (fraction > 0) value /= POWERS_OF_TEN[fraction]
    return negative ? -value : value
  }

  /** Moves past the digits at `pos`; whether there was one. */
  digits(): boolean {
    if (!isDigit(this.peek())) return false
    do this.pos++
    while (isDigit(this.peek()))
    return true
  }

  skipNumber(): void {
    if (this.peek() === 0x2d) this.pos++
    const first = this.peek()
    if (first === 0x30) this.pos++
    else if (!(first >= 0x31 && first <= 0x39) || !this.digits()) throw REFUSED
    if (this.peek() === 0x2e) {
      this.pos++
      if (!this.digits()) throw REFUSED
    }
    const exponent = this.peek()
    if (exponent === 0x65 || exponent === 0x45) {
      this.pos++
      const sign = this.peek()
      if (sign === 0x2b || sign === 0x2d) this.pos++
      if (!this.digits()) throw REFUSED
    }
  }

  skipLiteral(c: number): void {
    const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : undefined
    if (!word) throw REFUSED
    const p = this.fetch(this.pos, word.length)
    if (p + word.length > this.end) throw REFUSED
    for (let i = 1; i < word.length; i++) if (this.bytes[p + i] !== word.charCodeAt(i)) throw REFUSED
    this.pos = p + word.length
  }

  /** Checks one value and moves past it, building nothing. */
  skip(): void {
    const c = this.space()
    if (c === QUOTE) {
      this.pos = this.scanString() + 1
    } else if (c === OPEN_OBJECT) {
      this.pos++
      let next = this.space()
      if (next === CLOSE_OBJECT) {
        this.pos++
        return
      }
      for (;;) {
        if (next !== QUOTE) throw REFUSED
        this.pos = this.scanString() + 1
        if (this.space() !== COLON) throw REFUSED
        this.pos++
        this.skip()
        next = this.space()
        this.pos++
        if (next === CLOSE_OBJECT) return
        if (next !== COMMA) throw REFUSED
        next = this.space()
      }
    } else if (c === OPEN_ARRAY) {
      this.pos++
      if (this.space() === CLOSE_ARRAY) {
        this.pos++
        return
      }
      for (;;) {
        this.skip()
        const next = this.space()
        this.pos++
        if (next === CLOSE_ARRAY) return
        if (next !== COMMA) throw REFUSED
      }
    } else if (c === 0x2d || isDigit(c)) this.skipNumber()
    else this.skipLiteral(c)
  }
}

/** The size the window over a document starts at (it grows for a longer token). */
const WINDOW_BYTES = 1 << 20

/**
 * A small document that takes the reader down each of its paths: the window moving and growing, a
 * UTF-8 sequence cut by it, escapes, numbers, literals, names matched, escaped and skipped, records,
 * values kept whole, transforms, the end of the document.
 */
const WARM_UP = Buffer.from(
  '{"keep":[1,-2.5e3,0.25,true,false,null,"short","a text longer than forty-eight bytes, kept as it is",' +
    '"esc\\n\\"\\u00e9","é€𝄞"], "na\\u006de":{"x":[[]],"y":{}},\n "skipped":{"k":[1,"v\\n\\u0041",{"z":null}],' +
    '"n":-0.5E+2,"t":[true,false],"e":{},"a":[]}, "record":{"any":{"x":1},"more":{"x":[2]}},"whole":{"w":[1]}}\t'
)
const WARM_UP_PROJECTION: Projection = {
  object: true,
  fields: new Map<string, Projection>([
    ['keep', { element: { then: value => value } }],
    [
      'name',
      {
        object: true,
        fields: new Map<string, Projection>([
          ['x', { element: { element: {} } }],
          ['y', { object: true, fields: new Map() }]
        ])
      }
    ],
    ['record', { object: true, fields: new Map(), rest: { object: true, fields: new Map([['x', {}]]) } }],
    ['whole', KEEP]
  ])
}

/** Whether WARM_UP was read in this process. */
let warm = false

/**
 * WARM_UP read through a window of a few bytes, once per process, before the first document: a
 * large report's reading is optimized by V8 within its first megabyte, and each path not taken by
 * then (a string across the window's end, an escaped text kept) threw that code away and had it
 * compiled again when the report first took it (24-33 times a Snyk scan-image run; 0-3 now, with
 * settled() and shapeOf()). Costs ~3 ms once. Returns what was read (for the tests).
 */
export function warmUp(): unknown {
  warm = true
  let value: unknown
  // Several times: V8 records which paths a function takes only from its eighth call or so on.
  for (let run = 0; run < 4; run++) {
    const reader = new Reader(8, bufferSource(WARM_UP), 16)
    value = reader.value(settled(WARM_UP_PROJECTION))
    reader.space()
  }
  return value
}

/**
 * The JSON document in `bytes`, or read from `source`, through a window of about a MiB (so a large
 * report is never held whole), with only what `projection` reads; undefined when this reader does
 * not read it: JSON.parse decides then (it may refuse the document, or, for bytes that are not
 * UTF-8, read it with replacement characters as it always did).
 */
export function readProjected(
  document: Buffer | ByteSource,
  projection: Projection,
  windowBytes = WINDOW_BYTES
): unknown {
  if (!warm) warmUp()
  const reader =
    typeof document === 'function'
      ? new Reader(windowBytes, document)
      : new Reader(Math.min(windowBytes, document.length), bufferSource(document))
  try {
    const value = reader.value(settled(projection))
    if (reader.space() !== -1) return undefined
    return value
  } catch (error) {
    // Refused, or nested past the stack (RangeError): JSON.parse decides.
    if (error instanceof Refused || error instanceof RangeError) return undefined
    throw error
  }
}
