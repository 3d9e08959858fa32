/**
 * JSON from outside (registries, scanner reports, policy files, gate records) is checked against a
 * schema where it enters, so the code after it works on known shapes. The messages name what was
 * wrong and where, in neutralised text: paths and values come from the input.
 */
import { type $ZodError, type $ZodIssue, type $ZodType, config, globalConfig, safeParse } from 'zod/v4/core'
import en from 'zod/v4/locales/en.js'
import { UserError } from '../errors.js'
import { untrustedText } from '../untrusted-text.js'

type ErrorClass = new (message: string) => Error

export interface ShapeOptions {
  /** The error thrown (default UserError; the registry client uses InvalidResponseError). */
  error?: ErrorClass
  /** What the document should have been, e.g. `a valid record` (default: `valid`). */
  expected?: string
  /** Appended to the message, e.g. `so the gate cannot be judged`. */
  consequence?: string
}

const MAX_ISSUES = 3

/** Where in the document an issue is, as `manifests[0].digest`. */
function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map(key => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
    .join('')
    .replace(/^\./, '')
}

type Issue = $ZodIssue

const depth = (branch: Issue[]): number => Math.max(0, ...branch.map(issue => issue.path.length))

/**
 * A failed union says only "Invalid input": report the branch that got furthest into the value
 * instead (its issues, under the union's path), or, when every branch failed at the value itself,
 * what was expected.
 */
function explain(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue]
  const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a))
  if (depth(best) > 0)
    return best.flatMap(inner => explain({ ...inner, path: [...issue.path, ...inner.path] } as Issue))
  const expected = [
    ...new Set(
      issue.errors.flatMap(branch => branch.flatMap(inner => ('expected' in inner ? [inner.expected] : [])))
    )
  ]
  return expected.length > 0
    ? [{ ...issue, message: `Invalid input: expected ${expected.join(' or ')}` }]
    : [issue]
}

/** What a schema found wrong, in words: the first few `path: problem` pairs. */
export function describeIssues(error: $ZodError): string {
  const all = error.issues.flatMap(explain)
  const issues = all.slice(0, MAX_ISSUES).map(issue => {
    const path = pathOf(issue.path)
    return `${path ? untrustedText(path, 120) : 'the document'}: ${untrustedText(issue.message, 200)}`
  })
  const more = all.length - MAX_ISSUES
  return issues.join('; ') + (more > 0 ? ` (and ${more} more)` : '')
}

const NOT_JSON = 'not JSON'

function fail(what: string, problem: string, options: ShapeOptions): Error {
  const ErrorType = options.error ?? UserError
  const consequence = options.consequence ? `, ${options.consequence}` : ''
  const message =
    problem === NOT_JSON && !options.expected
      ? `${what} is not valid JSON`
      : `${what} is not ${options.expected ?? 'valid'} (${problem})`
  return new ErrorType(`${message}${consequence}.`)
}

/**
 * zod/mini carries no messages (every issue would read "Invalid input"): English, as classic zod
 * gives, is set before the first failure is put in words. A locale chosen elsewhere stays.
 */
function englishMessages(): void {
  if (!globalConfig.localeError) config(en())
}

/**
 * `value` checked against `schema` (any zod 4 schema, classic or mini): the parsed value, or an
 * error saying what was wrong where.
 */
export function checkShape<T>(
  schema: $ZodType<T>,
  value: unknown,
  what: string,
  options: ShapeOptions = {}
): T {
  // jitless: each schema checks a document or two per run, so compiling a checker first costs more
  // than it saves (the checks are the same).
  const result = safeParse(schema, value, { jitless: true })
  if (result.success) return result.data
  // zod words the issues when the error is first read.
  englishMessages()
  throw fail(what, describeIssues(result.error), options)
}

/**
 * JSON text parsed and checked against `schema`. Invalid JSON is reported without quoting it (a
 * SyntaxError would carry the input into the log).
 */
export function parseJson<T>(
  schema: $ZodType<T>,
  data: Buffer | string,
  what: string,
  options: ShapeOptions = {}
): T {
  let value: unknown
  try {
    value = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'))
  } catch {
    throw fail(what, NOT_JSON, options)
  }
  return checkShape(schema, value, what, options)
}
