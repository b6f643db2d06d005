/**
 * `temporal-checkpoint`: the definitions, types, checkpoint names and error
 * types shared by workflows, clients and the HTTP API.
 *
 * Anywhere zone: safe in the workflow sandbox and in Node.
 *
 * @module
 */
export * from './common/checkpoints';
export * from './common/definitions';
export * from './common/errors';
export * from './common/memo';
export * from './common/types';
export {
  MAX_PAUSE_TIMEOUT_MS,
  pauseRequestProblem,
  resumeRequestProblem,
  pauseTimeoutMs,
} from './common/validation';
