import { describe, expect, it } from '@jest/globals'
import { parseFileCommands } from '../../src/cli/file-commands.js'

describe('file commands (GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE) as the runner reads them', () => {
  it('reads name=value lines and name<<delimiter heredocs, CRLF too', () => {
    expect(
      parseFileCommands(
        'a=1\nempty=\nb<<EOF\nline 1\nline 2\nEOF\n\nc=x=y<<z\nd<<A=B\nv\nA=B\ncr=1\r\ne<<E\r\nx\r\ny\r\nE\r\n'
      )
    ).toEqual({
      a: '1',
      empty: '',
      b: 'line 1\nline 2',
      // `=` before `<<`: a plain value; `<<` before `=`: a heredoc whose delimiter holds `=`.
      c: 'x=y<<z',
      d: 'v',
      cr: '1',
      e: 'x\r\ny'
    })
  })

  it('the last value of a name wins; an empty heredoc is an empty value', () => {
    expect(parseFileCommands('a=1\na=2\nb<<EOF\nEOF\n')).toEqual({ a: '2', b: '' })
  })

  it.each([
    ['text<<EOF\nno end\n', /no closing "EOF"/],
    ['=value\n', /the name is empty/],
    ['<<EOF\nEOF\n', /must not be empty/],
    ['just text\n', /expected name=value or name<<delimiter/]
  ])('refuses %j, as the runner does (the step fails)', (text, message) => {
    expect(() => parseFileCommands(text)).toThrow(message)
  })
})
