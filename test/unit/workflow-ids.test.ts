import { TaskClosedError, TaskNotFoundError } from '../../src/client/errors';
import { firstFound } from '../../src/client/workflow-ids';

describe('firstFound', () => {
  const missing = (id: string) => Promise.reject(new TaskNotFoundError(id));

  it('acts on the ids in order and stops at the first that exists', async () => {
    const tried: string[] = [];
    const found = await firstFound(['acme/report-42', 'report-42'], (id) => {
      tried.push(id);
      return id === 'report-42' ? Promise.resolve(`state of ${id}`) : missing(id);
    });
    expect(found).toBe('state of report-42');
    expect(tried).toEqual(['acme/report-42', 'report-42']);
  });

  it('does not try the next id once one exists, whatever it answers', async () => {
    const tried: string[] = [];
    const closed = firstFound(['acme/report-42', 'report-42'], (id) => {
      tried.push(id);
      return Promise.reject(new TaskClosedError(id, 'completed'));
    });
    await expect(closed).rejects.toBeInstanceOf(TaskClosedError);
    expect(tried).toEqual(['acme/report-42']);
  });

  it('rejects as the last id did when none exists, and takes one id as it is', async () => {
    await expect(firstFound(['acme/report-42', 'report-42'], missing)).rejects.toMatchObject({
      workflowId: 'report-42',
    });
    await expect(firstFound('report-42', (id) => Promise.resolve(id))).resolves.toBe('report-42');
  });
});
