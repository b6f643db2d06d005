/**
 * The workflow interceptors of the worker process on a server with
 * visibility: every workflow is pausable (all automatic checkpoints) and
 * keeps the `CheckpointStatus` search attribute current, so that
 * visibility queries and bulk actions can select tasks by control status.
 *
 * Workflow zone: loaded into the workflow sandbox by the worker, by path.
 *
 * @module
 */
import { STATUS_SEARCH_ATTRIBUTE } from '../src/common/search-attributes';
import { createControlInterceptors } from '../src/workflow';

/** The interceptors factory the worker calls once per workflow run. */
export const interceptors = createControlInterceptors({
  control: { statusSearchAttribute: STATUS_SEARCH_ATTRIBUTE },
});
