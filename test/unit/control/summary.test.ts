// The memo summary brought up to date with the events readers derive after it.
import type { ControlEvent } from '../../../src/common/types';
import { summaryAfter } from '../../../src/control/summary';

const event = (
  seq: number,
  type: ControlEvent['type'],
  fields: Partial<ControlEvent> = {},
): ControlEvent => ({
  seq,
  type,
  workflow_id: 'wf',
  run_id: 'run',
  timestamp: '2026-01-01T00:00:00.000Z',
  ...fields,
});

describe('the memo summary after derived events', () => {
  const parked = {
    status: 'paused' as const,
    checkpoint: 'idle',
    reason: 'audit',
    pausedAt: '2026-01-01T00:00:00.000Z',
    lastEventSeq: 2,
  };

  it('is running after a derived resume, and keeps the checkpoint', () => {
    expect(summaryAfter(parked, [event(3, 'workflow.resumed'), event(4, 'workflow.completed')])).toEqual({
      status: 'running',
      checkpoint: 'idle',
      lastEventSeq: 3,
    });
  });

  it('is pausing, with the reason, after a derived pause', () => {
    const pausing = event(4, 'workflow.pausing', { reason: 'again' });
    expect(summaryAfter(parked, [event(3, 'workflow.resumed'), pausing])).toEqual({
      status: 'pausing',
      checkpoint: 'idle',
      reason: 'again',
      lastEventSeq: 4,
    });
    expect(summaryAfter(undefined, [event(1, 'workflow.pausing')])).toEqual({
      status: 'pausing',
      lastEventSeq: 1,
    });
  });

  it('is the recorded summary when nothing was derived after it', () => {
    expect(summaryAfter(parked, [event(3, 'workflow.failed')])).toBe(parked);
    expect(summaryAfter(undefined, [])).toBeUndefined();
  });
});
