/**
 * Recognises Core SDK log lines that say nothing a user can act on.
 *
 * Node zone.
 *
 * @module
 */

/**
 * Whether `message` is Core's warning that the server does not advertise the
 * `activity_failure_include_heartbeat` capability. The Java test server never
 * does, and Core repeats the warning on every worker start: dozens of times
 * per test run. Against a real server it is worth reading (upgrade it).
 */
export function isMissingHeartbeatCapabilityWarning(message: string): boolean {
  return message.includes('did not advertise the activity_failure_include_heartbeat capability');
}
