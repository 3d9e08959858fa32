import { describe, expect, it } from '@jest/globals'
import { isOwnAction, mutableOwnRefs, pinOwnActions } from '../../scripts/release.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'
const OLD = 'fedcba9876543210fedcba9876543210fedcba98'

const WORKFLOW = `name: build
# Call it as:
#   uses: acme/docker-actions/.github/workflows/build.yml@v1
on:
  workflow_call:
permissions:
  contents: read
jobs:
  reuse:
    uses: acme/docker-actions/.github/workflows/build.yml@v1
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - name: Build
        uses: acme/docker-actions@v1
        with:
          images: ghcr.io/acme/app
      - uses: "<org>/docker-actions/actions/promote@v1.2" # promote by digest
      - uses: 'acme/Docker-Actions/actions/scan-image@main'
      - uses: acme/docker-actions-extra/thing@v1
      - uses: ./actions/local
      - uses: docker://alpine:3
      - uses: acme/docker-actions/actions/verify-image@${OLD} # v0.9
`

describe('release: pin the own actions', () => {
  it('rewrites every own reference to @<sha> # <tag>, and nothing else', () => {
    expect(pinOwnActions(WORKFLOW, SHA)).toBe(
      WORKFLOW.replace(
        'uses: acme/docker-actions/.github/workflows/build.yml@v1\n  build',
        `uses: acme/docker-actions/.github/workflows/build.yml@${SHA} # v1\n  build`
      )
        .replace('uses: acme/docker-actions@v1', `uses: acme/docker-actions@${SHA} # v1`)
        .replace(
          'uses: "<org>/docker-actions/actions/promote@v1.2" # promote by digest',
          `uses: "<org>/docker-actions/actions/promote@${SHA}" # v1.2 promote by digest`
        )
        .replace(
          "uses: 'acme/Docker-Actions/actions/scan-image@main'",
          `uses: 'acme/Docker-Actions/actions/scan-image@${SHA}' # main`
        )
        .replace(`verify-image@${OLD} # v0.9`, `verify-image@${SHA} # v0.9`)
    )
  })

  it('leaves comments, third-party, local and docker actions alone; CRLF files keep their line ends', () => {
    const pinned = pinOwnActions(WORKFLOW.replace(/\n/g, '\r\n'), SHA)
    expect(pinned).toContain('#   uses: acme/docker-actions/.github/workflows/build.yml@v1\r\n')
    expect(pinned).toContain('uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\r\n')
    expect(pinned).toContain('uses: acme/docker-actions-extra/thing@v1\r\n')
    expect(pinned).toContain(`uses: acme/docker-actions@${SHA} # v1\r\n`)
    expect(pinned.split('\r\n')).toHaveLength(WORKFLOW.split('\n').length)
  })

  it('is idempotent and re-pins to the next release', () => {
    const once = pinOwnActions(WORKFLOW, SHA)
    expect(pinOwnActions(once, SHA)).toBe(once)
    expect(pinOwnActions(once, OLD)).toBe(pinOwnActions(WORKFLOW, OLD))
  })

  it('a configurable repository name', () => {
    const text = 'jobs:\n  a:\n    uses: acme/pipelines/.github/workflows/x.yml@v2\n'
    expect(pinOwnActions(text, SHA, 'pipelines')).toBe(
      `jobs:\n  a:\n    uses: acme/pipelines/.github/workflows/x.yml@${SHA} # v2\n`
    )
    expect(pinOwnActions(text, SHA)).toBe(text)
  })

  it('refuses a reference it cannot rewrite on its line (flow mapping) or a uses: inside a script', () => {
    const flow = 'jobs:\n  a:\n    runs-on: x\n    steps:\n      - { uses: acme/docker-actions@v1 }\n'
    expect(() => pinOwnActions(flow, SHA)).toThrow(/pin them by hand/)
    const script =
      'jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          uses: acme/docker-actions@v1\n'
    expect(() => pinOwnActions(script, SHA)).toThrow(/pin them by hand/)
  })

  it('refuses anything but a full SHA', () => {
    expect(() => pinOwnActions(WORKFLOW, 'v1')).toThrow(/not a full 40-character/)
    expect(() => pinOwnActions(WORKFLOW, SHA.slice(0, 12))).toThrow(/not a full 40-character/)
  })
})

describe('release --check', () => {
  it('lists each own reference by a tag or branch; none once pinned', () => {
    expect(mutableOwnRefs(WORKFLOW)).toEqual([
      'acme/docker-actions/.github/workflows/build.yml@v1',
      'acme/docker-actions@v1',
      '<org>/docker-actions/actions/promote@v1.2',
      'acme/Docker-Actions/actions/scan-image@main'
    ])
    expect(mutableOwnRefs(pinOwnActions(WORKFLOW, SHA))).toEqual([])
  })

  it.each([
    ['acme/docker-actions', true],
    ['<org>/docker-actions/build', true],
    ['acme/docker-actions-extra', false],
    ['./docker-actions', false],
    ['docker://docker-actions', false],
    ['docker-actions', false]
  ])('%s is own: %s', (action, own) => {
    expect(isOwnAction(action, 'docker-actions')).toBe(own)
  })
})
