-- Attendance: trainers mark, cadres check themselves in with a verified code, the trainer's mark
-- outranks a check-in, 结班 turns the unmarked absent and locks the roster, scores become
-- training assessments. Run as the real roles, through the real RLS policies.
begin;
select plan(57);

-- ---------------------------------------------------------------------------
-- Fixtures (as postgres)
-- ---------------------------------------------------------------------------
insert into public.units (id, name, kind) values ('a6000000-0000-4000-8000-000000000001', '测试县', 'county');
insert into auth.users (id, email) values
  ('a6000000-0000-4000-8000-000000000010', 'att-trainer@test.local'),
  ('a6000000-0000-4000-8000-000000000011', 'att-trainer2@test.local'),
  ('a6000000-0000-4000-8000-000000000012', 'att-admin@test.local'),
  ('a6000000-0000-4000-8000-000000000021', 'att-cadre-a@test.local'),
  ('a6000000-0000-4000-8000-000000000022', 'att-cadre-b@test.local'),
  ('a6000000-0000-4000-8000-000000000023', 'att-cadre-c@test.local'),
  ('a6000000-0000-4000-8000-000000000024', 'att-cadre-d@test.local'),
  ('a6000000-0000-4000-8000-000000000025', 'att-cadre-e@test.local');
insert into public.profiles (id, full_name, role, unit_id) values
  ('a6000000-0000-4000-8000-000000000010', '王老师', 'trainer', 'a6000000-0000-4000-8000-000000000001'),
  ('a6000000-0000-4000-8000-000000000011', '李老师', 'trainer', 'a6000000-0000-4000-8000-000000000001'),
  ('a6000000-0000-4000-8000-000000000012', '组织部', 'admin', 'a6000000-0000-4000-8000-000000000001'),
  ('a6000000-0000-4000-8000-000000000021', '干部甲', 'cadre', 'a6000000-0000-4000-8000-000000000001'),
  ('a6000000-0000-4000-8000-000000000022', '干部乙', 'cadre', 'a6000000-0000-4000-8000-000000000001'),
  ('a6000000-0000-4000-8000-000000000023', '干部丙', 'cadre', 'a6000000-0000-4000-8000-000000000001'),
  ('a6000000-0000-4000-8000-000000000024', '干部丁', 'cadre', 'a6000000-0000-4000-8000-000000000001'),
  ('a6000000-0000-4000-8000-000000000025', '干部戊', 'cadre', 'a6000000-0000-4000-8000-000000000001');

-- Session S started 10 minutes ago (check-in now: present); session L started 40 minutes ago
-- (check-in now: late). Both run by 王老师.
insert into public.training_sessions (id, title, category, trainer_id, unit_id, starts_at, ends_at, credit_hours) values
  ('a6000000-0000-4000-8000-000000000100', '农机安全', 'practical_skills', 'a6000000-0000-4000-8000-000000000010',
   'a6000000-0000-4000-8000-000000000001', now() - interval '10 minutes', now() + interval '2 hours', 2),
  ('a6000000-0000-4000-8000-000000000200', '政策解读', 'theory', 'a6000000-0000-4000-8000-000000000010',
   'a6000000-0000-4000-8000-000000000001', now() - interval '40 minutes', now() + interval '1 hour', 1);
insert into public.training_session_secrets (id, session_id, secret) values
  ('a6000000-0000-4000-8000-000000000101', 'a6000000-0000-4000-8000-000000000100', private.new_session_secret()),
  ('a6000000-0000-4000-8000-000000000201', 'a6000000-0000-4000-8000-000000000200', private.new_session_secret());

-- Enrolment (as postgres: unmarked rows)
insert into public.attendance (id, session_id, cadre_id) values
  ('a6000000-0000-4000-8000-000000001021', 'a6000000-0000-4000-8000-000000000100', 'a6000000-0000-4000-8000-000000000021'),
  ('a6000000-0000-4000-8000-000000001022', 'a6000000-0000-4000-8000-000000000100', 'a6000000-0000-4000-8000-000000000022'),
  ('a6000000-0000-4000-8000-000000001023', 'a6000000-0000-4000-8000-000000000100', 'a6000000-0000-4000-8000-000000000023'),
  ('a6000000-0000-4000-8000-000000001024', 'a6000000-0000-4000-8000-000000000100', 'a6000000-0000-4000-8000-000000000024'),
  ('a6000000-0000-4000-8000-000000001025', 'a6000000-0000-4000-8000-000000000100', 'a6000000-0000-4000-8000-000000000025'),
  ('a6000000-0000-4000-8000-000000002021', 'a6000000-0000-4000-8000-000000000200', 'a6000000-0000-4000-8000-000000000021');

-- The codes the trainer's screen shows, computed as postgres (the helpers are not granted to anyone).
create temp table codes (name text primary key, code text);
insert into codes values
  ('s_now', private.checkin_fallback_code('a6000000-0000-4000-8000-000000000100', now())),
  ('s_qr_now', private.checkin_qr_payload('a6000000-0000-4000-8000-000000000100', now())),
  ('s_qr_5min_ago', private.checkin_qr_payload('a6000000-0000-4000-8000-000000000100', now() - interval '5 minutes')),
  ('s_qr_in_2min', private.checkin_qr_payload('a6000000-0000-4000-8000-000000000100', now() + interval '2 minutes')),
  ('l_qr_now', private.checkin_qr_payload('a6000000-0000-4000-8000-000000000200', now()));
insert into codes values
  ('s_2min_ago', private.checkin_fallback_code('a6000000-0000-4000-8000-000000000100', now() - interval '2 minutes'));
insert into codes select 's_wrong', lpad(((code::int + 1) % 1000000)::text, 6, '0') from codes where name = 's_now';
grant select on codes to authenticated;

-- The hint of the error a statement raises (null when it succeeds; its effects are undone).
create function pg_temp.hint_of(p_sql text) returns text
language plpgsql as $$
declare
  v_hint text;
begin
  execute p_sql;
  return null;
exception when others then
  get stacked diagnostics v_hint = pg_exception_hint;
  return coalesce(nullif(v_hint, ''), 'no hint: ' || sqlerrm);
end
$$;

-- ---------------------------------------------------------------------------
-- The verifier itself
-- ---------------------------------------------------------------------------
select is(private.checkin_digits(private.checkin_hmac('frontline-test-secret-0123456789', '3f2c7c1e-8a4b-4d2e-9c1f-0a1b2c3d4e5f', 59858040)),
  '537877', 'the fallback code of a known slot matches the vector computed with openssl');
select is(private.checkin_qr_mac(private.checkin_hmac('frontline-test-secret-0123456789', '3f2c7c1e-8a4b-4d2e-9c1f-0a1b2c3d4e5f', 59858040)),
  'y9Gwv5XIsl89w9C8YiiqdQ', 'the QR signature of a known slot matches the vector computed with openssl');
select is(private.verify_checkin_code('a6000000-0000-4000-8000-000000000100', (select code from codes where name = 's_now'), now()),
  null, 'the current fallback code verifies');
select is(private.verify_checkin_code('a6000000-0000-4000-8000-000000000100', (select code from codes where name = 's_qr_now'), now()),
  null, 'the current QR code verifies');
select is(private.verify_checkin_code('a6000000-0000-4000-8000-000000000100', (select code from codes where name = 's_qr_5min_ago'), now()),
  'expired', 'a QR code replayed five minutes later is expired');
select is(private.verify_checkin_code('a6000000-0000-4000-8000-000000000200', (select code from codes where name = 's_qr_now'), now()),
  'wrong_session', 'a QR code of another session is the wrong session');
select is(private.verify_checkin_code('a6000000-0000-4000-8000-000000000100',
  (select left(code, -1) || case when right(code, 1) = 'A' then 'B' else 'A' end from codes where name = 's_qr_now'), now()),
  'tampered', 'a QR code with its last character changed is tampered');
select is(private.verify_checkin_code('a6000000-0000-4000-8000-000000000100', 'hello', now()),
  'malformed', 'text that is no code is malformed');

-- ---------------------------------------------------------------------------
-- The trainer marks
-- ---------------------------------------------------------------------------
set local role authenticated;
set local request.jwt.claims = '{"sub":"a6000000-0000-4000-8000-000000000010","role":"authenticated"}';

select lives_ok(
  $$update public.attendance set status = 'absent' where id = 'a6000000-0000-4000-8000-000000001022'$$,
  'the trainer marks a cadre absent');
select results_eq(
  $$select status, method, marked_by, marked_at is not null from public.attendance where id = 'a6000000-0000-4000-8000-000000001022'$$,
  $$values ('absent'::text, 'roster'::text, 'a6000000-0000-4000-8000-000000000010'::uuid, true)$$,
  'a mark is stamped roster, by the trainer, now');
select lives_ok(
  $$update public.attendance set status = 'excused' where id = 'a6000000-0000-4000-8000-000000001024'$$,
  'the trainer marks another cadre excused');
select is(pg_temp.hint_of($$update public.attendance set checkin_code = '123456', checked_in_at = now()
                           where id = 'a6000000-0000-4000-8000-000000001021'$$),
  'attendance_field_forbidden', 'the trainer cannot forge a check-in');
select lives_ok(
  $$update public.attendance set score = 92, remark = '实操熟练' where id = 'a6000000-0000-4000-8000-000000001024'$$,
  'the trainer scores a cadre');
select results_eq(
  $$select status, method from public.attendance where id = 'a6000000-0000-4000-8000-000000001024'$$,
  $$values ('excused'::text, 'roster'::text)$$,
  'a score leaves the mark as it was');

-- ---------------------------------------------------------------------------
-- A cadre checks in
-- ---------------------------------------------------------------------------
set local request.jwt.claims = '{"sub":"a6000000-0000-4000-8000-000000000021","role":"authenticated"}';

select is(pg_temp.hint_of($$update public.attendance set method = 'qr', status = 'present', checked_in_at = now(),
                             checkin_code = (select code from codes where name = 's_wrong')
                             where id = 'a6000000-0000-4000-8000-000000001021'$$),
  'checkin_code_invalid', 'a wrong fallback code is refused as invalid');
select is(pg_temp.hint_of($$update public.attendance set method = 'qr', status = 'present', checked_in_at = now(),
                             checkin_code = (select code from codes where name = 's_qr_5min_ago')
                             where id = 'a6000000-0000-4000-8000-000000001021'$$),
  'checkin_code_expired', 'a QR code from five minutes ago is refused as expired');
select is(pg_temp.hint_of($$update public.attendance set method = 'qr', status = 'present', checked_in_at = now(),
                             checkin_code = (select code from codes where name = 's_qr_in_2min')
                             where id = 'a6000000-0000-4000-8000-000000001021'$$),
  'checkin_code_not_yet', 'a code from a later slot than the claimed time is not yet valid');
select is(pg_temp.hint_of($$update public.attendance set method = 'qr', status = 'present',
                             checked_in_at = now() + interval '10 minutes',
                             checkin_code = (select code from codes where name = 's_now')
                             where id = 'a6000000-0000-4000-8000-000000001021'$$),
  'checkin_time_invalid', 'a check-in claimed ten minutes in the future is refused');
select is(pg_temp.hint_of($$update public.attendance set method = 'qr', status = 'present', checked_in_at = now(),
                             checkin_code = (select code from codes where name = 'l_qr_now')
                             where id = 'a6000000-0000-4000-8000-000000001021'$$),
  'checkin_code_invalid', 'another session''s QR code is refused as invalid');
select results_eq(
  $$select status, checkin_code is null from public.attendance where id = 'a6000000-0000-4000-8000-000000001021'$$,
  $$values ('enrolled'::text, true)$$,
  'a refused check-in leaves the row unmarked');

select lives_ok(
  $$update public.attendance set method = 'qr', status = 'present', checked_in_at = now(),
           checkin_code = (select code from codes where name = 's_now')
     where id = 'a6000000-0000-4000-8000-000000001021'$$,
  'a cadre checks in with the current fallback code');
select results_eq(
  $$select status, method, marked_by is null, checkin_code = (select code from codes where name = 's_now')
      from public.attendance where id = 'a6000000-0000-4000-8000-000000001021'$$,
  $$values ('present'::text, 'qr'::text, true, true)$$,
  'the check-in makes the cadre present by QR, with the code recorded');
select lives_ok(
  $$update public.attendance set method = 'qr', status = 'late', checked_in_at = now(),
           checkin_code = (select code from codes where name = 'l_qr_now')
     where id = 'a6000000-0000-4000-8000-000000002021'$$,
  'a cadre checks in to a session that started 40 minutes ago');
select is((select status from public.attendance where id = 'a6000000-0000-4000-8000-000000002021'),
  'late', 'a check-in more than 15 minutes after the start is late');
select lives_ok(
  $$update public.attendance set checked_in_at = now() + interval '20 seconds',
           checkin_code = (select code from codes where name = 's_qr_now')
     where id = 'a6000000-0000-4000-8000-000000001021'$$,
  'checking in a second time is accepted');
select is((select checkin_code from public.attendance where id = 'a6000000-0000-4000-8000-000000001021'),
  (select code from codes where name = 's_now'), 'the first check-in stands');

select is(pg_temp.hint_of($$update public.attendance set score = 100 where id = 'a6000000-0000-4000-8000-000000001021'$$) is not null,
  true, 'a cadre cannot set their own score');
select throws_ok(
  $$update public.attendance set score = 100 where id = 'a6000000-0000-4000-8000-000000001021'$$,
  'P0001', null, 'a cadre setting their own score is a rule violation');
select throws_ok(
  $$update public.attendance set status = 'excused' where id = 'a6000000-0000-4000-8000-000000001021'$$,
  'P0001', null, 'a cadre cannot excuse themself');
select is((select score from public.attendance where id = 'a6000000-0000-4000-8000-000000001021'),
  null, 'the score is still empty');

-- ---------------------------------------------------------------------------
-- The trainer's mark outranks a check-in that arrives later
-- ---------------------------------------------------------------------------
set local request.jwt.claims = '{"sub":"a6000000-0000-4000-8000-000000000022","role":"authenticated"}';

select lives_ok(
  $$update public.attendance set method = 'qr', status = 'present', checked_in_at = now(),
           checkin_code = (select code from codes where name = 's_now')
     where id = 'a6000000-0000-4000-8000-000000001022'$$,
  'a check-in arriving after the trainer marked the cadre absent does not fail');
select results_eq(
  $$select status, method, marked_by, checkin_code = (select code from codes where name = 's_now')
      from public.attendance where id = 'a6000000-0000-4000-8000-000000001022'$$,
  $$values ('absent'::text, 'roster'::text, 'a6000000-0000-4000-8000-000000000010'::uuid, true)$$,
  'the trainer''s mark stays, and the check-in is recorded beside it');

-- The same through sync_push: the cadre's phone created the row offline with its own id.
set local request.jwt.claims = '{"sub":"a6000000-0000-4000-8000-000000000024","role":"authenticated"}';
select is(
  public.sync_push(jsonb_build_array(jsonb_build_object(
    'mutation_id', 'a6000000-0000-4000-8000-00000000f001', 'table', 'attendance', 'op', 'upsert',
    'id', 'a6000000-0000-4000-8000-00000000f024', 'base_version', null,
    'patch', jsonb_build_object(
      'session_id', 'a6000000-0000-4000-8000-000000000100', 'cadre_id', 'a6000000-0000-4000-8000-000000000024',
      'status', 'present', 'method', 'qr', 'checked_in_at', now(),
      'checkin_code', (select code from codes where name = 's_now')))))
    -> 'results' -> 0 ->> 'status',
  'applied', 'an offline check-in pushed after the trainer excused the cadre is applied');
select results_eq(
  $$select count(*)::int, min(status), min(method) from public.attendance
     where session_id = 'a6000000-0000-4000-8000-000000000100' and cadre_id = 'a6000000-0000-4000-8000-000000000024'$$,
  $$values (1, 'excused'::text, 'roster'::text)$$,
  'one row remains, and it keeps the trainer''s excused mark');

-- A cadre's phone may create the row itself (offline, before the roster reached it).
select is(pg_temp.hint_of($$insert into public.attendance (id, session_id, cadre_id, status, method, checked_in_at, checkin_code)
                           values ('a6000000-0000-4000-8000-000000002024', 'a6000000-0000-4000-8000-000000000200',
                                   'a6000000-0000-4000-8000-000000000024', 'present', 'qr', now(),
                                   (select code from codes where name = 's_qr_now'))$$),
  'checkin_code_invalid', 'a new row with the code of another session is refused');
select lives_ok(
  $$insert into public.attendance (id, session_id, cadre_id, status, method, checked_in_at, checkin_code)
    values ('a6000000-0000-4000-8000-000000002024', 'a6000000-0000-4000-8000-000000000200',
            'a6000000-0000-4000-8000-000000000024', 'present', 'qr', now(),
            (select code from codes where name = 'l_qr_now'))$$,
  'a cadre creates their own row with a valid check-in');
-- The trainer's phone, offline, created the same (session, cadre) with its own id and marked absent.
set local request.jwt.claims = '{"sub":"a6000000-0000-4000-8000-000000000010","role":"authenticated"}';
select is(
  public.sync_push(jsonb_build_array(jsonb_build_object(
    'mutation_id', 'a6000000-0000-4000-8000-00000000f002', 'table', 'attendance', 'op', 'upsert',
    'id', 'a6000000-0000-4000-8000-00000000f124', 'base_version', null,
    'patch', jsonb_build_object(
      'session_id', 'a6000000-0000-4000-8000-000000000200', 'cadre_id', 'a6000000-0000-4000-8000-000000000024',
      'status', 'absent'))))
    -> 'results' -> 0 ->> 'status',
  'applied', 'the trainer''s offline mark pushed after the check-in is applied');
select results_eq(
  $$select count(*)::int, min(id::text), min(status), min(method), bool_and(checkin_code is not null) from public.attendance
     where session_id = 'a6000000-0000-4000-8000-000000000200' and cadre_id = 'a6000000-0000-4000-8000-000000000024'$$,
  $$values (1, 'a6000000-0000-4000-8000-000000002024', 'absent'::text, 'roster'::text, true)$$,
  'one row remains, with the trainer''s mark and the check-in beside it');

-- And the trainer marking after a check-in wins too.
set local request.jwt.claims = '{"sub":"a6000000-0000-4000-8000-000000000010","role":"authenticated"}';
select lives_ok(
  $$update public.attendance set status = 'late' where id = 'a6000000-0000-4000-8000-000000001021'$$,
  'the trainer overrides a check-in');
select results_eq(
  $$select status, method, marked_by from public.attendance where id = 'a6000000-0000-4000-8000-000000001021'$$,
  $$values ('late'::text, 'roster'::text, 'a6000000-0000-4000-8000-000000000010'::uuid)$$,
  'the trainer''s later mark replaces the check-in''s status');

-- ---------------------------------------------------------------------------
-- A score becomes one training assessment draft
-- ---------------------------------------------------------------------------
reset role;
select results_eq(
  $$select count(*)::int, min(status), min(supervisor_comment), min(period_start) = (now() at time zone 'Asia/Shanghai')::date
      from public.assessments
     where cadre_id = 'a6000000-0000-4000-8000-000000000024' and session_id = 'a6000000-0000-4000-8000-000000000100' and kind = 'training'$$,
  $$values (1, 'draft'::text, '培训「农机安全」成绩 92 分；实操熟练'::text, true)$$,
  'a score creates a training assessment draft with the score and remark');
set local role authenticated;
select lives_ok(
  $$update public.attendance set score = 88.5, remark = null where id = 'a6000000-0000-4000-8000-000000001024'$$,
  'the trainer changes the score');
reset role;
select results_eq(
  $$select count(*)::int, min(supervisor_comment) from public.assessments
     where cadre_id = 'a6000000-0000-4000-8000-000000000024' and session_id = 'a6000000-0000-4000-8000-000000000100' and kind = 'training'$$,
  $$values (1, '培训「农机安全」成绩 88.5 分'::text)$$,
  'changing the score updates the same assessment');
update public.assessments set status = 'submitted', submitted_at = now()
 where cadre_id = 'a6000000-0000-4000-8000-000000000024' and session_id = 'a6000000-0000-4000-8000-000000000100';
set local role authenticated;
select is(pg_temp.hint_of($$update public.attendance set score = 95 where id = 'a6000000-0000-4000-8000-000000001024'$$),
  'training_assessment_locked', 'a score cannot change once its assessment is in sign-off');

-- Another trainer is not this session's trainer.
set local request.jwt.claims = '{"sub":"a6000000-0000-4000-8000-000000000011","role":"authenticated"}';
update public.attendance set status = 'present' where id = 'a6000000-0000-4000-8000-000000001023';
reset role;
select is((select status from public.attendance where id = 'a6000000-0000-4000-8000-000000001023'),
  'enrolled', 'another session''s trainer changes nothing');

-- An admin marks like a trainer.
set local role authenticated;
set local request.jwt.claims = '{"sub":"a6000000-0000-4000-8000-000000000012","role":"authenticated"}';
select lives_ok(
  $$update public.attendance set status = 'present' where id = 'a6000000-0000-4000-8000-000000002021'$$,
  'an admin marks a cadre');
select results_eq(
  $$select status, method, marked_by from public.attendance where id = 'a6000000-0000-4000-8000-000000002021'$$,
  $$values ('present'::text, 'roster'::text, 'a6000000-0000-4000-8000-000000000012'::uuid)$$,
  'an admin''s mark is stamped with the admin');

-- ---------------------------------------------------------------------------
-- 结班: the unmarked become absent, the roster locks
-- ---------------------------------------------------------------------------
set local request.jwt.claims = '{"sub":"a6000000-0000-4000-8000-000000000010","role":"authenticated"}';
select lives_ok(
  $$update public.training_sessions set closed_at = now() - interval '1 minute' where id = 'a6000000-0000-4000-8000-000000000100'$$,
  'the trainer closes the session (a minute ago, offline)');
select results_eq(
  $$select id, status, method, marked_by from public.attendance
     where session_id = 'a6000000-0000-4000-8000-000000000100' order by id$$,
  $$values ('a6000000-0000-4000-8000-000000001021'::uuid, 'late'::text, 'roster'::text, 'a6000000-0000-4000-8000-000000000010'::uuid),
           ('a6000000-0000-4000-8000-000000001022'::uuid, 'absent', 'roster', 'a6000000-0000-4000-8000-000000000010'::uuid),
           ('a6000000-0000-4000-8000-000000001023'::uuid, 'absent', 'roster', 'a6000000-0000-4000-8000-000000000010'::uuid),
           ('a6000000-0000-4000-8000-000000001024'::uuid, 'excused', 'roster', 'a6000000-0000-4000-8000-000000000010'::uuid),
           ('a6000000-0000-4000-8000-000000001025'::uuid, 'absent', 'roster', 'a6000000-0000-4000-8000-000000000010'::uuid)$$,
  'the unmarked become absent by the closer; the marked keep their marks');
select is(pg_temp.hint_of($$update public.attendance set status = 'present' where id = 'a6000000-0000-4000-8000-000000001023'$$),
  'session_closed', 'the trainer cannot change attendance after closing');
select is(pg_temp.hint_of($$update public.training_sessions set closed_at = null where id = 'a6000000-0000-4000-8000-000000000100'$$),
  'session_closed', 'the trainer cannot reopen a closed session');

set local request.jwt.claims = '{"sub":"a6000000-0000-4000-8000-000000000025","role":"authenticated"}';
select is(pg_temp.hint_of($$update public.attendance set method = 'qr', status = 'present', checked_in_at = now(),
                             checkin_code = (select code from codes where name = 's_now')
                             where id = 'a6000000-0000-4000-8000-000000001025'$$),
  'session_closed', 'a cadre cannot check in after closing');
select lives_ok(
  $$update public.attendance set method = 'qr', status = 'present', checked_in_at = now() - interval '2 minutes',
           checkin_code = (select code from codes where name = 's_2min_ago')
     where id = 'a6000000-0000-4000-8000-000000001025'$$,
  'a check-in made before the close that syncs after it is accepted');
select results_eq(
  $$select status, method, marked_by is null and marked_at is null from public.attendance
     where id = 'a6000000-0000-4000-8000-000000001025'$$,
  $$values ('present'::text, 'qr'::text, true)$$,
  'it replaces the automatic absent of the close');
set local request.jwt.claims = '{"sub":"a6000000-0000-4000-8000-000000000022","role":"authenticated"}';
select lives_ok(
  $$update public.attendance set method = 'qr', status = 'present', checked_in_at = now() - interval '2 minutes',
           checkin_code = (select code from codes where name = 's_2min_ago')
     where id = 'a6000000-0000-4000-8000-000000001022'$$,
  'an early check-in syncing after the close, for a cadre the trainer marked absent, does not fail');
select is((select status from public.attendance where id = 'a6000000-0000-4000-8000-000000001022'),
  'absent', 'the trainer''s own absent mark still stands after the close');

reset role;
select lives_ok(
  $$update public.attendance set status = 'excused' where id = 'a6000000-0000-4000-8000-000000001025'$$,
  'the server (a privileged caller) can still correct a closed roster');

select * from finish();
rollback;
