/**
 * Wires a run's control to the outside: the `pause`/`resume` signals, the
 * `requestPause`/`requestResume` updates with their synchronous validators,
 * the `controlState` query, the children's reports, and the workflow's
 * cancellation.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import {
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  answeringPauseUpdate,
  answeringResumeUpdate,
  callerControlStateQuery,
  childControlStateSignal,
  controlStateQuery,
  pauseSignal,
  resumeSignal,
  type UpdateAnswer,
} from '../common/definitions';
import { ownershipRejection } from '../common/ownership';
import { accessTargetOf } from '../common/stack-workflows';
import type { ControlState, PauseRequest, ResumeRequest } from '../common/types';
import {
  pauseRejection,
  pauseSignalRejection,
  resumeRejection,
  resumeSignalProblem,
  withoutCaller,
  type Rejection,
} from '../control/rejections';
import { pauseRequestMeasurement } from '../control/measurements';
import { recordMeasurements } from './metrics';
import type { RunControl } from './run-control';

// A missing request is accepted as one with no fields.
type PauseUpdateArgs = [request: PauseRequest | undefined, answer?: UpdateAnswer];
type ResumeUpdateArgs = [request: ResumeRequest | undefined, answer?: UpdateAnswer];

/** Registers every control handler of `control` on the current workflow. */
export function registerControlHandlers(control: RunControl): void {
  const checkResumeInput = (input: unknown) => control.settings.validateResumeInput?.(input);
  // The owner is written at start by whoever submitted the task, and carried by continue-as-new.
  const owner = () => accessTargetOf({ memo: workflowInfo().memo, type: workflowInfo().workflowType });

  // The order of these calls is part of the history's meaning: the SDK hands the signals that
  // arrived before the workflow started to each handler as it is set, and readers derive the
  // run's first task in that order (src/control/derivation.ts).
  setHandler(pauseSignal, (request) => {
    const rejection = pauseSignalRejection(request, owner());
    if (rejection) {
      log.warn(`Ignored a pause signal: ${rejection.message}`);
      countRefusedPause(rejection);
    } else control.dispatch({ kind: 'pause', request: withoutCaller(request) }, 'signal');
  });
  setHandler(resumeSignal, (request) => {
    const problem = resumeSignalProblem(request, checkResumeInput, owner());
    if (problem) log.warn(`Ignored a resume signal: ${problem}`);
    else control.dispatch({ kind: 'resume', request: withoutCaller(request) }, 'signal');
  });
  setHandler<ControlState | undefined, PauseUpdateArgs, typeof answeringPauseUpdate>(
    answeringPauseUpdate,
    (request, answer) => {
      control.dispatch({ kind: 'pause', request: withoutCaller(request) }, 'update');
      return answer === 'none' ? undefined : control.view();
    },
    {
      validator: (request) => {
        const rejection = pauseRejection(control.state, request, owner());
        countRefusedPause(rejection);
        reject(rejection);
      },
    },
  );
  setHandler<ControlState | undefined, ResumeUpdateArgs, typeof answeringResumeUpdate>(
    answeringResumeUpdate,
    (request, answer) => {
      control.dispatch({ kind: 'resume', request: withoutCaller(request) }, 'update');
      return answer === 'none' ? undefined : control.view();
    },
    {
      validator: (request) => reject(resumeRejection(control.state, request, checkResumeInput, owner())),
    },
  );
  setHandler(controlStateQuery, () => control.view());
  setHandler(callerControlStateQuery, (caller) => {
    const rejection = ownershipRejection(owner(), caller);
    return rejection ? { rejection } : { state: control.view() };
  });
  setHandler(childControlStateSignal, (child) => control.dispatch({ kind: 'childReported', child }));
  CancellationScope.current().cancelRequested.catch((error: unknown) => {
    if (isCancellation(error)) control.dispatch({ kind: 'cancel' });
  });
  // A run that starts with a pause pending from its parent announces it.
  control.dispatch({ kind: 'runStarted' });
}

/** Counts a pause refused before it reached the machine (which counts the ones it takes or refuses itself). */
function countRefusedPause(rejection: Rejection | undefined): void {
  if (rejection) recordMeasurements([pauseRequestMeasurement(rejection.type)]);
}

/** Throws the rejection as a failure that crosses the wire, if there is one. */
function reject(rejection: Rejection | undefined): void {
  if (rejection) throw ApplicationFailure.create({ ...rejection, nonRetryable: true });
}
