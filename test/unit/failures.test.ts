import { QueryNotRegisteredError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import { ControlNotInstalledError, TaskNotReadyError } from '../../src/client/errors';
import { explainFailure } from '../../src/client/failures';

/** A client whose every workflow is open and describes as `RUNNING`. */
const running = {
  workflow: {
    getHandle: () => ({
      describe: () =>
        Promise.resolve({
          type: 'research',
          memo: {},
          status: { name: 'RUNNING' },
        } as WorkflowExecutionDescription),
    }),
  },
} as unknown as Client;

/** What the SDK throws for a query the worker failed (gRPC `INVALID_ARGUMENT`). */
const failedQuery = (message: string) => new QueryNotRegisteredError(message, 3);

describe('explainFailure of a query the worker failed, on an open workflow', () => {
  it('is TaskNotReadyError when the replay ran out of time', async () => {
    const error = await explainFailure(running, 'w', failedQuery('Script execution timed out after 5000ms'));
    expect(error).toBeInstanceOf(TaskNotReadyError);
    expect(error.message).toBe(
      'Task `w` cannot answer yet: its worker failed the query (Script execution timed out after 5000ms)',
    );
  });

  it('stays the SDK error when the replay disagreed with the history (a bug, not a wait)', async () => {
    const failure = failedQuery(
      '[TMPRL1100] Nondeterminism error: Activity machine does not handle this event',
    );
    expect(await explainFailure(running, 'w', failure)).toBe(failure);
  });

  it('is ControlNotInstalledError when the workflow has no control handler', async () => {
    const failure = failedQuery('unknown queryType controlState. KnownQueryTypes=[__stack_trace]');
    expect(await explainFailure(running, 'w', failure)).toBeInstanceOf(ControlNotInstalledError);
  });
});
