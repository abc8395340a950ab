// PostgREST's table endpoints (/rest/v1/<table>) for the simple requests supabase-js's
// `.from(table)` sends: `select=` a list of columns, filters `column=op.value` (eq, neq, gt, gte,
// lt, lte, is, in), `order`, `limit`, `offset`, and `Prefer: return=representation`. The app
// never calls them; they are here so that what anyone holding the anon key and a token could do
// on a hosted project (every table of `public` is an endpoint there) is tested over HTTP.
// Postgres decides everything (role, RLS, column grants); this only builds the statement.
import { ApiError } from './errors.js';
import { readBody, sendJson, sendNoContent } from './http.js';
import { becomeCaller, ident, roleOf, sendError } from './rest.js';

const SCHEMA = 'public';
const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'columns', 'on_conflict']);
const OPERATORS = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/**
 * @param {{ db: import('./database.js').Database }} options
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {string} table
 * @param {Record<string, any>} claims
 */
export async function handleTable(options, req, res, url, table, claims) {
  let authed = false;
  try {
    const role = roleOf(claims);
    authed = role !== 'anon';
    const method = req.method ?? 'GET';
    if (!['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'].includes(method))
      throw new ApiError(405, 'PGRST117', `Unsupported HTTP method: ${method}`);
    const body = method === 'POST' || method === 'PATCH' ? await jsonBody(req) : undefined;
    const reading = method === 'GET' || method === 'HEAD';
    // the rows go back for a read, and for a write asked to return them
    const answered = reading || /return=representation/.test(String(req.headers.prefer ?? ''));
    const params = /** @type {unknown[]} */ ([]);
    const where = filters(url.searchParams, params);
    const columns = selectList(url.searchParams.get('select'));

    const rows = await options.db.transaction(async (q) => {
      const [found] = await q(
        `select exists (select 1 from pg_class c where c.relnamespace = $1::regnamespace
                           and c.relname = $2 and c.relkind in ('r', 'p', 'v', 'm')) as found`,
        [SCHEMA, table]
      );
      if (!found.found)
        throw new ApiError(404, 'PGRST205', `Could not find the table '${SCHEMA}.${table}' in the schema cache`);
      await becomeCaller(q, req, role, claims, `/${table}`, reading);
      const target = `${ident(SCHEMA)}.${ident(table)}`;
      // the target is `_t`, so that PATCH's `_patch` columns never make a filter ambiguous
      const returning = answered ? ` returning ${columns}` : '';
      let sql;
      if (reading) {
        sql = `select ${columns} from ${target} as _t${where}${order(url.searchParams)}${paging(url.searchParams)}`;
      } else if (method === 'POST') {
        const records = Array.isArray(body) ? body : [body];
        const keys = [...new Set(records.flatMap((r) => Object.keys(r ?? {})))];
        if (keys.length === 0) throw new ApiError(400, 'PGRST102', 'Empty or invalid json');
        params.push(JSON.stringify(records));
        const cols = keys.map(ident).join(', ');
        sql = `insert into ${target} as _t (${cols}) select ${cols} from json_populate_recordset(null::${target}, $${params.length}::json)${returning}`;
      } else if (method === 'PATCH') {
        const keys = Object.keys(body ?? {});
        if (keys.length === 0 || Array.isArray(body)) throw new ApiError(400, 'PGRST102', 'Empty or invalid json');
        params.push(JSON.stringify(body));
        const set = keys.map((k) => `${ident(k)} = _patch.${ident(k)}`).join(', ');
        sql = `update ${target} as _t set ${set} from json_populate_record(null::${target}, $${params.length}::json) as _patch${where}${returning}`;
      } else {
        sql = `delete from ${target} as _t${where}${returning}`;
      }
      if (!answered) return void (await q(sql, params));
      const [row] = await q(
        `with _rows as (${sql}) select coalesce(json_agg(_rows), '[]')::text as body from _rows`,
        params
      );
      return /** @type {string} */ (row.body);
    });

    if (answered) return sendJson(res, method === 'POST' ? 201 : 200, rows);
    if (method === 'POST') {
      res.writeHead(201, { 'Content-Length': '0' });
      return res.end();
    }
    return sendNoContent(res);
  } catch (e) {
    sendError(res, e, authed);
  }
}

/** @param {import('node:http').IncomingMessage} req */
async function jsonBody(req) {
  const text = await readBody(req);
  try {
    const value = JSON.parse(text);
    if (value && typeof value === 'object') return value;
  } catch {
    // answered below
  }
  throw new ApiError(400, 'PGRST102', 'Empty or invalid json');
}

/** `select=a,b` (no embedded resources here); `*` when absent. @param {string | null} list */
function selectList(list) {
  if (!list || list.trim() === '*') return '_t.*';
  const names = list.split(',').map((c) => c.trim());
  if (names.some((c) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(c)))
    throw new ApiError(400, 'PGRST100', `"failed to parse select parameter (${list})"`);
  return names.map((c) => `_t.${ident(c)}`).join(', ');
}

/**
 * `column=op.value` for every parameter that is not reserved, as a WHERE clause with parameters.
 * @param {URLSearchParams} search
 * @param {unknown[]} params
 */
function filters(search, params) {
  const parts = [];
  for (const [column, expression] of search) {
    if (RESERVED.has(column)) continue;
    const match = /^(not\.)?(eq|neq|gt|gte|lt|lte|is|in)\.(.*)$/s.exec(expression);
    if (!match) throw new ApiError(400, 'PGRST100', `"failed to parse filter (${expression})"`);
    const [, not, op, value] = match;
    let clause;
    if (op === 'is') {
      const literal = { null: 'null', true: 'true', false: 'false' }[value.toLowerCase()];
      if (!literal) throw new ApiError(400, 'PGRST100', `"failed to parse filter (${expression})"`);
      clause = `_t.${ident(column)} is ${literal}`;
    } else if (op === 'in') {
      const list = /^\((.*)\)$/s.exec(value);
      if (!list) throw new ApiError(400, 'PGRST100', `"failed to parse filter (${expression})"`);
      params.push(list[1] === '' ? [] : list[1].split(',').map((v) => v.trim().replace(/^"(.*)"$/, '$1')));
      clause = `_t.${ident(column)} = any ($${params.length})`;
    } else {
      params.push(value);
      clause = `_t.${ident(column)} ${OPERATORS[/** @type {keyof typeof OPERATORS} */ (op)]} $${params.length}`;
    }
    parts.push(not ? `not (${clause})` : clause);
  }
  return parts.length ? ` where ${parts.join(' and ')}` : '';
}

/** `order=a.desc,b` @param {URLSearchParams} search */
function order(search) {
  const spec = search.get('order');
  if (!spec) return '';
  const terms = spec.split(',').map((term) => {
    const [column, direction] = term.split('.');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(column) || (direction && !/^(asc|desc)$/.test(direction)))
      throw new ApiError(400, 'PGRST100', `"failed to parse order (${spec})"`);
    return `_t.${ident(column)}${direction ? ` ${direction}` : ''}`;
  });
  return ` order by ${terms.join(', ')}`;
}

/** @param {URLSearchParams} search */
function paging(search) {
  const limit = search.get('limit');
  const offset = search.get('offset');
  /** @param {string} v */
  const number = (v) => {
    if (!/^\d+$/.test(v)) throw new ApiError(400, 'PGRST100', `"failed to parse limit/offset (${v})"`);
    return v;
  };
  return `${limit ? ` limit ${number(limit)}` : ''}${offset ? ` offset ${number(offset)}` : ''}`;
}
