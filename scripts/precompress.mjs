// Brotli and gzip copies of the built app's text files, made once at build time, so the local
// server (supabase/local/static.js) sends each phone the smallest one its Accept-Encoding allows
// without compressing per request. A static host does the same with its own precompression
// setting (README, "A real Supabase project").
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Types worth compressing; images and fonts are compressed already. */
export const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.map',
  '.svg',
  '.webmanifest',
  '.txt',
  '.xml'
]);
/** Below this a compressed copy saves less than the header costs. */
const MIN_BYTES = 512;

/** @param {string} dir @returns {Generator<string>} */
function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Writes `<file>.br` and `<file>.gz` beside every compressible file of `dir` (when smaller).
 * @param {string} dir
 * @returns {{ files: number, bytes: number, br: number, gz: number }}
 */
export function precompress(dir) {
  const total = { files: 0, bytes: 0, br: 0, gz: 0 };
  for (const file of files(dir)) {
    if (!COMPRESSIBLE.has(extname(file).toLowerCase()) || statSync(file).size < MIN_BYTES) continue;
    const body = readFileSync(file);
    const br = brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length }
    });
    const gz = gzipSync(body, { level: 9 });
    if (br.length < body.length) writeFileSync(`${file}.br`, br);
    if (gz.length < body.length) writeFileSync(`${file}.gz`, gz);
    total.files++;
    total.bytes += body.length;
    total.br += Math.min(br.length, body.length);
    total.gz += Math.min(gz.length, body.length);
  }
  return total;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? process.env.FRONTLINE_BUILD_DIR ?? 'build';
  const t = precompress(dir);
  console.log(`precompressed ${t.files} files of ${dir}: ${t.bytes} B → brotli ${t.br} B, gzip ${t.gz} B`);
}
