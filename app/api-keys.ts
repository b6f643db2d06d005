/**
 * Which API keys the worker process accepts: the configured ones, or, with
 * none configured, the development key on loopback with the embedded server.
 *
 * Node zone.
 *
 * @module
 */
import { developmentKeys, readApiKeysFile, type ApiKeyConfig } from '../src/http';
import { SettingError } from './settings';

/** The keys the API accepts, and whether the development key is among them. */
export interface ApiKeyChoice {
  keys: ApiKeyConfig[];
  developmentKey: boolean;
}

/**
 * Decides the keys: configured keys replace the development key entirely;
 * with none, a `HOST` beyond loopback refuses to start (the API would be
 * open to the network with nothing to check), and the development key
 * exists only on loopback with the embedded server.
 *
 * @example
 * ```ts
 * chooseApiKeys({ configured: [], host: '127.0.0.1', embedded: true }); // the development key
 * ```
 */
export function chooseApiKeys(options: {
  configured: readonly ApiKeyConfig[];
  host: string;
  embedded: boolean;
}): ApiKeyChoice {
  if (options.configured.length > 0) return { keys: [...options.configured], developmentKey: false };
  if (!isLoopback(options.host)) {
    throw new SettingError(
      'HOST',
      'a loopback address (127.0.0.1, ::1, localhost) while no API keys are configured',
      options.host,
      'set API_KEYS or API_KEYS_FILE to listen beyond loopback',
    );
  }
  return options.embedded
    ? { keys: developmentKeys(), developmentKey: true }
    : { keys: [], developmentKey: false };
}

/** The inline keys plus those of the key file, if any. */
export async function configuredKeys(settings: {
  apiKeys: readonly ApiKeyConfig[];
  apiKeysFile: string | undefined;
}): Promise<ApiKeyConfig[]> {
  if (!settings.apiKeysFile) return [...settings.apiKeys];
  try {
    return [...settings.apiKeys, ...(await readApiKeysFile(settings.apiKeysFile))];
  } catch (error) {
    throw new SettingError(
      'API_KEYS_FILE',
      'a readable JSON array of keys',
      settings.apiKeysFile,
      (error as Error).message,
    );
  }
}

/** Whether `host` is a loopback address. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
