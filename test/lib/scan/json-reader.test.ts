import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import * as z from 'zod/mini'
import {
  type ByteSource,
  KEEP,
  type Projection,
  mergeProjections,
  projectionOf,
  readProjected,
  warmUp
} from '../../../src/lib/scan/json-reader.js'
import {
  type ReportFormat,
  parseReport,
  readAsFindings,
  reportFromRead,
  reportProjection
} from '../../../src/lib/scan/parsers.js'
import { readReportFile } from '../../../src/lib/scan/report-file.js'
import { LARGE_REPORTS } from './large-reports.js'
import { random } from '../../support/random.js'

const FIXTURES = 'test/fixtures/scan'
const samples = ['snyk', 'trivy', 'grype'].flatMap(dir =>
  readdirSync(join(FIXTURES, dir)).map(file => join(FIXTURES, dir, file))
)

/** What the reader should build: JSON.parse's value with the fields the projection does not read left out. */
function project(value: unknown, projection: Projection): unknown {
  if (Array.isArray(value))
    return projection.element ? value.map(item => project(item, projection.element as Projection)) : value
  if (value === null || typeof value !== 'object' || !projection.object) return value
  const entries: Array<[string, unknown]> = []
  for (const [name, field] of Object.entries(value)) {
    const read = projection.fields?.get(name) ?? projection.rest
    if (read) entries.push([name, project(field, read)])
  }
  return Object.fromEntries(entries)
}

/** JSON.parse's verdict on bytes, as the report path decodes them. */
function jsonParse(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) }
  } catch {
    return { ok: false }
  }
}

/** Bytes JSON's grammar turns on, and some it refuses. */
const SIGNIFICANT = [...'{}[]",:\\0123456789.-+eEtfnu \t\n\r/']
  .map(c => c.charCodeAt(0))
  .concat([0, 0x1f, 0x7f, 0xc3, 0xff])

/** One random edit: a byte replaced, removed or inserted, or the document cut short. */
function mutate(bytes: Buffer, next: () => number): Buffer {
  const at = Math.floor(next() * bytes.length)
  const byte = SIGNIFICANT[Math.floor(next() * SIGNIFICANT.length)]
  switch (Math.floor(next() * 4)) {
    case 0:
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at + 1)])
    case 1:
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)])
    case 2:
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)])
    default:
      return bytes.subarray(0, at)
  }
}

/**
 * `bytes` as a stream through a window of `window` bytes, in chunks of 1 to 5 bytes: every token
 * crosses a chunk end somewhere, and the window moves and grows as it does for a large file.
 */
function streamed(bytes: Buffer, window = 3, chunk = 5): { source: ByteSource; window: number } {
  let offset = 0
  let turn = 0
  const source: ByteSource = (target, at) => {
    const size = Math.min(1 + ((turn++ * 7919) % chunk), target.length - at, bytes.length - offset)
    bytes.copy(target, at, offset, offset + size)
    offset += size
    return size
  }
  return { source, window }
}

/** The reader's verdict on `bytes`, the same whether they are read whole or streamed. */
function readBoth(bytes: Buffer, projection: Projection): unknown {
  const whole = readProjected(bytes, projection)
  const { source, window } = streamed(bytes)
  const stream = readProjected(source, projection, window)
  if (!isDeepStrictEqual(whole, stream)) expect(stream).toEqual(whole)
  return whole
}

describe('the selective JSON reader (json-reader.ts)', () => {
  it.each(samples)('%s: reads the same report from its bytes as from its text', file => {
    const bytes = readFileSync(file)
    expect(parseReport(bytes)).toEqual(parseReport(bytes.toString('utf8')))
    const projected = readBoth(bytes, reportProjection(undefined))
    expect(projected).toEqual(project(JSON.parse(bytes.toString('utf8')), reportProjection(undefined)))
  })

  it.each(['snyk', 'trivy', 'grype'] as const)(
    'a 5,000-finding %s report reads the same from its bytes, without the fields nobody reads',
    format => {
      const text = LARGE_REPORTS[format](5000)
      const bytes = Buffer.from(text)
      expect(parseReport(bytes)).toEqual(parseReport(text))
      expect(parseReport(bytes, format)).toEqual(parseReport(text, format))
      // Streamed through a small window, as a report file is read.
      const { source } = streamed(bytes, 4096, 4096)
      expect(readProjected(source, reportProjection(undefined), 4096)).toEqual(
        readProjected(bytes, reportProjection(undefined))
      )
      const projected = JSON.stringify(readProjected(bytes, reportProjection(format)))
      // Descriptions, references and the like are skipped: most of the report is never built.
      expect(projected.length).toBeLessThan(text.length / 2)
      expect(projected).not.toMatch(/"(description|Description|References)"/)
    }
  )

  it.each(samples.filter(file => /\.json$/.test(file)))(
    '%s: no edit makes it accept what JSON.parse refuses, or read a value JSON.parse does not',
    file => {
      const original = readFileSync(file)
      const projection = reportProjection(undefined)
      const next = random(original.length)
      let accepted = 0
      let refused = 0
      for (let run = 0; run < 300; run++) {
        const bytes = mutate(original, next)
        const read = readBoth(bytes, projection)
        const parsed = jsonParse(bytes)
        if (read === undefined) {
          refused++
          // Refusing is always safe (JSON.parse decides), but valid UTF-8 JSON is read, not refused.
          if (parsed.ok && Buffer.from(bytes.toString('utf8')).equals(bytes))
            expect({ file, run, refusedValid: true }).toEqual({ file, run, refusedValid: false })
          continue
        }
        accepted++
        if (!parsed.ok)
          expect({ file, run, acceptedInvalid: true }).toEqual({ file, run, acceptedInvalid: false })
        else if (!isDeepStrictEqual(read, project(parsed.value, projection)))
          expect({ file, run, read }).toEqual({ file, run, read: project(parsed.value, projection) })
      }
      // The edits reach both verdicts (else this test would prove nothing).
      expect(accepted).toBeGreaterThan(0)
      expect(refused).toBeGreaterThan(0)
    }
  )

  it.each([
    ['a trailing comma in an object', '{"a":1,}'],
    ['a trailing comma in an array', '[1,]'],
    ['a leading zero', '{"a":01}'],
    ['a bare decimal point', '{"a":1.}'],
    ['an exponent without digits', '{"a":1e}'],
    ['a raw newline in a skipped string', '{"skipped":"a\nb","ok":true}'],
    ['a raw tab in a skipped key', '{"a\tb":1}'],
    ['an unknown escape in a skipped string', '{"skipped":"\\x41"}'],
    ['a short \\u escape', '{"skipped":"\\u12"}'],
    ['an unclosed string', '{"skipped":"abc'],
    ['an unclosed object', '{"a":1'],
    ['a misspelt literal', '{"a":nul}'],
    ['text after the document', '{"a":1} x'],
    ['two documents', '{} {}'],
    ['a single-quoted string', "{'a':1}"],
    ['a byte-order mark', '\ufeff{"a":1}'],
    ['nothing', ''],
    ['only spaces', '  \n '],
    ['nesting deeper than the stack', '['.repeat(200_000) + ']'.repeat(200_000)]
  ])('leaves %s to JSON.parse', (_case, text) => {
    const bytes = Buffer.from(text)
    expect(readBoth(bytes, KEEP)).toBeUndefined()
    expect(readBoth(bytes, projectionOf(z.looseObject({ ok: z.boolean() })))).toBeUndefined()
  })

  it('leaves bytes that are not UTF-8 to JSON.parse, which reads them as before (replacement characters)', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"matches":[],"x":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}')
    ])
    expect(readBoth(bytes, KEEP)).toBeUndefined()
    expect(parseReport(bytes)).toEqual(parseReport(bytes.toString('utf8')))
  })

  it('reads escapes, numbers, non-ASCII text, duplicate and __proto__ fields as JSON.parse does', () => {
    const text =
      '{"s":"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\ud800","w":"żółć ’","n":[0,-0,1.5e3,-2E-2,123456789012345678901234567890],' +
      '"t":true,"f":false,"z":null,"d":1,"d":2,"__proto__":{"x":1},"nested":{"a":[{"b":"c"}],"__proto__":[1]}}'
    const bytes = Buffer.from(text)
    const read = readBoth(bytes, KEEP)
    expect(isDeepStrictEqual(read, JSON.parse(text))).toBe(true)
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype)
    expect(Object.hasOwn(read as object, '__proto__')).toBe(true)
    const projection = projectionOf(
      z.looseObject({ nested: z.looseObject({ a: z.array(z.looseObject({})) }), d: z.number() })
    )
    expect(readBoth(bytes, projection)).toEqual({ d: 2, nested: { a: [{}] } })
  })

  it('keeps whole what a schema could read as a whole, and merges what several schemas read', () => {
    expect(projectionOf(z.unknown())).toBe(KEEP)
    expect(projectionOf(z.strictObject({ a: z.string() }))).toBe(KEEP)
    const record = projectionOf(z.record(z.string(), z.looseObject({ v: z.number() })))
    expect(readProjected(Buffer.from('{"x":{"v":1,"w":2},"y":{}}'), record)).toEqual({ x: { v: 1 }, y: {} })
    const union = projectionOf(
      z.union([z.array(z.looseObject({ a: z.string() })), z.looseObject({ b: z.string(), c: z.unknown() })])
    )
    const doc = '{"a":"1","b":"2","c":{"deep":[1]},"d":"3"}'
    expect(readProjected(Buffer.from(doc), union)).toEqual({ b: '2', c: { deep: [1] } })
    expect(readProjected(Buffer.from(`[${doc}]`), union)).toEqual([{ a: '1' }])
    // An object where a scalar is expected is kept whole: the schema says what is wrong with it.
    expect(readProjected(Buffer.from('{"b":{"x":1}}'), union)).toEqual({ b: { x: 1 } })
    expect(mergeProjections(KEEP, union)).toBe(KEEP)
  })

  it('hands each value of a schema given a transform to it once read, with its place in its array', () => {
    const seen: Array<[unknown, number]> = []
    const item = z.looseObject({ a: z.number() })
    const schema = z.looseObject({ list: z.array(item), one: item })
    const transform = (value: unknown, index: number): unknown => {
      seen.push([value, index])
      return `#${index}`
    }
    const projection = projectionOf(schema, new Map([[item, transform]]))
    const read = readBoth(
      Buffer.from('{"list":[{"a":1,"b":2},{"a":2}],"one":{"a":3},"list2":[{"a":4}]}'),
      projection
    )
    expect(read).toEqual({ list: ['#0', '#1'], one: '#-1' })
    expect(seen.slice(0, 3)).toEqual([
      [{ a: 1 }, 0],
      [{ a: 2 }, 1],
      [{ a: 3 }, -1]
    ])
    // Merged projections keep a transform; two different transforms of one value are a mistake.
    const plain = projectionOf(schema)
    expect(mergeProjections(plain, projection).fields?.get('one')?.then).toBe(transform)
    const other = projectionOf(schema, new Map([[item, (value: unknown) => value]]))
    expect(() => mergeProjections(projection, other)).toThrow(/Two transforms/)
  })

  it.each(['snyk', 'trivy', 'grype', 'sarif'] as const)(
    'the %s projection reads every field the detection and its parser read',
    format => {
      const any = reportProjection(undefined)
      for (const name of ['$schema', 'version', 'SchemaVersion', 'ok', 'packageManager'])
        expect(any.fields?.has(name)).toBe(true)
      expect(reportProjection(format as ReportFormat).object || reportProjection(format).element).toBeTruthy()
    }
  )
})

/** The reader's value for `bytes` through windows of 1 to 8 bytes, each the same; undefined if refused. */
function readThroughWindows(bytes: Buffer, projection: Projection): unknown {
  const whole = readProjected(bytes, projection)
  for (let window = 1; window <= 8; window++)
    for (const chunk of [1, 2, 3, 7]) {
      const { source } = streamed(bytes, window, chunk)
      const read = readProjected(source, projection, window)
      if (!isDeepStrictEqual(read, whole))
        expect({ window, chunk, read }).toEqual({ window, chunk, read: whole })
    }
  return whole
}

describe('fast paths of the reader: UTF-8 checked per window, strings scanned to a sentinel, names matched as bytes', () => {
  const kept = projectionOf(z.looseObject({ k: z.string() }))
  /** `{"k":…,"s":…}`: a kept string and a skipped one, each holding `inner`, at every offset from a window's end. */
  const documents = (inner: Buffer): Buffer[] =>
    [0, 1, 2, 3, 4, 5].flatMap(pad => {
      const filler = Buffer.from('x'.repeat(pad))
      return [
        Buffer.concat([Buffer.from('{"k":"'), filler, inner, Buffer.from('"}')]),
        Buffer.concat([Buffer.from('{"s":"'), filler, inner, Buffer.from('","k":"ok"}')]),
        Buffer.concat([Buffer.from('{"k":"ok","'), filler, inner, Buffer.from('":1}')])
      ]
    })

  it.each([
    ['2-byte', 'é'],
    ['3-byte', '€'],
    ['4-byte', '😀'],
    ['mixed', 'żółć ’😀x€']
  ])('reads %s UTF-8 cut anywhere by the window as JSON.parse does', (_kind, text) => {
    for (const bytes of documents(Buffer.from(text)))
      expect(readThroughWindows(bytes, kept)).toEqual(project(JSON.parse(bytes.toString('utf8')), kept))
  })

  it.each([
    ['a lone continuation byte', [0x80]],
    ['an overlong form', [0xc0, 0xaf]],
    ['an overlong 3-byte form', [0xe0, 0x80, 0xaf]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a byte never in UTF-8', [0xff]],
    ['a sequence cut short', [0xe2, 0x82]],
    ['a lead byte and then ASCII', [0xe2, 0x41, 0x42]]
  ])('leaves %s to JSON.parse, wherever the window cuts it', (_kind, sequence) => {
    for (const bytes of documents(Buffer.from(sequence)))
      expect(readThroughWindows(bytes, kept)).toBeUndefined()
    // Cut short by the end of the document.
    expect(
      readThroughWindows(Buffer.concat([Buffer.from('{"k":"'), Buffer.from(sequence)]), kept)
    ).toBeUndefined()
  })

  it.each([0x00, 0x01, 0x09, 0x0a, 0x1f])(
    'refuses the control character %d in a string wherever the window ends (0 is the sentinel byte)',
    byte => {
      for (const bytes of documents(Buffer.from([byte])))
        expect(readThroughWindows(bytes, kept)).toBeUndefined()
    }
  )

  it('finds what ends a plain run at every byte of a word in long strings (read four bytes at a time)', () => {
    // Fillers long enough for the word-at-a-time scan, some of them outside ASCII (bytes past 0x7f in
    // every lane of a word), then a control character, an escape or the closing quote.
    const ends = [
      '\u0000',
      '\u0001',
      '\t',
      '\n',
      '\u001f',
      '\\n',
      '\\"',
      '\\\\',
      '\\u00e9',
      '"',
      ' ',
      '\u007f',
      'é'
    ]
    for (let length = 0; length <= 24; length++)
      for (const fill of ['x', 'é', '€x'])
        for (const end of ends) {
          const inner = Buffer.from(fill.repeat(length).slice(0, length) + end)
          for (const bytes of [
            Buffer.concat([Buffer.from('{"k":"'), inner, Buffer.from('"}')]),
            Buffer.concat([Buffer.from('{"s":"'), inner, Buffer.from('","k":"ok"}')])
          ]) {
            const parsed = jsonParse(bytes)
            const read = readThroughWindows(bytes, kept)
            if (!parsed.ok) expect(read).toBeUndefined()
            else expect(read).toEqual(project(parsed.value, kept))
          }
        }
  })

  it('matches field names as bytes: escaped, non-ASCII, prefixes and names of the same length', () => {
    const projection = projectionOf(
      z.looseObject({
        id: z.string(),
        ié: z.string(),
        '€': z.string(),
        idx: z.string(),
        ['__proto__']: z.unknown()
      })
    )
    const text =
      '{"i":"1","ic":"2","id":"3","idx":"4","idy":"5","ié":"6","€":"7","\\u0069d":"8","i\\u00e9":"9",' +
      '"\\u20ac":"10","":"11","\\"":"12","__proto__":{"a":1}}'
    const bytes = Buffer.from(text)
    const read = readThroughWindows(bytes, projection)
    expect(isDeepStrictEqual(read, project(JSON.parse(text), projection))).toBe(true)
    expect(read).toEqual({ id: '8', idx: '4', ié: '9', '€': '10', ['__proto__']: { a: 1 } })
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype)
  })

  it('hands out the same short strings again only when their bytes match', () => {
    // More distinct short strings than the reader keeps (so slots are taken over), each twice, of
    // lengths about the 48 bytes kept, some differing in one byte only, some outside ASCII.
    const next = random(17)
    const strings = Array.from({ length: 12_000 }, (_, index) => {
      const length = [0, 1, 2, 8, 47, 48, 49][index % 7]
      let text = ''
      while (text.length < length) text += 'abé€'[Math.floor(next() * 4)]
      return text.slice(0, length)
    })
    const twice = [...strings, ...strings.map(text => text.replace(/^a/, 'b'))]
    const text = JSON.stringify({ k: twice })
    const projection = projectionOf(z.looseObject({ k: z.array(z.string()) }))
    const read = readProjected(Buffer.from(text), projection)
    expect(isDeepStrictEqual(read, { k: twice })).toBe(true)
    const { source } = streamed(Buffer.from(text), 64, 61)
    expect(isDeepStrictEqual(readProjected(source, projection, 64), { k: twice })).toBe(true)
  })
})

describe('parseReport from bytes', () => {
  it('refuses what is not JSON with the same message as from text', () => {
    for (const text of ['Authentication failed', '{"a":1,}', '', '{"vulnerabilities": [}'])
      expect(() => parseReport(Buffer.from(text))).toThrow(
        (() => {
          try {
            parseReport(text)
          } catch (error) {
            return (error as Error).message
          }
          throw new Error('parsed')
        })()
      )
  })
})

describe('readReportFile (scanner: report)', () => {
  const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  const withFile = <T>(bytes: Buffer | string, check: (path: string) => T): T => {
    const dir = mkdtempSync(join(tmpdir(), 'report-file-'))
    try {
      writeFileSync(join(dir, 'report.json'), bytes)
      return check(join(dir, 'report.json'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  it.each([...samples, 'trivy', 'snyk'])(
    '%s: the same findings as from its text, and the sha256 of its bytes',
    name => {
      const bytes =
        name === 'trivy' || name === 'snyk' ? Buffer.from(LARGE_REPORTS[name](5000)) : readFileSync(name)
      withFile(bytes, path =>
        expect(readReportFile(path)).toEqual({
          report: parseReport(bytes.toString('utf8')),
          sha256: sha256(bytes)
        })
      )
    }
  )

  it('gives what it does not read to JSON.parse: not JSON is refused as before, bytes not UTF-8 are read as before', () => {
    withFile('Authentication failed', path =>
      expect(() => readReportFile(path)).toThrow(/^The scan report is not JSON/)
    )
    const latin1 = Buffer.concat([
      Buffer.from('{"matches":[{"artifact":{"name":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}}]}')
    ])
    withFile(latin1, path =>
      expect(readReportFile(path)).toEqual({
        report: parseReport(latin1.toString('utf8')),
        sha256: sha256(latin1)
      })
    )
  })

  /** A Snyk vulnerability, one dependency path of it. */
  const vuln = (id: string, from: string[], extra: object = {}): object => ({
    id,
    title: `t ${id}`,
    severity: 'high',
    packageName: 'p',
    version: '1',
    from,
    description: 'skipped',
    ...extra
  })

  it.each([
    [
      'repeats within a list and across lists, the project and base image after the vulnerabilities',
      {
        applications: [
          {
            vulnerabilities: [
              vuln('A', ['app', 'x', 'p@1']),
              vuln('S', ['app', 'y', 'p@1'], { fixedIn: ['3'] })
            ],
            packageManager: 'npm'
          }
        ],
        vulnerabilities: [
          vuln('S', ['img', 'p@1'], { fixedIn: ['2', '3'], packageManager: 'npm' }),
          vuln('B', ['img', 'q@1']),
          vuln('S', ['img', 'z', 'p@1'], { fixedIn: ['1'], isUpgradable: true }),
          vuln('S', ['img', 'p@1']),
          vuln('B', ['img', 'q@1'], { dockerBaseImage: 'alpine' })
        ],
        packageManager: 'apk',
        ok: false,
        docker: { baseImage: 'alpine:3', baseImageRemediation: { advice: [{ message: 'upgrade' }] } }
      }
    ],
    [
      'a list of projects',
      [
        { vulnerabilities: [vuln('A', ['a', 'b']), vuln('A', ['a', 'c'])], packageManager: 'deb' },
        { vulnerabilities: [], path: 'x' },
        { vulnerabilities: [vuln('A', ['a', 'd']), vuln('C', [])], docker: { baseImage: 'debian' } }
      ]
    ],
    [
      'origins from the vulnerability, the project or the base image, and no base image',
      {
        vulnerabilities: [
          vuln('O', ['img', 'o@1'], { packageManager: 'deb' }),
          vuln('N', ['img', 'n@1'], { packageManager: 'npm' }),
          vuln('P', ['img', 'q@1']),
          vuln('D', ['img', 'd@1'], { packageManager: 'npm', dockerBaseImage: true })
        ],
        packageManager: 'rpm',
        ok: false
      }
    ],
    [
      'repeats with lists of paths, new and known fixed versions, shared texts and `|` in ids',
      {
        vulnerabilities: [
          vuln('L', [['img', 'a', 'p@1'], ['img', 'b', 'p@1'], ['img'], ['img', 'a', 'p@1']] as never),
          vuln('L', [['img', 'c', 'p@1']] as never, { fixedIn: '2', nearestFixedInVersion: 2 }),
          vuln('M', ['img', 'a', 'p@1'], { fixedIn: ['2', '2'], isPatchable: true }),
          vuln('M', ['img', 'a', 'p@1'], { fixedIn: [] }),
          vuln('M', ['img', 'b', 'p@1'], { nearestFixedInVersion: '2' }),
          vuln('M', ['img', 'c', 'p@1'], { fixedIn: ['4'] }),
          vuln('K|1', ['img', 'a', 'p@1'], { packageName: 'p|q', fixedIn: [] }),
          vuln('K', ['img', 'b', 'p@1'], { packageName: 'q|p' }),
          vuln('K|1', ['img', 'c', 'p@1'], { packageName: 'p|q', nearestFixedInVersion: '5' }),
          vuln('E', ['img']),
          vuln('E', [])
        ],
        packageManager: 'apk',
        ok: false,
        docker: { baseImage: 'alpine:3' }
      }
    ],
    ['no vulnerabilities', { vulnerabilities: [], ok: true }]
  ])('Snyk findings made as they are read equal those of the plain reading: %s', (_case, json) => {
    const text = JSON.stringify(json)
    // Read as findings (not left to the plain reading), to the same report.
    expect(reportFromRead(readAsFindings(Buffer.from(text)))).toEqual(parseReport(text))
    withFile(text, path =>
      expect(readReportFile(path)).toEqual({ report: parseReport(text), sha256: sha256(Buffer.from(text)) })
    )
  })

  it.each([
    [
      'a vulnerability that does not fit',
      { vulnerabilities: [vuln('A', ['a']), vuln('B', ['b'], { cvssScore: 'high' })], ok: false }
    ],
    ['an item that is not a vulnerability', { vulnerabilities: [vuln('A', ['a']), 'B'], ok: false }],
    [
      'a project that does not fit',
      { vulnerabilities: [vuln('A', ['a'])], ok: false, docker: { baseImage: { name: 'x' } } }
    ],
    [
      'an application that does not fit',
      { vulnerabilities: [vuln('A', ['a'])], ok: false, applications: [7] }
    ],
    ['vulnerabilities that are not a list', { vulnerabilities: { id: 'A' }, packageManager: 'apk' }],
    ['an error report', { vulnerabilities: [vuln('A', ['a'])], ok: false, error: 'no such image' }]
  ])('a Snyk report with %s is refused with the words of the plain reading', (_case, json) => {
    const text = JSON.stringify(json)
    const messageOf = (read: () => unknown): string => {
      try {
        read()
      } catch (error) {
        return (error as Error).message
      }
      throw new Error('read')
    }
    // Left to the plain reading (or refused the same way).
    if (!/error report/.test(_case)) expect(reportFromRead(readAsFindings(Buffer.from(text)))).toBeUndefined()
    // zod words the first error of a process with less detail than the next ones (src/lib/oci/json.ts).
    messageOf(() => parseReport(text))
    withFile(text, path =>
      expect(messageOf(() => readReportFile(path))).toBe(messageOf(() => parseReport(text)))
    )
  })

  it('never takes a vulnerability the reading did not make a finding of for one (fail closed)', () => {
    const json = { vulnerabilities: [vuln('A', ['img', 'a@1'])], ok: false }
    const made = readAsFindings(Buffer.from(JSON.stringify(json)))
    expect(made?.made).toBe(1)
    // The same report as if no transform had seen its list: the plain reading decides it.
    expect(reportFromRead({ json, misfits: 0, made: 0 })).toBeUndefined()
    // A finding made that is not in the report's lists: refused too.
    expect(reportFromRead({ json: made?.json, misfits: 0, made: 2 })).toBeUndefined()
    expect(reportFromRead(made)).toEqual(parseReport(JSON.stringify(json)))
  })

  it('says which report file cannot be read', () => {
    expect(() => readReportFile('/nonexistent/report.json')).toThrow(
      /^report-file \/nonexistent\/report.json cannot be read: .*ENOENT/
    )
    expect(() => readReportFile(tmpdir())).toThrow(/cannot be read: .*EISDIR/)
  })
})

describe('what the reader does for V8 (no change to what it reads)', () => {
  it('reads its warm-up document through a window of a few bytes as JSON.parse does', () => {
    expect(warmUp()).toEqual({
      keep: [
        1,
        -2500,
        0.25,
        true,
        false,
        null,
        'short',
        'a text longer than forty-eight bytes, kept as it is',
        'esc\n"é',
        'é€𝄞'
      ],
      name: { x: [[]], y: {} },
      record: { any: { x: 1 }, more: { x: [2] } },
      whole: { w: [1] }
    })
  })

  it('reads numbers as Number() does, from their digits when short and without an exponent', () => {
    const fixed = ['0', '-0', '-0.0', '7.5', '10.0', '0.1', '0.30000000000000004', '9.999999999999999']
    const edges = ['123456789012345', '1234567890123456', '99999999999999.9', '0.000000000000001', '-12']
    const exponents = ['1e5', '-1.5E-3', '2.5e+300', '1e400', '-1e-400']
    const next = random(17)
    const drawn = Array.from({ length: 2000 }, () => {
      const digits = String(Math.floor(next() * 10 ** (1 + Math.floor(next() * 16))))
      const point = Math.floor(next() * (digits.length + 3))
      const text =
        point === 0
          ? digits
          : point >= digits.length
            ? `0.${'0'.repeat(point - digits.length)}${digits}`
            : `${digits.slice(0, -point)}.${digits.slice(-point)}`
      return next() < 0.5 ? `-${text}` : text
    })
    for (const text of [...fixed, ...edges, ...exponents, ...drawn]) {
      const read = readBoth(Buffer.from(`[${text}]`), { element: {} }) as number[]
      if (!Object.is(read[0], Number(text))) expect([text, read[0]]).toEqual([text, Number(text)])
    }
  })

  it('hands a transform objects of one shape: each field read, undefined where the document has none', () => {
    const seen: unknown[] = []
    const item = z.looseObject({ a: z.nullish(z.number()), b: z.nullish(z.string()) })
    const projection = projectionOf(
      z.array(item),
      new Map([
        [
          item,
          (value: unknown) => {
            seen.push(value)
            return value
          }
        ]
      ])
    )
    readBoth(Buffer.from('[{"b":"x","a":1,"c":2},{"a":2},{}]'), projection)
    expect(seen.slice(0, 3).map(value => Object.entries(value as object))).toEqual([
      [
        ['a', 1],
        ['b', 'x']
      ],
      [
        ['a', 2],
        ['b', undefined]
      ],
      [
        ['a', undefined],
        ['b', undefined]
      ]
    ])
    // A name objects inherit is left out where the document has none: undefined would hide what it reads as.
    const inherited = z.looseObject({ toString: z.unknown(), a: z.unknown() })
    const handed: unknown[] = []
    readBoth(
      Buffer.from('[{"a":1}]'),
      projectionOf(
        z.array(inherited),
        new Map([[inherited, (value: unknown) => handed.push(value) && value]])
      )
    )
    expect(Object.keys(handed[0] as object)).toEqual(['a'])
    // Without a transform, only the fields the document has, in its order, as JSON.parse makes them.
    expect(Object.keys(readProjected(Buffer.from('{"b":"x","a":1}'), projectionOf(item)) as object)).toEqual([
      'b',
      'a'
    ])
  })
})
