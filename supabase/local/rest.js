// PostgREST (/rest/v1) as a hosted project exposes it: functions of schema `public`
// (/rpc/<name>, the app's path) and its tables (/<table>, tables.js: what anyone holding the anon
// key can call directly). The JWT picks the role, its claims go to `request.jwt.claims`,
// arguments are converted by Postgres itself (json_to_record, as PostgREST does), and errors keep
// PostgREST's shape.
import { verifyToken } from './jwt.js';
import { ApiError, errorBody, httpStatusForSqlState } from './errors.js';
import { bearerToken, readBody, sendJson, sendNoContent } from './http.js';
import { handleTable } from './tables.js';

/** The roles a token may switch to, as on Supabase. */
const ROLES = new Set(['anon', 'authenticated', 'service_role']);
const SCHEMA = 'public';

/**
 * @typedef {{ db: import('./database.js').Database, jwtSecret: string }} RestOptions
 * @typedef {{ name: string, type: string }} Arg
 * @typedef {{ name: string, args: Arg[], required: number, returnsSet: boolean, returnType: string, readOnly: boolean }} Routine
 */

/**
 * Answers a request under /rest/v1.
 * @param {RestOptions} options
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
export async function handleRest(options, req, res, url) {
  try {
    const path = url.pathname.replace(/^\/rest\/v1/, '');
    const rpc = /^\/rpc\/([^/]+)\/?$/.exec(path);
    checkProfile(req);
    if (!rpc) {
      const table = decodeURIComponent(path.replace(/^\/+|\/+$/g, ''));
      if (!table || table.includes('/')) throw new ApiError(404, 'PGRST126', 'Root endpoint metadata is disabled');
      const claims = await claimsOf(options, req);
      return await handleTable(options, req, res, url, table, claims);
    }
    if (req.method !== 'POST' && req.method !== 'GET')
      throw new ApiError(405, 'PGRST101', `Cannot use the ${req.method} method on RPC`);
    const claims = await claimsOf(options, req);
    const args = req.method === 'GET' ? Object.fromEntries(url.searchParams) : await argsFromBody(req);
    await callRoutine(options, req, res, decodeURIComponent(rpc[1]), args, claims);
  } catch (e) {
    sendError(res, e, false);
  }
}

/** Only `public` is exposed, as in supabase/config.toml. @param {import('node:http').IncomingMessage} req */
function checkProfile(req) {
  const profile = req.headers['content-profile'] ?? req.headers['accept-profile'];
  if (profile && profile !== SCHEMA)
    throw new ApiError(406, 'PGRST106', `Invalid schema: ${profile}`, {
      hint: `Only the following schemas are exposed: ${SCHEMA}`
    });
}

/**
 * The verified claims of the request's token (Authorization, else apikey); none means anon.
 * @param {RestOptions} options
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Record<string, any>>}
 */
async function claimsOf(options, req) {
  const apikey = req.headers.apikey;
  const token = bearerToken(req) ?? (typeof apikey === 'string' ? apikey : undefined);
  if (token === undefined) return { role: 'anon' };
  if (token === '') throw jwtError('PGRST301', 'Empty JWT is sent in Authorization header');
  const verified = await verifyToken(token, options.jwtSecret);
  if (!verified.ok) throw jwtError(verified.reason === 'expired' ? 'PGRST303' : 'PGRST301', verified.message);
  return verified.claims;
}

/** @param {string} code @param {string} message */
function jwtError(code, message) {
  return new ApiError(401, code, message, {
    headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message}"` }
  });
}

/** @param {import('node:http').IncomingMessage} req @returns {Promise<Record<string, unknown>>} */
async function argsFromBody(req) {
  const text = await readBody(req);
  if (text.trim() === '') return {};
  try {
    const value = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // answered below
  }
  throw new ApiError(400, 'PGRST102', 'Empty or invalid json');
}

/**
 * The functions called `name` in the exposed schema, with their input arguments.
 * @param {import('./database.js').Query} q
 * @param {string} name
 * @returns {Promise<Routine[]>}
 */
async function routinesNamed(q, name) {
  const rows = await q(
    `select p.proname as name, p.proretset as returns_set, p.pronargdefaults as defaults,
            p.provolatile in ('s', 'i') as read_only,
            format_type(p.prorettype, null) as return_type,
            (select coalesce(json_agg(json_build_object('name', coalesce(p.proargnames[a.n], ''),
                                                        'type', format_type(a.type, null)) order by a.n), '[]')
               from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as a(type, n)
              where coalesce(p.proargmodes[a.n], 'i') in ('i', 'b', 'v'))::text as args
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = $1 and p.proname = $2 and p.prokind = 'f'`,
    [SCHEMA, name]
  );
  return rows.map((r) => {
    /** @type {Arg[]} */
    const args = JSON.parse(r.args);
    return {
      name: r.name,
      args,
      required: args.length - Number(r.defaults),
      returnsSet: r.returns_set,
      returnType: r.return_type,
      readOnly: r.read_only
    };
  });
}

/**
 * PostgREST's overload choice: the function whose named arguments cover the keys given and
 * whose arguments without defaults are all given; else one taking a single unnamed json argument.
 * @param {Routine[]} routines
 * @param {string[]} keys
 */
function chooseRoutine(routines, keys) {
  const matches = routines.filter(
    (r) =>
      r.args.every((a) => a.name !== '') &&
      keys.every((k) => r.args.some((a) => a.name === k)) &&
      r.args.slice(0, r.required).every((a) => keys.includes(a.name))
  );
  if (matches.length > 1)
    throw new ApiError(
      300,
      'PGRST203',
      'Could not choose the best candidate function between: ' + matches.map(signature).join(', '),
      {
        hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved'
      }
    );
  if (matches.length === 1) return { routine: matches[0], wholeBody: false };
  const single = routines.find((r) => r.args.length === 1 && r.args[0].name === '' && /^jsonb?$/.test(r.args[0].type));
  if (single) return { routine: single, wholeBody: true };
  return null;
}

/** @param {Routine} r */
const signature = (r) => `${SCHEMA}.${r.name}(${r.args.map((a) => `${a.name} => ${a.type}`).join(', ')})`;

/** @param {string} name */
export const ident = (name) => `"${name.replace(/"/g, '""')}"`;

/**
 * @param {RestOptions} options
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} name
 * @param {Record<string, unknown>} args
 * @param {Record<string, any>} claims
 */
async function callRoutine(options, req, res, name, args, claims) {
  const role = roleOf(claims);
  const authed = role !== 'anon';
  const keys = Object.keys(args);
  try {
    const result = await options.db.transaction(async (q) => {
      const chosen = chooseRoutine(await routinesNamed(q, name), keys);
      if (!chosen) throw noRoutine(name, keys);
      const { routine, wholeBody } = chosen;

      // PostgREST's access mode: GET, and POST to a STABLE or IMMUTABLE function, cannot write.
      await becomeCaller(q, req, role, claims, `/rpc/${name}`, req.method === 'GET' || routine.readOnly);

      const fn = `${ident(SCHEMA)}.${ident(routine.name)}`;
      const given = routine.args.filter((a) => keys.includes(a.name));
      const call = wholeBody
        ? `${fn}($1::${routine.args[0].type})`
        : `${fn}(${given.map((a) => `${ident(a.name)} := _args.${ident(a.name)}`).join(', ')})`;
      const from =
        wholeBody || given.length === 0
          ? ''
          : ` from json_to_record($1::json) as _args(${given.map((a) => `${ident(a.name)} ${a.type}`).join(', ')})`;
      const params = wholeBody || given.length > 0 ? [JSON.stringify(args)] : [];

      if (routine.returnType === 'void' && !routine.returnsSet) {
        await q(`select ${call}${from}`, params);
        return undefined;
      }
      const sql = routine.returnsSet
        ? `select coalesce(json_agg(_result), '[]')::text as body${from ? from + ',' : ' from'} lateral ${call} as _result`
        : `select to_json(${call})::text as body${from}`;
      const [row] = await q(sql, params);
      // A NULL result is JSON null, not an empty answer.
      return /** @type {string | null} */ (row.body) ?? 'null';
    });
    if (result === undefined) return sendNoContent(res);
    sendJson(res, 200, result);
  } catch (e) {
    sendError(res, e, authed);
  }
}

/**
 * The role the token names (anon without one); a role that is not Supabase's refuses the request.
 * @param {Record<string, any>} claims
 */
export function roleOf(claims) {
  const role = typeof claims.role === 'string' && claims.role !== '' ? claims.role : 'anon';
  if (!ROLES.has(role))
    throw Object.assign(new Error(`permission denied to set role "${role}"`), { code: '42501', authed: true });
  return role;
}

/**
 * The transaction becomes the caller, as PostgREST does before every statement.
 * @param {import('./database.js').Query} q
 * @param {import('node:http').IncomingMessage} req
 * @param {string} role
 * @param {Record<string, any>} claims
 * @param {string} path
 * @param {boolean} readOnly
 */
export async function becomeCaller(q, req, role, claims, path, readOnly) {
  if (readOnly) await q('set transaction read only');
  await q(`set local role ${role}`);
  await q(
    `select set_config('request.jwt.claims', $1, true), set_config('request.method', $2, true),
            set_config('request.path', $3, true), set_config('request.headers', $4, true),
            set_config('search_path', $5, true)`,
    [JSON.stringify(claims), req.method ?? 'POST', path, JSON.stringify(req.headers), 'public, extensions']
  );
}

/** @param {string} name @param {string[]} keys */
function noRoutine(name, keys) {
  const withArgs = keys.length
    ? ` with parameter${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`
    : ' without parameters';
  return new ApiError(
    404,
    'PGRST202',
    `Could not find the function ${SCHEMA}.${name}${keys.length ? `(${keys.join(', ')})` : ' without parameters'} in the schema cache`,
    {
      details: `Searched for the function ${SCHEMA}.${name}${withArgs} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`
    }
  );
}

/**
 * Answers an error as PostgREST does: its own errors with their status, database errors by SQLSTATE.
 * @param {import('node:http').ServerResponse} res
 * @param {unknown} e
 * @param {boolean} authed
 */
export function sendError(res, e, authed) {
  if (e instanceof ApiError)
    return sendJson(res, e.status, errorBody(e), { 'Proxy-Status': `PostgREST; error=${e.code}`, ...e.headers });
  const err =
    /** @type {{ code?: unknown, message?: string, detail?: string, hint?: string, tooLarge?: boolean, authed?: boolean }} */ (
      e
    );
  if (err?.tooLarge) return sendJson(res, 413, errorBody({ code: 'PGRST102', message: 'Request body too large' }));
  if (typeof err?.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code)) {
    const status = httpStatusForSqlState(err.code, err.message ?? '', err.authed ?? authed);
    const body = errorBody({ code: err.code, message: err.message ?? '', details: err.detail, hint: err.hint });
    /** @type {Record<string, string>} */
    const headers = { 'Proxy-Status': `PostgREST; error=${err.code}` };
    if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
    return sendJson(res, status, body, headers);
  }
  console.error('local stack: unexpected error in /rest/v1', e);
  sendJson(res, 500, errorBody({ code: 'PGRSTX00', message: err?.message ?? String(e) }));
}
