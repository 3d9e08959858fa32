/**
 * The one retry policy of the registry client: bounded attempts with exponential back-off, a
 * Retry-After from the registry wins, and no new attempt starts once the time budget is spent.
 */
export interface RetryPolicy {
  attempts: number
  /** First back-off delay; doubles each attempt (Retry-After wins when the registry sends it). */
  baseDelayMs: number
  /** No retry starts after this much time has passed since the first attempt. */
  maxElapsedMs: number
}
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxElapsedMs: 60_000 }

/** The longest single wait, whatever a registry's Retry-After asks for. */
const MAX_DELAY_MS = 10_000

/** Statuses worth another try. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501 && status !== 505)
}

/** A Retry-After header in milliseconds (seconds form only); undefined when absent or unusable. */
export function retryAfterMs(header: string | null): number | undefined {
  const seconds = Number(header ?? undefined)
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined
}

export interface RetryDecision {
  /** Is this failure worth another attempt? */
  retryable(error: unknown): boolean
  /** The wait the failure itself asks for (Retry-After); default: the back-off. */
  delayMs?(error: unknown): number | undefined
  onRetry?(error: unknown, attempt: number, delayMs: number): void
}

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** Runs `work` until it succeeds, fails with something not retryable, or the policy is spent. */
export async function withRetries<T>(
  policy: RetryPolicy,
  work: (attempt: number) => Promise<T>,
  decision: RetryDecision
): Promise<T> {
  const started = Date.now()
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt)
    } catch (error) {
      const spent = attempt >= policy.attempts || Date.now() - started >= policy.maxElapsedMs
      if (spent || !decision.retryable(error)) throw error
      const delay = decision.delayMs?.(error) ?? policy.baseDelayMs * 2 ** (attempt - 1)
      decision.onRetry?.(error, attempt, delay)
      await sleep(Math.min(delay, MAX_DELAY_MS))
    }
  }
}
