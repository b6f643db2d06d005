import { hashApiKey, parseApiKeys } from '../../../src/http';
import { candidateWorkflowIds, tenantWorkflowId } from '../../../src/http/routes/task-ids';

describe("each tenant's id space", () => {
  it('puts a submitted task under its tenant, and looks an id up there first, then as a workflow id', () => {
    expect(tenantWorkflowId('acme', 'ta-1')).toBe('acme/ta-1');
    expect(candidateWorkflowIds('acme', 'sup-1/research-2')).toEqual([
      'acme/sup-1/research-2',
      'sup-1/research-2',
    ]);
  });

  it('refuses a tenant id with `/`, which would let one tenant prefix reach into another', () => {
    const key = { key_hash: hashApiKey('k'), user_id: 'ann', scopes: ['tasks:read'] };
    expect(parseApiKeys([{ ...key, tenant_id: 'acme' }], 'API_KEYS')).toHaveLength(1);
    expect(() => parseApiKeys([{ ...key, tenant_id: 'acme/x' }], 'API_KEYS')).toThrow(
      'Expected API_KEYS[0].tenant_id to hold no `/`, got `acme/x`',
    );
  });
});
