-- The role x table x action matrix of design.md "Who may do what".
-- Fixtures are made as postgres in a county of their own (ids 7e570000-...),
-- so the suite holds with or without the demo seed. Each role is then
-- impersonated as PostgREST does it: role authenticated + request.jwt.claims.
begin;
select plan(140);

\ir fixtures/matrix-county.sql

-- ===========================================================================
-- anon: nothing
-- ===========================================================================
set local request.jwt.claims = '{"role":"anon"}';
set local role anon;
select is(_t($$select * from public.units$$), '42501', 'anon cannot read units');
select is(_t($$select * from public.settings$$), '42501', 'anon cannot read settings');
select is(_t($$select * from public.profiles$$), '42501', 'anon cannot read profiles');
select is(_t($$select * from public.assessments$$), '42501', 'anon cannot read assessments');
select is(_t($$insert into public.work_logs (id, cadre_id, log_date, category, body) values (gen_random_uuid(), _id(101), '2026-11-02', 'routine', 'x')$$),
  '42501', 'anon cannot write a work log');
select is(_t($$select private.scope_cadre_ids()$$), '42501', 'anon cannot call the scope helpers');
reset role;

-- ===========================================================================
-- cadre A (101)
-- ===========================================================================
select _as(101);
select is((select count(*)::int from public.units where id in (_id(901), _id(911))), 2, 'a cadre reads units');
select is((select count(*)::int from public.settings where id = _id(9901)), 1, 'a cadre reads settings');
select is(_t($$insert into public.units (id, name, kind, parent_id) values (_id(913), '新镇', 'town', _id(901))$$), '42501', 'a cadre cannot add a unit');
select is(_t($$update public.units set name = '改名' where id = _id(911)$$), 'rows=0', 'a cadre cannot change a unit');
select is(_t($$update public.settings set value = '1' where id = _id(9901)$$), 'rows=0', 'a cadre cannot change settings');
select is(_t($$delete from public.units where id = _id(912)$$), '42501', 'a cadre cannot delete a unit');

select is((select count(*)::int from public.profiles where id = _id(101)), 1, 'a cadre reads their own profile');
select is((select count(*)::int from public.profiles where id in (_id(102), _id(201), _id(301))), 0, 'a cadre reads no one else''s profile');
select is(_t($$update public.profiles set role = 'admin' where id = _id(101)$$), 'rows=0', 'a cadre cannot change their own profile (nor their role)');
select is(_t($$insert into public.profiles (id, full_name) values (_id(501), '冒名')$$), '42501', 'a cadre cannot add a profile');

select is((select count(*)::int from public.training_sessions where id = _id(5001)), 1, 'a cadre reads a session they are enrolled in');
select is((select count(*)::int from public.training_sessions where id = _id(5002)), 0, 'a cadre does not read other sessions');
select is(_t($$insert into public.training_sessions (id, title, category, trainer_id, starts_at, ends_at) values (_id(5003), '自办', 'theory', _id(101), now(), now() + interval '1 hour')$$),
  '42501', 'a cadre cannot create a session');
select is(_t($$update public.training_sessions set title = '改' where id = _id(5001)$$), 'rows=0', 'a cadre cannot change a session');
select is((select count(*)::int from public.training_session_secrets), 0, 'a cadre reads no check-in secret');
select is(_t($$insert into public.training_session_secrets (id, session_id, secret) values (_id(5103), _id(5001), 'guessed-secret-0123456789')$$),
  '42501', 'a cadre cannot create a check-in secret');

select is((select count(*)::int from public.attendance where id = _id(6001)), 1, 'a cadre reads their own attendance');
select is((select count(*)::int from public.attendance where id = _id(6002)), 0, 'a cadre does not read others'' attendance');
select is(_t($$update public.attendance set score = 100 where id = _id(6001)$$), 'P0001 forbidden', 'a cadre cannot score themselves');
select is(_t($$update public.attendance set status = 'excused' where id = _id(6001)$$), 'P0001 forbidden', 'a cadre cannot excuse themselves');
select is(_t($$update public.attendance set status = 'present' where id = _id(6001)$$), 'rows=1', 'a cadre may write a check-in on their own attendance row');
select is(_t($$update public.attendance set status = 'present' where id = _id(6002)$$), 'rows=0', 'a cadre cannot touch others'' attendance');
-- refused by RLS, or earlier by the attendance rules of 000600: either way nothing is written
select ok(_t($$insert into public.attendance (id, session_id, cadre_id, status, method) values (_id(6003), _id(5002), _id(102), 'present', 'qr')$$)
  ~ '^(42501|P0001)', 'a cadre cannot check someone else in');
select is(_t($$delete from public.attendance where id = _id(6001)$$), '42501', 'a cadre cannot delete attendance');

select is((select count(*)::int from public.postings where id = _id(7003)), 1, 'a cadre reads their own postings');
select is((select count(*)::int from public.postings where id in (_id(7001), _id(7002))), 0, 'a cadre does not read others'' postings');
select is(_t($$insert into public.postings (id, cadre_id, kind, to_unit_id, starts_on) values (_id(7004), _id(101), 'secondment', _id(912), '2026-01-01')$$),
  '42501', 'a cadre cannot post themselves');
select is(_t($$update public.postings set ended_on = '2018-06-01' where id = _id(7003)$$), 'rows=0', 'a cadre cannot change their posting');

select is((select count(*)::int from public.work_logs where id = _id(8001)), 1, 'a cadre reads their own work logs');
select is((select count(*)::int from public.work_logs where id in (_id(8002), _id(8003))), 0, 'a cadre does not read others'' work logs');
select is(_t($$insert into public.work_logs (id, cadre_id, log_date, category, body) values (_id(8004), _id(101), '2026-11-02', 'urgent_hard', '防汛')$$),
  'rows=1', 'a cadre writes a work log');
select is(_t($$insert into public.work_logs (id, cadre_id, log_date, category, body) values (_id(8005), _id(102), '2026-11-02', 'routine', '代写')$$),
  '42501', 'a cadre cannot write a work log for someone else');
select is(_t($$insert into public.work_logs (id, cadre_id, posting_id, log_date, category, body) values (_id(8006), _id(101), _id(7001), '2026-11-02', 'routine', '挂错')$$),
  '42501', 'a cadre cannot file a work log under someone else''s posting');
select is(_t($$update public.work_logs set body = '走访农户三户' where id = _id(8001)$$), 'rows=1', 'a cadre edits their own work log');
select is(_t($$update public.work_logs set cadre_id = _id(102) where id = _id(8001)$$), '42501', 'a cadre cannot hand a work log to someone else');
select is(_t($$update public.work_logs set body = '改' where id = _id(8002)$$), 'rows=0', 'a cadre cannot edit others'' work logs');
select is(_t($$update public.work_logs set deleted_at = now() where id = _id(8004)$$), 'rows=1', 'a cadre tombstones their own work log');
select is(_t($$delete from public.work_logs where id = _id(8001)$$), '42501', 'a cadre cannot hard-delete a work log');

select is(_t($$insert into public.posting_reports (id, posting_id, cadre_id, month, summary) values (_id(8103), _id(7003), _id(101), '2018-06-01', '六月小结')$$),
  'rows=1', 'a cadre writes a monthly report for their own posting');
select is(_t($$insert into public.posting_reports (id, posting_id, cadre_id, month, summary) values (_id(8104), _id(7001), _id(101), '2026-06-01', '错挂')$$),
  '42501', 'a cadre cannot report under someone else''s posting');
select is((select count(*)::int from public.posting_reports where id in (_id(8101), _id(8102))), 0, 'a cadre does not read others'' reports');

select is((select count(*)::int from public.assessments where id in (_id(9001), _id(9003))), 2, 'a cadre reads their own assessments');
select is((select count(*)::int from public.assessments where id = _id(9002)), 0, 'a cadre does not read others'' assessments');
select is(_t($$update public.assessments set self_summary = '一年来……' where id = _id(9001)$$), 'rows=1', 'a cadre writes their self summary on a draft');
select is(_t($$update public.assessments set rating = 'excellent' where id = _id(9001)$$), 'P0001 forbidden', 'a cadre cannot rate themselves');
select is(_t($$update public.assessments set self_summary = '改' where id = _id(9002)$$), 'rows=0', 'a cadre cannot touch others'' assessments');
select is(_t($$insert into public.assessments (id, cadre_id, kind, period_start, period_end) values (_id(9004), _id(102), 'annual', '2026-01-01', '2026-12-31')$$),
  '42501', 'a cadre cannot create an assessment');
select is((select count(*)::int from public.assessment_signatures where id = _id(9101)), 1, 'a cadre reads the signatures on their own assessment');
select is(_t($$insert into public.assessment_signatures (id, assessment_id, assessment_version, level, signer_id, decision) values (_id(9102), _id(9003), 0, 2, _id(101), 'approve')$$),
  'P0001 signoff_own_assessment', 'a cadre cannot sign their own assessment');
select is((select count(*)::int from public.audit_log), 0, 'a cadre reads no audit log');

-- ===========================================================================
-- trainer (201)
-- ===========================================================================
select _as(201);
select is((select count(*)::int from public.training_sessions where id = _id(5001)), 1, 'a trainer reads the sessions they run');
select is((select count(*)::int from public.training_sessions where id = _id(5002)), 0, 'a trainer does not read other trainers'' sessions');
select is(_t($$insert into public.training_sessions (id, title, category, trainer_id, unit_id, starts_at, ends_at) values (_id(5003), '水产养殖', 'practical_skills', _id(201), _id(912), now() + interval '3 days', now() + interval '3 days 3 hours')$$),
  'rows=1', 'a trainer creates a session of their own');
select is(_t($$insert into public.training_sessions (id, title, category, trainer_id, starts_at, ends_at) values (_id(5004), '代办', 'theory', _id(202), now(), now() + interval '1 hour')$$),
  '42501', 'a trainer cannot create a session for another trainer');
select is(_t($$update public.training_sessions set venue = '镇会议室' where id = _id(5001)$$), 'rows=1', 'a trainer changes their own session');
select is(_t($$update public.training_sessions set trainer_id = _id(202) where id = _id(5001)$$), '42501', 'a trainer cannot hand a session to someone else');
select is(_t($$update public.training_sessions set venue = '改' where id = _id(5002)$$), 'rows=0', 'a trainer cannot change other trainers'' sessions');

select is((select count(*)::int from public.training_session_secrets where id = _id(5101)), 1, 'a trainer reads the secret of their session');
select is((select count(*)::int from public.training_session_secrets where id = _id(5102)), 0, 'a trainer does not read other sessions'' secrets');
select is(_t($$insert into public.training_session_secrets (id, session_id, secret) values (_id(5103), _id(5003), 'secret-three-0123456789abc')$$),
  'rows=1', 'a trainer creates the secret of their own session');
select is(_t($$update public.training_session_secrets set secret = 'rotated-secret-0123456789' where id = _id(5101)$$), 'rows=1', 'a trainer rotates their session''s secret');
select is(_t($$update public.training_session_secrets set secret = 'stolen-secret-0123456789' where id = _id(5102)$$), 'rows=0', 'a trainer cannot change other sessions'' secrets');

select is((select count(*)::int from public.attendance where id = _id(6001)), 1, 'a trainer reads the roster of their session');
select is((select count(*)::int from public.attendance where id = _id(6002)), 0, 'a trainer does not read other sessions'' rosters');
select is((select count(*)::int from public.profiles where id in (_id(101), _id(102))), 0, 'a trainer reads no cadre''s profile row through the table');
select is(_pulled_profile(101) ->> 'full_name', '甲干部', 'a trainer''s pull carries the name of a cadre on their roster');
select is(_pulled_profile(102) ->> 'unit_id', _id(912)::text, 'a trainer''s pull carries the unit of a cadre not yet on their roster, to enrol them');
select is(_pulled_profile(101) ? 'birth_date', false, 'a trainer''s copy of a roster profile carries names and units only');
select is(_t($$insert into public.attendance (id, session_id, cadre_id) values (_id(6003), _id(5001), _id(102))$$), 'rows=1', 'a trainer enrols a cadre in their session');
select is(_pulled_profile(102) ? 'birth_date', false, 'an enrolled cadre''s profile still reaches the trainer as name and unit only');
select is(_t($$update public.attendance set status = 'present', score = 88 where id = _id(6001)$$), 'rows=1', 'a trainer marks and scores attendance in their session');
select is(_t($$update public.attendance set score = 10 where id = _id(6002)$$), 'rows=0', 'a trainer cannot score other sessions');
select ok(_t($$insert into public.attendance (id, session_id, cadre_id) values (_id(6004), _id(5002), _id(101))$$) ~ '^(42501|P0001)',
  'a trainer cannot enrol cadres in other sessions');

select is((select count(*)::int from public.work_logs where id = _id(8001)), 0, 'a trainer does not read cadres'' work logs');
select is((select count(*)::int from public.assessments where id = _id(9001)), 0, 'a trainer does not read cadres'' assessments');
select is((select count(*)::int from public.postings where id = _id(7003)), 0, 'a trainer does not read cadres'' postings');
select is((select count(*)::int from public.units where id = _id(911)), 1, 'a trainer reads units');

-- ===========================================================================
-- supervisor level 1, scope T1 (301): sees A (unit T1) and P (posted to T1)
-- ===========================================================================
select _as(301);
select is((select count(*)::int from public.profiles where id in (_id(101), _id(103))), 2, 'a supervisor reads the profiles of cadres in scope (by unit and by current posting)');
select is((select count(*)::int from public.profiles where id = _id(102)), 0, 'a supervisor does not read profiles out of scope');
select is(_t($$update public.profiles set post_title = '改' where id = _id(101)$$), 'rows=0', 'a supervisor cannot change profiles');
select is((select count(*)::int from public.postings where id in (_id(7001), _id(7003))), 2, 'a supervisor reads the postings of cadres in scope');
select is((select count(*)::int from public.postings where id = _id(7002)), 0, 'a supervisor does not read postings out of scope');
select is((select count(*)::int from public.work_logs where id in (_id(8001), _id(8003))), 2, 'a supervisor reads the work logs of cadres in scope');
select is((select count(*)::int from public.work_logs where id = _id(8002)), 0, 'a supervisor does not read work logs out of scope');
select is(_t($$update public.work_logs set body = '改' where id = _id(8001)$$), 'rows=0', 'a supervisor cannot edit work logs');
select is(_t($$insert into public.work_logs (id, cadre_id, log_date, category, body) values (_id(8007), _id(101), '2026-11-03', 'routine', '代写')$$),
  '42501', 'a supervisor cannot write work logs for a cadre');
select is((select count(*)::int from public.posting_reports where id = _id(8101)), 1, 'a supervisor reads the reports of cadres in scope');
select is((select count(*)::int from public.posting_reports where id = _id(8102)), 0, 'a supervisor does not read reports out of scope');
select is((select count(*)::int from public.attendance where id = _id(6001)), 1, 'a supervisor reads the attendance of cadres in scope');
select is((select count(*)::int from public.attendance where id = _id(6002)), 0, 'a supervisor does not read attendance out of scope');
select is(_t($$update public.attendance set score = 1 where id = _id(6001)$$), 'rows=0', 'a supervisor cannot change attendance');
select is((select count(*)::int from public.training_sessions where id = _id(5001)), 1, 'a supervisor reads the sessions cadres in scope attend');
select is((select count(*)::int from public.training_sessions where id = _id(5002)), 0, 'a supervisor does not read unrelated sessions');
select is((select count(*)::int from public.training_session_secrets), 0, 'a supervisor reads no check-in secret');
select is((select count(*)::int from public.assessments where id in (_id(9001), _id(9003))), 2, 'a supervisor reads the assessments of cadres in scope');
select is((select count(*)::int from public.assessments where id = _id(9002)), 0, 'a supervisor does not read assessments out of scope');
select is(_t($$insert into public.assessments (id, cadre_id, kind, period_start, period_end) values (_id(9004), _id(103), 'posting_end', '2020-01-01', '2026-12-31')$$),
  'rows=1', 'a supervisor creates an assessment of a cadre in scope');
select is(_t($$insert into public.assessments (id, cadre_id, kind, period_start, period_end) values (_id(9005), _id(102), 'annual', '2026-01-01', '2026-12-31')$$),
  '42501', 'a supervisor cannot create an assessment out of scope');
select is(_t($$insert into public.assessments (id, cadre_id, kind, period_start, period_end) values (_id(9006), _id(301), 'annual', '2026-01-01', '2026-12-31')$$),
  'P0001 signoff_own_assessment', 'a supervisor cannot create their own assessment');
select is(_t($$update public.assessments set rating = 'competent', supervisor_comment = '称职' where id = _id(9001)$$), 'rows=1', 'a supervisor rates an assessment in scope');
select is(_t($$update public.assessments set self_summary = '代写' where id = _id(9001)$$), 'P0001 forbidden', 'a supervisor cannot write a cadre''s self summary');
select is(_t($$update public.assessments set status = 'final' where id = _id(9001)$$), 'P0001 signoff_out_of_order', 'a supervisor cannot set a status by hand');
select is(_t($$update public.assessments set rating = 'excellent' where id = _id(9002)$$), 'rows=0', 'a supervisor cannot rate out of scope');
select is((select count(*)::int from public.assessment_signatures where id = _id(9101)), 1, 'a supervisor reads the signatures in scope');
select is(_t($$update public.assessment_signatures set comment = '补' where id = _id(9101)$$), 'rows=0', 'a supervisor cannot change a signature');
select is(_t($$delete from public.assessment_signatures where id = _id(9101)$$), '42501', 'a supervisor cannot delete a signature');
select is((select count(*)::int from public.audit_log where row_id in (_id(8002), _id(9002), _id(102))), 0, 'a supervisor reads no audit trail out of scope');
select is((select count(*)::int from public.units where id = _id(912)), 1, 'a supervisor reads units');

-- ===========================================================================
-- admin (401): everything but secrets; writes units, profiles, postings,
-- enrolment, settings, sessions; never assessments, logs or the audit log
-- ===========================================================================
select _as(401);
select is((select count(*)::int from public.profiles where id in (_id(101), _id(102), _id(103), _id(201), _id(202), _id(301), _id(401))), 7, 'an admin reads every profile');
select is((select count(*)::int from public.training_sessions where id in (_id(5001), _id(5002), _id(5003))), 3, 'an admin reads every session');
select is((select count(*)::int from public.training_session_secrets), 0, 'an admin reads no check-in secret');
select is((select count(*)::int from public.attendance where id in (_id(6001), _id(6002), _id(6003))), 3, 'an admin reads all attendance');
select is((select count(*)::int from public.postings where id in (_id(7001), _id(7002), _id(7003))), 3, 'an admin reads every posting');
select is((select count(*)::int from public.work_logs where id in (_id(8001), _id(8002), _id(8003))), 3, 'an admin reads every work log');
select is((select count(*)::int from public.posting_reports where id in (_id(8101), _id(8102), _id(8103))), 3, 'an admin reads every report');
select is((select count(*)::int from public.assessments where id in (_id(9001), _id(9002), _id(9003))), 3, 'an admin reads every assessment');
select is((select count(*)::int from public.assessment_signatures where id = _id(9101)), 1, 'an admin reads every signature');
select ok((select count(*) from public.audit_log where row_id = _id(8001)) > 0, 'an admin reads the audit log');

select is(_t($$insert into public.units (id, name, kind, parent_id, development) values (_id(913), '测试三乡', 'xiang', _id(901), 'developing')$$), 'rows=1', 'an admin adds a unit');
select is(_t($$update public.units set name = '测试二镇（新）' where id = _id(912)$$), 'rows=1', 'an admin renames a unit');
select is(_t($$insert into public.profiles (id, full_name, role, unit_id) values (_id(501), '丁干部', 'cadre', _id(913))$$), 'rows=1', 'an admin adds a profile');
select is(_t($$update public.profiles set unit_id = _id(911) where id = _id(102)$$), 'rows=1', 'an admin moves a cadre to another unit');
select is(_t($$insert into public.postings (id, cadre_id, kind, from_unit_id, to_unit_id, starts_on) values (_id(7005), _id(501), 'sci_tech_deputy', _id(913), _id(912), '2026-01-01')$$),
  'rows=1', 'an admin posts a cadre');
select is(_t($$insert into public.attendance (id, session_id, cadre_id) values (_id(6005), _id(5002), _id(501))$$), 'rows=1', 'an admin enrols a cadre');
select is(_t($$insert into public.settings (id, key, value) values (_id(9902), 'pgtap_matrix_other', '1')$$), 'rows=1', 'an admin adds a setting');
select is(_t($$update public.settings set value = '48' where id = _id(9901)$$), 'rows=1', 'an admin changes a setting');
select is(_t($$insert into public.training_sessions (id, title, category, trainer_id, starts_at, ends_at) values (_id(5005), '专题', 'special_topic', _id(202), now(), now() + interval '1 hour')$$),
  'rows=1', 'an admin schedules a session for a trainer');
select is(_t($$insert into public.training_session_secrets (id, session_id, secret) values (_id(5105), _id(5005), 'admin-secret-0123456789abc')$$),
  '42501', 'an admin cannot create a check-in secret');
select is(_t($$update public.training_session_secrets set secret = 'admin-secret-0123456789abc' where id = _id(5101)$$), 'rows=0', 'an admin cannot change a check-in secret');
select is(_t($$insert into public.work_logs (id, cadre_id, log_date, category, body) values (_id(8008), _id(101), '2026-11-03', 'routine', '代写')$$),
  '42501', 'an admin cannot write a cadre''s work log');
select is(_t($$update public.assessments set rating = 'excellent' where id = _id(9002)$$), 'rows=0', 'an admin cannot change an assessment');
select is(_t($$update public.audit_log set actor = null$$), '42501', 'an admin cannot change the audit log');
select is(_t($$delete from public.units where id = _id(913)$$), '42501', 'an admin cannot hard-delete a unit (tombstones only)');
select is(_t($$truncate public.work_logs$$), '42501', 'an admin cannot truncate a table');

select * from finish();
rollback;
