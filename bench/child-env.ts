// What the bench's child processes (memory-worker.ts, pause-caller.ts) read from their environment.

/** The value of the environment variable `name`; throws, naming it, when it is unset or empty. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Expected the environment variable \`${name}\` to be set`);
  return value;
}
