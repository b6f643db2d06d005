// Fails when an SDK release moves or changes the internal duration conversion
// that src/common/sdk-duration.ts imports from `@temporalio/common/lib/time`.
import { durationToMs } from '../../src/common/sdk-duration';

describe('durationToMs, the one import of SDK internals', () => {
  it('reads Temporal durations as the SDK does', () => {
    expect(durationToMs('7 days')).toBe(604_800_000);
    expect(durationToMs('1.5h')).toBe(5_400_000);
    expect(durationToMs(250)).toBe(250);
  });

  it('throws on text that is no duration', () => {
    expect(() => durationToMs('soon' as never)).toThrow();
  });
});
