/**
 * `temporal-checkpoint/client`: control tasks (workflows) from Node, and
 * read their durable control events.
 *
 * Node zone.
 *
 * @module
 */
export { TaskControl, type TaskStatus } from './task-control';
export type { WorkflowIds } from './workflow-ids';
export { readControlEvents, type ReadControlEventsOptions } from './events';
export { eventId, parseEventCursor, type EventCursor } from '../control/event-cursor';
export { taskLifecycle, type TaskLifecycle } from './task-state';
export {
  describeControlBatch,
  startControlBatch,
  stopControlBatch,
  BatchLimitError,
  InvalidVisibilityQueryError,
  type BatchAction,
  type BatchProgress,
  type BatchState,
  type StartBatchOptions,
} from './batches';
export { startPausedMemo } from './start-paused';
export { countByControlStatus, type StatusCounts } from './fleet-counts';
export {
  ControlNotInstalledError,
  InvalidControlRequestError,
  TaskAlreadyPausedError,
  TaskClosedError,
  TaskControlError,
  TaskForbiddenError,
  TaskNotFoundError,
  TaskNotPausedError,
  TaskNotReadyError,
  TaskServerPausedError,
  type ClosedTaskState,
} from './errors';
