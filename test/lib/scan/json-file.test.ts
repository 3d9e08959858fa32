import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { quoted, writeIndentedJson, writeTextFile } from '../../../src/lib/scan/json-file.js'
import { LARGE_REPORTS } from './large-reports.js'
import { parseReport } from '../../../src/lib/scan/parsers.js'

const withDir = (check: (dir: string) => void): void => {
  const dir = mkdtempSync(join(tmpdir(), 'json-file-'))
  try {
    check(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** What writeIndentedJson wrote for `value`, against JSON.stringify(value, null, 2)'s bytes. */
function expectIndentedJson(value: unknown): void {
  withDir(dir => {
    writeIndentedJson(join(dir, 'out.json'), value)
    const written = readFileSync(join(dir, 'out.json'))
    const expected = Buffer.from(JSON.stringify(value, null, 2) ?? '')
    if (!written.equals(expected)) expect(written.toString('utf8')).toBe(expected.toString('utf8'))
  })
}

describe('JSON files written in pieces (json-file.ts)', () => {
  it.each([
    ['an empty object', {}],
    ['an empty array', []],
    ['a number', 1],
    ['a string', 'x'],
    ['null', null],
    ['an object without prototype', Object.create(null) as object],
    ['empty and nested arrays', { a: [], b: [[1, [2]], { c: { d: [] } }] }],
    [
      'what JSON.stringify leaves out or writes as null',
      { a: [undefined, () => 1, Symbol('s'), null], u: undefined, f: () => 1, s: Symbol('s'), n: NaN, i: -0 }
    ],
    [
      'text to escape and outside ASCII',
      { 'q"\u2028\ud800': 'x\ny\u0001\udc00 😀 żółć', [`k${'\\'}`]: ['"', '\u0000'] }
    ],
    ['dates and toJSON', { d: new Date(0), a: [new Date(0)], t: { toJSON: (key: string) => `key ${key}` } }],
    ['toJSON in an array', { x: [1, 2], y: [{ toJSON: (key: string) => `key ${key}` }] }],
    ['a sparse array', { a: Object.assign(new Array<number>(2), { 1: 1 }) }],
    [
      'an array whose items are not all plain',
      { a: [1, Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 })] }
    ],
    ['an array not of Array', { a: Object.setPrototypeOf([1, 2], Object.create(Array.prototype) as object) }]
  ])('writes %s as JSON.stringify(…, null, 2) does', (_case, value) => expectIndentedJson(value))

  it('writes a large normalized report, past the buffer many times, as JSON.stringify(…, null, 2) does', () => {
    const report = parseReport(LARGE_REPORTS.snyk(1000))
    expectIndentedJson({
      image: 'r/app',
      digest: undefined,
      findings: report.findings,
      long: 'é'.repeat(100_000)
    })
  })

  it('writes text through its buffer unchanged, however the pieces fall', () => {
    withDir(dir => {
      const pieces = Array.from(
        { length: 5000 },
        (_, index) => ['a', 'é', '€', '😀', 'x'.repeat(index % 97)][index % 5]
      )
      pieces.push('😀'.repeat(70_000))
      writeTextFile(join(dir, 'out.txt'), out => pieces.forEach(piece => out.write(piece)))
      expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe(pieces.join(''))
    })
  })

  it('quotes as JSON.stringify does', () => {
    for (const value of [
      '',
      'plain',
      '"',
      '\\',
      '\n',
      '\u001f',
      '\u007f',
      '\u2028',
      '\ud800',
      '😀',
      'é',
      undefined,
      1,
      null,
      true
    ])
      expect(quoted(value)).toBe(JSON.stringify(value))
  })
})
