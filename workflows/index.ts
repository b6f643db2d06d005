/**
 * The workflows the worker process registers: a multi-stage `research`
 * workflow with a checkpoint per stage, and a `supervisor` that runs several
 * `research` children. Both are pausable through the interceptors the worker
 * registers; the explicit checkpoints mark where an operator may review.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import { ApplicationFailure, executeChild, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities, Finding } from '../activities';
import { checkpoint, installControl, PRE_COMPLETION, PRE_EXECUTION } from '../src/workflow';
import {
  INVALID_WORKFLOW_INPUT,
  type ResearchGuidance,
  type ResearchInput,
  type SupervisorInput,
} from './catalog';

export type { ResearchGuidance, ResearchInput, SupervisorInput } from './catalog';
// The holds of each tenant (`/api/v1/holds`) live in a workflow on the worker's task queue.
export { temporalCheckpointHolds } from '../src/workflow';

const { searchSources, analyzeSources, synthesize } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  // The activities heartbeat every second: a lost worker is noticed within 10 s, and an
  // interrupting pause reaches analyzeSources within 8 s (the SDK sends heartbeats at
  // most every 0.8 × heartbeatTimeout; the server's answer carries the interrupt).
  heartbeatTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});

/** What `research` returns. */
export interface ResearchReport {
  topic: string;
  findings: Finding[];
  summary: string;
  /** Guidance operators sent with resumes, in order. */
  guidance: string[];
}

/** What `supervisor` returns. */
export interface SupervisorReport {
  reports: ResearchReport[];
  summary: string;
}

const DEFAULT_ITERATIONS = 2;
const MAX_ITERATIONS = 20;

/**
 * Researches `topic` in `iterations` rounds of search and analysis, then
 * synthesizes a summary. Checkpoints: `pre_execution`, `iteration_<n>` after
 * each round, `pre_completion` before it returns. A resume at any checkpoint
 * may send {@link ResearchGuidance}; its `focus` narrows the searches that
 * follow.
 */
export async function research(input: ResearchInput): Promise<ResearchReport> {
  // A pause with `drain: 'interrupt'` stops the analysis at its next source.
  installControl({ interruptibleActivities: ['analyzeSources'] });
  const { topic, iterations } = validResearchInput(input);
  const guidance: string[] = [];
  let focus: string | undefined;
  const follow = (sent: unknown): void => {
    const next = guidanceFocus(sent);
    if (next) {
      focus = next;
      guidance.push(next);
    }
  };

  follow(await checkpoint(PRE_EXECUTION));
  const findings: Finding[] = [];
  for (let iteration = 1; iteration <= iterations; iteration++) {
    const sources = await searchSources({ topic, iteration, focus });
    findings.push(await analyzeSources({ topic, iteration, sources }));
    follow(await checkpoint(`iteration_${iteration}`));
  }
  const summary = await synthesize({ topic, findings });
  follow(await checkpoint(PRE_COMPLETION));
  return { topic, findings, summary, guidance };
}

/**
 * Runs one `research` child per topic, all at once, and aggregates their
 * reports. A pause of the supervisor cascades to its children (the
 * interceptors start them), and children started later inherit it.
 */
export async function supervisor(input: SupervisorInput): Promise<SupervisorReport> {
  if (!Array.isArray(input?.topics) || input.topics.length === 0) {
    throw invalidInput('Expected `topics` to be a non-empty array of strings');
  }
  await checkpoint(PRE_EXECUTION);
  const { workflowId } = workflowInfo();
  const reports = await Promise.all(
    input.topics.map((topic, index) =>
      executeChild(research, {
        args: [{ topic, iterations: input.iterations }],
        workflowId: `${workflowId}/research-${index + 1}`,
      }),
    ),
  );
  await checkpoint(PRE_COMPLETION);
  return { reports, summary: reports.map((report) => report.summary).join('\n') };
}

function validResearchInput(input: ResearchInput): Required<ResearchInput> {
  if (typeof input?.topic !== 'string' || input.topic.trim() === '') {
    throw invalidInput(
      `Expected \`topic\` to be a non-empty string, got \`${JSON.stringify(input?.topic)}\``,
    );
  }
  const iterations = input.iterations ?? DEFAULT_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    throw invalidInput(
      `Expected \`iterations\` to be an integer from 1 to ${MAX_ITERATIONS}, got \`${JSON.stringify(input.iterations)}\``,
    );
  }
  return { topic: input.topic, iterations };
}

function guidanceFocus(sent: unknown): string | undefined {
  const focus = (sent as ResearchGuidance | undefined)?.focus;
  return typeof focus === 'string' && focus !== '' ? focus : undefined;
}

function invalidInput(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: INVALID_WORKFLOW_INPUT, message, nonRetryable: true });
}
