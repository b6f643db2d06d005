/**
 * The dashboard: a static page and its ES modules (`src/http/ui/`), served
 * at `/` on the API's own origin under a strict Content-Security-Policy.
 * They need no API key (the page asks for one) and are no API routes: the
 * OpenAPI document does not list them.
 *
 * Node zone.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The folder the dashboard's files are read from: `ui/` beside this module (`npm run build` copies it). */
const DASHBOARD_FOLDER = path.join(__dirname, 'ui');

/** URL path → file in {@link DASHBOARD_FOLDER} and its content type. Nothing else is served. */
const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/ui/dashboard.css': { file: 'dashboard.css', type: 'text/css; charset=utf-8' },
  ...Object.fromEntries(
    [
      'api.js',
      'event-stream.js',
      'dashboard.js',
      'fleet-overview.js',
      'task-list.js',
      'task-page.js',
      'timeline-bars.js',
      'view.js',
    ].map((file) => [`/ui/${file}`, { file, type: 'text/javascript; charset=utf-8' }]),
  ),
};

/**
 * Scripts and styles from this origin only, no inline code, no frames, no
 * other hosts: the page talks to nothing but its own API.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** True for the paths of the dashboard's files, which are served without an API key. */
export function isDashboardPath(urlPath: string): boolean {
  return Object.hasOwn(ASSETS, urlPath);
}

/**
 * Adds `GET` and `HEAD` routes for the dashboard's files to `app`. The files are read
 * once, here; a missing one fails at once with its path.
 *
 * @example
 * ```ts
 * const app = Fastify();
 * serveDashboard(app); // GET / → the dashboard page
 * ```
 */
export function serveDashboard(app: FastifyInstance): void {
  for (const [url, asset] of Object.entries(ASSETS)) {
    const file = path.join(DASHBOARD_FOLDER, asset.file);
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch (error) {
      throw new Error(`The dashboard file \`${file}\` cannot be read (does the build copy src/http/ui?)`, {
        cause: error,
      });
    }
    app.route({
      method: ['GET', 'HEAD'],
      url,
      handler: (_request, reply) =>
        reply
          .headers({
            'content-type': asset.type,
            'content-security-policy': CONTENT_SECURITY_POLICY,
            'x-content-type-options': 'nosniff',
            'referrer-policy': 'no-referrer',
            'cache-control': 'no-cache',
          })
          .send(content),
    });
  }
}
