import { docsTableRows } from '../../support/markdown-table';
import {
  accessVerdict,
  FLEET_REACH,
  fleetReach,
  TARGET_POLICY,
  targetKind,
  type TargetKind,
  type Verdict,
} from '../../../src/common/access-policy';
import { accessTargetOf, STACK_MEMO_KEY } from '../../../src/common/stack-workflows';
import { HOLDS_WORKFLOW_TYPE } from '../../../src/common/holds';
import { OWNER_MEMO_KEY } from '../../../src/common/ownership';

const ANN = { userId: 'ann', tenantId: 'acme' };
const ROOT = { userId: 'root', tenantId: 'acme', admin: true };
const own = { owner: { user_id: 'ann', tenant_id: 'acme' } };

/** The words of a verdict in docs/http-api.md. */
const DOC_WORDS: Record<Verdict, string> = {
  allow: 'allowed',
  forbidden: '`403 Forbidden`',
  notFound: '`404 Task not found`',
};

/** The rows of the table under "Who may do what" in docs/http-api.md, cells trimmed. */
describe('the access policy', () => {
  it('classifies a target for a caller', () => {
    expect(targetKind(own, ANN)).toBe('own');
    expect(targetKind(own, { userId: 'bob', tenantId: 'acme' })).toBe('colleague');
    expect(targetKind(own, { userId: 'eve', tenantId: 'globex', admin: true })).toBe('foreign');
    expect(targetKind({}, ANN)).toBe('unowned');
    expect(targetKind({ ...own, stack: true }, ANN)).toBe('stack');
    expect(targetKind(undefined, ANN)).toBe('missing');
  });

  it('answers from its table, as a user and as an admin', () => {
    for (const [kind, rule] of Object.entries(TARGET_POLICY)) {
      const target = {
        own,
        colleague: own,
        foreign: own,
        unowned: {},
        stack: { stack: true },
        missing: undefined,
      }[kind as TargetKind];
      const asUser = kind === 'colleague' ? { userId: 'bob', tenantId: 'acme' } : ANN;
      const asAdmin = kind === 'foreign' ? { userId: 'x', tenantId: 'globex', admin: true } : ROOT;
      const asForeignUser = kind === 'foreign' ? { userId: 'x', tenantId: 'globex' } : asUser;
      expect([kind, accessVerdict(target, asForeignUser)]).toEqual([kind, rule.user]);
      expect([kind, accessVerdict(target, asAdmin)]).toEqual([kind, rule.admin]);
    }
  });

  it('never lets anyone reach a workflow of the stack, and narrows the fleet to what one may act on', () => {
    expect(accessVerdict({ owner: own.owner, stack: true }, ANN)).toBe('notFound');
    expect(accessVerdict({ stack: true }, ROOT)).toBe('notFound');
    expect(fleetReach(ANN)).toBe('own');
    expect(fleetReach(ROOT)).toBe('tenant');
  });

  it('tells the workflows of the stack by their memo, the holds type or the server batch type', () => {
    expect(accessTargetOf({ memo: { [STACK_MEMO_KEY]: 'holds' } }).stack).toBe(true);
    expect(accessTargetOf({ type: HOLDS_WORKFLOW_TYPE }).stack).toBe(true);
    expect(accessTargetOf({ type: 'temporal-sys-batch-workflow' }).stack).toBe(true);
    expect(accessTargetOf({ type: 'research', memo: { [OWNER_MEMO_KEY]: own.owner } })).toEqual({
      owner: own.owner,
      stack: false,
    });
  });

  it('is the table docs/http-api.md shows, row for row', () => {
    const expected = Object.values(TARGET_POLICY).map((rule) => [
      rule.target,
      DOC_WORDS[rule.user],
      DOC_WORDS[rule.admin],
    ]);
    expect(docsTableRows('http-api.md', '## Who may do what')).toEqual(expected);
    expect(FLEET_REACH).toEqual({
      user: "the caller's own tasks",
      admin: "every task of the caller's tenant",
    });
  });
});
