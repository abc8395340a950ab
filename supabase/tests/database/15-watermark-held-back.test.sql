-- What bounds a transaction that holds the pull watermark back: timeouts on the roles the API uses,
-- and who may read how long it has been held (a second session is in tests/db/held-back.test.ts).
begin;
select plan(9);

create function pg_temp.role_setting(r text, name text) returns text language sql as $$
  select split_part(s, '=', 2)
  from pg_catalog.pg_db_role_setting d, unnest(d.setconfig) s
  where d.setrole = r::regrole and d.setdatabase = 0 and split_part(s, '=', 1) = name
$$;

select is(pg_temp.role_setting('authenticated', 'statement_timeout'), '8s', 'authenticated: a statement runs at most 8 s');
select is(pg_temp.role_setting('anon', 'statement_timeout'), '3s', 'anon: a statement runs at most 3 s');
select is(pg_temp.role_setting('authenticator', 'statement_timeout'), '8s', 'the API login role: a statement runs at most 8 s');
select is(pg_temp.role_setting('authenticator', 'idle_in_transaction_session_timeout'), '15s',
  'the API login role: a transaction left idle ends after 15 s');

-- role × action: who may read the held-back time and call the pull
select ok(has_function_privilege('authenticated', 'private.sync_watermark_held_back()', 'execute'),
  'authenticated may read how long the watermark is held back (through sync_pull)');
select ok(not has_function_privilege('anon', 'private.sync_watermark_held_back()', 'execute'),
  'anon may not read it');
select ok(not has_function_privilege('anon', 'public.sync_pull(jsonb, integer)', 'execute'), 'anon may not pull');

-- this session's own transaction never counts: nothing else is open here
select is(private.sync_watermark_held_back(), null, 'no other open transaction: nothing held back');

\ir fixtures/helpers.sql
insert into public.units (id, name, kind) values ('a1500000-0000-4000-8000-000000000001', '水位测试县', 'county');
insert into auth.users (id, email) values ('a1500000-0000-4000-8000-000000000021', 'wm-cadre@test.local');
insert into public.profiles (id, full_name, role, unit_id) values
  ('a1500000-0000-4000-8000-000000000021', '水干部', 'cadre', 'a1500000-0000-4000-8000-000000000001');
select _as_user('a1500000-0000-4000-8000-000000000021');
select ok(not (public.sync_pull(null, 1000)::jsonb ? 'held_back_seconds'), 'a pull with nothing held back does not say so');
reset role;


select * from finish();
rollback;
