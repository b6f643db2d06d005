import { taskLifecycle, workflowStatusName } from '../../src/client/task-state';
import { ownershipError } from '../../src/client/ownership-errors';
import { FORBIDDEN, TASK_NOT_FOUND } from '../../src/common/errors';
import { errorResponse } from '../../src/http/errors';
import { TaskServerPausedError } from '../../src/client/errors';
import { initialState } from '../../src/control/state';
import { controlSummary } from '../../src/control/summary';
import { transition } from '../../src/control/transitions';
import { memoControlStateBody } from '../../src/http/wire';

const context = (atMs: number) => ({ atMs, workflowId: 'wf', auditLimit: 50 });

describe('a task paused natively by the Temporal server (status PAUSED)', () => {
  it('is an open task, paused by the server', () => {
    expect(taskLifecycle('PAUSED')).toEqual({ state: 'running', serverPaused: true });
    expect(taskLifecycle('RUNNING')).toEqual({ state: 'running', serverPaused: false });
    expect(taskLifecycle('TERMINATED')).toEqual({ state: 'terminated', serverPaused: false });
    expect(taskLifecycle('CONTINUED_AS_NEW').state).toBe('completed');
  });

  it('answers a pause with 409 `task is already paused`, a resume with 409 naming the server pause', () => {
    const error = new TaskServerPausedError('t-1');
    expect(errorResponse(error, 'pause')).toMatchObject({
      status: 409,
      body: { error: 'task is already paused' },
    });
    expect(errorResponse(error, 'resume')).toMatchObject({
      status: 409,
      body: { error: 'cannot resume server-paused task' },
    });
  });

  it('reports its control state from the memo, as paused by the server', () => {
    const body = memoControlStateBody(
      { summary: { status: 'running', lastEventSeq: 4, checkpoint: 'a' }, state: undefined },
      { cancelled: false, serverPaused: true, cancelPending: true },
    );
    expect(body).toMatchObject({
      status: 'running',
      is_paused: true,
      server_paused: true,
      cancel_pending: true,
      last_event_seq: 4,
    });
  });

  it('keeps the whole pause the history reads to while the server holds the task', () => {
    const at = Date.UTC(2026, 0, 1);
    const request = { reason: 'review', requestedBy: 'ada', timeout: '1 hour', onTimeout: 'fail' } as const;
    const pausing = transition(initialState(), { kind: 'pause', request }, context(at)).state;
    const parked = transition(pausing, { kind: 'park', checkpoint: 'idle' }, context(at + 1_000)).state;
    const summary = controlSummary(parked);
    const flags = { cancelled: false, serverPaused: true, cancelPending: false };

    expect(memoControlStateBody({ summary, state: { ...parked, audit: [] } }, flags)).toMatchObject({
      status: 'paused',
      pause_reason: 'review',
      paused_by: 'ada',
      pause_requested_at: new Date(at).toISOString(),
      deadline: new Date(at + 1_000 + 3_600_000).toISOString(),
      on_timeout: 'fail',
      pause_count: 1,
      server_paused: true,
    });
    // A summary the state does not agree with (the run closed since) shows no pause.
    const closed = memoControlStateBody({ summary: { ...summary, status: 'running' }, state: parked }, flags);
    expect(closed).toMatchObject({ status: 'running', paused_by: null, deadline: null, on_timeout: null });
  });
});

describe('the workflow status code a query rejection carries', () => {
  it('is named as the SDK names statuses, and an unknown code is UNKNOWN', () => {
    expect(workflowStatusName(4)).toBe('CANCELLED');
    expect(workflowStatusName(8)).toBe('PAUSED');
    expect(taskLifecycle(workflowStatusName(7)).state).toBe('timed out');
    expect(workflowStatusName(99)).toBe('UNKNOWN');
  });
});

describe('a refusal of the caller', () => {
  it('is 404 for another tenant and 403 for another user', () => {
    expect(
      errorResponse(ownershipError('t-1', { type: TASK_NOT_FOUND, message: 'x' }), 'pause'),
    ).toMatchObject({
      status: 404,
      body: { error: 'Task not found' },
    });
    expect(errorResponse(ownershipError('t-1', { type: FORBIDDEN, message: 'x' }), 'resume')).toMatchObject({
      status: 403,
      body: { error: 'Forbidden' },
    });
    expect(ownershipError('t-1', { type: 'TemporalCheckpointNotPaused', message: 'x' })).toBeUndefined();
  });
});
