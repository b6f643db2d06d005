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

  it('is running once the run closed while paused or pausing, and keeps the last recorded seq', () => {
    for (const closing of ['workflow.completed', 'workflow.failed', 'workflow.cancelled'] as const) {
      expect(summaryAfter(parked, [event(3, closing)])).toEqual({
        status: 'running',
        checkpoint: 'idle',
        lastEventSeq: 2,
      });
    }
    expect(summaryAfter(undefined, [event(1, 'workflow.pausing'), event(2, 'workflow.failed')])).toEqual({
      status: 'running',
      lastEventSeq: 1,
    });
  });

  it('is the recorded summary when nothing changed it', () => {
    const running = { status: 'running' as const, checkpoint: 'idle', lastEventSeq: 3 };
    expect(summaryAfter(running, [event(4, 'workflow.completed')])).toBe(running);
    expect(summaryAfter(undefined, [event(1, 'workflow.failed')])).toBeUndefined();
    expect(summaryAfter(undefined, [])).toBeUndefined();
  });
});
