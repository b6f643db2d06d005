/**
 * The gate every request passes before its route: URL length, the `Host`
 * check of development mode, the probes and the dashboard (no key), the
 * key, the rate limit, a 405 for a known path, and the route's scope. One
 * `onRequest` hook, built by {@link createAuthGate}.
 *
 * Node zone.
 *
 * @module
 */
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import {
  createKeyLookup,
  DEVELOPMENT_API_KEY,
  hashApiKey,
  hasScope,
  type ApiKeyConfig,
  type Caller,
  type Scope,
} from './auth';
import { isDashboardPath } from '../dashboard';
import { HttpError, MESSAGES } from '../errors';
import { headerValue } from '../headers';
import { PROBE_PATHS } from '../routes/probes';
import type { createRateLimiter } from './rate-limit';
import { pathOf } from '../urls';

/** The host names a development-mode API answers on, whatever the port. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** What the gate needs. */
export interface AuthGateOptions {
  keys: readonly ApiKeyConfig[];
  /** Longest request URL, in characters (414 past it). */
  maxUrlLength: number;
  /** The per-key rate limit, if any. */
  limit: ReturnType<typeof createRateLimiter> | undefined;
  /** Told of each request the rate limit refuses. */
  rateLimited: (request: FastifyRequest) => void;
  /** Whether the dashboard is served (its paths need no key). */
  dashboard: boolean;
  /** Host names besides {@link LOOPBACK_HOSTS} that development mode answers on. */
  allowedHosts: readonly string[];
  /** A 405 for a method no route of a known path takes, if that is the case. */
  wrongMethod: (request: FastifyRequest) => HttpError | undefined;
  /** The scope the route of `request` needs, if any. */
  scopeOf: (request: FastifyRequest) => Scope | undefined;
  /** Where the gate records the caller of each request it lets through. */
  callers: WeakMap<FastifyRequest, Caller>;
}

/** The host name of a `Host` header, lower case, without its port (`[::1]` keeps its brackets). */
export function hostName(header: string | undefined): string {
  const host = (header ?? '').trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.replace(/:\d*$/, '');
}

/**
 * Builds the gate. With the development key configured (a well-known key),
 * only requests whose `Host` is loopback or one of `allowedHosts` pass, so
 * that a page in the developer's browser cannot reach the API through a
 * DNS name rebound to 127.0.0.1 (421 otherwise).
 *
 * @example
 * ```ts
 * app.addHook('onRequest', createAuthGate({ keys, maxUrlLength: 2048, limit: undefined, ... }));
 * ```
 */
export function createAuthGate(options: AuthGateOptions): onRequestHookHandler {
  const { maxUrlLength, limit, dashboard, wrongMethod, scopeOf, callers } = options;
  const findCaller = createKeyLookup(options.keys);
  const developmentHash = hashApiKey(DEVELOPMENT_API_KEY);
  const checksHost = options.keys.some((key) => key.key_hash === developmentHash);
  const hosts = new Set([...LOOPBACK_HOSTS, ...options.allowedHosts.map((host) => hostName(host))]);

  return (request, _reply, done) => {
    // Before anything that might repeat the URL.
    if (request.url.length > maxUrlLength) {
      return done(new HttpError(414, `URL is too long: at most ${maxUrlLength} characters`));
    }
    // Probes carry no key and answer on any name (an orchestrator asks by address).
    if (PROBE_PATHS.has(pathOf(request.url))) return done(wrongMethod(request));
    if (checksHost && !hosts.has(hostName(request.headers.host))) {
      return done(new HttpError(421, MESSAGES.misdirected));
    }
    // Nor does the dashboard (the page asks for one).
    if (dashboard && isDashboardPath(pathOf(request.url))) return done();
    const found = findCaller(headerValue(request.headers['x-api-key']));
    if (!found) return done(new HttpError(401, MESSAGES.unauthorized));
    callers.set(request, found);
    const verdict = limit?.(found.key_hash);
    if (verdict && !verdict.allowed) {
      options.rateLimited(request);
      return done(
        new HttpError(429, MESSAGES.tooManyRequests, {
          headers: { 'retry-after': String(verdict.retryAfterSeconds) },
        }),
      );
    }
    const notAllowed = wrongMethod(request);
    if (notAllowed) return done(notAllowed);
    const scope = scopeOf(request);
    if (scope && !hasScope(found, scope)) return done(new HttpError(403, MESSAGES.forbidden));
    done();
  };
}
