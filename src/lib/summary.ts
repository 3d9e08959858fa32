import * as core from '@actions/core'
import { appendFileSync } from 'node:fs'

type Cell = string | { data: string; header?: boolean }

/** A two-column table (name -> value) in the job summary; empty values are skipped. */
export function addKeyValueTable(rows: Array<[string, string | undefined]>): void {
  const cells: Cell[][] = [
    [
      { data: 'Item', header: true },
      { data: 'Value', header: true }
    ]
  ]
  for (const [name, value] of rows) {
    if (value === undefined || value === '') continue
    cells.push([name, code(value)])
  }
  core.summary.addTable(cells)
}

/** Inline code for summaries, with HTML escaped (tags and branch names come from users). */
export function code(value: string): string {
  return value
    .split('\n')
    .map(line => `<code>${escapeHtml(line)}</code>`)
    .join('<br>')
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/**
 * Appends the summary to the runner's file for it (not in local runs). One synchronous append, as
 * core.summary.write makes it but without a turn of the event loop per call: it is a step's last
 * work (issue 17), and core's own asynchronous file functions then never load.
 */
export async function writeSummary(): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (file) appendFileSync(file, core.summary.stringify())
  core.summary.emptyBuffer()
}
