import { describe, expect, it } from '@jest/globals'
import { finalBase, parseDockerfile, stageNames, substitute } from '../../../src/lib/dockerfile/parse.js'

const MULTI = `# syntax=docker/dockerfile:1
ARG BASE_IMAGE=registry.example.com/base/node:20
ARG TAG
FROM --platform=$BUILDPLATFORM \${BASE_IMAGE} AS Builder
RUN npm ci \\
    --omit=dev
FROM builder as test
FROM scratch AS empty
FROM \${BASE_IMAGE%%:*}:\${TAG:-latest} AS runtime
FROM runtime AS production
CMD ["node"]
`

describe('Dockerfile parser', () => {
  it('finds named stages (lower-cased), line numbers and substituted bases', () => {
    const dockerfile = parseDockerfile(MULTI)
    expect(stageNames(dockerfile)).toEqual(['builder', 'test', 'empty', 'runtime', 'production'])
    expect(dockerfile.stages[0]).toMatchObject({ from: 'registry.example.com/base/node:20', line: 4 })
  })

  it('follows stage aliases to the external base of a target', () => {
    const dockerfile = parseDockerfile(MULTI)
    expect(finalBase(dockerfile, 'test')).toEqual({ image: 'registry.example.com/base/node:20', line: 4 })
    expect(finalBase(dockerfile, 'empty')).toBeUndefined()
  })

  it('build args override ARG defaults', () => {
    const dockerfile = parseDockerfile(
      'ARG BASE=a/b:1\nFROM $BASE\n',
      new Map([['BASE', '127.0.0.1:5000/base/busybox:2']])
    )
    expect(finalBase(dockerfile)).toEqual({ image: '127.0.0.1:5000/base/busybox:2', line: 2 })
  })

  it.each([
    ['${A}', 'x'],
    ['${MISSING:-fallback}', 'fallback'],
    ['${A:+set}', 'set'],
    ['$A/$B', 'x/'],
    ['no vars', 'no vars']
  ])('substitutes %s', (text, expected) => {
    expect(substitute(text, new Map([['A', 'x']]))).toBe(expected)
  })
})
