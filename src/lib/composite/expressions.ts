/**
 * The subset of GitHub Actions expressions that this repository's composite action uses, evaluated
 * the way the runner does, so the local runner executes the very same action.yml. Anything outside the
 * subset is an error (a test evaluates every expression in action.yml), never a silent guess.
 *
 * Supported: literals ('…', numbers, true/false/null), property paths (`inputs.build-args`,
 * `steps.build.outputs.digest`, `x['y']`), `!`, `==`, `!=`, `&&`, `||`, parentheses, and the status
 * functions success(), failure(), always(), cancelled().
 */
export type ExpressionValue = string | number | boolean | null | ExpressionObject
export interface ExpressionObject {
  [key: string]: ExpressionValue | undefined
}

export interface ExpressionContext {
  contexts: Record<string, ExpressionValue>
  /** Job status so far, for success()/failure(). */
  failed: boolean
}

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'word'; value: string }
  | { kind: 'op'; value: string }

const OPERATORS = ['==', '!=', '&&', '||', '!', '(', ')', '[', ']', '.', ',']

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const char = text[i]
    if (/\s/.test(char)) {
      i++
    } else if (char === "'") {
      let value = ''
      for (i++; ; i++) {
        if (i >= text.length) throw new Error(`Unterminated string in expression: ${text}`)
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'"
            i++
            continue
          }
          i++
          break
        }
        value += text[i]
      }
      tokens.push({ kind: 'string', value })
    } else if (/[0-9]/.test(char)) {
      const match = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i)) as RegExpExecArray
      tokens.push({ kind: 'number', value: Number(match[0]) })
      i += match[0].length
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i)) as RegExpExecArray
      tokens.push({ kind: 'word', value: match[0] })
      i += match[0].length
    } else {
      const op = OPERATORS.find(candidate => text.startsWith(candidate, i))
      if (!op) throw new Error(`Unsupported character "${char}" in expression: ${text}`)
      tokens.push({ kind: 'op', value: op })
      i += op.length
    }
  }
  return tokens
}

const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled']

/** Recursive-descent parser + evaluator (expressions are tiny; no AST is kept). */
class Evaluator {
  private position = 0
  /** Whether a status function appeared (an `if:` without one gets an implicit success()). */
  usedStatusFunction = false

  constructor(
    private readonly tokens: Token[],
    private readonly context: ExpressionContext,
    private readonly source: string
  ) {}

  evaluate(): ExpressionValue {
    const value = this.or()
    if (this.position < this.tokens.length) this.fail(`unexpected "${this.describe(this.peek())}"`)
    return value
  }

  private peek(): Token | undefined {
    return this.tokens[this.position]
  }

  private describe(token: Token | undefined): string {
    return token ? String(token.value) : 'end of expression'
  }

  private fail(message: string): never {
    throw new Error(`Unsupported expression "${this.source}": ${message}`)
  }

  private acceptOp(op: string): boolean {
    const token = this.peek()
    if (token?.kind === 'op' && token.value === op) {
      this.position++
      return true
    }
    return false
  }

  private expectOp(op: string): void {
    if (!this.acceptOp(op)) this.fail(`expected "${op}", found "${this.describe(this.peek())}"`)
  }

  private or(): ExpressionValue {
    let left = this.and()
    while (this.acceptOp('||')) {
      const right = this.and()
      left = truthy(left) ? left : right
    }
    return left
  }

  private and(): ExpressionValue {
    let left = this.equality()
    while (this.acceptOp('&&')) {
      const right = this.equality()
      left = truthy(left) ? right : left
    }
    return left
  }

  private equality(): ExpressionValue {
    let left = this.unary()
    for (;;) {
      if (this.acceptOp('==')) left = looseEquals(left, this.unary())
      else if (this.acceptOp('!=')) left = !looseEquals(left, this.unary())
      else return left
    }
  }

  private unary(): ExpressionValue {
    if (this.acceptOp('!')) return !truthy(this.unary())
    return this.primary()
  }

  private primary(): ExpressionValue {
    const token = this.peek()
    if (!token) this.fail('unexpected end')
    this.position++
    if (token.kind === 'string' || token.kind === 'number') return token.value
    if (token.kind === 'op') {
      if (token.value !== '(') this.fail(`unexpected "${token.value}"`)
      const value = this.or()
      this.expectOp(')')
      return value
    }
    if (token.value === 'true') return true
    if (token.value === 'false') return false
    if (token.value === 'null') return null
    if (this.acceptOp('(')) return this.call(token.value)
    return this.path(token.value)
  }

  private call(name: string): ExpressionValue {
    this.expectOp(')')
    if (!STATUS_FUNCTIONS.includes(name)) this.fail(`function ${name}() is not supported`)
    this.usedStatusFunction = true
    if (name === 'success') return !this.context.failed
    if (name === 'failure') return this.context.failed
    if (name === 'always') return true
    return false // cancelled(): the local runner has no cancellation
  }

  private path(root: string): ExpressionValue {
    if (!(root in this.context.contexts)) this.fail(`unknown context "${root}"`)
    let value: ExpressionValue | undefined = this.context.contexts[root]
    for (;;) {
      let key: string
      if (this.acceptOp('.')) {
        const token = this.peek()
        if (token?.kind !== 'word') this.fail('expected a property name after "."')
        this.position++
        key = token.value
      } else if (this.acceptOp('[')) {
        const token = this.peek()
        if (token?.kind !== 'string') this.fail('only string indexes are supported')
        this.position++
        this.expectOp(']')
        key = token.value
      } else {
        return value ?? null
      }
      value = value !== null && typeof value === 'object' ? value[key] : undefined
    }
  }
}

export function truthy(value: ExpressionValue | undefined): boolean {
  return !(value === false || value === 0 || value === '' || value === null || value === undefined)
}

function coerceNumber(value: ExpressionValue): number {
  if (value === null) return 0
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'number') return value
  if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value)
  return Number.NaN
}

/** GitHub's ==: strings compare case-insensitively; mixed types compare as numbers. */
export function looseEquals(left: ExpressionValue, right: ExpressionValue): boolean {
  if (typeof left === 'string' && typeof right === 'string') return left.toLowerCase() === right.toLowerCase()
  if (typeof left === 'object' || typeof right === 'object') return left === right
  return coerceNumber(left) === coerceNumber(right)
}

export function toText(value: ExpressionValue): string {
  if (value === null) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

export function evaluateExpression(source: string, context: ExpressionContext): ExpressionValue {
  return new Evaluator(tokenize(source), context, source).evaluate()
}

const TEMPLATE = /\$\{\{(.*?)\}\}/gs

/** Replaces every `${{ … }}` in a string, as the runner does for `with:`/`env:` values. */
export function interpolate(text: string, context: ExpressionContext): string {
  return text.replace(TEMPLATE, (_, expression: string) => toText(evaluateExpression(expression, context)))
}

export function hasExpression(text: string): boolean {
  return /\$\{\{/.test(text)
}

/** An `if:` condition: `${{ }}` optional, and an implicit success() unless a status function is used. */
export function evaluateCondition(condition: string | undefined, context: ExpressionContext): boolean {
  if (condition === undefined || condition.trim() === '') return !context.failed
  const trimmed = condition.trim()
  const whole = /^\$\{\{(.*)\}\}$/s.exec(trimmed)
  const source = whole ? whole[1] : trimmed
  const evaluator = new Evaluator(tokenize(source), context, source)
  const value = truthy(evaluator.evaluate())
  return evaluator.usedStatusFunction ? value : value && !context.failed
}
