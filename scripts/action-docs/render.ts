import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

interface ActionInput {
  description?: string
  required?: boolean
  default?: string
}

interface ActionMetadata {
  name: string
  description: string
  inputs?: Record<string, ActionInput>
  outputs?: Record<string, { description?: string }>
}

/** A table cell: one line, pipes escaped, and `<placeholders>` outside code spans escaped so they show. */
function cell(text: string | undefined): string {
  return (text ?? '')
    .replace(/\r?\n/g, ' ')
    .split('`')
    .map((part, index) => (index % 2 === 0 ? part.replace(/</g, '&lt;').replace(/>/g, '&gt;') : part))
    .join('`')
    .replace(/\|/g, '\\|')
    .trim()
}

/** The Markdown for one action.yml: description, then an inputs table and an outputs table. */
export function renderAction(metadata: ActionMetadata): string {
  const lines = [metadata.description, '']
  const inputs = Object.entries(metadata.inputs ?? {})
  if (inputs.length > 0) {
    lines.push('| input | required | default | description |', '| --- | --- | --- | --- |')
    for (const [name, input] of inputs) {
      const fallback =
        input.default === undefined || input.default === '' ? '' : `\`${cell(String(input.default))}\``
      lines.push(
        `| \`${name}\` | ${input.required ? 'yes' : 'no'} | ${fallback} | ${cell(input.description)} |`
      )
    }
    lines.push('')
  }
  const outputs = Object.entries(metadata.outputs ?? {})
  if (outputs.length > 0) {
    lines.push('| output | description |', '| --- | --- |')
    for (const [name, output] of outputs) lines.push(`| \`${name}\` | ${cell(output.description)} |`)
    lines.push('')
  }
  return lines.join('\n')
}

/** action.yml paths by action name: `actions/<name>/action.yml`, and `action.yml` at the top as `pipeline`. */
export function actionFiles(root = '.'): Record<string, string> {
  const files: Record<string, string> = {}
  if (existsSync(join(root, 'action.yml'))) files.pipeline = join(root, 'action.yml')
  const actionsDir = join(root, 'actions')
  if (existsSync(actionsDir)) {
    for (const name of readdirSync(actionsDir).sort()) {
      const file = join(actionsDir, name, 'action.yml')
      if (existsSync(file)) files[name] = file
    }
  }
  return files
}

/** The page that holds an action's tables: build/README.md for the one-step pipeline, else actions/<name>/README.md. */
export function docPage(name: string, root = '.'): string {
  return name === 'pipeline' ? join(root, 'build', 'README.md') : join(root, 'actions', name, 'README.md')
}

/** Every Markdown page of the documentation: the README, then each action's page that exists. */
export function documentationPages(root = '.'): string[] {
  const pages = [join(root, 'README.md'), ...Object.keys(actionFiles(root)).map(name => docPage(name, root))]
  return pages.filter(page => existsSync(page))
}

/** Replaces every marked block in `text` with freshly rendered docs. */
export function renderActionDocs(text: string, root = '.'): string {
  let result = text
  for (const [name, file] of Object.entries(actionFiles(root))) {
    const begin = `<!-- action-docs:${name} -->`
    const end = `<!-- /action-docs:${name} -->`
    const start = result.indexOf(begin)
    const stop = result.indexOf(end)
    if (start < 0 || stop < start) continue
    const metadata = parse(readFileSync(file, 'utf8')) as ActionMetadata
    result = `${result.slice(0, start + begin.length)}\n${renderAction(metadata)}${result.slice(stop)}`
  }
  return result
}

/** A new action's page: a title and the marked block the generator fills. */
export function pageSkeleton(name: string): string {
  return `# ${name}\n\n## Inputs and outputs\n\n<!-- action-docs:${name} -->\n<!-- /action-docs:${name} -->\n`
}

/** Actions whose page is missing or has no marked block for them (the docs test fails on these). */
export function undocumentedActions(root = '.'): string[] {
  return Object.keys(actionFiles(root)).filter(name => {
    const page = docPage(name, root)
    return !existsSync(page) || !readFileSync(page, 'utf8').includes(`<!-- action-docs:${name} -->`)
  })
}
