/** How often and after which delays a failed task attempt is started again. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 means one attempt only. @default 2 */
  retries: number;
  /** Delay before the first retry, in milliseconds. @default 500 */
  baseDelayMs: number;
  /** Growth factor of the delay from one retry to the next. @default 2 */
  factor: number;
  /** Upper bound of any delay, in milliseconds. @default 30000 */
  maxDelayMs: number;
  /** Share of the delay drawn at random (0..1), so that many workers do not retry in step. @default 0.2 */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 2,
  baseDelayMs: 500,
  factor: 2,
  maxDelayMs: 30_000,
  jitter: 0.2,
};

/**
 * Returns the delay before retry number `retry` (1-based): exponential backoff capped at
 * maxDelayMs, with up to `jitter` of it replaced by a random share. `random` returns a number in
 * [0, 1) and is injected so tests need no sleeping and no real randomness.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  const exponential = policy.baseDelayMs * Math.pow(policy.factor, retry - 1);
  const capped = Math.min(exponential, policy.maxDelayMs);
  const fixed = capped * (1 - policy.jitter);
  return Math.round(fixed + capped * policy.jitter * random());
}
