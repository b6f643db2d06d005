/**
 * SIGINT/SIGTERM handling of the worker process: one stop however it is
 * signalled; only a later, separate request forces the exit.
 *
 * Node zone.
 *
 * @module
 */

/**
 * How long after the first stop signal any other SIGINT or SIGTERM counts
 * as the same request. One request often arrives twice within milliseconds:
 * a Ctrl-C reaches the whole foreground group (npm and this process) and npm
 * forwards it; a supervisor's SIGTERM to the process group (systemd's
 * `KillMode=control-group`, `kill -TERM -- -<pgid>`) does the same.
 */
export const SAME_STOP_MS = 1_000;

/**
 * Returns the handler to install for SIGINT and SIGTERM: the first signal
 * calls `stop`; another one within {@link SAME_STOP_MS} of it is the same
 * request, delivered twice, and changes nothing; a later one calls `exitNow`.
 */
export function createSignalHandler(options: {
  stop: (signal: NodeJS.Signals) => void;
  exitNow: (signal: NodeJS.Signals) => void;
  now?: () => number;
}): (signal: NodeJS.Signals) => void {
  const now = options.now ?? Date.now;
  let firstAt: number | undefined;
  return (signal) => {
    if (firstAt === undefined) {
      firstAt = now();
      options.stop(signal);
      return;
    }
    if (now() - firstAt >= SAME_STOP_MS) options.exitNow(signal);
  };
}
