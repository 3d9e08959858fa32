/**
 * Registry text cannot become workflow commands: untrustedText in isolation, then a hostile
 * registry's error bodies and image labels logged the way the actions log them.
 */
import * as core from '@actions/core'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { checkBase } from '../../../src/lib/base-image/check.js'
import { baseImageLabels } from '../../../src/lib/base-image/labels.js'
import { parseDockerfile } from '../../../src/lib/dockerfile/parse.js'
import { MEDIA_TYPES } from '../../../src/lib/oci/media-types.js'
import { DEFAULT_RETRY, RegistryClient } from '../../../src/lib/registry/client.js'
import { untrustedText } from '../../../src/lib/untrusted-text.js'
import { type HostileServer, sha256, startHostileServer } from '../../support/hostile-registry.js'

/** What the runner would take for a command: `::` at a line's start (after spaces), `##[` anywhere. */
const COMMAND_LINE = /^\s*::|##\[/

describe('untrustedText', () => {
  it('leaves ordinary text alone', () => {
    const text = 'ghcr.io/acme/app:1.2 -> sha256:abc (MANIFEST_UNKNOWN: manifest unknown) 100% ✓ Ünïcödé'
    expect(untrustedText(text)).toBe(text)
  })

  it.each([
    ['a\n::add-mask::hunter2', 'a\\n::add-mask::hunter2'],
    ['a\r\n::warning::x', 'a\\n::warning::x'],
    ['a\r::error::x', 'a\\n::error::x'],
    ['::warning title=pwned::owned', '» ::warning title=pwned::owned'],
    ['   ::stop-commands::tok', '»    ::stop-commands::tok'],
    ['\t::group::x', '»  ::group::x'],
    ['text ##[add-mask]hunter2', 'text ## [add-mask]hunter2'],
    ['##[warning]x', '## [warning]x'],
    ['col\tumn', 'col umn'],
    ['\u001b[31mred\u001b[0m \u001b]8;;http://evil\u0007link', '[31mred[0m ]8;;http://evillink'],
    ['nul\u0000 del\u007f c1\u0085 ls\u2028 ps\u2029', 'nul del c1 ls ps'],
    ['bidi \u202eevil\u202c \u2066x\u2069', 'bidi evil x'],
    // A command hidden behind a dropped control character still cannot start the line.
    ['\u0000::add-mask::x', '» ::add-mask::x']
  ])('%j becomes %j', (input, expected) => {
    expect(untrustedText(input)).toBe(expected)
  })

  it('cuts long text and says how much was left out, without splitting a character', () => {
    expect(untrustedText('x'.repeat(5000), 10)).toBe('xxxxxxxxxx … (4990 more characters)')
    expect(untrustedText(`${'x'.repeat(9)}😀tail`, 10)).toBe(`${'x'.repeat(9)} … (6 more characters)`)
    expect(untrustedText('short', 10)).toBe('short')
  })

  it('never yields a line break or a command, whatever the pieces (randomised)', () => {
    const pieces = [
      '\n',
      '\r',
      '\r\n',
      ' ',
      '\t',
      ':',
      '::',
      '#',
      '##',
      '[',
      '##[',
      'add-mask',
      '\u2028',
      '\u001b',
      'x',
      '\u0000',
      '»'
    ]
    let seed = 12345
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    for (let run = 0; run < 2000; run++) {
      const text = Array.from({ length: random(12) }, () => pieces[random(pieces.length)]).join('')
      const safe = untrustedText(text)
      // eslint-disable-next-line no-control-regex
      expect(safe).not.toMatch(/[\n\r\u2028\u2029\u0000-\u0008\u000b-\u001f]/)
      expect(safe).not.toMatch(COMMAND_LINE)
      // Embedded anywhere in a line, it cannot start a new one either.
      expect(`prefix ${safe} suffix`.split('\n')).toHaveLength(1)
    }
  })
})

describe('a hostile registry’s text, logged', () => {
  const INJECTION =
    'denied\n::add-mask::hunter2\n::warning title=pwned::owned\n  ::error::x ##[add-mask]legacy'
  let registry: HostileServer
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Labels: { 'org.opencontainers.image.base.name': `base:1\n::add-mask::hunter2` } },
      rootfs: { type: 'layers', diff_ids: [] }
    })
  )

  beforeAll(async () => {
    registry = await startHostileServer((req, res) => {
      const path = req.url ?? ''
      if (path.includes('/manifests/plain'))
        return void res.writeHead(403, { 'content-type': 'text/plain' }).end(INJECTION)
      if (path.includes('/manifests/json'))
        return void res
          .writeHead(403, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ code: 'DENIED\n::error::code', message: INJECTION }] }))
      if (path.includes('/manifests/labelled'))
        return void res.writeHead(200, { 'content-type': MEDIA_TYPES.ociManifest }).end(
          JSON.stringify({
            schemaVersion: 2,
            mediaType: MEDIA_TYPES.ociManifest,
            config: {
              mediaType: 'application/vnd.oci.image.config.v1+json',
              digest: sha256(config),
              size: config.length
            },
            layers: []
          })
        )
      if (path.includes(`/blobs/${sha256(config)}`)) return void res.writeHead(200).end(config)
      if (path.includes('/manifests/not-json'))
        // No Content-Type: the client reads the media type from the body, which is not JSON.
        return void res.writeHead(200).end(`{"a": 1, ${INJECTION}`)
      // A HEAD without Docker-Content-Digest makes the client GET the manifest: that answer has a body.
      if (path.includes('/acme/base/') && req.method === 'HEAD') return void res.writeHead(200).end()
      res.writeHead(403).end(INJECTION)
    })
  })
  afterAll(() => registry.close())

  /** Everything core writes to stdout while `log` runs, as lines. */
  function logged(log: () => void): string[] {
    const lines: string[] = []
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      lines.push(...String(chunk).split(/\r\n|\n|\r/))
      return true
    })
    try {
      log()
    } finally {
      spy.mockRestore()
    }
    return lines.filter(line => line !== '')
  }

  async function failure(attack: () => Promise<unknown>): Promise<string> {
    return attack().then(
      () => {
        throw new Error('expected a failure')
      },
      (error: Error) => error.message
    )
  }

  const client = () =>
    new RegistryClient(registry.host, {
      credentials: new Map(),
      retry: { ...DEFAULT_RETRY, attempts: 1 }
    }).repository('team/app')

  it.each(['plain', 'json', 'not-json'])(
    'an error from a %s body, logged with core.info and core.warning, starts no line with ::',
    async tag => {
      const message = await failure(() => client().getManifest(tag))
      expect(message).toMatch(tag === 'not-json' ? /not valid JSON/ : /failed with HTTP 403/)
      const info = logged(() => core.info(message))
      expect(info).toHaveLength(1)
      expect(info[0]).not.toMatch(COMMAND_LINE)
      const warning = logged(() => core.warning(message))
      // One line: core's own ::warning:: command, with the message inside it.
      expect(warning).toHaveLength(1)
      expect(warning[0]).toMatch(/^::warning::/)
      expect(warning[0]).not.toMatch(/##\[/)
    }
  )

  it('check-base: a label with a command in it leaves a one-line detail', async () => {
    const result = await checkBase({
      image: `${registry.host}/team/app:labelled`,
      base: `${registry.host}/acme/base:1`
    })
    expect(result.status).toBe('error')
    expect(result.detail).toMatch(/Invalid image reference "base:1\\n::add-mask::hunter2"/)
    expect(logged(() => core.info(`${result.status} ${result.image}: ${result.detail}`))).toHaveLength(1)
  })

  it('check-base: a registry error for the image leaves a one-line detail', async () => {
    const result = await checkBase({ image: `${registry.host}/team/app:plain` })
    expect(result.status).toBe('error')
    const lines = logged(() => core.info(result.detail))
    expect(lines).toHaveLength(1)
    expect(lines[0]).not.toMatch(COMMAND_LINE)
  })

  it('build-with-cache base labels: the skipped note is one harmless line', async () => {
    const { labels, note } = await baseImageLabels(
      parseDockerfile(`FROM ${registry.host}/acme/base:1\n`),
      undefined,
      {
        credentials: new Map(),
        retry: { ...DEFAULT_RETRY, attempts: 1 }
      }
    )
    expect(labels).toEqual({})
    expect(note).toMatch(/^base image labels skipped: .*GET .*HTTP 403 \(denied\\n::add-mask::/)
    const lines = logged(() => core.info(note))
    expect(lines).toHaveLength(1)
    expect(lines[0]).not.toMatch(COMMAND_LINE)
  })
})
