/**
 * GitHub Actions expressions (`${{ … }}`, `if:`), evaluated by GitHub's own published evaluator,
 * `@actions/expressions`: the language (operators, coercions, case-insensitive comparison) and its
 * functions (contains, startsWith, endsWith, format, join, toJSON, fromJSON, case) are the package's.
 *
 * What the package leaves to the runner, and how it is done here:
 * - The status functions success(), failure(), always() and cancelled() are registered with the
 *   package's own extension points (the Parser's extension functions, the Evaluator's function map)
 *   and answer from `ExpressionContext.failed`; cancelled() is always false (nothing cancels a local run).
 * - An `if:` without a status function is `success() && (<condition>)`, as the runner rewrites it:
 *   the AST is searched for a status-function call, and a failed run skips the step without
 *   evaluating the condition.
 * - Templates: every `${{ }}` in a string is replaced by its value as a string (the package's
 *   coerceString: null -> '', true -> 'true', an object -> 'Object'); `}}` inside a quoted string
 *   does not end an expression.
 * - hashFiles() (a runner function over the workspace) is not provided: it is an unrecognized function.
 */
import { Evaluator, Lexer, Parser, data } from '@actions/expressions'
import {
  type Binary,
  ContextAccess,
  type Expr,
  type ExprVisitor,
  type FunctionCall,
  type Grouping,
  IndexAccess,
  Literal,
  type Logical,
  Star,
  type Unary
} from '@actions/expressions/ast'
import type { FunctionDefinition } from '@actions/expressions/funcs/info'
import { truthy } from '@actions/expressions/result'

export interface ExpressionContext {
  /** Named contexts (`inputs`, `steps`, `github`, `env` …) as plain JSON. */
  contexts: Record<string, unknown>
  /** Whether a step has failed so far (success() is false, failure() true). */
  failed: boolean
}

const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'] as const

function statusFunctions(context: ExpressionContext): Map<string, FunctionDefinition> {
  const answers: Record<(typeof STATUS_FUNCTIONS)[number], () => boolean> = {
    success: () => !context.failed,
    failure: () => context.failed,
    always: () => true,
    cancelled: () => false
  }
  return new Map(
    STATUS_FUNCTIONS.map(name => [
      name,
      { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(answers[name]()) }
    ])
  )
}

/** Parses one expression (without `${{ }}`) against the context names given. */
export function parseExpression(source: string, contextNames: string[]): Expr {
  try {
    const { tokens } = new Lexer(source).lex()
    const expression = new Parser(
      tokens,
      contextNames,
      STATUS_FUNCTIONS.map(name => ({ name, minArgs: 0, maxArgs: 0 }))
    ).parse() as Expr | undefined
    if (!expression) throw new Error('empty expression')
    return expression
  } catch (error) {
    throw new Error(`Expression "${source.trim()}": ${(error as Error).message}`)
  }
}

function evaluate(expression: Expr, context: ExpressionContext, source: string): data.ExpressionData {
  const dictionary = JSON.parse(JSON.stringify(context.contexts), data.reviver) as data.Dictionary
  try {
    return new Evaluator(expression, dictionary, statusFunctions(context)).evaluate()
  } catch (error) {
    throw new Error(`Expression "${source.trim()}": ${(error as Error).message}`)
  }
}

/** The value of one expression, as plain JSON (objects and arrays included). */
export function evaluateExpression(source: string, context: ExpressionContext): unknown {
  const value = evaluate(parseExpression(source, Object.keys(context.contexts)), context, source)
  return JSON.parse(JSON.stringify(value, data.replacer)) as unknown
}

/** Every `${{ … }}` in `text`: its source and where it starts and ends. */
function templates(text: string): Array<{ source: string; start: number; end: number }> {
  const found: Array<{ source: string; start: number; end: number }> = []
  let start = text.indexOf('${{')
  while (start >= 0) {
    let i = start + 3
    let quoted = false
    for (; i < text.length; i++) {
      if (text[i] === "'")
        quoted = !quoted // '' inside a string toggles twice
      else if (!quoted && text.startsWith('}}', i)) break
    }
    if (i >= text.length) throw new Error(`Unterminated expression in "${text}": no closing }}`)
    found.push({ source: text.slice(start + 3, i), start, end: i + 2 })
    start = text.indexOf('${{', i + 2)
  }
  return found
}

/** Replaces every `${{ … }}` in a string by its value, as the runner does for `env:` values. */
export function interpolate(text: string, context: ExpressionContext): string {
  let result = ''
  let last = 0
  for (const { source, start, end } of templates(text)) {
    const value = evaluate(parseExpression(source, Object.keys(context.contexts)), context, source)
    result += text.slice(last, start) + value.coerceString()
    last = end
  }
  return result + text.slice(last)
}

/** The expressions of every `${{ … }}` in `text`. */
export function templateExpressions(text: string): string[] {
  return templates(text).map(template => template.source)
}

/** The expression of an `if:` condition (`${{ }}` around the whole condition is optional). */
export function conditionExpression(condition: string): string {
  const trimmed = condition.trim()
  const whole = /^\$\{\{(.*)\}\}$/s.exec(trimmed)
  return whole ? whole[1] : trimmed
}

export function hasExpression(text: string): boolean {
  return text.includes('${{')
}

/** Walks an expression: the functions it calls and the property paths it reads (`steps.build.outputs.digest`). */
class References implements ExprVisitor<void> {
  readonly functions = new Set<string>()
  readonly paths: string[][] = []

  /** `a.b['c']` -> [a, b, c]; undefined when an index is computed. */
  private path(expression: Expr): string[] | undefined {
    if (expression instanceof ContextAccess) return [expression.name.lexeme]
    if (!(expression instanceof IndexAccess)) return undefined
    const { index } = expression
    if (!(index instanceof Literal) || index.literal.kind !== data.Kind.String) return undefined
    const parent = this.path(expression.expr)
    return parent && [...parent, index.literal.coerceString()]
  }

  visitLiteral(): void {}
  visitUnary(unary: Unary): void {
    unary.expr.accept(this)
  }
  visitBinary(binary: Binary): void {
    binary.left.accept(this)
    binary.right.accept(this)
  }
  visitLogical(logical: Logical): void {
    for (const arg of logical.args) arg.accept(this)
  }
  visitGrouping(grouping: Grouping): void {
    grouping.group.accept(this)
  }
  visitContextAccess(access: ContextAccess): void {
    this.paths.push([access.name.lexeme])
  }
  visitIndexAccess(access: IndexAccess): void {
    const path = this.path(access)
    if (path) {
      this.paths.push(path)
      return
    }
    access.expr.accept(this)
    if (!(access.index instanceof Star)) access.index.accept(this)
  }
  visitFunctionCall(call: FunctionCall): void {
    this.functions.add(call.functionName.lexeme.toLowerCase())
    for (const arg of call.args) arg.accept(this)
  }
}

function references(expression: Expr): References {
  const visitor = new References()
  expression.accept(visitor)
  return visitor
}

/** The property paths an expression reads, e.g. [['steps', 'build', 'outputs', 'digest']]. */
export function propertyPaths(source: string, contextNames: string[]): string[][] {
  return references(parseExpression(source, contextNames)).paths
}

/**
 * An `if:` condition (or `post-if:`): `${{ }}` optional, and `success() && (…)` unless the condition
 * calls a status function, as the runner evaluates it.
 */
export function evaluateCondition(condition: string | undefined, context: ExpressionContext): boolean {
  if (condition === undefined || condition.trim() === '') return !context.failed
  const source = conditionExpression(condition)
  const expression = parseExpression(source, Object.keys(context.contexts))
  const usesStatus = STATUS_FUNCTIONS.some(name => references(expression).functions.has(name))
  if (!usesStatus && context.failed) return false
  return truthy(evaluate(expression, context, source))
}
