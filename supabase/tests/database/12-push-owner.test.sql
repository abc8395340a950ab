-- A batch carries its owner (the phone names them): pushed under another person's token it applies
-- nothing and leaves nothing in the idempotency ledger, so its owner can still send it once.
begin;
select plan(8);

-- ---------------------------------------------------------------------------
-- Fixtures (as postgres), ids a1200000-…
-- ---------------------------------------------------------------------------
insert into public.units (id, name, kind) values ('a1200000-0000-4000-8000-000000000001', '归属测试县', 'county');
insert into auth.users (id, email) values
  ('a1200000-0000-4000-8000-000000000021', 'owner-cadre@test.local'),
  ('a1200000-0000-4000-8000-000000000010', 'owner-trainer@test.local');
insert into public.profiles (id, full_name, role, unit_id) values
  ('a1200000-0000-4000-8000-000000000021', '吴干部', 'cadre', 'a1200000-0000-4000-8000-000000000001'),
  ('a1200000-0000-4000-8000-000000000010', '郑老师', 'trainer', 'a1200000-0000-4000-8000-000000000001');

\ir fixtures/helpers.sql

-- the cadre's two waiting changes, as the phone sends them
create function pg_temp.cadre_batch() returns jsonb language sql as $$
  select jsonb_build_array(
    jsonb_build_object('mutation_id', 'b1200000-0000-4000-8000-000000000001', 'table', 'work_logs', 'op', 'upsert',
      'id', 'c1200000-0000-4000-8000-000000000001', 'base_version', null, 'patch', jsonb_build_object(
        'cadre_id', 'a1200000-0000-4000-8000-000000000021', 'log_date', '2026-12-01', 'category', 'routine',
        'body', '走访农户')),
    jsonb_build_object('mutation_id', 'b1200000-0000-4000-8000-000000000002', 'table', 'work_logs', 'op', 'upsert',
      'id', 'c1200000-0000-4000-8000-000000000002', 'base_version', null, 'patch', jsonb_build_object(
        'cadre_id', 'a1200000-0000-4000-8000-000000000021', 'log_date', '2026-12-02', 'category', 'routine',
        'body', '调解纠纷')))
$$;

-- ---------------------------------------------------------------------------
-- Under the trainer's token: refused whole
-- ---------------------------------------------------------------------------
select _as_user('a1200000-0000-4000-8000-000000000010');
create temp table answer_wrong as
  select public.sync_push(pg_temp.cadre_batch(), 'a1200000-0000-4000-8000-000000000021') as out;

select is((select array_agg(r ->> 'status') from answer_wrong, jsonb_array_elements(out -> 'results') r),
  array['rejected', 'rejected'], 'every mutation of a batch pushed under another person''s token is rejected');
select is((select array_agg(distinct r ->> 'code') from answer_wrong, jsonb_array_elements(out -> 'results') r),
  array['wrong_user'], 'the code says the batch belongs to someone else');

select _as_user('a1200000-0000-4000-8000-000000000021');
select is((select count(*)::int from public.work_logs where cadre_id = 'a1200000-0000-4000-8000-000000000021'), 0,
  'nothing of the batch was applied');
set local role postgres;
select is((select count(*)::int from private.sync_mutations where mutation_id in
  ('b1200000-0000-4000-8000-000000000001', 'b1200000-0000-4000-8000-000000000002')), 0,
  'the idempotency ledger holds nothing of it under anyone');

-- ---------------------------------------------------------------------------
-- Under the owner's token: applied, once
-- ---------------------------------------------------------------------------
select _as_user('a1200000-0000-4000-8000-000000000021');
select is((select array_agg(r ->> 'status') from jsonb_array_elements(
    (public.sync_push(pg_temp.cadre_batch(), 'a1200000-0000-4000-8000-000000000021')) -> 'results') r),
  array['applied', 'applied'], 'the same batch under its owner''s token is applied');
select is((select array_agg(r ->> 'status') from jsonb_array_elements(
    (public.sync_push(pg_temp.cadre_batch(), 'a1200000-0000-4000-8000-000000000021')) -> 'results') r),
  array['duplicate', 'duplicate'], 'sent again it is answered duplicate, not applied twice');
select is((select count(*)::int from public.work_logs where cadre_id = 'a1200000-0000-4000-8000-000000000021'), 2,
  'the owner''s two logs are on the server once each');
set local role postgres;
select is((select count(*)::int from public.work_logs
  where cadre_id = 'a1200000-0000-4000-8000-000000000021' and updated_by is distinct from cadre_id), 0,
  'no log of the owner is written under anyone else''s name');

select * from finish();
rollback;
