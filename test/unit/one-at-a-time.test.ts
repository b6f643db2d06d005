import type { Client } from '@temporalio/client';
import { TaskControl } from '../../src/client';
import { createOneAtATime } from '../../src/client/one-at-a-time';
import type { ControlState } from '../../src/common/types';

/** A promise and its resolve, for work the test finishes when it wants. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

describe('createOneAtATime', () => {
  it('runs the work of one key in arrival order, each after the one before settled, rejected or not', async () => {
    const oneAtATime = createOneAtATime();
    const first = deferred();
    const order: string[] = [];
    const a = oneAtATime('k', async () => {
      order.push('a starts');
      await first.promise;
      throw new Error('a failed');
    });
    const b = oneAtATime('k', () => Promise.resolve(order.push('b runs')));
    const other = oneAtATime('other', () => Promise.resolve(order.push('other runs')));
    await other;
    expect(order).toEqual(['a starts', 'other runs']);
    first.resolve();
    await expect(a).rejects.toThrow('a failed');
    await b;
    expect(order).toEqual(['a starts', 'other runs', 'b runs']);
  });
});

describe('TaskControl', () => {
  it('sends concurrent pauses of one workflow one at a time, and of different workflows at once', async () => {
    let running = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    const executeUpdate = async (): Promise<ControlState> => {
      most = Math.max(most, ++running);
      const release = deferred();
      releases.push(release.resolve);
      await release.promise;
      running--;
      return { status: 'pausing' } as ControlState;
    };
    const client = { workflow: { getHandle: () => ({ executeUpdate }) } } as unknown as Client;
    const control = new TaskControl(client);
    const pauses = Array.from({ length: 20 }, () => control.pause('report-42', { reason: 'review' }));
    const elsewhere = control.pause('report-43');
    // Let every call reach the client (or the queue).
    await new Promise((resolve) => setImmediate(resolve));
    expect(running).toBe(2);
    while (releases.length > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all([...pauses, elsewhere]);
    expect(most).toBe(2);
  });
});
