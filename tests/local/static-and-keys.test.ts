// The parts of the stack that need no database: the built app served with the right types and
// cache rules, the CLI-compatible keys, and PostgREST's SQLSTATE → HTTP table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { createLocalStack, type LocalStack } from '../../supabase/local/server.js';
import { httpStatusForSqlState } from '../../supabase/local/errors.js';
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from '../../supabase/local/keys.js';
import type { Database } from '../../supabase/local/database.js';
import { precompress } from '../../scripts/precompress.mjs';

let appDir: string;
const BIG_CHUNK = `export const m = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `乡镇干部第${i}条`))};`;
let stack: LocalStack;

beforeAll(async () => {
  appDir = mkdtempSync(join(tmpdir(), 'fl-app-'));
  mkdirSync(join(appDir, '_app', 'immutable', 'entry'), { recursive: true });
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>一线</title>');
  writeFileSync(join(appDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(appDir, 'manifest.webmanifest'), '{"name":"一线 Frontline"}');
  writeFileSync(join(appDir, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(appDir, '_app', 'immutable', 'entry', 'start.abc123.js'), 'export {};');
  // a chunk big enough to be precompressed, as scripts/build.mjs does after vite build
  writeFileSync(join(appDir, '_app', 'immutable', 'entry', 'app.def456.js'), BIG_CHUNK);
  precompress(appDir);
  // These routes never touch the database.
  const db = { kind: 'pglite' } as unknown as Database;
  stack = await createLocalStack({ db, port: 0, appDir });
});

afterAll(async () => {
  await stack.close();
  rmSync(appDir, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${stack.url}${path}`);

describe('serving the built app', () => {
  it('serves files with their content types', async () => {
    const cases: [string, RegExp][] = [
      ['/manifest.webmanifest', /^application\/manifest\+json/],
      ['/icon.svg', /^image\/svg\+xml/],
      ['/_app/immutable/entry/start.abc123.js', /^text\/javascript/],
      ['/', /^text\/html/]
    ];
    for (const [path, type] of cases) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(type);
    }
  });

  it('answers client-side routes with index.html, and missing files with 404', async () => {
    const route = await get('/cadre/logs/2026-11');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('一线');
    expect((await get('/missing.png')).status).toBe(404);
    // A path that climbs out of the app folder never reaches the file system outside it.
    // (sent raw: fetch would normalise the dots away before the server saw them)
    const climb = await new Promise<string>((resolve, reject) => {
      const req = request(`${stack.url}/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd`, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
    expect(climb).not.toContain('root:');
  });

  it('never caches the service worker or the page, and caches hashed files for a year', async () => {
    expect((await get('/sw.js')).headers.get('cache-control')).toBe('no-cache');
    expect((await get('/')).headers.get('cache-control')).toBe('no-cache');
    expect((await get('/_app/immutable/entry/start.abc123.js')).headers.get('cache-control')).toContain('immutable');
  });

  it('sends the brotli copy, else the gzip copy, else the file, as Accept-Encoding allows', async () => {
    const path = `${stack.url}/_app/immutable/entry/app.def456.js`;
    const as = async (encoding: string) => {
      // node's fetch decodes what it is sent; a raw request shows the bytes on the wire
      return new Promise<{ encoding?: string; length: number; vary?: string }>((resolve, reject) => {
        const req = request(path, { headers: { 'accept-encoding': encoding } }, (res) => {
          let length = 0;
          res.on('data', (d: Buffer) => (length += d.length));
          res.on('end', () =>
            resolve({
              encoding: res.headers['content-encoding'],
              length,
              vary: res.headers.vary
            })
          );
        });
        req.on('error', reject);
        req.end();
      });
    };
    const plain = Buffer.byteLength(BIG_CHUNK);
    const br = await as('gzip, deflate, br');
    expect(br.encoding).toBe('br');
    expect(br.length).toBeLessThan(plain / 3);
    expect(br.vary).toBe('Accept-Encoding');
    expect((await as('gzip')).encoding).toBe('gzip');
    expect((await as('br;q=0, gzip')).encoding).toBe('gzip');
    const identity = await as('identity');
    expect(identity.encoding).toBeUndefined();
    expect(identity.length).toBe(plain);
    // small files are sent as they are: a compressed copy would save nothing
    expect((await as('br')).encoding).toBe('br');
    const tiny = await fetch(`${stack.url}/_app/immutable/entry/start.abc123.js`, {
      headers: { 'accept-encoding': 'br' }
    });
    expect(tiny.headers.get('content-encoding')).toBeNull();
    expect(await tiny.text()).toBe('export {};');
  });

  it('never sends a compressed copy older than its file (the file was replaced after the build)', async () => {
    const file = join(appDir, '_app', 'immutable', 'entry', 'late.aaa111.js');
    writeFileSync(file, BIG_CHUNK);
    precompress(appDir);
    const replaced = BIG_CHUNK.replace('第0条', '第零条');
    writeFileSync(file, replaced);
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const res = await fetch(`${stack.url}/_app/immutable/entry/late.aaa111.js`, {
      headers: { 'accept-encoding': 'br' }
    });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toBe(replaced);
  });

  it('keeps the API paths for the API', async () => {
    const res = await get('/rest/v1/');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/json/);
  });
});

describe('keys', () => {
  it('the anon and service keys are the Supabase CLI defaults, signed with the local secret', async () => {
    const secret = new TextEncoder().encode(LOCAL_JWT_SECRET);
    expect((await jwtVerify(LOCAL_ANON_KEY, secret)).payload).toEqual({
      iss: 'supabase-demo',
      role: 'anon',
      exp: 1983812996
    });
    expect((await jwtVerify(LOCAL_SERVICE_ROLE_KEY, secret)).payload).toEqual({
      iss: 'supabase-demo',
      role: 'service_role',
      exp: 1983812996
    });
  });
});

describe("PostgREST's SQLSTATE to HTTP status table", () => {
  it.each([
    ['23505', 409],
    ['23503', 409],
    ['23502', 400],
    ['23514', 400],
    ['22P02', 400],
    ['P0001', 400],
    ['P0002', 500],
    ['42883', 404],
    ['42P01', 404],
    ['42P17', 500],
    ['25006', 405],
    ['40001', 500],
    ['53300', 503],
    ['53400', 500],
    ['57014', 500],
    ['08006', 503],
    ['28P01', 403],
    ['0P000', 403],
    ['XX000', 500],
    ['PT402', 402]
  ])('%s → %i', (code, status) => {
    expect(httpStatusForSqlState(code, '', true)).toBe(status);
  });

  it('42501 is 401 for anon and 403 for a signed-in person', () => {
    expect(httpStatusForSqlState('42501', 'permission denied for function f', false)).toBe(401);
    expect(httpStatusForSqlState('42501', 'permission denied for function f', true)).toBe(403);
  });
});
