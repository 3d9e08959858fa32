/**
 * docker-actions: the same pipeline outside GitHub, from a local checkout.
 *
 *   npx docker-actions tags     --images 127.0.0.1:5000/acme/app
 *   npx docker-actions build    --images 127.0.0.1:5000/acme/app --context examples/app
 *   npx docker-actions scan     --image 127.0.0.1:5000/acme/app:main --scanner report --report-file r.json
 *   npx docker-actions promote  --source 127.0.0.1:5000/acme/app:dev-… --targets 127.0.0.1:5000/acme/app:staging
 *   npx docker-actions verify   --image 127.0.0.1:5000/acme/app:main
 *   npx docker-actions check-base --images 127.0.0.1:5000/acme/app:main
 *   npx docker-actions merge    --image 127.0.0.1:5000/acme/app --digests "$(cat platform-digests.json)"
 *   npx docker-actions pipeline --images 127.0.0.1:5000/acme/app --context examples/app [--promote-to staging]
 *                               [--platforms linux/amd64,linux/arm64]
 *
 * Every `--name value` is passed to the action as its input `name` (action.yml defaults fill in the
 * others); the git context (branch, commit, default branch, repository) comes from the checkout in the
 * current directory, or from a replayed event (`--event-name pull_request --event-file payload.json`,
 * `--ref refs/tags/v1.2.0`). Each action runs from its committed bundle (dist/<name>/index.js) through
 * the one action runner (./action-runner.ts), as GitHub runs it.
 */
import { readFileSync } from 'node:fs'
import type { ActionRun } from './action-runner.js'
import { COMMANDS, type CommandName, parseCommandLine, usage } from './commands.js'
import { readLocalGitState } from './local-git.js'
import { type PipelineReport, runNamedAction, runPipeline } from './pipeline.js'
import { prepareEvent } from './replay.js'
import { argvSecretWarnings, readInputSources } from './secret-inputs.js'
import { summaryToText } from './summary-text.js'
import { installWorkflowCommandFilter } from './workflow-commands.js'

function printResult(result: ActionRun): void {
  if (result.summary) console.log(`\n${summaryToText(result.summary)}`)
  const shown = Object.entries(result.outputs).filter(([name]) => name !== 'json' && name !== 'metadata')
  if (shown.length > 0) {
    console.log('\noutputs:')
    for (const [name, value] of shown)
      console.log(`  ${name}: ${value.includes('\n') ? `\n    ${value.split('\n').join('\n    ')}` : value}`)
  }
  console.log(`\n${result.ok ? '✔ done' : '✖ failed'} in ${result.seconds.toFixed(1)}s`)
}

/** The gate's verdict in words: a skipped gate is not a pass, and says why it did not run. */
function gateLine(passed: string | undefined, skippedReason: string | undefined): string {
  if (passed === 'true') return 'passed'
  if (passed === 'skipped') return `not run: ${skippedReason || 'skipped by policy'}`
  return passed === '' || passed === undefined ? 'not run' : 'FAILED'
}

/** `15 passed` / `2 failed (user, version-json), 1 warning`, from verify-image's results output. */
function dockerflowLine(results: string | undefined): string | undefined {
  if (!results) return undefined
  const checks = JSON.parse(results) as Array<{ id: string; status: string }>
  // An index's results hold each platform's checks: each is counted, a requirement named once.
  const ids = (status: string): string[] => [
    ...new Set(checks.filter(check => check.status === status).map(check => check.id))
  ]
  const failed = ids('fail')
  const parts = [
    `${checks.filter(check => check.status === 'pass').length} passed`,
    failed.length ? `${failed.length} failed (${failed.join(', ')})` : '',
    ids('warn').length ? `${ids('warn').length} warning(s) (${ids('warn').join(', ')})` : ''
  ]
  return parts.filter(Boolean).join(', ')
}

interface CacheStats {
  total: number
  cached: number
  built: number
  /** Per platform, when platforms were built. */
  platforms?: Record<string, { total: number; cached: number; built: number }>
}

/** `5 of 10 steps cached, 5 built`. */
const cacheLine = (stats: Omit<CacheStats, 'platforms'>): string =>
  `${stats.cached} of ${stats.total} steps cached, ${stats.built} built`

/** `linux/amd64 sha256:…` per line, from the pipeline's platform-digests output (an index was built). */
function platformsLine(platformDigests: string | undefined): string | undefined {
  if (!platformDigests) return undefined
  const platforms = JSON.parse(platformDigests) as Array<{ platform: string; digest: string }>
  return platforms.map(({ platform, digest }) => `${platform} ${digest}`).join('\n    ')
}

function printPipelineReport({ result, promoted }: PipelineReport): void {
  if (result.summary) console.log(`\n${summaryToText(result.summary)}`)
  const cache = result.outputs.cache ? (JSON.parse(result.outputs.cache) as CacheStats) : undefined
  const lines: Array<[string, string | undefined]> = [
    ['digest', result.outputs.digest],
    ['platforms', platformsLine(result.outputs['platform-digests'])],
    ['unique tag', result.outputs['unique-tag']],
    ['published', [...(result.outputs.tags ?? '').split('\n'), ...promoted].filter(Boolean).join('\n    ')],
    ['cache', cache && cacheLine(cache)],
    ...Object.entries(cache?.platforms ?? {}).map(([platform, stats]): [string, string] => [
      `cache ${platform}`,
      cacheLine(stats)
    ]),
    ['dockerflow', dockerflowLine(result.outputs.dockerflow)],
    ['gate', gateLine(result.outputs.passed, result.outputs['skipped-reason'])]
  ]
  console.log('\npipeline:')
  for (const [name, value] of lines)
    if (value) console.log(`  ${name}: ${value.includes('\n') ? `\n    ${value}` : value}`)
  const seconds = result.steps.reduce((sum, step) => sum + step.seconds, 0)
  const failed = result.steps.find(step => step.outcome === 'failure')
  console.log(`\n${result.ok ? '✔ done' : `✖ failed at "${failed?.name ?? '?'}"`} in ${seconds.toFixed(1)}s`)
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv)
  if (parsed.help || !parsed.command) {
    console.log(usage())
    return parsed.command || parsed.help ? 0 : 2
  }
  installWorkflowCommandFilter(parsed.verbose)
  for (const warning of argvSecretWarnings(parsed.inputs)) console.error(warning)
  const inputs = {
    ...parsed.inputs,
    ...readInputSources(parsed.sources, process.env, path => readFileSync(path, 'utf8'))
  }

  // The replayed event's GITHUB_* variables and GITHUB_EVENT_PATH: every action runs in a child process
  // of this environment.
  const git = await readLocalGitState()
  const event = prepareEvent(parsed.replay, git)
  Object.assign(process.env, event.env, { GITHUB_EVENT_PATH: event.eventPath, DOCKER_ACTIONS_LOCAL: 'true' })
  const repository = event.payload.repository as { full_name: string; default_branch: string }
  console.log(
    `docker-actions ${parsed.command}: ${repository.full_name} ${event.eventName} ${event.env.GITHUB_REF} @ ` +
      `${event.env.GITHUB_SHA.slice(0, 12)} (default branch ${repository.default_branch})`
  )

  try {
    if (parsed.command === 'pipeline') {
      const report = await runPipeline(inputs)
      printPipelineReport(report)
      return report.result.ok ? 0 : 1
    }
    const command = COMMANDS[parsed.command as Exclude<CommandName, 'pipeline'>]
    const result = await runNamedAction(command.action, inputs)
    printResult(result)
    return result.ok ? 0 : 1
  } finally {
    event.removeWritten()
  }
}

main(process.argv.slice(2)).then(
  code => process.exit(code),
  error => {
    console.error(`✖ ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
)
