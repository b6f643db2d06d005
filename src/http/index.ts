/**
 * `temporal-checkpoint/http`: the HTTP control API (documented in
 * `docs/http-api.md`) as a Fastify instance, with API-key configuration
 * helpers. Nothing here listens on a port or reads the environment; the
 * process entry point does.
 *
 * Node zone.
 *
 * @module
 */
import { assertPeersInstalled } from '../peers';

export { MissingPeerDependencyError } from '../peers';

// Before anything below loads them, so that a missing one is named.
assertPeersInstalled('temporal-checkpoint/http', ['fastify', '@opentelemetry/api']);

export { createControlApi } from './app';
export type { ControlApiOptions } from './control-api-options';
export {
  DEVELOPMENT_API_KEY,
  developmentKeys,
  hashApiKey,
  parseApiKeys,
  readApiKeysFile,
  SCOPES,
  type ApiKeyConfig,
  type Scope,
  type TaskOwner,
} from './gate/auth';
export { HttpError, type ErrorBody } from './errors';
export { temporalReachable, type ReadinessCheck } from './routes/probes';
export type { RateLimitOptions } from './gate/rate-limit';
