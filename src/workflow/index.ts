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
export { continueAsNewWithControl, withControlCarryOver, type ControlCarryOver } from './carry-over';
export type { ControlOptions, Controller } from './controller';
export * from '../common/checkpoints';
export type { ControlState, PauseRequest, ResumeRequest } from '../common/types';
export { createControlInterceptors, type ControlInterceptorOptions } from './interceptors';
export {
  setAutomaticCheckpoints,
  AUTOMATIC_CHECKPOINTS,
  type AutomaticCheckpoint,
} from './automatic-checkpoints';
