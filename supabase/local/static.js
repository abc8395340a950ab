// Serves the built app (SvelteKit adapter-static output) with an SPA fallback to index.html, each
// file as the brotli or gzip copy scripts/precompress.mjs made at build time when the browser
// accepts it, and hashed assets cached for a year.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { COMPRESSIBLE } from '../../scripts/precompress.mjs';

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.wasm': 'application/wasm'
};

/**
 * How long a browser may keep a file: hashed build output forever, the service worker and the
 * pages never without asking (or an update would never reach the phone).
 * @param {string} path URL path
 */
function cacheControl(path) {
  if (path.startsWith('/_app/immutable/')) return 'public, max-age=31536000, immutable';
  if (
    /(^|\/)(sw\.js|service-worker\.js|workbox-[^/]*\.js|registerSW\.js|manifest\.webmanifest)$/.test(path) ||
    path.endsWith('.html')
  )
    return 'no-cache';
  return 'public, max-age=0, must-revalidate';
}

/**
 * @param {string} appDir
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
export async function serveStatic(appDir, req, res, url) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' });
    return res.end();
  }
  const root = resolve(appDir);
  let path;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400);
    return res.end();
  }
  const candidates = [path, path.endsWith('/') ? `${path}index.html` : `${path}.html`, `${path}/index.html`];
  for (const candidate of candidates) {
    const file = resolve(join(root, candidate));
    if (file !== root && !file.startsWith(root + sep)) break; // outside the app folder
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) return sendFile(res, req, file, info.size, candidate);
  }
  // A path with an extension is a missing file; anything else is a client-side route.
  if (extname(path) && extname(path) !== '.html') {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    return res.end('Not found');
  }
  const index = join(root, 'index.html');
  const info = await stat(index).catch(() => null);
  if (!info) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    return res.end('The app is not built: run `npx vite build` (npm start does it for you).');
  }
  return sendFile(res, req, index, info.size, '/index.html');
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {import('node:http').IncomingMessage} req
 * @param {string} file
 * @param {number} size
 * @param {string} urlPath
 */
async function sendFile(res, req, file, size, urlPath) {
  const original = await stat(file);
  /** @type {Record<string, string>} */
  const headers = {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': cacheControl(urlPath),
    'X-Content-Type-Options': 'nosniff'
  };
  let body = file;
  if (COMPRESSIBLE.has(extname(file).toLowerCase())) {
    headers.Vary = 'Accept-Encoding';
    for (const { encoding, suffix } of acceptedEncodings(req.headers['accept-encoding'])) {
      const copy = await stat(file + suffix).catch(() => null);
      // a copy older than its file is stale (the file was replaced after the build): never sent
      if (copy?.isFile() && copy.mtimeMs >= original.mtimeMs) {
        headers['Content-Encoding'] = encoding;
        body = file + suffix;
        size = copy.size;
        break;
      }
    }
  }
  headers['Content-Length'] = String(size);
  res.writeHead(200, headers);
  if (req.method === 'HEAD') return res.end();
  createReadStream(body).pipe(res);
}

/**
 * The precompressed copies the browser takes, best first: brotli, then gzip (q=0 refuses one).
 * @param {string | string[] | undefined} header
 */
function acceptedEncodings(header) {
  const accepted = new Map();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (/** @type {string} */ name) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return [
    { encoding: 'br', suffix: '.br' },
    { encoding: 'gzip', suffix: '.gz' }
  ].filter((e) => ok(e.encoding));
}
