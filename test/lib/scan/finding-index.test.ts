import { describe, expect, it } from '@jest/globals'
import {
  type Finding,
  FindingIndex,
  SharedParts,
  dedupe,
  findingKey,
  mergeRepeat
} from '../../../src/lib/scan/model.js'
import { random } from '../../support/random.js'

/** Short texts over an alphabet with `|`, so that different parts often make one findingKey. */
const texts = (next: () => number, bar: boolean): string =>
  Array.from({ length: Math.floor(next() * 3) }, () => (bar ? 'a|' : 'ab')[Math.floor(next() * 2)]).join('')

const parts = (next: () => number, bar: boolean): [string, string, string] => [
  texts(next, bar),
  texts(next, bar),
  texts(next, bar)
]

describe('FindingIndex (a map by findingKey that builds no key)', () => {
  it.each([false, true])('answers as a Map by findingKey does (texts with `|`: %s)', bar => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed)
      const index = new FindingIndex<number>()
      const reference = new Map<string, number>()
      // Texts with `|` only from some point on, as in a report whose later findings have them.
      const from = Math.floor(next() * 60)
      for (let step = 0; step < 60; step++) {
        const [id, pkg, version] = parts(next, bar && step >= from)
        const key = findingKey({ id, package: pkg, installedVersion: version })
        expect(index.get(id, pkg, version)).toBe(reference.get(key))
        if (next() < 0.6) {
          index.set(id, pkg, version, step)
          reference.set(key, step)
        }
      }
    }
  })
})

describe('SharedParts', () => {
  it('hands out the first equal text, and one list per text of one item or none', () => {
    const shared = new SharedParts()
    const first = ['a', 'b'].join('>')
    expect(shared.text(first)).toBe(first)
    expect(shared.text(['a', 'b'].join('>'))).toBe(first)
    const one = shared.one('x')
    expect(one).toEqual(['x'])
    expect(shared.one(['x'][0])).toBe(one)
    expect(shared.list(['x'])).toBe(one)
    expect(shared.list([])).toBe(shared.list([]))
    const two = ['x', 'y']
    expect(shared.list(two)).toBe(two)
  })

  it('is safe to share: merging a repeat replaces a list, never changes it', () => {
    const shared = new SharedParts()
    const make = (id: string): Finding => ({
      id,
      aliases: [],
      title: 't',
      severity: 'high',
      package: 'p',
      installedVersion: '1',
      fixedVersions: shared.one('2'),
      upgradable: true,
      introducedThrough: shared.one('a > p'),
      origin: 'os'
    })
    const [one, other] = [make('A'), make('B')]
    mergeRepeat(one, { introducedThrough: ['b > p'], fixedVersions: ['3'], upgradable: true })
    expect(one.introducedThrough).toEqual(['a > p', 'b > p'])
    expect(one.fixedVersions).toEqual(['2', '3'])
    expect(other.introducedThrough).toEqual(['a > p'])
    expect(other.fixedVersions).toEqual(['2'])
  })
})

describe('dedupe and mergeRepeat', () => {
  const finding = (id: string, pkg: string, version: string, paths: string[], fixed: string[]): Finding => ({
    id,
    aliases: [],
    title: 't',
    severity: 'high',
    package: pkg,
    installedVersion: version,
    fixedVersions: fixed,
    upgradable: false,
    introducedThrough: paths,
    origin: 'os'
  })

  /** dedupe as it was written with findingKey's texts: what the index must not change. */
  function byKeys(findings: Finding[]): Finding[] {
    const byKey = new Map<string, Finding>()
    for (const one of findings) {
      const key = findingKey(one)
      const existing = byKey.get(key)
      if (!existing) byKey.set(key, one)
      else {
        const copy = { ...existing }
        copy.introducedThrough = [...new Set([...existing.introducedThrough, ...one.introducedThrough])]
        copy.fixedVersions = [...new Set([...existing.fixedVersions, ...one.fixedVersions])]
        byKey.set(key, copy)
      }
    }
    return [...byKey.values()]
  }

  it('merges the findings findingKey makes one, `|` in their texts or not', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed)
      const findings = Array.from({ length: 30 }, (_, index) =>
        finding(...parts(next, index > 10), [`p${Math.floor(next() * 3)}`], [`v${Math.floor(next() * 3)}`])
      )
      expect(dedupe(findings)).toEqual(byKeys(findings))
    }
  })

  it('keeps a list that merging would leave the same, and replaces one that changes', () => {
    const into = finding('A', 'p', '1', ['x'], ['2'])
    const [paths, fixed] = [into.introducedThrough, into.fixedVersions]
    mergeRepeat(into, { introducedThrough: ['x'], fixedVersions: ['2'], upgradable: false })
    expect(into.introducedThrough).toBe(paths)
    expect(into.fixedVersions).toBe(fixed)
    mergeRepeat(into, { introducedThrough: ['y', 'x', 'y'], fixedVersions: ['3', '2'], upgradable: true })
    expect(into).toMatchObject({ introducedThrough: ['x', 'y'], fixedVersions: ['2', '3'], upgradable: true })
    expect(paths).toEqual(['x'])
    expect(fixed).toEqual(['2'])
    // A list with a repeat in it comes out without it, as unique() makes it.
    const repeated = finding('A', 'p', '1', [], ['2', '2'])
    mergeRepeat(repeated, { introducedThrough: [], fixedVersions: ['2'], upgradable: false })
    expect(repeated.fixedVersions).toEqual(['2'])
  })
})
