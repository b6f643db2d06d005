/**
 * Counts the calls a client makes to the Temporal workflow service, by
 * method name, so that a test can tell how many round trips a request cost.
 */
import type { Client } from '@temporalio/client';

/** The workflow service methods a control request may call. */
const METHODS = [
  'describeWorkflowExecution',
  'updateWorkflowExecution',
  'pollWorkflowExecutionUpdate',
  'queryWorkflow',
  'requestCancelWorkflowExecution',
  'signalWorkflowExecution',
  'getWorkflowExecutionHistory',
] as const;

/** A recorder of workflow service calls; `stop()` restores the service. */
export interface RpcCounter {
  /** The calls since the last `take()`, in order, and forgets them. */
  take(): string[];
  stop(): void;
}

/** Starts counting the workflow service calls made through `client`'s connection. */
export function countWorkflowServiceCalls(client: Client): RpcCounter {
  const service = client.connection.workflowService as unknown as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  let calls: string[] = [];
  const originals = METHODS.map((method) => [method, service[method]] as const);
  for (const [method, original] of originals) {
    service[method] = (...args: unknown[]) => {
      calls.push(method);
      return original.apply(service, args);
    };
  }
  return {
    take() {
      const taken = calls;
      calls = [];
      return taken;
    },
    stop() {
      for (const [method, original] of originals) service[method] = original;
    },
  };
}
