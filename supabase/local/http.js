// Small helpers shared by the handlers: reading a JSON body and writing JSON answers.

/** Bodies larger than this are refused: a sync batch is far smaller. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<string>}
 */
export async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('request body too large'), { tooLarge: true });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body a value to serialize, or a string that already is JSON
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers
  });
  res.end(text);
}

/** @param {import('node:http').ServerResponse} res @param {Record<string, string>} [headers] */
export function sendNoContent(res, headers = {}) {
  res.writeHead(204, headers);
  res.end();
}

/** The bearer token of a request, if any. @param {import('node:http').IncomingMessage} req */
export function bearerToken(req) {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(.*)$/i.exec(header);
  return match ? match[1].trim() : undefined;
}
