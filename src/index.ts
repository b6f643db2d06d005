/**
 * `temporal-checkpoint`: the definitions, types, checkpoint names and error
 * types shared by workflows, clients and the HTTP API.
 *
 * Anywhere zone: safe in the workflow sandbox and in Node.
 *
 * @module
 */
export {
  AWAITING_CHILDREN,
  PRE_ACTIVITY,
  PRE_CHILD_WORKFLOW,
  PRE_COMPLETION,
  PRE_CONTINUE_AS_NEW,
  PRE_EXECUTION,
  PRE_LOCAL_ACTIVITY,
  type CheckpointName,
} from './common/checkpoints';
export {
  controlStateQuery,
  pauseSignal,
  pauseUpdate,
  resumeSignal,
  resumeUpdate,
} from './common/definitions';
export {
  ALREADY_PAUSED,
  FORBIDDEN,
  INVALID_CONTROL_REQUEST,
  NOT_PAUSED,
  PAUSE_TIMED_OUT,
  TASK_NOT_FOUND,
  type ControlErrorType,
} from './common/errors';
export { FLEET_TASKS, METRICS, type MetricDefinition, type MetricKind } from './common/metrics';
export { type ControlCaller, type OwnershipRejection, type TaskOwner } from './common/ownership';
export {
  PAUSE_REQUEST_SEARCH_ATTRIBUTE,
  queryLiteral,
  STACK_CONTROL_OPTIONS,
  STACK_SEARCH_ATTRIBUTES,
  STATUS_SEARCH_ATTRIBUTE,
} from './common/search-attributes';
export {
  MAX_REASON_LENGTH,
  SERVER_PAUSE_EVENT_TYPES,
  type ChildControlState,
  type ControlEvent,
  type ControlEventType,
  type ServerPauseEventType,
  type WorkflowEventType,
  type ControlState,
  type ControlStatus,
  type DrainPolicy,
  type InterruptedActivity,
  type OnPauseTimeout,
  type PauseRecord,
  type PauseRequest,
  type ResumeRequest,
} from './common/types';
export { MAX_PAUSE_TIMEOUT_MS, pauseRequestProblem, resumeRequestProblem } from './common/validation';
