/**
 * What a transition of the control machine means for the metrics: the
 * counts and durations one input produced, read from the states before and
 * after it. The workflow records them through the SDK's workflow meter
 * (`src/workflow/metrics.ts`); the rules live here, pure, beside the machine.
 *
 * Anywhere zone, pure.
 *
 * @module
 */
import type { ControlErrorType } from '../common/errors';
import {
  DRAIN_DURATION,
  INTERRUPTED_ACTIVITIES,
  PARKS,
  PAUSE_REQUESTS,
  PAUSE_TIMEOUTS,
  PAUSED_DURATION,
  type MetricDefinition,
} from '../common/metrics';
import { accepts } from './accepts';
import type { ControlInput } from './inputs';
import type { MachineState } from './state';

/** One value to add to a counter or record on a histogram, with its labels (the workflow type aside). */
export interface Measurement {
  metric: MetricDefinition;
  value: number;
  tags: Record<string, string>;
}

/** The count of one pause request: accepted, or refused with `refusal` (the error type). */
export function pauseRequestMeasurement(refusal?: ControlErrorType): Measurement {
  const tags: Record<string, string> = refusal ? { outcome: 'refused', refusal } : { outcome: 'accepted' };
  return { metric: PAUSE_REQUESTS, value: 1, tags };
}

/**
 * The measurements of `input` taking the machine from `before` to `after`:
 * a pause request's outcome, a park and its drain time, an ended pause's
 * parked time and outcome, a pause timeout, an interrupted activity.
 *
 * @example
 * ```ts
 * const { state } = transition(paused, { kind: 'resume', request: {} }, context);
 * measurements(paused, state, { kind: 'resume', request: {} });
 * // => [{ metric: PAUSED_DURATION, value: 90000, tags: { outcome: 'resumed' } }]
 * ```
 */
export function measurements(before: MachineState, after: MachineState, input: ControlInput): Measurement[] {
  const found: Measurement[] = [];
  if (input.kind === 'pause') {
    const verdict = accepts(before, input);
    found.push(pauseRequestMeasurement(typeof verdict === 'string' ? undefined : verdict.type));
  }
  if (input.kind === 'activityInterrupted' && after.interrupted.length > before.interrupted.length)
    found.push(count(INTERRUPTED_ACTIVITIES, { activity_type: input.activityType }));
  if (before.phase.status === 'pausing' && after.phase.status === 'paused') {
    const { checkpoint, pausedAtMs, requestedAtMs } = after.phase.pause;
    found.push(count(PARKS, { checkpoint }));
    found.push({ metric: DRAIN_DURATION, value: pausedAtMs - requestedAtMs, tags: {} });
  }
  const ended = after.audit.at(-1);
  if (ended === undefined || ended === before.audit.at(-1) || before.phase.status === 'running') return found;
  if (input.kind === 'timeout')
    found.push(count(PAUSE_TIMEOUTS, { on_timeout: before.phase.pause.request.onTimeout ?? 'resume' }));
  if (ended.pausedAt !== undefined)
    found.push({ metric: PAUSED_DURATION, value: ended.pausedMs, tags: { outcome: ended.outcome } });
  return found;
}

function count(metric: MetricDefinition, tags: Record<string, string>): Measurement {
  return { metric, value: 1, tags };
}
