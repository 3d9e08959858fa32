/**
 * Every benchmark in bench/<name>/index.ts, in one process, in the bench environment that
 * `npm run bench` starts (engine + registry on loopback). Each bench exports `bench()`, which returns
 * its tables; a full run writes them all into the README between the bench markers, so the README's
 * figures always come from one run on one machine.
 *   npm run bench                 all of them; rewrites the README's tables
 *   npm run bench -- promote      only bench/promote; prints, leaves the README alone
 *   npm run bench -- --runs 5     fewer runs per case (each bench has its own default)
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { type BenchTable, printTables } from './stats.js'

/** The order of the README: start-up first (every action pays it), then each action's own case. */
const ORDER = ['startup', 'promote', 'scan', 'verify-image', 'build-cache']
const START = '<!-- bench:start (written by `npm run bench`; do not edit by hand) -->'
const END = '<!-- bench:end -->'

interface BenchModule {
  bench: (options?: { runs?: number }) => Promise<BenchTable[]>
}

const args = process.argv.slice(2)
const runsAt = args.indexOf('--runs')
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : undefined
const only = args.filter((arg, index) => !arg.startsWith('--') && (runsAt < 0 || index !== runsAt + 1))
const available = readdirSync('bench', { withFileTypes: true })
  .filter(entry => entry.isDirectory() && existsSync(join('bench', entry.name, 'index.ts')))
  .map(entry => entry.name)
const names = [
  ...ORDER.filter(name => available.includes(name)),
  ...available.filter(name => !ORDER.includes(name))
]
const selected = only.length > 0 ? names.filter(name => only.includes(name)) : names

function version(command: string, commandArgs: string[]): string {
  try {
    return execFileSync(command, commandArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')[0]
  } catch {
    return `${command}: not found`
  }
}

const machine =
  `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ` +
  `node ${process.version}, ${version('docker', ['version', '--format', 'Docker {{.Server.Version}}'])}, ` +
  `${version('skopeo', ['--version'])}`

const sections: string[] = []
let failed = 0
for (const name of selected) {
  console.log(`\n## bench/${name}`)
  const started = performance.now()
  try {
    const module = (await import(`./${name}/index.ts`)) as BenchModule
    const tables = await module.bench(runs ? { runs } : {})
    printTables(tables)
    sections.push(...tables.map(table => markdown(table)))
    console.log(`\n(bench/${name}: ${((performance.now() - started) / 1000).toFixed(0)} s)`)
  } catch (error) {
    console.log(
      `bench/${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
    )
    failed++
  }
}

function markdown(table: BenchTable): string {
  const lines = [
    `**${table.title}**`,
    '',
    `| ${table.headers.join(' | ')} |`,
    `| ${table.headers.map(() => '---').join(' | ')} |`,
    ...table.rows.map(row => `| ${row.join(' | ')} |`)
  ]
  if (table.note) lines.push('', table.note)
  return lines.join('\n')
}

if (only.length === 0 && failed === 0) {
  const readme = readFileSync('README.md', 'utf8')
  const from = readme.indexOf(START)
  const to = readme.indexOf(END)
  if (from < 0 || to < from)
    throw new Error(`README.md has no ${START} … ${END} block to write the tables into`)
  const block = [
    START,
    '',
    `One run of \`npm run bench\`: ${machine}.`,
    '',
    sections.join('\n\n'),
    '',
    END
  ].join('\n')
  writeFileSync('README.md', readme.slice(0, from) + block + readme.slice(to + END.length))
  console.log('\nREADME.md: benchmark tables rewritten')
} else if (only.length === 0) {
  console.log('\nREADME.md left alone: a bench failed')
}
process.exit(failed > 0 ? 1 : 0)
