import { Metadata } from '@grpc/grpc-js';
import {
  Client,
  Connection,
  ServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { InvalidVisibilityQueryError } from '../../../src/client/batches';
import { errorResponse } from '../../../src/http/errors';
import { freePort } from '../../../src/testing/ports';
import {
  createApiCaller,
  createTestApi,
  KEYS,
  temporalRouteAnswers,
  unavailableAnswers,
} from '../../support/http';

/** A gRPC failure as the SDK's transport reports it. */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: new Metadata() });
}

const UNAVAILABLE = { error: 'Temporal is unavailable' };
const NOT_READY = { error: 'The task cannot answer yet: its workflow is being recovered' };

describe('Temporal errors, classified once', () => {
  it.each([
    ['unreachable', grpcError(14, 'No connection established'), UNAVAILABLE],
    ['past the deadline', grpcError(4, 'Deadline exceeded after 5.001s'), UNAVAILABLE],
    ['overloaded', grpcError(8, 'namespace rate limit exceeded'), UNAVAILABLE],
    [
      'an update past the deadline, wrapped by the SDK',
      new WorkflowUpdateRPCTimeoutOrCancelledError('timed out', {
        cause: grpcError(4, 'Deadline exceeded after 5s'),
      }),
      UNAVAILABLE,
    ],
    [
      'a workflow task in failed state',
      new ServiceError('Failed to query Workflow', {
        cause: grpcError(9, 'Workflow Task in failed state.'),
      }),
      NOT_READY,
    ],
    [
      'a query no worker took in time',
      new ServiceError('Failed to query Workflow', {
        cause: grpcError(4, 'query timed out before a worker could process it'),
      }),
      NOT_READY,
    ],
  ])('%s → 503 with Retry-After', (_, error, body) => {
    expect(errorResponse(error, undefined)).toEqual({ status: 503, body, headers: { 'retry-after': '5' } });
  });

  it('a visibility query the server cannot run → 400 with its reason; any other failure → 500 that reveals nothing', () => {
    const refused = new InvalidVisibilityQueryError("a='1' UNION SELECT 1", 'the server cannot run it');
    expect(errorResponse(refused, undefined)).toEqual({
      status: 400,
      body: { error: "Invalid query `a='1' UNION SELECT 1`: the server cannot run it" },
      headers: {},
    });
    for (const error of [grpcError(13, 'something went wrong'), grpcError(9, 'other'), new Error('bug')]) {
      expect(errorResponse(error, 'pause')).toEqual({
        status: 500,
        body: { error: 'Internal server error' },
        headers: {},
      });
    }
  });

  it('every route that calls Temporal answers 503 with Retry-After when nothing answers on its address', async () => {
    // Nothing listens here: every call fails until the request's deadline.
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
    const app = createTestApi(new Client({ connection }), 'q', { visibility: true, temporalTimeoutMs: 300 });
    const { call } = await createApiCaller(app, KEYS.admin);
    expect(await temporalRouteAnswers(call)).toEqual(unavailableAnswers());
    await app.close();
    await connection.close();
  });
});
