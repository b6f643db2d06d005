/**
 * The caller of the HTTP pause figures (bench/http.ts), in a process of its
 * own as a real caller is: it pauses the same idle workflows through the
 * control API and directly through a Temporal client of its own, the two
 * paths taking turns, and prints the timings as one JSON line
 * ({@link PauseTimings}). The API, the worker and the server stay in the
 * bench process, as `npm start` runs them; neither path's caller shares
 * their event loop.
 *
 * Environment: `TEMPORAL_ADDRESS`, `API_BASE` (the API's URL), `API_KEY`,
 * `TASK_IDS` (a JSON array of `[taskId, workflowId]`), `ROUNDS`.
 */
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { pauseUpdate, resumeUpdate } from '../src';
import { postJson } from './http-client';
import { requiredEnv } from './child-env';

/** Milliseconds per request (latency) and requests per second per burst (throughput), per path. */
export interface PauseTimings {
  latency: Record<PausePath, number[]>;
  throughput: Record<PausePath, number[]>;
}

/** The two ways of pausing a task the figures compare. */
export type PausePath = 'http' | 'direct';

type Pause = (task: Task) => Promise<void>;

/** Bursts per path in a round: one burst lasts a few hundred milliseconds, and its rate is noisy on a shared machine. */
const BURSTS_PER_ROUND = 3;

interface Task {
  taskId: string;
  handle: WorkflowHandle;
}

async function main(): Promise<void> {
  const connection = await Connection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') });
  try {
    const client = new Client({ connection });
    const ids = JSON.parse(requiredEnv('TASK_IDS')) as Array<[string, string]>;
    const tasks = ids.map(([taskId, workflowId]) => ({
      taskId,
      handle: client.workflow.getHandle(workflowId),
    }));
    const timings = await measure(
      tasks,
      requiredEnv('API_BASE'),
      requiredEnv('API_KEY'),
      Number(requiredEnv('ROUNDS')),
    );
    process.stdout.write(`${JSON.stringify(timings)}\n`);
  } finally {
    await connection.close();
  }
}

/**
 * Both paths measured interleaved, so that load and drift weigh on them
 * alike: latency one request at a time, the paths taking turns request by
 * request (each workflow paused by both in every round); then requests per
 * second, bursts of all workflows at once, the paths taking turns burst by
 * burst. A first round is warm-up (connections, compiled schemas, the
 * worker's caches) and not counted.
 */
async function measure(tasks: Task[], base: string, key: string, rounds: number): Promise<PauseTimings> {
  // Kept-alive connections, one per concurrent request, as the direct
  // client keeps its gRPC connection: a connection per request would be a
  // cost of this client, not of the API.
  const agent = new Agent({ keepAlive: true, maxSockets: tasks.length });
  const pauses: Record<PausePath, Pause> = {
    http: async ({ taskId }) => {
      const url = `${base}/api/v1/tasks/${taskId}/pause`;
      const { status, body } = await postJson(agent, url, key, { request_id: randomUUID() });
      if (status !== 202) throw new Error(`pause answered ${status}: ${body}`);
    },
    direct: async ({ handle }) => {
      await handle.executeUpdate(pauseUpdate, { args: [{ requestId: randomUUID() }] });
    },
  };
  const resumeAll = () =>
    Promise.all(tasks.map(({ handle }) => handle.executeUpdate(resumeUpdate, { args: [{}] })));
  const timings: PauseTimings = { latency: { http: [], direct: [] }, throughput: { http: [], direct: [] } };
  const timed = async (work: () => Promise<unknown>): Promise<number> => {
    const startedAt = performance.now();
    await work();
    return performance.now() - startedAt;
  };
  try {
    for (let round = 0; round <= rounds; round++) {
      const counted = round > 0;
      for (const pass of [0, 1]) {
        for (const [index, task] of tasks.entries()) {
          const path: PausePath = (index + pass + round) % 2 === 0 ? 'http' : 'direct';
          const ms = await timed(() => pauses[path](task));
          if (counted) timings.latency[path].push(ms);
        }
        await resumeAll();
      }
      for (let burst = 0; burst < BURSTS_PER_ROUND; burst++) {
        const order: PausePath[] = (round + burst) % 2 === 0 ? ['http', 'direct'] : ['direct', 'http'];
        for (const path of order) {
          const ms = await timed(() => Promise.all(tasks.map((task) => pauses[path](task))));
          if (counted) timings.throughput[path].push(tasks.length / (ms / 1000));
          await resumeAll();
        }
      }
    }
  } finally {
    agent.destroy();
  }
  return timings;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
