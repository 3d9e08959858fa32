import { describe, expect, it } from '@jest/globals'
import { existsInRegistry } from '../../../src/lib/build/cache-refs.js'
import { pullBaseImages, pullCacheImages } from '../../../src/lib/docker/pull.js'
import { UserError } from '../../../src/lib/errors.js'
import { docker, inEngine, testBench, uniqueRepository } from '../../support/bench.js'

describe('pulling the cache images first (real engine + registry)', () => {
  const bench = testBench()
  const missing = (tag: string): string => `${bench.registry}/${uniqueRepository('bench/cache-pull')}:${tag}`

  it('asks the registry whether a ref exists: yes, no, or cannot tell', async () => {
    expect(await existsInRegistry(bench.baseImage)).toBe(true)
    expect(await existsInRegistry(missing('builder-main'))).toBe(false)
    // Nothing listens there: the registry cannot say, and the pull decides.
    expect(await existsInRegistry('127.0.0.1:1/acme/app:main')).toBeUndefined()
  })

  it('pulls the refs that exist at once and returns them in the cache order, skipping the missing ones', async () => {
    const lines: string[] = []
    const refs = [missing('builder-main'), bench.baseImage, missing('main')]
    const available = await pullCacheImages(bench.dockerClient, refs, line => lines.push(line), undefined, {
      exists: ref => existsInRegistry(ref)
    })
    expect(available).toEqual([bench.baseImage])
    expect(lines).toEqual([
      `${refs[0]}: not in the registry yet, skipped`,
      `pulled ${bench.baseImage}`,
      `${refs[2]}: not in the registry yet, skipped`
    ])
    expect(await inEngine(bench.baseImage)).toBe(true)
  })

  it('does not pull a ref the registry reports missing; lets the pull decide when it cannot tell', async () => {
    const copy = `${bench.registry}/${uniqueRepository('bench/cache-pull')}:main`
    await docker(['tag', bench.baseImage, copy])
    await docker(['push', copy])
    await docker(['rmi', copy])
    // Reported missing (though it exists): not pulled, not read.
    expect(
      await pullCacheImages(bench.dockerClient, [copy], () => undefined, undefined, {
        exists: async () => false
      })
    ).toEqual([])
    expect(await inEngine(copy)).toBe(false)
    // Cannot tell: pulled; a ref that really is missing is then skipped by the failed pull.
    const gone = missing('main')
    expect(
      await pullCacheImages(bench.dockerClient, [copy, gone], () => undefined, undefined, {
        exists: async () => undefined
      })
    ).toEqual([copy])
    expect(await inEngine(copy)).toBe(true)
  })

  it('a base image that cannot be pulled fails, naming it, after the other pulls ended', async () => {
    const gone = missing('1')
    const lines: string[] = []
    await expect(
      pullBaseImages(bench.dockerClient, [bench.baseImage, gone], line => lines.push(line))
    ).rejects.toThrow(UserError)
    await expect(pullBaseImages(bench.dockerClient, [gone], () => undefined)).rejects.toThrow(
      `Could not pull the base image ${gone}`
    )
  })
})
