/**
 * The heap of the workflow thread, for bench/memory-worker.ts. The SDK runs
 * workflows in a worker thread of its own (one V8 isolate, reused by every
 * run), so `process.memoryUsage().heapUsed` of the main thread never sees
 * them. Preloaded with `-r` (worker threads inherit the parent's `-r`
 * modules), this module answers, in every worker thread, requests sent over
 * a `BroadcastChannel`: collect garbage there and report its heap, or write
 * a heap snapshot of it.
 */
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';

const CHANNEL = 'bench-thread-memory';

/** The heap of one worker thread, after a collection there. */
export interface ThreadHeap {
  threadId: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** Used and committed bytes of each V8 heap space, by name. */
  spaces: Record<string, { used: number; size: number }>;
}

type Request = { id: number; kind: 'measure' } | { id: number; kind: 'snapshot'; file: string };
type Question = { kind: 'measure' } | { kind: 'snapshot'; file: string };
type Answer = { id: number; heap: ThreadHeap } | { id: number; file: string };

if (!isMainThread) {
  const channel = new BroadcastChannel(CHANNEL);
  channel.unref();
  channel.onmessage = (message) => {
    const request = (message as { data: Request | undefined }).data;
    if (!request || typeof request !== 'object' || !('kind' in request)) return;
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    collect?.();
    if (request.kind === 'snapshot') {
      channel.postMessage({ id: request.id, file: writeHeapSnapshot(request.file) } satisfies Answer);
      return;
    }
    const stats = getHeapStatistics();
    const spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((space) => [
        space.space_name,
        { used: space.space_used_size, size: space.space_size },
      ]),
    );
    const heap: ThreadHeap = {
      threadId,
      heapUsed: stats.used_heap_size,
      heapTotal: stats.total_heap_size,
      external: stats.external_memory,
      spaces,
    };
    channel.postMessage({ id: request.id, heap } satisfies Answer);
  };
}

let nextId = 1;

/** Asks the worker threads for `request`; resolves with the first answer. */
function ask(request: Question): Promise<Answer> {
  const id = nextId++;
  const channel = new BroadcastChannel(CHANNEL);
  return new Promise<Answer>((resolve) => {
    channel.onmessage = (message) => {
      const answer = (message as { data: Answer | undefined }).data;
      if (answer?.id !== id || !('file' in answer || 'heap' in answer)) return;
      channel.close();
      resolve(answer);
    };
    channel.postMessage({ ...request, id } satisfies Request);
  });
}

/** The heap of the workflow thread, after a collection there. */
export async function workflowThreadHeap(): Promise<ThreadHeap> {
  const answer = await ask({ kind: 'measure' });
  if (!('heap' in answer)) throw new Error(`Expected a heap in the answer, got ${JSON.stringify(answer)}`);
  return answer.heap;
}

/** Writes a heap snapshot of the workflow thread to `file`; resolves with its path. */
export async function snapshotWorkflowThread(file: string): Promise<string> {
  const answer = await ask({ kind: 'snapshot', file });
  if (!('file' in answer)) throw new Error(`Expected a file in the answer, got ${JSON.stringify(answer)}`);
  return answer.file;
}
