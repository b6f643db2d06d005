/**
 * SIGINT/SIGTERM handling of the worker process: the first signal starts a
 * graceful stop, a second one exits at once.
 *
 * Node zone.
 *
 * @module
 */

/**
 * How close behind the first SIGINT another SIGINT counts as the same Ctrl-C.
 * Under `npm start`, Ctrl-C reaches this process twice at once: from the
 * terminal (the whole foreground process group) and forwarded by npm.
 */
export const SAME_CTRL_C_MS = 500;

/**
 * Returns the handler to install for SIGINT and SIGTERM: the first signal
 * calls `stop`; any later one calls `exitNow`, except a SIGINT that follows
 * the first SIGINT within {@link SAME_CTRL_C_MS} (the same Ctrl-C, delivered twice).
 */
export function createSignalHandler(options: {
  stop: (signal: NodeJS.Signals) => void;
  exitNow: (signal: NodeJS.Signals) => void;
  now?: () => number;
}): (signal: NodeJS.Signals) => void {
  const now = options.now ?? Date.now;
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  return (signal) => {
    if (!first) {
      first = { signal, at: now() };
      options.stop(signal);
      return;
    }
    if (signal === 'SIGINT' && first.signal === 'SIGINT' && now() - first.at < SAME_CTRL_C_MS) return;
    options.exitNow(signal);
  };
}
