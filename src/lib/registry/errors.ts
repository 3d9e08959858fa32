import { isRetryableStatus } from './retry.js'

/** A request the registry (or its token service) answered with an error, or could not be made (status 0). */
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    /** The wait the registry asked for (Retry-After). */
    readonly retryAfterMs?: number
  ) {
    super(message)
    this.name = 'RegistryError'
  }

  /** Worth another attempt: the registry was unreachable, or answered 429 or a transient 5xx. */
  get retryable(): boolean {
    return this.status === 0 || isRetryableStatus(this.status)
  }
}
