import { taskLifecycle, workflowStatusName } from '../../src/client/task-state';
import { ownershipError } from '../../src/client/ownership-errors';
import { FORBIDDEN, TASK_NOT_FOUND } from '../../src/common/errors';
import { errorResponse } from '../../src/http/errors';
import { TaskServerPausedError } from '../../src/client/errors';
import { memoControlStateBody } from '../../src/http/wire';

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
      { status: 'running', lastEventSeq: 4, checkpoint: 'a' },
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
