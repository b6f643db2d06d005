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
import { ApplicationFailure, CancellationScope, isCancellation, log, setHandler } from '@temporalio/workflow';
import {
  childControlStateSignal,
  controlStateQuery,
  pauseSignal,
  pauseUpdate,
  resumeSignal,
  resumeUpdate,
} from '../common/definitions';
import type { PauseRequest, ResumeRequest } from '../common/types';
import { pauseRequestProblem } from '../common/validation';
import { pauseRejection, resumeProblem, resumeRejection, type Rejection } from '../control/rejections';
import type { RunControl } from './run-control';

/** Registers every control handler of `control` on the current workflow. */
export function registerControlHandlers(control: RunControl): void {
  const checkResumeInput = (input: unknown) => control.settings.validateResumeInput?.(input);

  setHandler(pauseSignal, (request) => {
    const problem = pauseRequestProblem(request);
    if (problem) log.warn(`Ignored a pause signal: ${problem}`);
    else control.dispatch({ kind: 'pause', request: request ?? {} });
  });
  setHandler(resumeSignal, (request) => {
    const problem = resumeProblem(request, checkResumeInput);
    if (problem) log.warn(`Ignored a resume signal: ${problem}`);
    else control.dispatch({ kind: 'resume', request: request ?? {} });
  });
  setHandler(
    pauseUpdate,
    (request: PauseRequest | undefined) => {
      control.dispatch({ kind: 'pause', request: request ?? {} });
      return control.view();
    },
    { validator: (request: PauseRequest | undefined) => reject(pauseRejection(control.state, request)) },
  );
  setHandler(
    resumeUpdate,
    (request: ResumeRequest | undefined) => {
      control.dispatch({ kind: 'resume', request: request ?? {} });
      return control.view();
    },
    {
      validator: (request: ResumeRequest | undefined) =>
        reject(resumeRejection(control.state, request, checkResumeInput)),
    },
  );
  setHandler(controlStateQuery, () => control.view());
  setHandler(childControlStateSignal, (child) => control.dispatch({ kind: 'childReported', child }));
  CancellationScope.current().cancelRequested.catch((error: unknown) => {
    if (isCancellation(error)) control.dispatch({ kind: 'cancel' });
  });
  // A run that starts with a pause pending from its parent announces it.
  control.dispatch({ kind: 'runStarted' });
}

/** Throws the rejection as a failure that crosses the wire, if there is one. */
function reject(rejection: Rejection | undefined): void {
  if (rejection) throw ApplicationFailure.create({ ...rejection, nonRetryable: true });
}
