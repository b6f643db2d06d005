import { closingEvent } from '../../../src/control/closing-event';

describe('closingEvent', () => {
  const context = { workflowId: 'w', runId: 'r2', timestamp: '2026-01-01T00:00:00.000Z' };

  it('follows the last event of the chain', () => {
    expect(
      closingEvent('workflow.completed', { ...context, lastSeq: 3, lastType: 'workflow.resumed' }),
    ).toEqual({
      seq: 4,
      type: 'workflow.completed',
      workflow_id: 'w',
      run_id: 'r2',
      timestamp: context.timestamp,
    });
    expect(closingEvent('workflow.failed', { ...context, lastSeq: 0 })?.seq).toBe(1);
  });

  it('is not repeated when the workflow recorded it itself', () => {
    expect(
      closingEvent('workflow.cancelled', { ...context, lastSeq: 5, lastType: 'workflow.cancelled' }),
    ).toBeUndefined();
  });
});
