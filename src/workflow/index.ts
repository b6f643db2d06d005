/**
 * `temporal-checkpoint/workflow`: checkpoints and the control handlers, for
 * use inside workflow code.
 *
 * Workflow zone: import only from workflow code (it runs in the sandbox).
 *
 * @module
 */
export { checkpoint } from './checkpoint';
export { installControl, controlState, resumeInput } from './install';
export { continueAsNewWithControl, withControlCarryOver } from './carry-over';
export { ControlOptionsError, DEFAULT_AUDIT_LIMIT, type ControlOptions } from './settings';
export {
  AWAITING_CHILDREN,
  PRE_ACTIVITY,
  PRE_CHILD_WORKFLOW,
  PRE_COMPLETION,
  PRE_CONTINUE_AS_NEW,
  PRE_EXECUTION,
  PRE_LOCAL_ACTIVITY,
  type CheckpointName,
} from '../common/checkpoints';
export type { ControlState, PauseRequest, ResumeRequest } from '../common/types';
export { createControlInterceptors, type ControlInterceptorOptions } from './interceptors';
export { temporalCheckpointHolds } from './holds';
export {
  setAutomaticCheckpoints,
  AUTOMATIC_CHECKPOINTS,
  type AutomaticCheckpoint,
} from './automatic-checkpoints';
