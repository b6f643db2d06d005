// What each transition means for the metrics, fed through the machine itself.
import { ALREADY_PAUSED } from '../../../src/common/errors';
import type { ControlInput } from '../../../src/control/inputs';
import { measurements } from '../../../src/control/measurements';
import { initialState, type MachineState } from '../../../src/control/state';
import { transition } from '../../../src/control/transitions';

const START = Date.UTC(2026, 0, 1);

/** Applies inputs one minute apart; returns each measurement as `name{tags}=value`. */
function measured(inputs: ControlInput[]): string[] {
  let state: MachineState = initialState();
  const found: string[] = [];
  for (const [index, input] of inputs.entries()) {
    const next = transition(state, input, { atMs: START + index * 60_000, workflowId: 'wf', auditLimit: 50 });
    for (const { metric, value, tags } of measurements(state, next.state, input))
      found.push(`${metric.name}${JSON.stringify(tags)}=${value}`);
    state = next.state;
  }
  return found;
}

const pause = (request = {}): ControlInput => ({ kind: 'pause', request });

describe('the measurements of a transition', () => {
  it('counts a pause, its park with the drain time, and the parked time when it is resumed', () => {
    expect(
      measured([pause(), pause(), { kind: 'park', checkpoint: 'step' }, { kind: 'resume', request: {} }]),
    ).toEqual([
      'temporal_checkpoint_pause_requests{"outcome":"accepted"}=1',
      `temporal_checkpoint_pause_requests{"outcome":"refused","refusal":"${ALREADY_PAUSED}"}=1`,
      'temporal_checkpoint_parks{"checkpoint":"step"}=1',
      'temporal_checkpoint_drain_duration{}=120000',
      'temporal_checkpoint_paused_duration{"outcome":"resumed"}=60000',
    ]);
  });

  it('counts a repeated request as accepted, and no parked time for a pause withdrawn before it parked', () => {
    expect(
      measured([pause({ requestId: 'a' }), pause({ requestId: 'a' }), { kind: 'resume', request: {} }]),
    ).toEqual([
      'temporal_checkpoint_pause_requests{"outcome":"accepted"}=1',
      'temporal_checkpoint_pause_requests{"outcome":"accepted"}=1',
    ]);
  });

  it('counts a timeout by its policy, with the parked time, and an interrupted activity while draining', () => {
    expect(
      measured([
        pause({ timeout: '1 hour', onTimeout: 'fail', drain: 'interrupt' }),
        { kind: 'activityInterrupted', activityType: 'analyze', progress: 3 },
        { kind: 'park', checkpoint: 'step' },
        { kind: 'timeout', pauseNumber: 1 },
      ]),
    ).toEqual([
      'temporal_checkpoint_pause_requests{"outcome":"accepted"}=1',
      'temporal_checkpoint_interrupted_activities{"activity_type":"analyze"}=1',
      'temporal_checkpoint_parks{"checkpoint":"step"}=1',
      'temporal_checkpoint_drain_duration{}=120000',
      'temporal_checkpoint_pause_timeouts{"on_timeout":"fail"}=1',
      'temporal_checkpoint_paused_duration{"outcome":"timed_out"}=60000',
    ]);
  });

  it('records the parked time of a pause ended by cancellation', () => {
    expect(measured([pause(), { kind: 'park', checkpoint: 'step' }, { kind: 'cancel' }]).at(-1)).toBe(
      'temporal_checkpoint_paused_duration{"outcome":"cancelled"}=60000',
    );
  });
});
