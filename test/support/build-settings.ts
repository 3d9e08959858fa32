import type { BuildSettings } from '../../src/lib/build/plan.js'

/** build-with-cache's settings for a two-stage Dockerfile, as its inputs give them; `extra` overrides. */
export function sampleBuildSettings(extra: Partial<BuildSettings> = {}): BuildSettings {
  return {
    context: '.',
    file: 'Dockerfile',
    dockerfileText: 'FROM a AS builder\nFROM builder AS production\n',
    tags: [],
    buildArgs: new Map(),
    labels: new Map(),
    secrets: new Map(),
    push: 'auto',
    pushBuilder: true,
    cacheMode: 'auto',
    platforms: [],
    pull: true,
    ...extra
  }
}
