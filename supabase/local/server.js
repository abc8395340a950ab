// The local stand-in for a Supabase project's API gateway: /auth/v1 (GoTrue), /rest/v1/rpc
// (PostgREST) and, optionally, the built app on the same origin.
import { createServer } from 'node:http';
import { handleAuth } from './auth.js';
import { handleRest } from './rest.js';
import { serveStatic } from './static.js';
import { sendJson } from './http.js';
import { LOCAL_JWT_SECRET } from './keys.js';

/** What supabase-js sends, answered for any origin (the app may be served from another port). */
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers':
    'apikey, authorization, x-client-info, content-type, prefer, accept-profile, content-profile, x-supabase-api-version, range, x-upsert',
  'Access-Control-Expose-Headers':
    'Content-Range, Content-Profile, Proxy-Status, WWW-Authenticate, X-Supabase-Api-Version',
  'Access-Control-Max-Age': '86400'
};

/**
 * @typedef {{
 *   db: import('./database.js').Database,
 *   port?: number,
 *   host?: string,
 *   jwtSecret?: string,
 *   jwtExpiry?: number,
 *   refreshTokenReuseInterval?: number,
 *   appDir?: string
 * }} StackOptions
 * @typedef {{ url: string, port: number, host: string, server: import('node:http').Server, close: () => Promise<void> }} LocalStack
 */

/**
 * Starts the server and resolves once it listens.
 * @param {StackOptions} options port 0 picks a free port; jwtExpiry and refreshTokenReuseInterval in seconds
 * @returns {Promise<LocalStack>}
 */
export async function createLocalStack({
  db,
  port = 0,
  host = '127.0.0.1',
  jwtSecret = LOCAL_JWT_SECRET,
  jwtExpiry = 3600,
  refreshTokenReuseInterval = 10,
  appDir
}) {
  const authOptions = { db, jwtSecret, jwtExpiry, refreshTokenReuseInterval };
  const restOptions = { db, jwtSecret };

  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
    route(req, res).catch((e) => {
      console.error('local stack: unexpected error', e);
      if (!res.headersSent) sendJson(res, 500, { code: 'internal', message: String(e?.message ?? e) });
      else res.destroy();
    });
  });

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function route(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'OPTIONS') {
      const requested = req.headers['access-control-request-headers'];
      if (requested) res.setHeader('Access-Control-Allow-Headers', requested);
      res.writeHead(204);
      return res.end();
    }
    if (url.pathname === '/auth/v1' || url.pathname.startsWith('/auth/v1/'))
      return handleAuth(authOptions, req, res, url);
    if (url.pathname === '/rest/v1' || url.pathname.startsWith('/rest/v1/'))
      return handleRest(restOptions, req, res, url);
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok', database: db.kind });
    if (appDir) return serveStatic(appDir, req, res, url);
    sendJson(res, 404, { message: 'no Route matched with those values' });
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    host,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };
}
