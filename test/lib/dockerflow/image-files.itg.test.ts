/**
 * The files the static checks judge are read from the image in one copy of the container's root
 * where the engine allows it (each copy costs Docker 20.10 a re-execution of itself): on the real
 * engine, through its API and through the docker CLI, the same files as the per-directory copies
 * they replace, and the fallbacks (a large directory on the way, a symlinked /app, no /app) read
 * what they always read.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { labelFor, newRunId } from '../../../src/lib/dockerflow/cleanup.js'
import type { VerifyEngine } from '../../../src/lib/dockerflow/engine.js'
import { MAX_OTHER_BYTES, readImageFiles } from '../../../src/lib/dockerflow/image-files.js'
import { docker, testBench } from '../../support/bench.js'
import { verifyEngines } from '../../support/verify-engines.js'

/** The engine, with the paths it was asked to copy recorded. */
function counting(engine: VerifyEngine, copies: string[]): VerifyEngine {
  return {
    ...engine,
    copyOut: (container, path, keep, stop) => {
      copies.push(path)
      return engine.copyOut(container, path, keep, stop)
    }
  }
}

const VERSION = '{"source":"s","version":"v","commit":"c","build":"b"}'
const ACCOUNTS = [
  "RUN echo 'app:x:10001:10001:app:/app:/bin/sh' >> /etc/passwd && echo 'app:x:10001:' >> /etc/group"
]
const APP = [
  `RUN mkdir -p /app/bin && echo '${VERSION}' > /app/version.json && touch /app/bin/run /app/README`
]

async function build(name: string, lines: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `image-files-${name}-`))
  writeFileSync(join(dir, 'Dockerfile'), [`FROM ${testBench().baseImage}`, ...lines, ''].join('\n'))
  const tag = `image-files:${name}`
  await docker(['build', '--quiet', '--network', 'host', '--tag', tag, dir])
  return tag
}

const runIds: string[] = []

async function labelled(runId: string): Promise<string[]> {
  const out = await docker(['ps', '--all', '--quiet', '--filter', `label=${labelFor(runId)}`])
  return out.split('\n').filter(Boolean)
}

describe('the image files the static checks judge, from one copy of the root', () => {
  const images: Record<string, string> = {}

  beforeAll(async () => {
    images.app = await build('app', [...ACCOUNTS, ...APP])
    // /data sorts between /app and /etc: more than the budget of it, and /etc is copied on its own.
    images.data = await build('data', [
      ...ACCOUNTS,
      ...APP,
      `RUN mkdir /data && head -c ${MAX_OTHER_BYTES + 1024 * 1024} /dev/zero > /data/blob`
    ])
    images.linked = await build('linked', [
      ...ACCOUNTS,
      `RUN mkdir -p /srv/app/bin && echo '${VERSION}' > /srv/app/version.json && ln -s /srv/app /app`
    ])
    images.bare = await build('bare', ACCOUNTS)
  })

  afterAll(async () => {
    for (const runId of runIds) expect(await labelled(runId)).toEqual([])
  })

  const read = async (engine: VerifyEngine, image: string, copies: string[]) => {
    const runId = newRunId()
    runIds.push(runId)
    return readImageFiles(counting(engine, copies), image, runId)
  }

  it.each(verifyEngines())('%s: /etc and /app in one copy, read only as far as /etc', async (_, engine) => {
    const copies: string[] = []
    const files = await read(engine, images.app, copies)
    expect(copies).toEqual(['/'])
    expect(files.passwd).toMatch(/^root:x:0:0:/)
    expect(files.passwd).toContain('\napp:x:10001:10001:app:/app:/bin/sh\n')
    expect(files.group).toContain('\napp:x:10001:\n')
    expect(files.versionJson).toBe(`${VERSION}\n`)
    // bin/, bin/run and README: version.json is not counted.
    expect(files.appEntries).toBe(3)
  })

  it.each(verifyEngines())(
    '%s: a large directory on the way to /etc: the copy stops, /etc is copied on its own',
    async (_, engine) => {
      const copies: string[] = []
      const files = await read(engine, images.data, copies)
      expect(copies).toEqual(['/', '/etc'])
      const [reference] = verifyEngines()
      expect(files).toEqual(await read(reference[1], images.app, []))
    }
  )

  it.each(verifyEngines())(
    '%s: a symlinked /app: version.json is copied through the link, and /app holds no entries',
    async (_, engine) => {
      const copies: string[] = []
      const files = await read(engine, images.linked, copies)
      expect(copies).toEqual(['/', '/app/version.json'])
      expect(files.versionJson).toBe(`${VERSION}\n`)
      expect(files.appEntries).toBe(0)
      expect(files.passwd).toContain('\napp:x:10001:')
    }
  )

  it.each(verifyEngines())(
    '%s: no /app: no version.json and no /app entries; its absence confirmed by a copy of its own',
    async (_, engine) => {
      const copies: string[] = []
      const files = await read(engine, images.bare, copies)
      // A copy that stopped early is not trusted to say what is absent (the engine answers 404 at once).
      expect(copies).toEqual(['/', '/app'])
      expect(files.versionJson).toBeUndefined()
      expect(files.appEntries).toBeUndefined()
      expect(files.group).toContain('\napp:x:10001:')
    }
  )
})
