/**
 * The command line of `npm run bench`.
 *
 * Options: `--quick` (every figure at a small size, for CI: the defaults
 * become 50, 2, 3, 10, 5, 10, 2, 20, 200 and 1), `--workflows N`
 * (throughput run, default 500), `--activities N` (per workflow, default
 * 10), `--throughput-rounds N` (counted rounds of both runs, default 5),
 * `--http-workflows N` (idle workflows the HTTP figures pause, default
 * 20), `--http-rounds N` (default 10), `--sse-streams N` (default 10),
 * `--sse-cycles N` (pause/resume cycles per stream, default 17: 510 events),
 * `--chunk-ms N` (one chunk of the long activity of the drain figures,
 * default 100), `--memory-workflows N` (per worker, default 10000),
 * `--ready-runs N` (worker process starts, default 3), `--batch-tasks N`
 * (default 1000; quick 100), `--http-overhead-requests N` (pauses through
 * the API over a stub client, default 2000; quick 500), `--restart-tasks N`
 * (paused tasks of ~300 events across a worker process restart, default
 * 1000; quick 20), `--memory-snapshots
 * DIR` (write heap snapshots of both memory workers there), `--only
 * GROUPS` (a comma list of history, http, memory, ready, drain,
 * throughput, time-skipping, bulk, restart: only those figures; the table and
 * `latest.json` then hold only them).
 */
import { parseArgs } from 'node:util';
import type { HttpBenchSizes } from './http';
import type { ThroughputSizes } from './throughput';

/** The groups of figures `--only` chooses from. */
const FIGURE_GROUPS = [
  'history',
  'http',
  'memory',
  'ready',
  'drain',
  'throughput',
  'time-skipping',
  'bulk',
  'restart',
] as const;
export type FigureGroup = (typeof FIGURE_GROUPS)[number];

/** The sizes of a run, from the command line. */
export interface BenchSizes {
  throughput: ThroughputSizes;
  http: HttpBenchSizes;
  httpOverheadRequests: number;
  chunkMs: number;
  memoryWorkflows: number;
  readyRuns: number;
  batchTasks: number;
  restartTasks: number;
  memorySnapshots: string | undefined;
  /** The groups to measure (`--only`); all when undefined. */
  only: Set<FigureGroup> | undefined;
}

/** The sizes and groups of this run, from `process.argv`; throws on a bad value, naming it. */
export function benchSizes(): BenchSizes {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      workflows: { type: 'string' },
      activities: { type: 'string' },
      'throughput-rounds': { type: 'string' },
      'http-workflows': { type: 'string' },
      'http-rounds': { type: 'string' },
      'sse-streams': { type: 'string' },
      'sse-cycles': { type: 'string' },
      'chunk-ms': { type: 'string' },
      'memory-workflows': { type: 'string' },
      'ready-runs': { type: 'string' },
      'batch-tasks': { type: 'string' },
      'restart-tasks': { type: 'string' },
      'memory-snapshots': { type: 'string' },
      only: { type: 'string' },
      'http-overhead-requests': { type: 'string' },
    },
  });
  const size = (name: keyof typeof values, full: number, quick: number): number => {
    const given = values[name];
    const value = typeof given === 'string' ? Number(given) : values.quick ? quick : full;
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`Expected \`--${name}\` to be a positive integer, got \`${String(given)}\``);
    }
    return value;
  };
  const httpWorkflows = size('http-workflows', 20, 10);
  return {
    throughput: {
      workflows: size('workflows', 500, 50),
      activities: size('activities', 10, 2),
      rounds: size('throughput-rounds', 5, 3),
    },
    http: {
      workflows: httpWorkflows,
      rounds: size('http-rounds', 10, 5),
      streams: Math.min(httpWorkflows, size('sse-streams', 10, 10)),
      sseCycles: size('sse-cycles', 17, 2),
    },
    httpOverheadRequests: size('http-overhead-requests', 2_000, 500),
    chunkMs: size('chunk-ms', 100, 20),
    memoryWorkflows: size('memory-workflows', 10_000, 200),
    readyRuns: size('ready-runs', 3, 1),
    batchTasks: size('batch-tasks', 1_000, 100),
    restartTasks: size('restart-tasks', 1_000, 20),
    memorySnapshots: values['memory-snapshots'],
    only: values.only === undefined ? undefined : figureGroups(values.only),
  };
}

function figureGroups(list: string): Set<FigureGroup> {
  const groups = list.split(',');
  const unknown = groups.filter((group) => !(FIGURE_GROUPS as readonly string[]).includes(group));
  if (unknown.length > 0 || groups.length === 0) {
    throw new Error(`Expected \`--only\` to list groups of ${FIGURE_GROUPS.join(', ')}, got \`${list}\``);
  }
  return new Set(groups as FigureGroup[]);
}
