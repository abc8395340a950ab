-- Trainers find cadres to enrol: every cadre's name and unit, nothing more, and no one else's
-- profile; their sync epoch moves when a cadre they could see stops being one. The phone's own
-- path (create a session, its secret, enrol and mark through sync_push) works end to end.
begin;
select plan(17);

-- ---------------------------------------------------------------------------
-- Fixtures (as postgres), ids a7000000-…
-- ---------------------------------------------------------------------------
insert into public.units (id, name, kind) values ('a7000000-0000-4000-8000-000000000001', '培训测试县', 'county');
insert into auth.users (id, email) values
  ('a7000000-0000-4000-8000-000000000010', 'tr-trainer@test.local'),
  ('a7000000-0000-4000-8000-000000000011', 'tr-supervisor@test.local'),
  ('a7000000-0000-4000-8000-000000000021', 'tr-cadre-a@test.local'),
  ('a7000000-0000-4000-8000-000000000022', 'tr-cadre-b@test.local'),
  ('a7000000-0000-4000-8000-000000000023', 'tr-cadre-c@test.local');
insert into public.profiles (id, full_name, role, unit_id, birth_date, sign_level, scope_unit_id) values
  ('a7000000-0000-4000-8000-000000000010', '赵老师', 'trainer', 'a7000000-0000-4000-8000-000000000001', null, null, null),
  ('a7000000-0000-4000-8000-000000000011', '钱主任', 'supervisor', 'a7000000-0000-4000-8000-000000000001', null, 1,
   'a7000000-0000-4000-8000-000000000001'),
  ('a7000000-0000-4000-8000-000000000021', '孙干部', 'cadre', 'a7000000-0000-4000-8000-000000000001', '1990-05-01', null, null),
  ('a7000000-0000-4000-8000-000000000022', '李干部', 'cadre', 'a7000000-0000-4000-8000-000000000001', '1988-02-03', null, null),
  ('a7000000-0000-4000-8000-000000000023', '周干部', 'cadre', 'a7000000-0000-4000-8000-000000000001', '1993-07-09', null, null);

-- The profile row sync_pull's profiles part hands the caller (all committed and in-transaction rows).
create function pg_temp.pulled_profile(p_id text) returns jsonb language sql as $$
  select x.r from private.sync_pull_profiles('0'::xid8, (pg_current_xact_id()::text::bigint + 1)::text::xid8,
    null, null, 100000, 'none', array[auth.uid()], private.is_admin()) x where x.id = p_id::uuid
$$;

\ir fixtures/helpers.sql

-- ---------------------------------------------------------------------------
-- What a trainer reads
-- ---------------------------------------------------------------------------
select _as_user('a7000000-0000-4000-8000-000000000010');

select is((select count(*)::int from public.profiles where id = 'a7000000-0000-4000-8000-000000000021'), 0,
  'through the table endpoint a trainer reads no cadre''s profile (PostgREST could select any column of it)');
select is((select count(*)::int from public.profiles where id = 'a7000000-0000-4000-8000-000000000011'), 0,
  'a trainer does not read the profile of a supervisor');
select is(
  (select array_agg(k order by k) from jsonb_object_keys(pg_temp.pulled_profile('a7000000-0000-4000-8000-000000000021')) k),
  array['deleted_at', 'full_name', 'id', 'txid', 'unit_id', 'updated_at', 'updated_by', 'version'],
  'what a trainer''s pull receives of a cadre on none of their rosters is the name, the unit and the sync columns');
select is(pg_temp.pulled_profile('a7000000-0000-4000-8000-000000000021') ->> 'full_name',
  '孙干部', 'the projection keeps the name a search needs');
select is(pg_temp.pulled_profile('a7000000-0000-4000-8000-000000000011'), null,
  'a trainer''s pull carries no supervisor''s profile');
select is((select count(*)::int from public.profiles where id = 'a7000000-0000-4000-8000-000000000010'), 1,
  'a trainer still reads their own profile');

-- ---------------------------------------------------------------------------
-- Nobody else gains anything
-- ---------------------------------------------------------------------------
select _as_user('a7000000-0000-4000-8000-000000000021');
select is((select count(*)::int from public.profiles where id = 'a7000000-0000-4000-8000-000000000022'), 0,
  'a cadre does not read another cadre''s profile');

-- ---------------------------------------------------------------------------
-- The phone's path: session, secret, enrolment and a mark through sync_push
-- ---------------------------------------------------------------------------
select _as_user('a7000000-0000-4000-8000-000000000010');
select is(
  (select jsonb_agg(r ->> 'status' order by o) from jsonb_array_elements((public.sync_push(jsonb_build_array(
    jsonb_build_object('mutation_id', 'a7000000-0000-4000-8000-00000000f001', 'table', 'training_sessions', 'op', 'upsert',
      'id', 'a7000000-0000-4000-8000-000000000100', 'base_version', null, 'patch', jsonb_build_object(
        'title', '村级财务管理', 'category', 'theory', 'trainer_id', 'a7000000-0000-4000-8000-000000000010',
        'unit_id', 'a7000000-0000-4000-8000-000000000001', 'venue', '村委会议室',
        'starts_at', now() - interval '10 minutes', 'ends_at', now() + interval '2 hours', 'credit_hours', 2.5)),
    jsonb_build_object('mutation_id', 'a7000000-0000-4000-8000-00000000f002', 'table', 'training_session_secrets', 'op', 'upsert',
      'id', 'a7000000-0000-4000-8000-000000000101', 'base_version', null, 'patch', jsonb_build_object(
        'session_id', 'a7000000-0000-4000-8000-000000000100', 'secret', 'phone-made-secret-0123456789abcdef')),
    jsonb_build_object('mutation_id', 'a7000000-0000-4000-8000-00000000f003', 'table', 'attendance', 'op', 'upsert',
      'id', 'a7000000-0000-4000-8000-000000000121', 'base_version', null, 'patch', jsonb_build_object(
        'session_id', 'a7000000-0000-4000-8000-000000000100', 'cadre_id', 'a7000000-0000-4000-8000-000000000021',
        'status', 'enrolled')),
    jsonb_build_object('mutation_id', 'a7000000-0000-4000-8000-00000000f004', 'table', 'attendance', 'op', 'upsert',
      'id', 'a7000000-0000-4000-8000-000000000121', 'base_version', 1, 'patch', jsonb_build_object(
        'status', 'late', 'score', 86, 'remark', '认真'))
  ))) -> 'results') with ordinality as x(r, o)),
  '["applied", "applied", "applied", "applied"]'::jsonb,
  'a trainer''s phone creates a session, its secret, enrols a found cadre and marks them in one push');

reset role;
select is((select status || '/' || method || '/' || (marked_by = 'a7000000-0000-4000-8000-000000000010')::text
             from public.attendance where id = 'a7000000-0000-4000-8000-000000000121'),
  'late/roster/true', 'the mark is stamped as the trainer''s roster mark');
select is((select count(*)::int from public.assessments
            where cadre_id = 'a7000000-0000-4000-8000-000000000021' and session_id = 'a7000000-0000-4000-8000-000000000100'
              and kind = 'training' and status = 'draft'),
  1, 'the score becomes a training assessment draft');
select is(private.checkin_fallback_code('a7000000-0000-4000-8000-000000000100', now()) ~ '^[0-9]{6}$', true,
  'the secret made on the phone gives the session its check-in codes');

-- A cadre's check-in with the code the trainer's screen shows counts when the trainer has not marked them.
insert into public.attendance (id, session_id, cadre_id) values
  ('a7000000-0000-4000-8000-000000000122', 'a7000000-0000-4000-8000-000000000100', 'a7000000-0000-4000-8000-000000000022');
create temp table code_now as select private.checkin_fallback_code('a7000000-0000-4000-8000-000000000100', now()) as code;
grant select on code_now to authenticated;
select _as_user('a7000000-0000-4000-8000-000000000022');
select is(
  (select r ->> 'status' from jsonb_array_elements((public.sync_push(jsonb_build_array(
    jsonb_build_object('mutation_id', 'a7000000-0000-4000-8000-00000000f005', 'table', 'attendance', 'op', 'upsert',
      'id', 'a7000000-0000-4000-8000-000000000122', 'base_version', 1, 'patch', jsonb_build_object(
        'status', 'present', 'method', 'qr', 'checkin_code', (select code from code_now), 'checked_in_at', now()))
  ))) -> 'results') r),
  'applied', 'a cadre checks in with the fallback code of a session made on the trainer''s phone');
reset role;
select is((select status || '/' || method from public.attendance where id = 'a7000000-0000-4000-8000-000000000122'),
  'present/qr', 'the check-in stands where the trainer did not mark');

-- ---------------------------------------------------------------------------
-- Sync epochs
-- ---------------------------------------------------------------------------
create temp table epochs (label text primary key, epoch bigint);
grant all on epochs to authenticated;
select _as_user('a7000000-0000-4000-8000-000000000010');
insert into epochs values ('before', private.sync_current_epoch());
reset role;
update public.profiles set post_title = '副镇长' where id = 'a7000000-0000-4000-8000-000000000021';
select _as_user('a7000000-0000-4000-8000-000000000010');
insert into epochs values ('after_title', private.sync_current_epoch());
reset role;
update public.profiles set role = 'supervisor', sign_level = 2, scope_unit_id = 'a7000000-0000-4000-8000-000000000001'
 where id = 'a7000000-0000-4000-8000-000000000023';
select _as_user('a7000000-0000-4000-8000-000000000010');
insert into epochs values ('after_role', private.sync_current_epoch());

select is((select epoch from epochs where label = 'after_title'), (select epoch from epochs where label = 'before'),
  'an ordinary change of a cadre''s profile does not reset the trainers'' sync (the row itself syncs)');
select cmp_ok((select epoch from epochs where label = 'after_role'), '>', (select epoch from epochs where label = 'before'),
  'a cadre becoming a supervisor moves every trainer''s epoch, so their next pull drops the profile');
select is(pg_temp.pulled_profile('a7000000-0000-4000-8000-000000000023'), null,
  'and the trainer''s pull no longer carries that profile (they never enrolled them)');
select is(pg_temp.pulled_profile('a7000000-0000-4000-8000-000000000021') ->> 'full_name', '孙干部',
  'while cadres still reach the trainer by name');

select * from finish();
rollback;
