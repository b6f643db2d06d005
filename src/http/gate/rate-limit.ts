/**
 * A per-key token bucket, in memory: enough for one API process; behind a
 * load balancer each process limits on its own.
 *
 * Node zone.
 *
 * @module
 */

/** Options of the per-key rate limit. */
export interface RateLimitOptions {
  /**
   * Requests a key may make in a burst (the bucket's size).
   *
   * @default 60
   */
  burst?: number;
  /**
   * Requests per second a key regains (the bucket's refill rate).
   *
   * @default 10
   */
  perSecond?: number;
}

/** The verdict on one request: allowed, or the number of whole seconds to wait. */
export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Creates a limiter: call it with a key id per request.
 *
 * @param now - the clock, in milliseconds; the unit tests pass their own
 */
export function createRateLimiter(
  options: RateLimitOptions = {},
  now: () => number = Date.now,
): (keyId: string) => RateVerdict {
  const burst = options.burst ?? 60;
  const perSecond = options.perSecond ?? 10;
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();
  return (keyId) => {
    const time = now();
    const bucket = buckets.get(keyId) ?? { tokens: burst, updatedAt: time };
    bucket.tokens = Math.min(burst, bucket.tokens + ((time - bucket.updatedAt) / 1000) * perSecond);
    bucket.updatedAt = time;
    buckets.set(keyId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) };
  };
}
