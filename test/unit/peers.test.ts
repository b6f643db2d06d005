import { assertPeersInstalled, MissingPeerDependencyError, missingPackages } from '../../src/peers';

describe('optional peer dependencies', () => {
  it('lists the packages a resolver cannot find', () => {
    const installed = new Set(['fastify']);
    const resolve = (name: string): string => {
      if (!installed.has(name)) throw new Error(`Cannot find module '${name}'`);
      return `/node_modules/${name}/index.js`;
    };
    expect(missingPackages(['fastify', '@opentelemetry/api', 'left-pad'], resolve)).toEqual([
      '@opentelemetry/api',
      'left-pad',
    ]);
  });

  it('names the entry, the missing packages and the install line', () => {
    const error = new MissingPeerDependencyError('temporal-checkpoint/http', [
      'fastify',
      '@opentelemetry/api',
    ]);
    expect(error.message).toBe(
      'temporal-checkpoint/http needs the optional peer dependencies `fastify`, `@opentelemetry/api`, ' +
        'not installed: run `npm install fastify @opentelemetry/api`',
    );
    expect(
      new MissingPeerDependencyError('temporal-checkpoint/testing', ['@temporalio/testing']).message,
    ).toContain('needs the optional peer dependency `@temporalio/testing`');
  });

  it('passes when every package is installed and throws when one is not', () => {
    expect(() => assertPeersInstalled('temporal-checkpoint/http', ['@temporalio/common'])).not.toThrow();
    expect(() => assertPeersInstalled('temporal-checkpoint/http', ['no-such-package-here'])).toThrow(
      MissingPeerDependencyError,
    );
  });
});
