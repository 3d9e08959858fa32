import * as core from '@actions/core'

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

/** Writes the summary when the runner provides a file for it (not in local runs). */
export async function writeSummary(): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.write()
  else core.summary.emptyBuffer()
}
