/**
 * `temporal-checkpoint/plugin`: the Temporal SDK plugin that wires the
 * library into workers, workflow bundles, replay workers and clients: one
 * object, passed to each.
 *
 * Node zone. Built on the SDK's plugin interfaces, experimental in the SDK
 * (1.24, the version this package pins and tests).
 *
 * @module
 */
import { assertPeersInstalled } from './peers';

// Before anything below loads them, so that a missing one is named.
assertPeersInstalled('temporal-checkpoint/plugin', ['@temporalio/worker']);

export { CheckpointPlugin, ControlBundleError } from './worker/plugin';
export type { CheckpointPluginOptions, WorkerControlDefaults } from './worker/plugin-options';
export { ControlOptionsError } from './workflow/settings';
