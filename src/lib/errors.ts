/**
 * An error the user can act on: its message says what was wrong and how to fix it.
 * Entry points print it as is (no stack trace), because the stack is noise to a workflow author.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UserError'
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
