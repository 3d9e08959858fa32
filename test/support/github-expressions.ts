import { Evaluator, Lexer, Parser, data } from '@actions/expressions'

/**
 * Replaces every `${{ … }}` in `text` as GitHub does, with GitHub's own expression evaluator
 * (@actions/expressions: startsWith(), format(), fromJSON() … included), over plain JSON contexts.
 */
export function evaluateTemplate(text: string, contexts: Record<string, unknown>): string {
  const dictionary = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_match, source: string) => {
    const { tokens } = new Lexer(source).lex()
    const expression = new Parser(tokens, Object.keys(contexts), []).parse()
    return new Evaluator(expression, dictionary).evaluate().coerceString()
  })
}
