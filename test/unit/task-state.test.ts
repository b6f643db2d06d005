import { taskLifecycle } from '../../src/client/task-state';
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
      { cancelled: false, serverPaused: true },
    );
    expect(body).toMatchObject({
      status: 'running',
      is_paused: true,
      server_paused: true,
      last_event_seq: 4,
    });
  });
});
