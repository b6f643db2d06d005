/**
 * Optional peer dependencies: the `http`, `worker` and `testing` entries need
 * packages that a user of the workflow and client entries should not have to
 * install. Each of those entries checks its packages first, so that a missing
 * one fails with a message that names it instead of a bare "Cannot find
 * module" from deep inside.
 *
 * Node zone.
 *
 * @module
 */

/** Thrown when an entry point is imported without the optional peers it needs. */
export class MissingPeerDependencyError extends Error {
  override readonly name = 'MissingPeerDependencyError';

  /**
   * @param entry - the entry point that was imported, e.g. `temporal-checkpoint/http`
   * @param missing - the packages it needs that are not installed
   */
  constructor(
    readonly entry: string,
    readonly missing: readonly string[],
  ) {
    super(
      `${entry} needs the optional peer ${missing.length === 1 ? 'dependency' : 'dependencies'} ` +
        `${missing.map((name) => `\`${name}\``).join(', ')}, not installed: run \`npm install ${missing.join(' ')}\``,
    );
  }
}

/**
 * The packages of `packages` that `resolve` cannot find.
 *
 * @param resolve - resolves a package name or throws; defaults to this module's `require.resolve`
 */
export function missingPackages(
  packages: readonly string[],
  resolve: (name: string) => string = require.resolve,
): string[] {
  return packages.filter((name) => {
    try {
      resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

/**
 * Throws a {@link MissingPeerDependencyError} when any of `packages` is not
 * installed.
 *
 * @example
 * ```ts
 * assertPeersInstalled('temporal-checkpoint/http', ['fastify', '@opentelemetry/api']);
 * ```
 */
export function assertPeersInstalled(entry: string, packages: readonly string[]): void {
  const missing = missingPackages(packages);
  if (missing.length > 0) throw new MissingPeerDependencyError(entry, missing);
}
