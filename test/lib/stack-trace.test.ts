import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { sourceMappedStack } from '../../src/lib/stack-trace.js'

/** A real esbuild bundle (as scripts/build-dist.ts makes them) whose code throws, run by node. */
async function stackOfBundle(minify: boolean): Promise<{ stack: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'stack-trace-'))
  const entry = join(dir, 'entry.ts')
  writeFileSync(
    entry,
    [
      `import { sourceMappedStack } from ${JSON.stringify(resolve('src/lib/stack-trace.ts'))}`,
      'function fails(): never {',
      "  throw new Error('boom')",
      '}',
      'try {',
      '  fails()',
      '} catch (error) {',
      '  console.log(sourceMappedStack((error as Error).stack ?? ""))',
      '}'
    ].join('\n')
  )
  await build({
    entryPoints: [entry],
    outfile: join(dir, 'out', 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    minify,
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'silent'
  })
  writeFileSync(join(dir, 'out', 'package.json'), '{"type":"module"}')
  return { stack: execFileSync(process.execPath, [join(dir, 'out', 'index.js')], { encoding: 'utf8' }), dir }
}

describe('sourceMappedStack', () => {
  it.each([true, false])('maps a bundle frame to its source file and line (minified: %s)', async minify => {
    const { stack, dir } = await stackOfBundle(minify)
    try {
      expect(stack).toContain('Error: boom')
      expect(stack).toMatch(
        new RegExp(`${join(dir, 'entry.ts').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:\\d+`)
      )
      expect(stack).toMatch(/entry\.ts:6:\d+/)
      expect(stack).not.toContain('out/index.js:')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('leaves frames without a source map as they are', () => {
    const stack = 'Error: x\n    at f (/nowhere/file.js:1:2)\n    at node:internal/main:3:4'
    expect(sourceMappedStack(stack)).toBe(stack)
  })
})
