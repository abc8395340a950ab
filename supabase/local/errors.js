// PostgREST's mapping from SQLSTATE to HTTP status (PostgREST src/PostgREST/Error.hs, mapSQLtoHTTP;
// the table in its "Errors" reference) and its JSON error body.

/**
 * PostgREST's table, in its order: the first entry whose code or class (first two characters)
 * matches wins. 21000, 22023, 42883 and 42501 depend on the message or the caller: see below.
 * @type {[string, number][]}
 */
const STATUS_BY_CODE = [
  ['08', 503], // connection exception
  ['09', 500], // triggered action exception
  ['0L', 403], // invalid grantor
  ['0P', 403], // invalid role specification
  ['23503', 409], // foreign_key_violation
  ['23505', 409], // unique_violation
  ['25006', 405], // read_only_sql_transaction
  ['25', 500], // invalid transaction state
  ['28', 403], // invalid authorization specification
  ['2D', 500], // invalid transaction termination
  ['38', 500], // external routine exception
  ['39', 500], // external routine invocation exception
  ['3B', 500], // savepoint exception
  ['40', 500], // transaction rollback
  ['53400', 500], // configuration_limit_exceeded
  ['53', 503], // insufficient resources
  ['54', 500], // program limit exceeded
  ['55', 500], // object not in prerequisite state
  ['57P01', 503], // admin_shutdown
  ['57', 500], // operator intervention
  ['58', 500], // system error
  ['F0', 500], // configuration file error
  ['HV', 500], // foreign data wrapper error
  ['P0001', 400], // RAISE without an explicit code
  ['P0', 500], // other PL/pgSQL errors
  ['XX', 500], // internal error
  ['42P01', 404], // undefined_table
  ['42P17', 500] // infinite recursion (a policy that reads its own table)
];

/**
 * @param {string} code SQLSTATE
 * @param {string} message the error's primary message
 * @param {boolean} authed the request ran as a role other than anon
 * @returns {number}
 */
export function httpStatusForSqlState(code, message = '', authed = false) {
  if (code === '21000') return /requires a WHERE clause$/.test(message) ? 400 : 500;
  if (code === '22023') return /^role .*does not exist$/.test(message) ? 401 : 400;
  if (code === '42883') return message.startsWith('function xmlagg(') ? 406 : 404;
  // Insufficient privilege: sign in (401) or you may not (403).
  if (code === '42501') return authed ? 403 : 401;
  // RAISE SQLSTATE 'PT402' chooses the status itself.
  if (/^PT\d{3}$/.test(code)) return Number(code.slice(2));
  const match = STATUS_BY_CODE.find(([prefix]) => code === prefix || (prefix.length === 2 && code.startsWith(prefix)));
  return match ? match[1] : 400;
}

/**
 * PostgREST's error body. Fields Postgres did not send are null, as PostgREST answers.
 * @param {{ code: string, message: string, details?: string | null, hint?: string | null }} e
 */
export function errorBody(e) {
  return { code: e.code, details: e.details ?? null, hint: e.hint ?? null, message: e.message };
}

/** An error raised by this server with a PostgREST code (PGRSTxxx) and status. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {{ details?: string | null, hint?: string | null, headers?: Record<string, string> }} [extra]
   */
  constructor(status, code, message, extra = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = extra.details ?? null;
    this.hint = extra.hint ?? null;
    this.headers = extra.headers ?? {};
  }
}
