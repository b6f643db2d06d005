/**
 * Lets the control see activities in a workflow that runs without the
 * library's interceptors. The SDK builds each run's outbound interceptor
 * chain from a list that it reads on every call; adding our interceptor to
 * that list from inside the run makes every later activity, child and
 * continue-as-new of the run pass through it. The list is not a public SDK
 * API, so this is the one module that touches it, and it says so loudly
 * when the SDK no longer offers it.
 *
 * Workflow zone (runs only inside the workflow sandbox).
 *
 * @module
 */
import { log, type WorkflowOutboundCallsInterceptor } from '@temporalio/workflow';

interface ActivatorWithInterceptors {
  interceptors?: { outbound?: unknown };
}

/**
 * Appends `interceptor` to the current run's outbound interceptors. Returns
 * false (after logging an error) when the SDK does not expose them, in which
 * case the control cannot see activities and a pause may be reported before
 * they finish.
 */
export function observeOutboundCalls(interceptor: WorkflowOutboundCallsInterceptor): boolean {
  const activator = (globalThis as { __TEMPORAL_ACTIVATOR__?: ActivatorWithInterceptors })
    .__TEMPORAL_ACTIVATOR__;
  const outbound = activator?.interceptors?.outbound;
  if (Array.isArray(outbound)) {
    outbound.push(interceptor);
    return true;
  }
  log.error(
    'temporal-checkpoint cannot observe the activities of this workflow: register ' +
      "'temporal-checkpoint/workflow-interceptors' in the worker's interceptors.workflowModules. " +
      'Until then a pause may be reported as paused while an activity is still running.',
  );
  return false;
}
