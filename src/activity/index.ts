/**
 * `temporal-checkpoint/activity`: safe points for long activities, so that a
 * pause with `drain: 'interrupt'` stops them there and they continue from
 * their progress after the resume.
 *
 * Node zone: import from activity code and from the worker.
 *
 * @module
 */
import { assertPeersInstalled } from '../peers';

export { MissingPeerDependencyError } from '../peers';

// Before anything below loads them, so that a missing one is named.
assertPeersInstalled('temporal-checkpoint/activity', ['@temporalio/activity']);

export { activityCheckpoint, interruptionSignal, resumedProgress } from './safe-point';
export { activityProgressInterceptors } from './progress-interceptor';
