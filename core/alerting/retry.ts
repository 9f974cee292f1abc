// Backoff for retryable delivery failures: exponential from `initialMs`, capped at `maxMs`, with
// jitter so that channels coming back are not hit by every queued message at the same instant.
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/** Delay before attempt `attempt + 1` after `attempt` failures (attempt ≥ 1); random in [0, 1). */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number, retryAfterMs = 0): number {
  const exp = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exp / 2 + (exp / 2) * random();
  return Math.max(Math.round(jittered), Math.min(retryAfterMs, opts.maxMs * 4));
}
