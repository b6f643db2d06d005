/**
 * The filter of the Temporal Core SDK's logs for the worker process.
 *
 * Node zone.
 *
 * @module
 */
import type { Connection } from '@temporalio/client';
import { makeTelemetryFilterString } from '@temporalio/worker';

/**
 * Core's warnings, less one when the server is the Java test server: it does
 * not advertise `activity_failure_include_heartbeat`, and Core warns about
 * that on every worker start, dozens of times per test run, with nothing
 * the user can do about it.
 */
export async function coreLogFilter(connection: Connection): Promise<string> {
  const base = makeTelemetryFilterString({ core: 'WARN' });
  const info = await connection.workflowService.getSystemInfo({});
  return info.capabilities?.activityFailureIncludeHeartbeat
    ? base
    : `${base},${HEARTBEAT_WARNING_TARGET}=ERROR`;
}

/** The Core module that logs the missing-capability warning. */
export const HEARTBEAT_WARNING_TARGET = 'temporalio_sdk_core::worker';
