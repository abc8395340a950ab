// The part of GoTrue (/auth/v1) the app uses: password sign-in by email or phone, refresh-token
// rotation, the current user, sign-out. Users and refresh tokens live in the database's `auth`
// schema, exactly where GoTrue keeps them, so seed.sql can create the demo accounts.
import { randomBytes, randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { signToken, verifyToken } from './jwt.js';
import { bearerToken, readBody, sendJson, sendNoContent } from './http.js';

/** auth-js reads error codes from `code` only when the answer carries this header. */
const API_VERSION_HEADERS = { 'X-Supabase-Api-Version': '2024-01-01' };

/** A GoTrue error: HTTP status, error code, message. */
class AuthError extends Error {
  /** @param {number} status @param {string} code @param {string} message @param {string} [oauthError] */
  constructor(status, code, message, oauthError) {
    super(message);
    this.status = status;
    this.code = code;
    this.oauthError = oauthError;
  }
}

/** @type {string | undefined} */
let dummyHash;

const invalidCredentials = () =>
  new AuthError(400, 'invalid_credentials', 'Invalid login credentials', 'invalid_grant');

/** The columns GoTrue returns as its User object, built in SQL so both backends give the same JSON. */
const USER_JSON = `jsonb_build_object(
  'id', u.id, 'aud', coalesce(u.aud, 'authenticated'), 'role', coalesce(u.role, 'authenticated'),
  'email', coalesce(u.email, ''), 'email_confirmed_at', u.email_confirmed_at,
  'phone', coalesce(u.phone, ''), 'phone_confirmed_at', u.phone_confirmed_at,
  'confirmed_at', coalesce(u.email_confirmed_at, u.phone_confirmed_at),
  'last_sign_in_at', u.last_sign_in_at,
  'app_metadata', jsonb_build_object('provider', case when u.email is null and u.phone is not null then 'phone' else 'email' end,
                                     'providers', jsonb_build_array(case when u.email is null and u.phone is not null then 'phone' else 'email' end))
                  || coalesce(u.raw_app_meta_data, '{}'::jsonb),
  'user_metadata', coalesce(u.raw_user_meta_data, '{}'::jsonb),
  'identities', '[]'::jsonb,
  'created_at', u.created_at, 'updated_at', u.updated_at, 'is_anonymous', false
)::text as user_json`;

/**
 * @typedef {{
 *   db: import('./database.js').Database,
 *   jwtSecret: string,
 *   jwtExpiry: number,
 *   refreshTokenReuseInterval: number
 * }} AuthOptions
 */

/**
 * Answers a request under /auth/v1.
 * @param {AuthOptions} options
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
export async function handleAuth(options, req, res, url) {
  const path = url.pathname.replace(/^\/auth\/v1/, '') || '/';
  const route = `${req.method} ${path}`;
  try {
    switch (route) {
      case 'POST /token':
        return await token(options, req, res, url);
      case 'GET /user':
        return sendJson(res, 200, (await authenticate(options, req)).user, API_VERSION_HEADERS);
      case 'PUT /user':
        return await updateUser(options, req, res);
      case 'POST /logout':
        return await logout(options, req, res, url);
      case 'GET /settings':
        return sendJson(res, 200, settings());
      case 'GET /health':
        return sendJson(res, 200, {
          version: 'frontline-local',
          name: 'GoTrue',
          description: 'GoTrue (Frontline local stack)'
        });
      case 'POST /signup':
      case 'POST /otp':
        throw new AuthError(422, 'signup_disabled', 'Signups not allowed for this instance');
      default:
        throw new AuthError(404, 'not_found', `${route} is not supported by the local stack`);
    }
  } catch (e) {
    if (!(e instanceof AuthError)) throw e;
    const body = { code: e.code, error_code: e.code, msg: e.message };
    if (e.oauthError) Object.assign(body, { error: e.oauthError, error_description: e.message });
    sendJson(res, e.status, body, API_VERSION_HEADERS);
  }
}

function settings() {
  return {
    external: { email: true, phone: true, anonymous_users: false },
    disable_signup: true,
    mailer_autoconfirm: true,
    phone_autoconfirm: true,
    sms_provider: '',
    saml_enabled: false
  };
}

/** @param {import('node:http').IncomingMessage} req */
async function jsonBody(req) {
  const text = await readBody(req);
  if (!text) return {};
  try {
    const value = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // answered below
  }
  throw new AuthError(400, 'bad_json', 'Could not parse request body as JSON');
}

/**
 * @param {AuthOptions} options
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
async function token(options, req, res, url) {
  const grant = url.searchParams.get('grant_type');
  const body = await jsonBody(req);
  if (grant === 'password') return sendJson(res, 200, await passwordGrant(options, req, body), API_VERSION_HEADERS);
  if (grant === 'refresh_token') return sendJson(res, 200, await refreshGrant(options, req, body), API_VERSION_HEADERS);
  throw new AuthError(400, 'validation_failed', 'unsupported_grant_type', 'unsupported_grant_type');
}

/** GoTrue keeps phone numbers as E.164 digits without the '+'. @param {string} phone */
const phoneDigits = (phone) => phone.replace(/[^0-9]/g, '');

/**
 * @param {AuthOptions} options
 * @param {import('node:http').IncomingMessage} req
 * @param {Record<string, unknown>} body
 */
async function passwordGrant(options, req, body) {
  const { db } = options;
  const password = typeof body.password === 'string' ? body.password : '';
  const email = typeof body.email === 'string' ? body.email.trim() : '';
  const phone = typeof body.phone === 'string' ? phoneDigits(body.phone) : '';
  if (!password || (!email && !phone)) throw invalidCredentials();

  const rows = email
    ? await db.query(
        `select u.id, u.encrypted_password, u.email_confirmed_at is not null as confirmed,
                coalesce(u.banned_until > now(), false) as banned
           from auth.users u where lower(u.email) = lower($1)`,
        [email]
      )
    : await db.query(
        `select u.id, u.encrypted_password, u.phone_confirmed_at is not null as confirmed,
                coalesce(u.banned_until > now(), false) as banned
           from auth.users u where regexp_replace(coalesce(u.phone, ''), '[^0-9]', '', 'g') = $1`,
        [phone]
      );
  const user = rows[0];
  // Compare even when the account is unknown, so timing does not tell which accounts exist.
  const hash = user?.encrypted_password || (dummyHash ??= await bcrypt.hash(randomUUID(), 10));
  const matches = await bcrypt.compare(password, hash.replace(/^\$2[xy]\$/, '$2a$')).catch(() => false);
  if (!user || !matches) throw invalidCredentials();
  if (user.banned) throw new AuthError(400, 'user_banned', 'User is banned', 'invalid_grant');
  if (!user.confirmed)
    throw email
      ? new AuthError(400, 'email_not_confirmed', 'Email not confirmed', 'invalid_grant')
      : new AuthError(400, 'phone_not_confirmed', 'Phone not confirmed', 'invalid_grant');

  return db.transaction(async (q) => {
    await q(`update auth.users set last_sign_in_at = now() where id = $1`, [user.id]);
    return issueSession(options, req, q, user.id, randomUUID(), null, 'password');
  });
}

/**
 * Rotates a refresh token: the presented one is revoked and its child issued. A token presented
 * again within the reuse interval (a client that lost the answer and retried) gets the session's
 * current token back; after it, the reuse is treated as theft and the whole session ends.
 * @param {AuthOptions} options
 * @param {import('node:http').IncomingMessage} req
 * @param {Record<string, unknown>} body
 */
async function refreshGrant(options, req, body) {
  const presented = typeof body.refresh_token === 'string' ? body.refresh_token : '';
  if (!presented) throw new AuthError(400, 'validation_failed', 'refresh_token required', 'invalid_request');
  const outcome = await options.db.transaction(async (q) => {
    const [row] = await q(
      `select t.token, t.user_id, t.revoked, t.session_id::text as session_id,
              extract(epoch from now() - t.updated_at)::float8 as revoked_for,
              coalesce(u.banned_until > now(), false) as banned
         from auth.refresh_tokens t join auth.users u on u.id = t.user_id
        where t.token = $1 for update of t`,
      [presented]
    );
    if (!row)
      return new AuthError(
        400,
        'refresh_token_not_found',
        'Invalid Refresh Token: Refresh Token Not Found',
        'invalid_grant'
      );
    if (row.banned) return new AuthError(400, 'user_banned', 'User is banned', 'invalid_grant');
    if (row.revoked) {
      const [active] = await q(
        `select token from auth.refresh_tokens where session_id = $1::uuid and not revoked order by id desc limit 1`,
        [row.session_id]
      );
      if (active && row.revoked_for <= options.refreshTokenReuseInterval) {
        return issueSession(options, req, q, row.user_id, row.session_id, active.token, 'password');
      }
      await q(
        `update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1::uuid and not revoked`,
        [row.session_id]
      );
      return 'revoked';
    }
    await q(`update auth.refresh_tokens set revoked = true, updated_at = now() where token = $1`, [presented]);
    return issueSession(options, req, q, row.user_id, row.session_id, null, 'password', presented);
  });
  // The revocation above must commit, so the refusal is thrown only after the transaction.
  if (outcome === 'revoked')
    throw new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used', 'invalid_grant');
  if (outcome instanceof AuthError) throw outcome;
  return outcome;
}

/**
 * Creates (or, with `existingToken`, reuses) a refresh token and signs an access token for it.
 * @param {AuthOptions} options
 * @param {import('node:http').IncomingMessage} req
 * @param {import('./database.js').Query} q
 * @param {string} userId
 * @param {string} sessionId
 * @param {string | null} existingToken
 * @param {string} method
 * @param {string} [parent]
 */
async function issueSession(options, req, q, userId, sessionId, existingToken, method, parent) {
  let refreshToken = existingToken;
  if (!refreshToken) {
    refreshToken = randomBytes(24).toString('base64url');
    await q(`insert into auth.refresh_tokens (token, user_id, parent, session_id) values ($1, $2, $3, $4::uuid)`, [
      refreshToken,
      userId,
      parent ?? null,
      sessionId
    ]);
  }
  const [row] = await q(`select ${USER_JSON} from auth.users u where u.id = $1`, [userId]);
  const user = JSON.parse(row.user_json);
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + options.jwtExpiry;
  const accessToken = await signToken(
    {
      iss: `${origin(req)}/auth/v1`,
      sub: user.id,
      aud: user.aud,
      exp,
      iat,
      email: user.email,
      phone: user.phone,
      app_metadata: user.app_metadata,
      user_metadata: user.user_metadata,
      role: user.role,
      aal: 'aal1',
      amr: [{ method, timestamp: iat }],
      session_id: sessionId,
      is_anonymous: false
    },
    options.jwtSecret
  );
  return {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: options.jwtExpiry,
    expires_at: exp,
    refresh_token: refreshToken,
    user
  };
}

/** The origin the client used, for the `iss` claim. @param {import('node:http').IncomingMessage} req */
function origin(req) {
  const proto = /** @type {string | undefined} */ (req.headers['x-forwarded-proto']) ?? 'http';
  return `${proto}://${req.headers.host ?? 'localhost'}`;
}

/**
 * The user and session behind a request's access token, as GoTrue's requireAuthentication checks them.
 * @param {AuthOptions} options
 * @param {import('node:http').IncomingMessage} req
 */
async function authenticate(options, req) {
  const jwt = bearerToken(req);
  if (!jwt) throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  const verified = await verifyToken(jwt, options.jwtSecret);
  if (!verified.ok)
    throw new AuthError(
      403,
      'bad_jwt',
      verified.reason === 'expired'
        ? 'invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired'
        : 'invalid JWT: unable to parse or verify signature, signature is invalid'
    );
  const { sub, session_id: sessionId } = verified.claims;
  if (typeof sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(sub))
    throw new AuthError(403, 'bad_jwt', 'invalid claim: missing sub claim');
  const [row] = await options.db.query(
    `select ${USER_JSON},
            ($2::uuid is null or exists (select 1 from auth.refresh_tokens t
                                          where t.session_id = $2::uuid and t.user_id = u.id and not t.revoked)) as session_alive
       from auth.users u where u.id = $1`,
    [sub, typeof sessionId === 'string' ? sessionId : null]
  );
  if (!row) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
  if (!row.session_alive)
    throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
  return { user: JSON.parse(row.user_json), claims: verified.claims };
}

/**
 * Changes the user's metadata (`data`) or password.
 * @param {AuthOptions} options
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function updateUser(options, req, res) {
  const { user } = await authenticate(options, req);
  const body = await jsonBody(req);
  if (body.email !== undefined || body.phone !== undefined)
    throw new AuthError(422, 'not_supported', 'Changing email or phone is not supported by the local stack');
  if (body.password !== undefined) {
    if (typeof body.password !== 'string' || body.password.length < 6)
      throw new AuthError(422, 'weak_password', 'Password should be at least 6 characters.');
    const hash = await bcrypt.hash(body.password, 10);
    await options.db.query(`update auth.users set encrypted_password = $2, updated_at = now() where id = $1`, [
      user.id,
      hash
    ]);
  }
  if (body.data !== undefined) {
    if (!body.data || typeof body.data !== 'object' || Array.isArray(body.data))
      throw new AuthError(400, 'validation_failed', 'data must be an object');
    await options.db.query(
      `update auth.users set raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || $2::jsonb, updated_at = now() where id = $1`,
      [user.id, JSON.stringify(body.data)]
    );
  }
  const [row] = await options.db.query(`select ${USER_JSON} from auth.users u where u.id = $1`, [user.id]);
  sendJson(res, 200, row.user_json, API_VERSION_HEADERS);
}

/**
 * Revokes refresh tokens: of every session (global, the default), this one (local) or the others.
 * @param {AuthOptions} options
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
async function logout(options, req, res, url) {
  const { user, claims } = await authenticate(options, req);
  const scope = url.searchParams.get('scope') ?? 'global';
  const sessionId = typeof claims.session_id === 'string' ? claims.session_id : null;
  if (scope === 'global' || !sessionId) {
    await options.db.query(
      `update auth.refresh_tokens set revoked = true, updated_at = now() where user_id = $1 and not revoked`,
      [user.id]
    );
  } else if (scope === 'local') {
    await options.db.query(
      `update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1::uuid and not revoked`,
      [sessionId]
    );
  } else if (scope === 'others') {
    await options.db.query(
      `update auth.refresh_tokens set revoked = true, updated_at = now()
        where user_id = $1 and session_id is distinct from $2::uuid and not revoked`,
      [user.id, sessionId]
    );
  } else {
    throw new AuthError(400, 'validation_failed', `Unsupported logout scope "${scope}"`);
  }
  sendNoContent(res, API_VERSION_HEADERS);
}
