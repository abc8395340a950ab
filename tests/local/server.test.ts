// The local stack driven by the real supabase-js client, on a Postgres 15 test database built
// from bootstrap + migrations + seed: GoTrue sign-in, refresh and sign-out, PostgREST rpc, and the
// statuses PostgREST answers with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { SignJWT, decodeJwt } from 'jose';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { client, DEMO_ACCOUNTS, DEMO_PASSWORD, startStack, type RunningStack } from '../support/local-stack';
import { createLocalStack, type LocalStack } from '../../supabase/local/server.js';
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from '../../supabase/local/keys.js';

const TEST_USER = {
  id: '9f000000-0000-4000-8000-000000000001',
  email: 'stack-test@local.test',
  phone: '8613900000001',
  password: 'stack-test-password'
};

let database: TestDatabase;
let running: RunningStack;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'fl_local' });
  // A user and functions of our own, so the protocol tests do not depend on the demo data.
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query(
    `insert into auth.users (id, email, phone, encrypted_password, email_confirmed_at, phone_confirmed_at, raw_user_meta_data)
     values ($1, $2, $3, extensions.crypt($4, extensions.gen_salt('bf')), now(), now(), '{"full_name":"测试"}')`,
    [TEST_USER.id, TEST_USER.email, TEST_USER.phone, TEST_USER.password]
  );
  await admin.query(`
    create function public.stack_test_whoami(label text, times int default 1) returns jsonb
    language sql stable as $$
      select jsonb_build_object('label', label, 'times', times, 'uid', auth.uid(), 'role', current_user,
                                'claims_role', auth.jwt() ->> 'role')
    $$;
    create function public.stack_test_raise() returns jsonb
    language plpgsql as $$
    begin
      raise exception 'the thing is not allowed' using detail = 'because of the rule', hint = 'do the other thing';
    end
    $$;
    create function public.stack_test_status() returns jsonb
    language plpgsql as $$ begin raise sqlstate 'PT418' using message = 'short and stout'; end $$;
    create function public.stack_test_service_only() returns int language sql as $$ select 1 $$;
    revoke execute on function public.stack_test_service_only() from public, anon, authenticated;
    grant execute on function public.stack_test_service_only() to service_role;
    create function public.stack_test_rows() returns setof int language sql as $$ select generate_series(1, 3) $$;
    create function public.stack_test_nothing() returns void language sql as $$ select $$;
    create table public.stack_test_counter (n int);
    grant all on public.stack_test_counter to authenticated;
    create function public.stack_test_write() returns int language plpgsql
      as $$ begin insert into public.stack_test_counter values (1); return 1; end $$;
    create function public.stack_test_sneaky_write() returns int language sql stable
      as $$ select public.stack_test_write() $$;
  `);
  await admin.end();
  running = await startStack({ url: database.url, refreshTokenReuseInterval: 0 });
});

afterAll(async () => {
  await running?.stop();
  await database?.drop();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.url}${path}`, {
    method: 'POST',
    headers: { apikey: LOCAL_ANON_KEY, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body)
  });
  return { status: res.status, headers: res.headers, body: res.status === 204 ? null : await res.json() };
}

async function signIn(email = TEST_USER.email, password = TEST_USER.password) {
  const sb = client(running.url);
  const { data, error } = await sb.auth.signInWithPassword({ email, password });
  expect(error).toBeNull();
  return { sb, session: data.session! };
}

describe('GoTrue /auth/v1', () => {
  it('a password sign-in answers a GoTrue session with a real HS256 access token', async () => {
    const { session } = await signIn();
    expect(session.token_type).toBe('bearer');
    expect(session.expires_in).toBe(3600);
    expect(session.expires_at).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect(session.refresh_token).toMatch(/^[\w-]{20,}$/);
    expect(session.user).toMatchObject({
      id: TEST_USER.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: TEST_USER.email,
      user_metadata: { full_name: '测试' },
      app_metadata: { provider: 'email' }
    });
    const claims = decodeJwt(session.access_token);
    expect(claims).toMatchObject({
      sub: TEST_USER.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: TEST_USER.email,
      aal: 'aal1',
      is_anonymous: false,
      iss: `${running.url}/auth/v1`
    });
    expect(claims.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.exp! - claims.iat!).toBe(3600);
  });

  it('a wrong password is refused with invalid_credentials, as GoTrue answers', async () => {
    const sb = client(running.url);
    const { data, error } = await sb.auth.signInWithPassword({ email: TEST_USER.email, password: 'wrong' });
    expect(data.session).toBeNull();
    expect(error).toMatchObject({ status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' });

    const raw = await post('/auth/v1/token?grant_type=password', { email: 'nobody@local.test', password: 'x' });
    expect(raw.status).toBe(400);
    expect(raw.body).toMatchObject({
      code: 'invalid_credentials',
      error: 'invalid_grant',
      error_description: 'Invalid login credentials',
      msg: 'Invalid login credentials'
    });
  });

  it('a person signs in with a phone number written with + and spaces', async () => {
    const sb = client(running.url);
    const { data, error } = await sb.auth.signInWithPassword({
      phone: '+86 139 0000 0001',
      password: TEST_USER.password
    });
    expect(error).toBeNull();
    expect(data.user?.id).toBe(TEST_USER.id);
  });

  it('getUser answers the signed-in user', async () => {
    const { sb } = await signIn();
    const { data, error } = await sb.auth.getUser();
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ id: TEST_USER.id, email: TEST_USER.email });
  });

  it('updateUser changes the user metadata', async () => {
    const { sb } = await signIn();
    const { data, error } = await sb.auth.updateUser({ data: { locale: 'zh-CN' } });
    expect(error).toBeNull();
    expect(data.user?.user_metadata).toMatchObject({ locale: 'zh-CN', full_name: '测试' });
  });

  it('a refresh rotates the refresh token, and the old one is refused afterwards', async () => {
    const { sb, session } = await signIn();
    const { data, error } = await sb.auth.refreshSession();
    expect(error).toBeNull();
    expect(data.session!.refresh_token).not.toBe(session.refresh_token);
    expect(decodeJwt(data.session!.access_token).session_id).toBe(decodeJwt(session.access_token).session_id);

    const reused = await post('/auth/v1/token?grant_type=refresh_token', { refresh_token: session.refresh_token });
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ code: 'refresh_token_already_used' });
    // Reuse looks like theft: the whole session ends, the new token too.
    const after = await post('/auth/v1/token?grant_type=refresh_token', { refresh_token: data.session!.refresh_token });
    expect(after.status).toBe(400);
  });

  it('a refresh retried within the reuse interval gets the current token back', async () => {
    const lenient: LocalStack = await createLocalStack({ db: running.db, port: 0, refreshTokenReuseInterval: 10 });
    try {
      const sb = client(lenient.url);
      const { data } = await sb.auth.signInWithPassword({ email: TEST_USER.email, password: TEST_USER.password });
      const first = data.session!.refresh_token;
      const call = async () =>
        (await fetch(`${lenient.url}/auth/v1/token?grant_type=refresh_token`, {
          method: 'POST',
          headers: { apikey: LOCAL_ANON_KEY, 'content-type': 'application/json' },
          body: JSON.stringify({ refresh_token: first })
        }).then((r) => r.json())) as { refresh_token: string };
      const a = await call();
      const b = await call(); // the answer to the first was "lost"
      expect(a.refresh_token).not.toBe(first);
      expect(b.refresh_token).toBe(a.refresh_token);
    } finally {
      await lenient.close();
    }
  });

  it('an unknown refresh token is refused', async () => {
    const res = await post('/auth/v1/token?grant_type=refresh_token', { refresh_token: 'not-a-token' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'refresh_token_not_found' });
  });

  it('signOut revokes the session: its refresh token and access token stop working', async () => {
    const { sb, session } = await signIn();
    expect((await sb.auth.signOut()).error).toBeNull();
    const refresh = await post('/auth/v1/token?grant_type=refresh_token', { refresh_token: session.refresh_token });
    expect(refresh.status).toBe(400);
    const user = await fetch(`${running.url}/auth/v1/user`, {
      headers: { apikey: LOCAL_ANON_KEY, authorization: `Bearer ${session.access_token}` }
    });
    expect(user.status).toBe(403);
    expect(await user.json()).toMatchObject({ code: 'session_not_found' });
  });

  it('sign-up is disabled, as in supabase/config.toml', async () => {
    const { error } = await client(running.url).auth.signUp({ email: 'new@local.test', password: 'whatever-123' });
    expect(error).toMatchObject({ status: 422, code: 'signup_disabled' });
  });

  it('answers /settings and /health', async () => {
    expect(await fetch(`${running.url}/auth/v1/settings`).then((r) => r.json())).toMatchObject({
      disable_signup: true
    });
    expect((await fetch(`${running.url}/auth/v1/health`)).status).toBe(200);
  });
});

describe('PostgREST /rest/v1/rpc', () => {
  it('calls the function as the caller, with its claims, converting named arguments', async () => {
    const { sb } = await signIn();
    const { data, error, status } = await sb.rpc('stack_test_whoami', { label: 'hello' });
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual({
      label: 'hello',
      times: 1,
      uid: TEST_USER.id,
      role: 'authenticated',
      claims_role: 'authenticated'
    });
    const twice = await sb.rpc('stack_test_whoami', { label: 'x', times: 2 });
    expect(twice.data).toMatchObject({ times: 2 });
  });

  it('runs as anon with the anon key, and as service_role with the service key', async () => {
    expect((await client(running.url).rpc('stack_test_whoami', { label: 'a' })).data).toMatchObject({
      role: 'anon',
      uid: null
    });
    const service = client(running.url, LOCAL_SERVICE_ROLE_KEY);
    expect((await service.rpc('stack_test_whoami', { label: 's' })).data).toMatchObject({ role: 'service_role' });
  });

  it('answers a set-returning function with an array and a void one with 204', async () => {
    const { sb } = await signIn();
    expect((await sb.rpc('stack_test_rows')).data).toEqual([1, 2, 3]);
    const nothing = await sb.rpc('stack_test_nothing');
    expect(nothing.status).toBe(204);
    expect(nothing.error).toBeNull();
  });

  it('a STABLE function, or any function called with GET, runs read-only as in PostgREST: a write gets 405 (25006)', async () => {
    const { sb } = await signIn();
    const { status, error } = await sb.rpc('stack_test_sneaky_write');
    expect(status).toBe(405);
    expect(error).toMatchObject({ code: '25006' });
    const viaGet = await sb.rpc('stack_test_write', {}, { get: true });
    expect(viaGet.status).toBe(405);
    expect((await sb.rpc('stack_test_write')).data).toBe(1);
  });

  it('a forged token (wrong secret) gets 401 PGRST301', async () => {
    const forged = await new SignJWT({ sub: TEST_USER.id, role: 'service_role' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-secret-not-the-secret-not-the-secret'));
    const res = await post('/rest/v1/rpc/stack_test_whoami', { label: 'x' }, { authorization: `Bearer ${forged}` });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'PGRST301', details: null, hint: null });
    expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('an expired token gets 401 PGRST303', async () => {
    const expired = await new SignJWT({ sub: TEST_USER.id, role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(LOCAL_JWT_SECRET));
    const res = await post('/rest/v1/rpc/stack_test_whoami', { label: 'x' }, { authorization: `Bearer ${expired}` });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'PGRST303', message: 'JWT expired' });
  });

  it('an access token past its jwtExpiry is refused by rpc', async () => {
    const short = await createLocalStack({ db: running.db, port: 0, jwtExpiry: 1 });
    try {
      const sb = client(short.url);
      const { data } = await sb.auth.signInWithPassword({ email: TEST_USER.email, password: TEST_USER.password });
      expect(data.session!.expires_in).toBe(1);
      await new Promise((r) => setTimeout(r, 2100));
      const res = await fetch(`${short.url}/rest/v1/rpc/stack_test_whoami`, {
        method: 'POST',
        headers: {
          apikey: LOCAL_ANON_KEY,
          authorization: `Bearer ${data.session!.access_token}`,
          'content-type': 'application/json'
        },
        body: JSON.stringify({ label: 'late' })
      });
      expect(res.status).toBe(401);
      expect((await res.json()).code).toBe('PGRST303');
    } finally {
      await short.close();
    }
  });

  it('a refused permission gets 401 for anon and 403 for a signed-in person, as PostgREST answers 42501', async () => {
    const anon = await client(running.url).rpc('stack_test_service_only');
    expect(anon.status).toBe(401);
    expect(anon.error).toMatchObject({ code: '42501' });
    const { sb } = await signIn();
    const authed = await sb.rpc('stack_test_service_only');
    expect(authed.status).toBe(403);
    expect(authed.error).toMatchObject({ code: '42501' });
    expect((await client(running.url, LOCAL_SERVICE_ROLE_KEY).rpc('stack_test_service_only')).data).toBe(1);
  });

  it('anon calling sync_pull gets 401: execute is revoked from anon', async () => {
    const { status, error } = await client(running.url).rpc('sync_pull', { checkpoint: null, max_rows: 10 });
    expect(status).toBe(401);
    expect(error).toMatchObject({ code: '42501' });
  });

  it('an unknown function gets 404 PGRST202', async () => {
    const { sb } = await signIn();
    const { status, error } = await sb.rpc('no_such_function', { a: 1 });
    expect(status).toBe(404);
    expect(error).toMatchObject({ code: 'PGRST202' });
    // Known function, unknown argument: also not found, as PostgREST matches on argument names.
    expect((await sb.rpc('stack_test_whoami', { nope: 1 })).status).toBe(404);
  });

  it('a RAISE in the function gets 400 with code, message, details and hint', async () => {
    const { sb } = await signIn();
    const { status, error } = await sb.rpc('stack_test_raise');
    expect(status).toBe(400);
    expect(error).toEqual({
      code: 'P0001',
      message: 'the thing is not allowed',
      details: 'because of the rule',
      hint: 'do the other thing'
    });
  });

  it('a PTxyz SQLSTATE picks the HTTP status xyz', async () => {
    const { sb } = await signIn();
    const { status, error } = await sb.rpc('stack_test_status');
    expect(status).toBe(418);
    expect(error).toMatchObject({ code: 'PT418', message: 'short and stout' });
  });

  it('a body that is not a JSON object gets 400 PGRST102', async () => {
    const res = await fetch(`${running.url}/rest/v1/rpc/stack_test_whoami`, {
      method: 'POST',
      headers: { apikey: LOCAL_ANON_KEY, 'content-type': 'application/json' },
      body: '{not json'
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('PGRST102');
  });

  it('answers a table as PostgREST does: anon is refused, an unknown table is not found', async () => {
    const res = await fetch(`${running.url}/rest/v1/units?select=*`, { headers: { apikey: LOCAL_ANON_KEY } });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('42501');
    const none = await fetch(`${running.url}/rest/v1/no_such_table?select=*`, { headers: { apikey: LOCAL_ANON_KEY } });
    expect(none.status).toBe(404);
    expect((await none.json()).code).toBe('PGRST205');
  });

  it('answers a CORS preflight from any origin with the headers supabase-js sends', async () => {
    const res = await fetch(`${running.url}/rest/v1/rpc/sync_pull`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://192.168.1.20:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'apikey,authorization,x-client-info,content-type,x-supabase-api-version'
      }
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-supabase-api-version');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('the demo accounts', () => {
  it.each([...DEMO_ACCOUNTS])('%s signs in with the demo password', async (email) => {
    const { data, error } = await client(running.url).auth.signInWithPassword({ email, password: DEMO_PASSWORD });
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
  });

  it('the demo cadre pulls their rows with sync_pull', async () => {
    const { sb } = await signIn('cadre@demo.local', DEMO_PASSWORD);
    const { data, error, status } = await sb.rpc('sync_pull', { checkpoint: null, max_rows: 10 });
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data.rows.length).toBeGreaterThan(0);
    expect(data.rows.length).toBeLessThanOrEqual(10);
    expect(data).toHaveProperty('checkpoint');
    expect(data).toHaveProperty('has_more');
    const tables = new Set(data.rows.map((r: { table: string }) => r.table));
    expect(tables.size).toBeGreaterThan(0);
  });

  it('a demo account with a phone number signs in by phone', async () => {
    const [row] = await running.db.query(
      `select email, phone from auth.users where email like '%@demo.local' and coalesce(phone, '') <> '' order by email limit 1`
    );
    if (!row) return; // the seed gives no demo account a phone
    const { data, error } = await client(running.url).auth.signInWithPassword({
      phone: `+${row.phone}`,
      password: DEMO_PASSWORD
    });
    expect(error).toBeNull();
    expect(data.user?.email).toBe(row.email);
  });
});
