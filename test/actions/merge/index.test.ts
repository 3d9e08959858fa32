import { describe, expect, it } from '@jest/globals'
import { annotationsFromLabels, imageIndex } from '../../../src/lib/oci/image-index.js'
import { parseMergeSources } from '../../../src/lib/platform/digests.js'

const D = (c: string): string => `sha256:${c.repeat(64)}`
const REPO = 'ghcr.io/acme/app'
const entry = (architecture: string, digest: string, variant?: string) => ({
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  digest,
  size: 527,
  platform: { os: 'linux', architecture, ...(variant ? { variant } : {}) }
})

describe('the merge input: platform-digests arrays and references', () => {
  it('reads arrays one per line, concatenated, and references; platforms normalised', () => {
    const text = [
      `[{"platform":"linux/amd64","digest":"${D('a')}"}][{"platform":"LINUX/ARM64/v8","digest":"${D('b')}"}]`,
      '# a comment',
      `${REPO}@${D('c')}`,
      D('d'),
      ''
    ].join('\n')
    expect(parseMergeSources(text, REPO, 'Input "digests"')).toEqual([
      { digest: D('a'), platform: { os: 'linux', architecture: 'amd64' } },
      { digest: D('b'), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { digest: D('c') },
      { digest: D('d') }
    ])
  })

  it('takes the output of a job as it is, pretty-printed or not', () => {
    const pretty = JSON.stringify([{ platform: 'linux/amd64', digest: D('a') }], null, 2)
    expect(parseMergeSources(`${pretty}\n`, REPO, 'Input "digests"')).toHaveLength(1)
  })

  it.each([
    ['', /Input "digests": none given/],
    ['[{"platform":"linux/amd64"', /a JSON array is not closed/],
    ['[{"platform":"linux/amd64","digest":"sha256:nope"}]', /digest: not a digest/],
    ['[{"platform":"linux","digest":"' + D('a') + '"}]', /"linux" is not a platform/],
    [`ghcr.io/acme/other@${D('a')}`, /is in ghcr.io\/acme\/other, not in ghcr.io\/acme\/app/],
    [`${REPO}:main`, /has no digest/]
  ])('refuses %j', (text, message) => {
    expect(() => parseMergeSources(text, REPO, 'Input "digests"')).toThrow(message)
  })
})

describe('the image index', () => {
  it('one descriptor per platform, sorted, with annotations: the same entries give the same bytes', () => {
    const one = imageIndex([entry('arm64', D('b'), 'v8'), entry('amd64', D('a'))], { z: '1', a: '2' })
    const two = imageIndex([entry('amd64', D('a')), entry('arm64', D('b'), 'v8')], { a: '2', z: '1' })
    expect(one.digest).toBe(two.digest)
    expect(JSON.parse(one.body.toString('utf8'))).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { ...entry('amd64', D('a')), platform: { architecture: 'amd64', os: 'linux' } },
        { ...entry('arm64', D('b')), platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } }
      ],
      annotations: { a: '2', z: '1' }
    })
    expect(JSON.parse(imageIndex([entry('amd64', D('a'))]).body.toString('utf8'))).not.toHaveProperty(
      'annotations'
    )
  })

  it('refuses two images for one platform; the same image twice is one', () => {
    expect(() => imageIndex([entry('amd64', D('a')), entry('amd64', D('b'))])).toThrow(
      /Two images for linux\/amd64/
    )
    expect(imageIndex([entry('amd64', D('a')), entry('amd64', D('a'))]).entries).toHaveLength(1)
    expect(() => imageIndex([])).toThrow(/at least one platform image/)
  })

  it('takes description, source, revision and created from the labels, nothing else', () => {
    expect(
      annotationsFromLabels({
        'org.opencontainers.image.source': 'https://github.com/acme/app',
        'org.opencontainers.image.title': 'app',
        'org.opencontainers.image.created': '2026-11-25T10:00:00Z'
      })
    ).toEqual({
      'org.opencontainers.image.source': 'https://github.com/acme/app',
      'org.opencontainers.image.created': '2026-11-25T10:00:00Z'
    })
    expect(annotationsFromLabels(null)).toEqual({})
  })
})
