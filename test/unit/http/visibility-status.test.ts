import { temporal } from '@temporalio/proto';
import { visibilityStatusName, WORKFLOW_STATUSES } from '../../../src/http/schemas/fleet-request-schemas';

const { WorkflowExecutionStatus } = temporal.api.enums.v1;

describe('visibilityStatusName', () => {
  it("names every status code of the Temporal API as visibility's ExecutionStatus does", () => {
    const named = Object.entries(WorkflowExecutionStatus)
      .filter(([name, code]) => typeof code === 'number' && name !== 'WORKFLOW_EXECUTION_STATUS_UNSPECIFIED')
      .map(([name, code]) => [
        name.replace('WORKFLOW_EXECUTION_STATUS_', ''),
        visibilityStatusName(code as number),
      ]);
    expect(named).toEqual([
      ['RUNNING', 'Running'],
      ['COMPLETED', 'Completed'],
      ['FAILED', 'Failed'],
      ['CANCELED', 'Canceled'],
      ['TERMINATED', 'Terminated'],
      ['CONTINUED_AS_NEW', 'ContinuedAsNew'],
      ['TIMED_OUT', 'TimedOut'],
      ['PAUSED', 'Paused'],
    ]);
    expect(named.map(([, visibility]) => visibility)).toEqual([...WORKFLOW_STATUSES]);
  });

  it('reads an unset or unknown code as Running', () => {
    expect([visibilityStatusName(undefined), visibilityStatusName(0), visibilityStatusName(99)]).toEqual([
      'Running',
      'Running',
      'Running',
    ]);
  });
});
