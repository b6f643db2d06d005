import path from 'node:path';
import { chooseApiKeys, isLoopback } from '../../../app/api-keys';
import { readProcessSettings, SettingError } from '../../../app/settings';
import { createSignalHandler, SAME_STOP_MS } from '../../../app/signals';
import { DEVELOPMENT_API_KEY, hashApiKey, type ApiKeyConfig } from '../../../src/http';

const ROOT = '/srv/project';
const KEY: ApiKeyConfig = {
  key_hash: hashApiKey('k'),
  user_id: 'ann',
  tenant_id: 'acme',
  scopes: ['tasks:read'],
};

describe('the worker process settings', () => {
  it('default to loopback, a data directory inside the project, the standard Temporal ports and a 10 s deadline', () => {
    expect(readProcessSettings({}, ROOT)).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      temporalDataDir: path.join(ROOT, '.data', 'temporal'),
      temporalPort: 7233,
      temporalUiPort: 8233,
      httpShutdownTimeoutMs: 10_000,
      temporalTimeoutMs: 10_000,
      apiKeys: [],
      apiKeysFile: undefined,
    });
  });

  it('read ALLOWED_HOSTS as comma-separated host names, and refuse one with a port or a path', () => {
    expect(readProcessSettings({}, ROOT).allowedHosts).toEqual([]);
    expect(readProcessSettings({ ALLOWED_HOSTS: 'dev.box, [fe80::1] ,' }, ROOT).allowedHosts).toEqual([
      'dev.box',
      '[fe80::1]',
    ]);
    expect(() => readProcessSettings({ ALLOWED_HOSTS: 'dev.box:8080' }, ROOT)).toThrow(SettingError);
    expect(() => readProcessSettings({ ALLOWED_HOSTS: 'dev.box/x' }, ROOT)).toThrow(/ALLOWED_HOSTS/);
  });

  it('keep everything in memory with TEMPORAL_DATA_DIR=:memory:, and resolve a relative directory in the project', () => {
    expect(readProcessSettings({ TEMPORAL_DATA_DIR: ':memory:' }, ROOT).temporalDataDir).toBeUndefined();
    expect(readProcessSettings({ TEMPORAL_DATA_DIR: 'db' }, ROOT).temporalDataDir).toBe(
      path.join(ROOT, 'db'),
    );
  });

  it('fail over a crashed copy within 3 s and stop at once by default; both are settings', () => {
    expect(readProcessSettings({}, ROOT)).toMatchObject({ stickyQueueTimeoutMs: 3_000, shutdownDelayMs: 0 });
    expect(
      readProcessSettings({ WORKER_STICKY_QUEUE_TIMEOUT_MS: '10000', SHUTDOWN_DELAY_MS: '5000' }, ROOT),
    ).toMatchObject({ stickyQueueTimeoutMs: 10_000, shutdownDelayMs: 5_000 });
    expect(() => readProcessSettings({ WORKER_STICKY_QUEUE_TIMEOUT_MS: '0' }, ROOT)).toThrow(
      new SettingError('WORKER_STICKY_QUEUE_TIMEOUT_MS', 'an integer from 1 to 3600000', '0'),
    );
  });

  it('export no metrics by default; METRICS_BIND_ADDRESS takes an IP and a port, the fleet interval a number', () => {
    expect(readProcessSettings({}, ROOT)).toMatchObject({
      metricsBindAddress: undefined,
      fleetSampleIntervalMs: 30_000,
    });
    for (const address of ['0.0.0.0:9464', '[::1]:9464'])
      expect(readProcessSettings({ METRICS_BIND_ADDRESS: address }, ROOT).metricsBindAddress).toBe(address);
    for (const address of ['localhost:9464', '9464', '::1:9464', '127.0.0.1:99999', '[127.0.0.1]:9464'])
      expect(() => readProcessSettings({ METRICS_BIND_ADDRESS: address }, ROOT)).toThrow(
        new SettingError('METRICS_BIND_ADDRESS', '`<ip>:<port>` (an IPv6 address in brackets)', address),
      );
    expect(() => readProcessSettings({ METRICS_FLEET_INTERVAL_MS: '0' }, ROOT)).toThrow(
      /^Invalid METRICS_FLEET_INTERVAL_MS/,
    );
  });

  it('name the variable of a bad value', () => {
    expect(() => readProcessSettings({ HTTP_SHUTDOWN_TIMEOUT_MS: 'soon' }, ROOT)).toThrow(
      new SettingError('HTTP_SHUTDOWN_TIMEOUT_MS', 'an integer from 0 to 3600000', 'soon'),
    );
    expect(() => readProcessSettings({ TEMPORAL_PORT: '70000' }, ROOT)).toThrow(/^Invalid TEMPORAL_PORT/);
  });

  it('read API_KEYS, and fail naming API_KEYS on malformed JSON or a malformed key', () => {
    expect(readProcessSettings({ API_KEYS: JSON.stringify([KEY]) }, ROOT).apiKeys).toEqual([KEY]);
    expect(() => readProcessSettings({ API_KEYS: '[{' }, ROOT)).toThrow(
      /^Invalid API_KEYS: expected a JSON array of keys, got `\[\{` \(/,
    );
    expect(() => readProcessSettings({ API_KEYS: '[{"key_hash":"x"}]' }, ROOT)).toThrow(
      /^Invalid API_KEYS: .*API_KEYS\[0\]\.key_hash/,
    );
  });
});

describe('the choice of API keys', () => {
  it('offers the development key only with no keys configured, on loopback, with the embedded server', () => {
    const development = chooseApiKeys({ configured: [], host: '127.0.0.1', embedded: true });
    expect(development.developmentKey).toBe(true);
    expect(development.keys.map((key) => key.key_hash)).toEqual([hashApiKey(DEVELOPMENT_API_KEY)]);
    expect(chooseApiKeys({ configured: [], host: '127.0.0.1', embedded: false })).toEqual({
      keys: [],
      developmentKey: false,
    });
  });

  it('drops the development key once any key is configured', () => {
    expect(chooseApiKeys({ configured: [KEY], host: '127.0.0.1', embedded: true })).toEqual({
      keys: [KEY],
      developmentKey: false,
    });
  });

  it('refuses a HOST beyond loopback without keys, naming HOST and the key settings', () => {
    expect(() => chooseApiKeys({ configured: [], host: '0.0.0.0', embedded: true })).toThrow(
      /^Invalid HOST: .*got `0\.0\.0\.0` \(set API_KEYS or API_KEYS_FILE/,
    );
    expect(chooseApiKeys({ configured: [KEY], host: '0.0.0.0', embedded: true }).keys).toEqual([KEY]);
  });

  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '127.0.0.1.evil.example', ''])
      expect(isLoopback(host)).toBe(false);
  });
});

describe('the signal handler', () => {
  const setUp = () => {
    let now = 0;
    const calls: string[] = [];
    const handle = createSignalHandler({
      stop: (signal) => calls.push(`stop ${signal}`),
      exitNow: (signal) => calls.push(`exit ${signal}`),
      now: () => now,
    });
    return { handle, calls, advance: (ms: number) => (now += ms) };
  };

  it('stops on the first signal, and exits at once on a second one a clear pause later', () => {
    const { handle, calls, advance } = setUp();
    handle('SIGTERM');
    advance(SAME_STOP_MS);
    handle('SIGTERM');
    expect(calls).toEqual(['stop SIGTERM', 'exit SIGTERM']);
  });

  it.each([
    ['a Ctrl-C (terminal and npm)', 'SIGINT', 'SIGINT'],
    ['a SIGTERM to the process group (kernel and npm)', 'SIGTERM', 'SIGTERM'],
    ['a SIGTERM to the group while a Ctrl-C stops it', 'SIGINT', 'SIGTERM'],
  ] as const)('counts %s delivered twice at once as one stop', (_, first, second) => {
    const { handle, calls, advance } = setUp();
    handle(first);
    advance(SAME_STOP_MS - 1);
    handle(second);
    expect(calls).toEqual([`stop ${first}`]);
    advance(1);
    handle(second);
    expect(calls).toEqual([`stop ${first}`, `exit ${second}`]);
  });
});
