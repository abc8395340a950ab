-- Every table of `public` as an endpoint (PostgREST /rest/v1/<table>), for every role: the
-- rules that hold on the whole surface, whatever the table. 02-role-matrix holds the
-- table-by-table cells; this file loops over pg_class, so a table added later is covered
-- without anyone remembering to add it. Roles are impersonated as PostgREST does it.
begin;
select * from no_plan();

\ir fixtures/matrix-county.sql

-- a supervisor whose scope (T2) holds none of the T1 rows
insert into auth.users (id, email) values (_id(302), 'pgtap-matrix-302@test.local');
insert into public.profiles (id, full_name, role, unit_id, sign_level, scope_unit_id)
values (_id(302), '二镇主管', 'supervisor', _id(901), 2, _id(912));

create function pg_temp.tables() returns setof text language sql as $$
  select c.relname::text from pg_class c
  where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
    and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
  order by 1
$$;
-- read once as postgres: anon may not even call private.sync_tables()
create temp table synced_tables as select unnest(private.sync_tables()) as t;
grant select on synced_tables to anon, authenticated;
create function pg_temp.synced() returns setof text language sql as $$
  select t from synced_tables order by 1
$$;
-- a column of the table that an UPDATE may name (not the identity of audit_log)
create function pg_temp.some_column(tbl text) returns text language sql as $$
  select a.attname::text from pg_attribute a
  where a.attrelid = format('public.%I', tbl)::regclass and a.attnum > 0 and not a.attisdropped
    and a.attidentity = '' and a.attgenerated = '' and a.attname <> 'id'
  order by a.attnum limit 1
$$;
-- one id of a row of each table, as postgres (every table has rows in the fixtures)
create temp table any_row (tbl text primary key, id text);
do $$
declare t text; v text;
begin
  for t in select pg_temp.tables() loop
    execute format('select id::text from public.%I order by id limit 1', t) into v;
    insert into any_row values (t, v);
  end loop;
end $$;
grant select on any_row to anon, authenticated;
create temp table status_before as select id, status from public.assessments where id = _id(9003);

-- ---------------------------------------------------------------------------
-- Every table's privileges, checked from the catalog
-- ---------------------------------------------------------------------------
select is(
  (select array_agg(t || ':' || p order by t, p) from pg_temp.tables() t, unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
    where has_table_privilege('anon', format('public.%I', t), p)),
  null, 'anon holds no privilege on any table of public: the anon key alone reaches nothing but sign-in');
select is(
  (select array_agg(t || ':' || p order by t, p) from pg_temp.tables() t, unnest(array['DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p
    where has_table_privilege('authenticated', format('public.%I', t), p)),
  null, 'no signed-in person may DELETE (deletes are tombstones), TRUNCATE, REFERENCE or TRIGGER any table');
select is(
  (select array_agg(t || '.' || c || ':' || p order by t, c, p) from pg_temp.synced() t,
     unnest(array['version', 'txid', 'updated_at', 'updated_by']) c, unnest(array['INSERT', 'UPDATE']) p
    where has_column_privilege('authenticated', format('public.%I', t), c, p)),
  null, 'no signed-in person may write a sync column (version, txid, updated_at, updated_by) of any synced table');
select is(
  (select array_agg(t order by t) from pg_temp.synced() t
    where has_column_privilege('authenticated', format('public.%I', t), 'deleted_at', 'INSERT')
       or has_column_privilege('authenticated', format('public.%I', t), 'id', 'UPDATE')),
  null, 'nobody inserts a row already deleted, nobody changes a row''s id');
select is(
  (select array_agg(t order by t) from pg_temp.tables() t
    where has_table_privilege('authenticated', format('public.%I', t), 'INSERT')
       or has_table_privilege('authenticated', format('public.%I', t), 'UPDATE')),
  null, 'no table grants INSERT or UPDATE on all its columns (only the column grants above)');

-- ---------------------------------------------------------------------------
-- The same, tried: every role, every table, through the statements PostgREST sends
-- ---------------------------------------------------------------------------
create function pg_temp.try_everywhere(who text) returns setof text language plpgsql as $$
declare
  t text;
  rid text;
  c text;
begin
  for t in select pg_temp.tables() loop
    select id into rid from any_row where tbl = t;
    return next is(_t(format('delete from public.%I where id = %L', t, rid)), '42501',
      format('%s cannot hard-delete from %s', who, t));
    if t in (select pg_temp.synced()) then
      foreach c in array array['version', 'txid', 'updated_at', 'updated_by'] loop
        return next is(_t(format('update public.%I set %I = %s where id = %L', t, c,
          case c when 'version' then '999' when 'txid' then 'pg_current_xact_id()' when 'updated_at' then 'now()'
                 else quote_literal(_id(401)) end, rid)), '42501',
          format('%s cannot write %s.%s', who, t, c));
      end loop;
      return next is(_t(format('insert into public.%I (id, version) values (gen_random_uuid(), 1)', t)), '42501',
        format('%s cannot insert %s with a version of their choosing', who, t));
    end if;
  end loop;
end $$;

set local request.jwt.claims = '{"role":"anon"}';
set local role anon;
select x.r from pg_temp.tables() t, lateral (select is(_t(format('select * from public.%I', t)), '42501',
  format('anon cannot read %s', t))) x(r);
select x.r from pg_temp.tables() t, lateral (select is(_t(format('update public.%1$I set %2$I = %2$I', t, pg_temp.some_column(t))), '42501',
  format('anon cannot update %s', t))) x(r);
select * from pg_temp.try_everywhere('anon');
reset role;

select _as(101);
select * from pg_temp.try_everywhere('a cadre');
select _as(201);
select * from pg_temp.try_everywhere('a trainer');
select _as(301);
select * from pg_temp.try_everywhere('a supervisor in scope');
select _as(302);
select * from pg_temp.try_everywhere('a supervisor out of scope');
select _as(401);
select * from pg_temp.try_everywhere('an admin');

-- ---------------------------------------------------------------------------
-- SELECT, every table × every signed-in role: how many of the test county's rows each sees
--   cadre A 101 (T1), B 102 (T2), P 103 (office, posted to T1); 301 scope T1 sees A and P,
--   302 scope T2 sees B; trainer 201 runs session 5001 (A enrolled); admin 401 sees all
-- ---------------------------------------------------------------------------
create temp table expected_reads (tbl text, person int, n int);
insert into expected_reads
select t, p, n from (values
  ('units',                    array[4, 4, 4, 4, 4]),
  ('settings',                 array[1, 1, 1, 1, 1]),
  ('profiles',                 array[1, 1, 3, 2, 8]),
  ('training_sessions',        array[1, 1, 1, 1, 2]),
  ('training_session_secrets', array[0, 1, 0, 0, 0]),
  ('attendance',               array[1, 1, 1, 1, 2]),
  ('postings',                 array[1, 0, 2, 1, 3]),
  ('work_logs',                array[1, 0, 2, 1, 3]),
  ('posting_reports',          array[0, 0, 1, 1, 2]),
  ('assessments',              array[2, 0, 2, 1, 3]),
  ('assessment_signatures',    array[1, 0, 1, 0, 1]),
  -- a cadre: their own final ones; a supervisor: the submitted ones in scope, no drafts
  ('appointments',             array[1, 0, 2, 2, 6]),
  ('appointment_notices',      array[0, 0, 1, 1, 3]),
  ('appointment_signatures',   array[0, 0, 1, 0, 1])
) v(t, ns), lateral unnest(array[101, 201, 301, 302, 401], ns) as x(p, n);
grant select on expected_reads to authenticated;
select is((select count(distinct tbl)::int from expected_reads), (select count(*)::int from pg_temp.synced()),
  'the read matrix names every synced table');

create function pg_temp.reads_of(who int) returns setof text language plpgsql as $$
declare e record; n int;
begin
  for e in select * from expected_reads r where r.person = who order by r.tbl loop
    execute format('select count(*)::int from public.%I where id::text like %L', e.tbl, '7e570000%') into n;
    return next is(n, e.n, format('person %s reads %s of the test county''s %s', who, e.n, e.tbl));
  end loop;
end $$;
select _as(101);
select * from pg_temp.reads_of(101);
select _as(201);
select * from pg_temp.reads_of(201);
select _as(301);
select * from pg_temp.reads_of(301);
select _as(302);
select * from pg_temp.reads_of(302);
select _as(401);
select * from pg_temp.reads_of(401);
reset role;

-- ---------------------------------------------------------------------------
-- Cells the table loop cannot state
-- ---------------------------------------------------------------------------
-- A trainer: names and units reach them through sync_pull only; the table gives nothing of others.
select _as(201);
select is((select count(*)::int from public.profiles where id <> _id(201)), 0,
  'a trainer''s select on profiles returns no one else''s row');
select is((select count(*)::int from (select birth_date from public.profiles where id <> _id(201)) x), 0,
  'a trainer''s select=birth_date gets nothing of other people');
select is((select count(*)::int from public.audit_log), 0, 'a trainer reads no audit log');

-- The supervisor out of scope sees nothing of the T1 cadres.
select _as(302);
select is((select count(*)::int from public.profiles where id in (_id(101), _id(103))), 0,
  'a supervisor out of scope reads no profile of cadres outside it');
select is((select count(*)::int from public.work_logs where id in (_id(8001), _id(8003))), 0,
  'a supervisor out of scope reads no work log outside it');
select is((select count(*)::int from public.assessments where id in (_id(9001), _id(9003))), 0,
  'a supervisor out of scope reads no assessment outside it');
select is(_t($$update public.assessments set supervisor_comment = '越权' where id = _id(9001)$$), 'rows=0',
  'a supervisor out of scope cannot change an assessment outside it');
select is(_t($$insert into public.assessment_signatures (id, assessment_id, assessment_version, level, signer_id, decision)
  values (gen_random_uuid(), _id(9003), 0, 2, _id(302), 'approve')$$) ~ '^(42501|P0001)', true,
  'a supervisor out of scope cannot sign an assessment outside it');

-- Another person's signer_id, and statuses only by the sign-off rules.
select _as(301);
select is(_t($$insert into public.assessment_signatures (id, assessment_id, assessment_version, level, signer_id, decision)
  values (gen_random_uuid(), _id(9003), 0, 2, _id(302), 'approve')$$) ~ '^(42501|P0001)', true,
  'a supervisor cannot sign under another supervisor''s name');
select is(_t($$update public.assessments set status = 'final' where id = _id(9001)$$) ~ '^(42501|P0001|rows=0)', true,
  'a supervisor cannot move a draft to final by writing the status');
select _as(101);
select is(_t($$update public.assessments set status = 'final' where id = _id(9003)$$) ~ '^(42501|P0001|rows=0)', true,
  'a cadre cannot finalise their own assessment by writing the status');
select _as(401);
select is(_t($$update public.assessments set status = 'final' where id = _id(9003)$$) ~ '^(42501|P0001|rows=0)', true,
  'an admin cannot finalise an assessment by writing the status either');
reset role;
select is((select status from public.assessments where id = _id(9003)), (select status from status_before),
  'the assessment''s status is what the sign-off rules made it');

-- ---------------------------------------------------------------------------
-- Functions: the API is sync_push, sync_pull and audit_trail; the rest is elsewhere or closed
-- ---------------------------------------------------------------------------
select is(
  (select array_agg(p.proname::text order by p.proname) from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
      and p.proname not like '\_%'),
  array['audit_trail', 'sync_pull', 'sync_push'],
  'the only functions in public are the API (sync_push, sync_pull, audit_trail)');
select is(
  (select array_agg(p.oid::regprocedure::text order by 1) from pg_proc p
    where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
      and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
      and p.proname not like '\_%'
      and has_function_privilege('anon', p.oid, 'execute')),
  null, 'anon may execute no function of public or private');
select is(
  (select array_agg(p.oid::regprocedure::text order by 1) from pg_proc p
    where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
      and p.prorettype = 'trigger'::regtype
      and has_function_privilege('authenticated', p.oid, 'execute')),
  null, 'no trigger function is executable by a signed-in person (triggers fire without it)');
select is(
  (select array_agg(p.oid::regprocedure::text order by 1) from pg_proc p
    where p.pronamespace = 'private'::regnamespace
      and p.proname in ('sync_prune', 'sync_bump_epochs', 'sync_supervisors_over')
      and has_function_privilege('authenticated', p.oid, 'execute')),
  null, 'housekeeping and epoch functions are not executable by a signed-in person');
select is(
  (select count(*)::int from pg_namespace n where n.nspname = 'private'
     and has_schema_privilege('anon', n.oid, 'usage')), 0,
  'anon cannot even look into schema private');

select * from finish();
rollback;
