import { randomBytes } from 'node:crypto';
import { holdsWorkflowId } from '../../src/client/holds-key';

describe('holdsWorkflowId', () => {
  const key = randomBytes(32).toString('hex');

  it('does not name the tenant, and differs between two deployments (two keys)', () => {
    const other = randomBytes(32).toString('hex');
    const id = holdsWorkflowId('acme', key);
    expect(id).not.toContain('acme');
    expect(id).not.toBe('temporal-checkpoint-holds:acme');
    expect(holdsWorkflowId('acme', other)).not.toBe(id);
  });

  it('is the same for every call with one key, one per tenant, and never a task id', () => {
    expect(holdsWorkflowId('acme', key)).toBe(holdsWorkflowId('acme', key));
    expect(holdsWorkflowId('globex', key)).not.toBe(holdsWorkflowId('acme', key));
    expect(holdsWorkflowId('acme', key)).toMatch(/^temporal-checkpoint-holds-[0-9a-f]{32}$/);
  });
});
