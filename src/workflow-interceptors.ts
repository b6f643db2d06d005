/**
 * `temporal-checkpoint/workflow-interceptors`: register this module by path
 * to make every workflow of a worker pausable, with all automatic
 * checkpoints. The plugin (`temporal-checkpoint/plugin`) registers it for you,
 * with its options; by hand, see `createControlInterceptors` for other settings.
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
import { decodeOptionsQuery } from './common/bundled-options';
import { createControlInterceptors } from './workflow/interceptors';

/** Set by the bundler (webpack): the query this module was registered with, if any. */
declare const __resourceQuery: string | undefined;

/** The interceptors factory the worker calls once per workflow run, with the plugin's options if it registered the module. */
export const interceptors = createControlInterceptors(
  decodeOptionsQuery(typeof __resourceQuery === 'string' ? __resourceQuery : ''),
);
