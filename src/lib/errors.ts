import { hasInstance, setBrand } from './bundle-brand.js'

/** UserError's brand: see bundle-brand.ts. */
const USER_ERROR = Symbol.for('docker-actions.UserError')

/**
 * An error the user can act on: its message says what was wrong and how to fix it.
 * Entry points print it as is (no stack trace), because the stack is noise to a workflow author.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UserError'
    setBrand(this, USER_ERROR)
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasInstance(UserError, USER_ERROR, this, value)
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
