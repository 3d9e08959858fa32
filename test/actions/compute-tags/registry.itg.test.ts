import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from '../../support/action-runner.js'
import { docker, registryTags, testBench, uniqueRepository } from '../../support/bench.js'
import { loadEvent } from '../../support/events.js'

describe('compute-tags on the real engine + registry', () => {
  let context: string
  beforeAll(() => {
    context = mkdtempSync(join(tmpdir(), 'compute-tags-itg-'))
    writeFileSync(
      join(context, 'Dockerfile'),
      [
        `FROM ${testBench().baseImage} AS builder`,
        'RUN echo built > /built',
        'FROM builder AS production',
        'CMD ["cat", "/built"]',
        ''
      ].join('\n')
    )
  })
  afterAll(() => rmSync(context, { recursive: true, force: true }))

  it('tags a tiny image with the computed tags; the registry lists exactly those tags', async () => {
    const repository = uniqueRepository('acme/tags')
    const image = `${testBench().registry}/${repository}`
    const event = loadEvent('push-feature')
    const run = await runAction('compute-tags', {
      inputs: { images: image },
      env: event.env,
      event: event.payload
    })
    expect(run.exitCode).toBe(0)
    const builderTags = run.outputs['builder-tags'].split('\n')
    const productionTags = run.outputs['production-tags'].split('\n')
    const labels = run.outputs.labels.split('\n')

    const tagArgs = (refs: string[]) => refs.flatMap(ref => ['--tag', ref])
    const labelArgs = labels.flatMap(label => ['--label', label])
    await docker(['build', '--network', 'host', '--target', 'builder', ...tagArgs(builderTags), context])
    await docker([
      'build',
      '--network',
      'host',
      '--target',
      'production',
      ...tagArgs(productionTags),
      ...labelArgs,
      context
    ])
    for (const ref of [...builderTags, ...productionTags]) await docker(['push', ref])

    const expected = [...builderTags, ...productionTags].map(ref => ref.slice(image.length + 1)).sort()
    expect(await registryTags(repository)).toEqual(expected)
    expect(expected).toEqual(
      [
        'builder-feature-TEVA-1296-Alert_filters-fd7498dd',
        'feature-TEVA-1296-Alert_filters-fd7498dd',
        event.env.GITHUB_SHA,
        run.outputs['unique-tag']
      ].sort()
    )

    const inspected = JSON.parse(await docker(['image', 'inspect', productionTags[0]]))[0]
    expect(inspected.Config.Labels['org.opencontainers.image.revision']).toBe(event.env.GITHUB_SHA)
  })
})
