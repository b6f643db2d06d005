/**
 * `temporal-checkpoint/workflow-interceptors`: register this module by path
 * to make every workflow of a worker pausable, with all automatic
 * checkpoints. For other settings, see `createControlInterceptors`.
 *
 * Workflow zone: loaded into the workflow sandbox by the worker.
 *
 * @example
 * ```ts
 * await Worker.create({
 *   workflowsPath: require.resolve('./workflows'),
 *   interceptors: { workflowModules: [require.resolve('temporal-checkpoint/workflow-interceptors')] },
 *   // ...
 * });
 * ```
 *
 * @module
 */
import { createControlInterceptors } from './workflow/interceptors';

/** The interceptors factory the worker calls once per workflow run. */
export const interceptors = createControlInterceptors();
