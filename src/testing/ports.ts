/**
 * Loopback TCP ports: pick a free one, and wait until a server accepts
 * connections on one: for the Java test server's launcher, and for tests and
 * applications that start servers of their own (the worker process's
 * embedded server).
 *
 * Node zone.
 *
 * @module
 */
import { createConnection, createServer, type AddressInfo } from 'node:net';

/** A loopback TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when `port` on loopback accepts a TCP connection; rejects after `timeoutMs`. */
export function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = createConnection(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline)
          reject(new Error(`Port ${port} did not accept connections in ${timeoutMs} ms`));
        else setTimeout(attempt, 10);
      });
    };
    attempt();
  });
}
