/**
 * `CheckpointPlugin`: one object that wires temporal-checkpoint into a
 * worker, its workflow bundle, replay workers and clients alike.
 *
 * Node zone. The only module that implements the SDK's plugin interfaces,
 * which the SDK marks experimental: a change of them touches this file.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { ClientPlugin } from '@temporalio/client';
import type {
  BundleOptions,
  BundlerPlugin,
  ReplayWorkerOptions,
  WorkerOptions,
  WorkerPlugin,
  WorkflowBundleOption,
} from '@temporalio/worker';
import { activityProgressInterceptors } from '../activity/progress-interceptor';
import { decodeOptionsQuery, encodeOptionsQuery, readBundledOptions } from '../common/bundled-options';
import { canonicalPluginOptions, type CheckpointPluginOptions } from './plugin-options';

/** The workflow interceptor module, by path (`.ts` from the sources, `.js` when built). */
const INTERCEPTOR_MODULE = require.resolve('../workflow-interceptors');

const BUILD_WITH_THE_PLUGIN =
  'build it with the same plugin: `bundleWorkflowCode({ workflowsPath, plugins: [plugin] })`';

/** Thrown when a workflow bundle would run without the plugin's interceptors or options. */
export class ControlBundleError extends Error {
  override readonly name = 'ControlBundleError';

  /**
   * @param problem - `no-interceptors`: the bundle lacks the interceptor module;
   *   `other-options`: it holds the module with other options;
   *   `registered-twice`: the module is registered besides the plugin, with other options
   */
  constructor(
    message: string,
    readonly problem: 'no-interceptors' | 'other-options' | 'registered-twice',
  ) {
    super(message);
  }
}

/**
 * A Temporal SDK plugin (SDK 1.24; plugins are experimental there) that
 * makes every workflow of a worker pausable. Pass the same object to
 * `bundleWorkflowCode`, `Worker.create`, `Worker.runReplayHistories` and
 * `new Client`:
 *
 * - bundling (by `bundleWorkflowCode`, or by a worker or replayer given
 *   `workflowsPath`): registers the workflow interceptor module
 *   (`temporal-checkpoint/workflow-interceptors`) with the plugin's options;
 * - a worker: adds `activityProgressInterceptors` (interruptible activities;
 *   a pass-through for other activities);
 * - a worker or replayer given a prebuilt `workflowBundle`: refuses it with a
 *   {@link ControlBundleError} when it was built without the interceptor
 *   module or with other options;
 * - a client: nothing (`TaskControl` needs no client configuration).
 *
 * Nothing else of the options it is given changes.
 *
 * @example
 * ```ts
 * const worker = await Worker.create({
 *   workflowsPath: require.resolve('./workflows'),
 *   activities,
 *   taskQueue: 'research',
 *   plugins: [new CheckpointPlugin()],
 * });
 * ```
 */
export class CheckpointPlugin implements WorkerPlugin, BundlerPlugin, ClientPlugin {
  /** The plugin's name, as the SDK reports it. */
  readonly name = 'temporal-checkpoint';
  /** The interceptor module as the plugin registers it: its path, with the options as its query. */
  readonly workflowInterceptorModule: string;
  private readonly optionsQuery: string;

  /** @throws ControlOptionsError naming the first bad option */
  constructor(options: CheckpointPluginOptions = {}) {
    this.optionsQuery = encodeOptionsQuery(canonicalPluginOptions(options));
    this.workflowInterceptorModule = `${INTERCEPTOR_MODULE}${this.optionsQuery}`;
  }

  /** Registers the interceptor module with the plugin's options in the bundle. */
  configureBundler(options: BundleOptions): BundleOptions {
    const modules = options.workflowInterceptorModules ?? [];
    const other = modules.find(
      (module) => module !== this.workflowInterceptorModule && module.split('?')[0] === INTERCEPTOR_MODULE,
    );
    if (other !== undefined) {
      throw new ControlBundleError(
        `temporal-checkpoint/workflow-interceptors is registered besides the plugin, with other options (\`${other}\`): ` +
          'remove it from workflowInterceptorModules (or interceptors.workflowModules); the plugin registers it',
        'registered-twice',
      );
    }
    if (modules.includes(this.workflowInterceptorModule)) return options;
    return { ...options, workflowInterceptorModules: [...modules, this.workflowInterceptorModule] };
  }

  /** Checks a prebuilt bundle, and adds the activity interceptors of interruptible activities. */
  async configureWorker(options: WorkerOptions): Promise<WorkerOptions> {
    if (options.workflowBundle) await this.checkBundle(options.workflowBundle);
    const activity = options.interceptors?.activity ?? [];
    if (activity.includes(activityProgressInterceptors)) return options;
    return {
      ...options,
      interceptors: { ...options.interceptors, activity: [...activity, activityProgressInterceptors] },
    };
  }

  /** Checks a prebuilt bundle (with `workflowsPath`, {@link configureBundler} does the work). */
  async configureReplayWorker(options: ReplayWorkerOptions): Promise<ReplayWorkerOptions> {
    if (options.workflowBundle) await this.checkBundle(options.workflowBundle);
    return options;
  }

  private async checkBundle(bundle: WorkflowBundleOption): Promise<void> {
    const code = 'code' in bundle ? bundle.code : await readFile(bundle.codePath, 'utf8');
    const found = readBundledOptions(code);
    if (!found.interceptorModule) {
      throw new ControlBundleError(
        'The workflow bundle has no temporal-checkpoint interceptor module, so its workflows that do not call ' +
          `installControl() cannot be paused: ${BUILD_WITH_THE_PLUGIN}`,
        'no-interceptors',
      );
    }
    const expected = this.optionsQuery ? [this.optionsQuery] : [];
    if (found.queries.join('\n') !== expected.join('\n')) {
      const describe = (queries: string[]) =>
        queries.length
          ? queries.map((query) => JSON.stringify(decodeOptionsQuery(query))).join(' and ')
          : '{}';
      throw new ControlBundleError(
        `The workflow bundle was built with other temporal-checkpoint options (${describe(found.queries)}) ` +
          `than this plugin's (${describe(expected)}): ${BUILD_WITH_THE_PLUGIN}, or give the worker a plugin with the bundle's options`,
        'other-options',
      );
    }
  }
}
