import { FORBIDDEN, INVALID_CONTROL_REQUEST, NOT_PAUSED, TASK_NOT_FOUND } from '../../../src/common/errors';
import { ownerFromMemo, ownershipRejection, OWNER_MEMO_KEY } from '../../../src/common/ownership';
import { pauseRejection, resumeRejection, resumeSignalProblem } from '../../../src/control/rejections';
import { initialState, type MachineState } from '../../../src/control/state';

const ALICE = { user_id: 'alice', tenant_id: 'acme' };

describe('ownership of a task', () => {
  it('hides another tenant, forbids another user, lets admins of the tenant through', () => {
    expect(ownershipRejection(ALICE, { userId: 'alice', tenantId: 'acme' })).toBeUndefined();
    expect(ownershipRejection(ALICE, { userId: 'eve', tenantId: 'globex', admin: true })?.type).toBe(
      TASK_NOT_FOUND,
    );
    expect(ownershipRejection(ALICE, { userId: 'bob', tenantId: 'acme' })?.type).toBe(FORBIDDEN);
    expect(ownershipRejection(ALICE, { userId: 'root', tenantId: 'acme', admin: true })).toBeUndefined();
  });

  it('opens a task with no owner to admins only, and checks nothing without a caller', () => {
    expect(ownershipRejection(undefined, { userId: 'bob', tenantId: 'acme' })?.type).toBe(FORBIDDEN);
    expect(ownershipRejection(undefined, { userId: 'root', tenantId: 'acme', admin: true })).toBeUndefined();
    expect(ownershipRejection(ALICE, undefined)).toBeUndefined();
  });

  it('reads the owner from the memo, ignoring a malformed one', () => {
    expect(ownerFromMemo({ [OWNER_MEMO_KEY]: ALICE })).toEqual(ALICE);
    expect(ownerFromMemo({ [OWNER_MEMO_KEY]: { user_id: 1, tenant_id: 'acme' } })).toBeUndefined();
    expect(ownerFromMemo(undefined)).toBeUndefined();
  });

  it('is checked by the update validators after the input and before the state', () => {
    const bob = { userId: 'bob', tenantId: 'acme' };
    expect(pauseRejection(initialState(), { caller: bob }, ALICE)?.type).toBe(FORBIDDEN);
    expect(pauseRejection(initialState(), { caller: { userId: 7 } }, ALICE)).toEqual({
      type: INVALID_CONTROL_REQUEST,
      message: 'Expected `caller.userId` to be a string, got `7` (number)',
    });
    // A resume of a running task by a stranger: not found, not "not paused".
    expect(
      resumeRejection(initialState(), { caller: { userId: 'eve', tenantId: 'globex' } }, undefined, ALICE)
        ?.type,
    ).toBe(TASK_NOT_FOUND);
  });
});

describe('a resume that names the pause it ends', () => {
  const pausedBy = (requestId: string | undefined): MachineState => ({
    ...initialState(),
    phase: {
      status: 'paused',
      pause: {
        request: { requestId },
        requestedAtMs: 0,
        checkpoint: 'pre_execution',
        pausedAtMs: 0,
        number: 1,
      },
    },
  });

  it('is accepted only while that pause is the current one', () => {
    const release = { requestId: 'release:h1', ifPauseRequestId: 'hold:h1' };
    expect(resumeRejection(pausedBy('hold:h1'), release, undefined)).toBeUndefined();
    expect(resumeRejection(pausedBy(undefined), release, undefined)).toEqual({
      type: NOT_PAUSED,
      message: 'Workflow is not paused by request `hold:h1`',
    });
    expect(resumeRejection(pausedBy('second-look'), release, undefined)?.type).toBe(NOT_PAUSED);
    expect(resumeRejection(initialState(), release, undefined)?.type).toBe(NOT_PAUSED);
  });

  it('is refused malformed, and never taken from a signal, which cannot see the state', () => {
    expect(resumeRejection(pausedBy('x'), { ifPauseRequestId: 7 }, undefined)?.type).toBe(
      INVALID_CONTROL_REQUEST,
    );
    expect(resumeSignalProblem({ ifPauseRequestId: 'hold:h1' }, undefined, undefined)).toMatch(/update only/);
    expect(resumeSignalProblem({ requestId: 'r' }, undefined, undefined)).toBeUndefined();
  });
});
