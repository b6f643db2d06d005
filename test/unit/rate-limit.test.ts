import { createRateLimiter } from '../../src/http/gate/rate-limit';

describe('createRateLimiter', () => {
  it('allows a burst, then refills at the given rate on its clock', () => {
    let now = 0;
    const limit = createRateLimiter({ burst: 3, perSecond: 2 }, () => now);
    expect([limit('k'), limit('k'), limit('k')].every((verdict) => verdict.allowed)).toBe(true);
    expect(limit('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 500; // half a second at 2 per second: one token back
    expect(limit('k')).toEqual({ allowed: true });
    expect(limit('k').allowed).toBe(false);
  });

  it('keeps one bucket per key', () => {
    const limit = createRateLimiter({ burst: 1, perSecond: 1 }, () => 0);
    expect(limit('a').allowed).toBe(true);
    expect(limit('a').allowed).toBe(false);
    expect(limit('b').allowed).toBe(true);
  });

  it('says how many whole seconds to wait', () => {
    const limit = createRateLimiter({ burst: 1, perSecond: 0.25 }, () => 0);
    limit('k');
    expect(limit('k')).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });
});
