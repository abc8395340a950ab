-- The appointment register (选拔任用记实, 20261206001400_appointments.sql), rule by rule as
-- role × action: who records, sees and signs; what the database computes; the notice
-- (任前公示) and what submission needs; the three-level sign-off as for assessments
-- (03-sign-off); the < 3-year report; the final lock; no duplicates. Contract:
-- docs/design-notes.md "The appointment register".
begin;
select plan(168);

\ir fixtures/helpers.sql
-- the error message of a statement, null if it succeeds
create function public._message(sql text) returns text language plpgsql as $$
begin
  execute sql;
  return null;
exception when others then
  return sqlerrm;
end $$;
-- an appointment's version, whoever may see it (the caller signs the version they saw)
create function public._version(appointment int) returns bigint language sql security definer as $$
  select version from public.appointments where id = public._id(appointment)
$$;
-- sign as the current caller, with the appointment's current version (+ offset)
create function public._sign(appointment int, lvl int, signer int, decision text default 'approve', comment text default null,
                             version_offset int default 0) returns text language sql as $$
  select public._t(format(
    'insert into public.appointment_signatures (id, appointment_id, appointment_version, level, signer_id, decision, comment, content_hash, signed_at)
     values (gen_random_uuid(), %L, %s, %s, %L, %L, %L, %L, %L)',
    public._id(appointment), coalesce(public._version(appointment), 0) + version_offset,
    lvl, public._id(signer), decision, comment, 'forged-by-the-client', '2000-01-01T00:00:00Z'))
$$;
-- what the database must store: sha256 of every field the officer writes but the province report
create function public._expected_hash(appointment int) returns text language sql security definer as $$
  select encode(sha256(convert_to(jsonb_build_object(
    'cadre_id', a.cadre_id, 'kind', a.kind, 'from_unit_id', a.from_unit_id, 'from_post', a.from_post,
    'from_post_since', a.from_post_since, 'from_head', a.from_head, 'to_unit_id', a.to_unit_id, 'to_post', a.to_post,
    'to_leadership', a.to_leadership, 'team_adjustment', a.team_adjustment, 'effective_on', a.effective_on,
    'reasons', a.reasons, 'confirms_id', a.confirms_id, 'discipline_opinion', a.discipline_opinion,
    'discipline_opinion_on', a.discipline_opinion_on)::text, 'UTF8')), 'hex')
  from public.appointments a where a.id = public._id(appointment)
$$;
create function public._appt(appointment int) returns public.appointments language sql security definer as $$
  select * from public.appointments where id = public._id(appointment)
$$;
create function public._status(appointment int) returns text language sql security definer as $$
  select status from public.appointments where id = public._id(appointment)
$$;
create function public._live(appointment int) returns int language sql security definer as $$
  select count(*)::int from public.appointment_signatures
  where appointment_id = public._id(appointment) and voided_at is null and deleted_at is null
$$;
create function public._notice(appointment int) returns public.appointment_notices language sql security definer as $$
  select * from public.appointment_notices where appointment_id = public._id(appointment) and deleted_at is null
$$;
-- what the caller sees of one appointment: the row, its notice, its signatures
create function public._sees(appointment int) returns text language sql as $$
  select format('%s/%s/%s',
    (select count(*) from public.appointments where id = public._id(appointment)),
    (select count(*) from public.appointment_notices where appointment_id = public._id(appointment)),
    (select count(*) from public.appointment_signatures where appointment_id = public._id(appointment)))
$$;
-- an appointment the officer writes (the computed columns and recorded_by forged: the database ignores them)
create function public._record(id int, cadre int, kind text, from_unit int, to_unit int, effective_on date,
                               to_leadership boolean default true, extra text default '', extra_values text default '')
returns text language sql as $$
  select public._t(format(
    'insert into public.appointments (id, cadre_id, kind, from_unit_id, from_post, to_unit_id, to_post, to_leadership,
       effective_on, reasons, recorded_by, frontline_months, from_frontline, probation_ends_on, submitted_at%s)
     values (%L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, 999, %L, %L, now()%s)',
    extra, public._id(id), public._id(cadre), kind, public._id(from_unit), case when from_unit is not null then '原职务' end,
    public._id(to_unit), case when to_unit is not null then '新职务' end, to_leadership, effective_on,
    '民主推荐、考察，群众公认度高', public._id(301), kind <> 'recruitment' and from_unit is null, '2000-01-01', extra_values))
$$;
create function public._set_notice(id int, appointment int, starts_on date, ends_on date, outcome text default 'pending',
                                   complaint text default null, handling text default null) returns text language sql as $$
  select public._t(format(
    'insert into public.appointment_notices (id, appointment_id, starts_on, ends_on, outcome, complaint, handling)
     values (%L, %L, %L, %L, %L, %L, %L)',
    public._id(id), public._id(appointment), starts_on, ends_on, outcome, complaint, handling))
$$;
create function public._submit(appointment int) returns text language sql as $$
  select public._t(format($q$update public.appointments set status = 'noticed' where id = %L$q$, public._id(appointment)))
$$;

-- ---------------------------------------------------------------------------
-- fixtures: county 901 > town 911, town 912, xiang 913, county office 921
--   101 cadre C (911, since 2020-03-01)  102 cadre D (912)  103 cadre E (office 921)  104 cadre F (xiang 913)
--   201 trainer   301 level 1, scope 911   302 level 2, scope county   303 level 3, scope county
--   304 level 1, scope 912   305 a level-2 supervisor who works in 911 (an appointee)   401 admin
-- C's postings: to xiang 913 in 2018 (before 911), to town 912 in 2021 (while in 911)
-- ---------------------------------------------------------------------------
insert into public.units (id, name, kind, parent_id) values
  (_id(901), '任用测试县', 'county', null), (_id(911), '任用一镇', 'town', _id(901)), (_id(912), '任用二镇', 'town', _id(901)),
  (_id(913), '任用三乡', 'xiang', _id(901)), (_id(921), '任用县直机关', 'county_office', _id(901));
insert into auth.users (id, email)
select _id(n), format('pgtap-appointments-%s@test.local', n) from unnest(array[101, 102, 103, 104, 201, 301, 302, 303, 304, 305, 401]) n;
insert into public.profiles (id, full_name, role, unit_id, in_unit_since, sign_level, scope_unit_id) values
  (_id(101), '干部丙', 'cadre', _id(911), '2020-03-01', null, null),
  (_id(102), '干部丁', 'cadre', _id(912), null, null, null),
  (_id(103), '干部戊', 'cadre', _id(921), null, null, null),
  (_id(104), '干部己', 'cadre', _id(913), null, null, null),
  (_id(201), '培训老师', 'trainer', _id(921), null, null, null),
  (_id(301), '一级签字人', 'supervisor', _id(901), null, 1, _id(911)),
  (_id(302), '二级签字人', 'supervisor', _id(901), null, 2, _id(901)),
  (_id(303), '三级签字人', 'supervisor', _id(901), null, 3, _id(901)),
  (_id(304), '二镇一级签字人', 'supervisor', _id(912), null, 1, _id(912)),
  (_id(305), '一镇的二级签字人', 'supervisor', _id(911), null, 2, _id(901)),
  (_id(401), '组织部干部科', 'admin', _id(921), null, null, null);
insert into public.postings (id, cadre_id, kind, from_unit_id, to_unit_id, starts_on, ended_on) values
  (_id(7001), _id(101), 'exchange', _id(921), _id(913), '2018-01-01', '2019-01-01'),
  (_id(7002), _id(101), 'exchange', _id(911), _id(912), '2021-01-01', '2022-01-01');

-- ---------------------------------------------------------------------------
-- the officer records a draft; the database computes what it computes
-- ---------------------------------------------------------------------------
select _as(401);
select is(_record(9201, 101, 'promotion', 911, 912, '2027-01-04'), 'rows=1', 'the officer records a draft promotion');
select is((select (a.status, a.recorded_by, a.submitted_at) from _appt(9201) a), ('draft'::text, _id(401), null::timestamptz),
  'it is a draft recorded by its officer, not by whoever the client named, and not submitted');
select is((select a.from_frontline from _appt(9201) a), true, 'from a town: drawn from the front line');
select is((select a.probation_ends_on from _appt(9201) a), '2028-01-04'::date,
  'a promotion into leadership: probation ends one year after effective_on');
select is((select a.frontline_months from _appt(9201) a), 94,
  'frontline months: 82 in the home town since 2020-03-01 and 12 posted to a xiang before; a posting to a town while in one counts once');
select is(_t($$insert into public.appointments (id, cadre_id, kind, to_unit_id, to_post, effective_on, reasons, status)
               values (_id(9290), _id(102), 'transfer', _id(911), '副镇长', '2027-01-04', '工作需要', 'noticed')$$),
  'P0001 signoff_out_of_order', 'the officer cannot record an appointment already submitted');
select is(_t($$insert into public.appointments (id, cadre_id, kind, to_unit_id, to_post, effective_on, reasons, status)
               values (_id(9290), _id(102), 'transfer', _id(911), '副镇长', '2027-01-04', '工作需要', 'final')$$),
  'P0001 signoff_out_of_order', 'nor one already final');
select is(_record(9202, 103, 'promotion', 921, 911, '2027-01-04', false), 'rows=1', 'a promotion of a county-office cadre');
select is((select (a.from_frontline, a.probation_ends_on, a.frontline_months) from _appt(9202) a), (false, null::date, 0),
  'from a county office: not from the front line; not into leadership: no probation; never in a township: 0 months');
select is(_record(9203, 104, 'recruitment', null, 913, '2027-01-04', false), 'rows=1', 'a recruitment from a village (no unit)');
select is((select a.from_frontline from _appt(9203) a), true, 'a recruitment with no unit left counts as from the front line');
select is(_record(9204, 104, 'transfer', 913, 911, '2027-01-04'), 'rows=1', 'a transfer from a xiang into a town''s leadership');
select is((select (a.from_frontline, a.probation_ends_on) from _appt(9204) a), (true, null::date),
  'from a xiang: from the front line; a transfer has no probation');
select is(_record(9205, 102, 'transfer', null, 911, '2027-01-04'), 'rows=1', 'a transfer with no unit left');
select is((select a.from_frontline from _appt(9205) a), false, 'only a recruitment counts without a unit left');
select is(_t($$update public.appointments set recorded_by = _id(301), from_frontline = false, frontline_months = 0,
                 probation_ends_on = null, submitted_at = now() where id = _id(9201)$$), 'rows=1',
  'the officer''s edit may name the computed columns');
select is((select (a.recorded_by, a.from_frontline, a.frontline_months, a.probation_ends_on, a.submitted_at) from _appt(9201) a),
  (_id(401), true, 94, '2028-01-04'::date, null::timestamptz), 'and they stay what the database computed');
select is(_t($$insert into public.appointments (id, cadre_id, kind, effective_on, reasons) values (_id(9290), _id(102), 'transfer', '2027-01-04', '调整')$$),
  '23514', 'every kind but a removal needs the new unit and post');

-- ---------------------------------------------------------------------------
-- nobody else writes the register
-- ---------------------------------------------------------------------------
select _as(101);
select is(_record(9291, 101, 'promotion', 911, 911, '2027-02-01'), '42501', 'a cadre cannot record an appointment, not even their own');
select is(_t($$update public.appointments set reasons = '改' where id = _id(9201)$$), 'rows=0', 'a cadre cannot change one');
select is(_set_notice(9391, 9201, '2026-11-02', '2026-11-06'), '42501', 'a cadre cannot write a notice');
select _as(201);
select is(_record(9291, 101, 'promotion', 911, 911, '2027-02-01'), '42501', 'a trainer cannot record an appointment');
select is(_t($$update public.appointments set reasons = '改' where id = _id(9201)$$), 'rows=0', 'a trainer cannot change one');
select is(_set_notice(9391, 9201, '2026-11-02', '2026-11-06'), '42501', 'a trainer cannot write a notice');
select _as(301);
select is(_record(9291, 101, 'promotion', 911, 911, '2027-02-01'), '42501', 'a supervisor cannot record an appointment, even in scope');
select is(_set_notice(9391, 9201, '2026-11-02', '2026-11-06'), '42501', 'a supervisor cannot write a notice');
select is(_sees(9201), '0/0/0', 'a supervisor does not see a draft in scope');

-- ---------------------------------------------------------------------------
-- the notice (任前公示) and what submission needs
-- ---------------------------------------------------------------------------
select _as(401);
select is(_submit(9201), 'P0001 appointment_notice_required', 'a promotion cannot be submitted without a notice');
select is(_message(format($q$update public.appointments set status = 'noticed' where id = %L$q$, _id(9201))),
  '提拔和考录须经任前公示，公示结束且无影响任用的问题后才能提交签字', 'the refusal says why in Chinese');
select is(_set_notice(9301, 9201, '2026-02-02', '2026-02-05'), 'P0001 notice_too_short', 'Monday to Thursday is less than 5 working days');
select is(_message(format($q$insert into public.appointment_notices (id, appointment_id, starts_on, ends_on) values (%L, %L, '2026-02-02', '2026-02-05')$q$,
  _id(9301), _id(9201))), '公示期不少于5个工作日（2026-02-02至2026-02-05只有4个工作日）', 'the refusal counts the working days');
select is(_set_notice(9301, 9201, '2026-02-07', '2026-02-12'), 'P0001 notice_too_short', 'Saturday to Thursday holds only 4 working days');
select is(_set_notice(9301, 9201, current_date, current_date + 13), 'rows=1', 'a notice of two weeks, running');
select throws_ok(format($q$insert into public.appointment_notices (id, appointment_id, starts_on, ends_on) values (%L, %L, current_date, current_date + 13)$q$,
  _id(9302), _id(9201)), '23505', 'duplicate key value violates unique constraint "appointment_notices_one_per_appointment"',
  'one live notice per appointment');
select is(_submit(9201), 'P0001 appointment_notice_required', 'a promotion cannot be submitted while its notice is pending');
select is(_t($$update public.appointment_notices set outcome = 'no_objection' where id = _id(9301)$$), 'P0001 notice_not_ended',
  'the outcome cannot be recorded before the notice ends');
select is(_message(format($q$update public.appointment_notices set outcome = 'no_objection' where id = %L$q$, _id(9301))),
  format('公示期到%s结束，结束后才能登记公示结果', current_date + 13), 'the refusal says when it ends');
select is(_t($$update public.appointment_notices set starts_on = '2026-02-02', ends_on = '2026-02-06' where id = _id(9301)$$), 'rows=1',
  'Monday to Friday: exactly 5 working days, accepted');
select is(_t($$update public.appointment_notices set complaint = '12380电话反映其工作作风问题', complaint_channel = '12380_phone',
                 outcome = 'objection_dismissed' where id = _id(9301)$$), 'P0001 complaint_handling_required',
  'a complaint needs its handling before an outcome');
select is(_t($$update public.appointment_notices set complaint_channel = 'letter' where id = _id(9301)$$), '23514',
  'a channel needs the complaint it brought');
select is(_t($$update public.appointment_notices set complaint = '12380电话反映其工作作风问题', complaint_channel = '12380_phone',
                 handling = '经核实，反映问题属实', outcome = 'objection_upheld' where id = _id(9301)$$), 'rows=1',
  'the notice ended; the complaint, handled, was upheld');
select is(_submit(9201), 'P0001 appointment_notice_required', 'an upheld objection stops the submission');
select is(_t($$update public.appointment_notices set handling = '经核实，反映问题不属实', outcome = 'objection_dismissed' where id = _id(9301)$$),
  'rows=1', 'the officer records the objection as dismissed');

-- the notice was written while only the department saw the draft: pretend it was another transaction's
reset role;
set local session_replication_role = replica;
update public.appointment_notices set txid = '3'::xid8 where id = _id(9301);
set local session_replication_role = origin;
create temp table notice_before as select version, txid from public.appointment_notices where id = _id(9301);
grant select on notice_before to authenticated;
select _as(401);
select is(_submit(9201), 'rows=1', 'with the notice ended and the objection dismissed, the promotion is submitted');
select is((select (a.status, a.submitted_at) from _appt(9201) a), ('noticed'::text, now()), 'it is noticed; the server records when');
select ok((select (n.txid <> b.txid and n.txid = pg_current_xact_id() and n.version > b.version) from _notice(9201) n, notice_before b),
  'submission stamps the notice again (new txid and version), so supervisors'' pulls past its old txid receive it');
select is(_t($$update public.appointment_notices set handling = '补充处理情况' where id = _id(9301)$$), 'P0001 appointment_not_editable',
  'the notice cannot be changed once the appointment is submitted');
select is(_t($$update public.appointment_notices set deleted_at = now() where id = _id(9301)$$), 'P0001 appointment_not_editable',
  'nor withdrawn');
select is(_set_notice(9302, 9202, '2026-11-02', '2026-11-06', 'no_objection'), 'rows=1',
  'a notice that ended without objection, recorded at once');
select is(_submit(9202), 'rows=1', 'a promotion whose notice ended without objection is submitted');
select is(_submit(9204), 'rows=1', 'a transfer needs no notice');
select is(_t($$update public.appointments set status = 'signed_1' where id = _id(9204)$$), 'P0001 signoff_out_of_order',
  'the officer cannot set signed_1');
select is(_t($$update public.appointments set status = 'final' where id = _id(9204)$$), 'P0001 signoff_out_of_order',
  'nor final');
select is(_t($$update public.appointments set status = 'draft' where id = _id(9204)$$), 'P0001 signoff_out_of_order',
  'nor take a submission back to draft');
select is(_t($$update public.appointments set status = 'signed_1' where id = _id(9205)$$), 'P0001 signoff_out_of_order',
  'nor move a draft past submission');
select is(_submit(9203), 'P0001 appointment_notice_required', 'a recruitment needs its notice too');

-- ---------------------------------------------------------------------------
-- who sees a submitted appointment
-- ---------------------------------------------------------------------------
select _as(301);
select is(_sees(9201), '1/1/0', 'a supervisor sees a submitted appointment of a cadre in scope, with its notice');
select is(_t($$update public.appointments set reasons = '改' where id = _id(9201)$$), 'rows=0', 'but cannot change it');
select is(_t($$update public.appointment_notices set handling = '改' where id = _id(9301)$$), 'rows=0', 'nor its notice');
select is(_sees(9202), '0/0/0', 'nor sees the submitted appointment of a cadre out of scope');
select _as(304);
select is(_sees(9201), '0/0/0', 'a supervisor of another town does not see it');
select _as(302);
select is(_sees(9201) || ' ' || _sees(9202) || ' ' || _sees(9205), '1/1/0 1/1/0 0/0/0',
  'a county-wide supervisor sees every submitted appointment, and no draft');
select _as(101);
select is((select count(*)::int from public.appointments), 0, 'a cadre does not see their appointments before they are final');
select _as(201);
select is((select count(*)::int from public.appointments) + (select count(*)::int from public.appointment_notices), 0,
  'a trainer sees nothing of the register');

-- ---------------------------------------------------------------------------
-- the three-level sign-off
-- ---------------------------------------------------------------------------
select _as(401);
select is(_record(9206, 101, 'rotation', 911, 912, '2027-03-01'), 'rows=1', 'a rotation, drafted');
select _as(301);
select is(_sign(9206, 1, 301), 'P0001 signoff_out_of_order', 'a draft cannot be signed');
select _as(302);
select is(_sign(9201, 2, 302), 'P0001 signoff_out_of_order', 'level 2 cannot sign before level 1');
select is(_message(format('insert into public.appointment_signatures (id, appointment_id, appointment_version, level, signer_id, decision) values (gen_random_uuid(), %L, %s, 2, %L, %L)',
  _id(9201), _version(9201), _id(302), 'approve')), '需先经第1级签字，才能进行第2级签字', 'the refusal says which level signs first');
select _as(301);
select is(_sign(9201, 2, 301), 'P0001 signoff_wrong_level', 'a level-1 signer cannot sign at level 2');
select is(_message(format('insert into public.appointment_signatures (id, appointment_id, appointment_version, level, signer_id, decision) values (gen_random_uuid(), %L, %s, 2, %L, %L)',
  _id(9201), _version(9201), _id(301), 'approve')), '第2级签字须由签字级别为第2级的主管进行', 'in Chinese');
select is(_sign(9201, 1, 302), 'P0001 signoff_signer_mismatch', 'nobody signs in someone else''s name');
select is(_sign(9201, 1, 301, version_offset => -1), 'P0001 conflict', 'a signature on a version that has moved on is a conflict');
select _as(304);
select is(_sign(9201, 1, 304), 'P0001 signoff_not_in_scope', 'a level-1 signer cannot sign for a cadre out of scope');
select _as(301);
do $$ begin perform set_config('test.signed_version', public._version(9201)::text, true); end $$;
select is(_sign(9201, 1, 301), 'rows=1', 'level 1 approves');
select is(_status(9201), 'signed_1', 'which moves the appointment to signed_1');
select is((select (s.content_hash, s.appointment_version, s.signed_at) from public.appointment_signatures s
            where s.appointment_id = _id(9201) and s.level = 1),
  (_expected_hash(9201), current_setting('test.signed_version')::bigint, now()),
  'the database stores the hash of the content signed and the time; the version is the one signed');
select is(_sees(9201), '1/1/1', 'the supervisor sees the signature');
select is(_sign(9201, 1, 301), 'P0001 signoff_out_of_order', 'level 1 cannot sign twice');

-- the same person cannot sign at two levels, even after a change of sign level
reset role;
update public.profiles set sign_level = 2 where id = _id(301);
select _as(301);
select is(_sign(9201, 2, 301), 'P0001 signoff_same_signer', 'one person cannot approve the same appointment at two levels');
reset role;
update public.profiles set sign_level = 1 where id = _id(301);

-- a change of the signed content voids the approvals; the province report does not
select _as(401);
select is(_t($$update public.appointments set reasons = '民主推荐得票第一，考察优秀' where id = _id(9201)$$), 'rows=1',
  'the officer changes the reasons of a signed_1 appointment');
select is((_status(9201), _live(9201)), ('noticed'::text, 0), 'the approval is void and the appointment is back to noticed');
select _as(301);
select is(_sign(9201, 1, 301), 'rows=1', 'level 1 approves the new content');
select is((select content_hash from public.appointment_signatures where appointment_id = _id(9201) and voided_at is null),
  _expected_hash(9201), 'the new approval carries the hash of the new content');
select _as(401);
select is(_t($$update public.appointments set province_report_ref = '测组字〔2027〕1号', province_report_on = '2026-12-01' where id = _id(9201)$$),
  'rows=1', 'the officer attaches a report to the province');
select is((_status(9201), _live(9201)), ('signed_1'::text, 1), 'the report is not signed content: the approval stands');
select is(_t($$update public.appointments set province_report_ref = null where id = _id(9201)$$), '23514',
  'the report''s reference and date go together');
select _as(302);
select is(_sign(9201, 2, 302), 'rows=1', 'level 2 approves');
select is(_status(9201), 'signed_2', 'signed_2');
select _as(303);
select is(_sign(9201, 3, 303), 'rows=1', 'level 3 approves');
select is(_status(9201), 'final', 'final');
select is((select count(distinct signer_id)::int from public.appointment_signatures
            where appointment_id = _id(9201) and voided_at is null and decision = 'approve'), 3,
  'a final appointment carries three live approvals by three different people');

-- final locks the appointment, its notice and its signatures
select _as(401);
select is(_t($$update public.appointments set reasons = '改' where id = _id(9201)$$), 'P0001 appointment_locked',
  'the officer cannot change a final appointment');
select is(_message(format($q$update public.appointments set to_post = '改' where id = %L$q$, _id(9201))),
  '任用记录已定稿，不能再修改', 'the refusal says so');
select is(_t($$update public.appointments set province_report_ref = '改' where id = _id(9201)$$), 'P0001 appointment_locked',
  'not even the province report');
select is(_t($$update public.appointments set deleted_at = now() where id = _id(9201)$$), 'P0001 appointment_locked',
  'nor tombstone it');
select is(_t($$update public.appointment_notices set handling = '改' where id = _id(9301)$$), 'P0001 appointment_locked',
  'its notice is locked too');
select _as(303);
select is(_sign(9201, 3, 303, 'return', '重新考察'), 'P0001 appointment_locked', 'a final appointment cannot be signed or returned');
select _as(101);
select is(_sees(9201), '1/0/0', 'the cadre now sees their final appointment (their 履历)');
select is((select count(*)::int from public.appointments), 1, 'and only their final ones');
select _as(102);
select is((select count(*)::int from public.appointments), 0, 'another cadre does not see it');
select _as(201);
select is(_sees(9201), '0/0/0', 'a trainer sees nothing of a final appointment either');

-- ---------------------------------------------------------------------------
-- return and resubmission
-- ---------------------------------------------------------------------------
select _as(401);
select is(_submit(9206), 'rows=1', 'the rotation is submitted');
select _as(301);
select is(_sign(9206, 1, 301), 'rows=1', 'level 1 approves');
select _as(302);
select is(_sign(9206, 2, 302, 'return'), 'P0001 comment_required', 'a return needs a comment');
select is(_sign(9206, 2, 302, 'return', '  '), 'P0001 comment_required', 'a blank one is none');
select is(_sign(9206, 2, 302, 'return', '请补充轮岗理由'), 'rows=1', 'level 2 returns with a comment');
select is(_status(9206), 'returned', 'a return sets the appointment to returned');
select is(_live(9206), 2, 'until resubmission the approval and the return stand');
select is(_sign(9206, 2, 302), 'P0001 signoff_out_of_order', 'a returned appointment cannot be signed');
select _as(401);
select is(_t($$update public.appointments set status = 'signed_1' where id = _id(9206)$$), 'P0001 signoff_out_of_order',
  'the officer cannot put a returned appointment back to signed_1');
select is(_submit(9206), 'rows=1', 'the officer resubmits');
select is((_status(9206), _live(9206)), ('noticed'::text, 0), 'resubmission voids every earlier signature, the return too');
select _as(301);
select is(_sign(9206, 1, 301), 'rows=1', 'level 1 signs the resubmitted appointment afresh');

-- a returned promotion is noticed again only with its notice still good
select _as(401);
select is(_set_notice(9303, 9203, '2026-11-02', '2026-11-06', 'no_objection'), 'rows=1', 'the recruitment''s notice ended without objection');
select is(_submit(9203), 'rows=1', 'the recruitment is submitted');

-- ---------------------------------------------------------------------------
-- never the appointee
-- ---------------------------------------------------------------------------
select _as(401);
select is(_record(9207, 305, 'transfer', 911, 912, '2027-01-04'), 'rows=1', 'a supervisor is transferred');
select is(_submit(9207), 'rows=1', 'and the transfer submitted');
select _as(301);
select is(_sign(9207, 1, 301), 'rows=1', 'level 1 approves');
select _as(305);
select is(_sign(9207, 2, 305), 'P0001 signoff_own_assessment', 'the appointee cannot sign their own appointment');
select is(_sees(9207), '0/0/0', 'nor see it before it is final');
reset role;
select is(_t(format('insert into public.appointment_signatures (id, appointment_id, appointment_version, level, signer_id, decision) values (gen_random_uuid(), %L, 0, 2, %L, %L)',
  _id(9207), _id(305), 'approve')), 'P0001 signoff_own_assessment', 'not even the seed can have the appointee sign');

-- ---------------------------------------------------------------------------
-- confirmation (转正)
-- ---------------------------------------------------------------------------
select _as(401);
select is(_t($$insert into public.appointments (id, cadre_id, kind, to_unit_id, to_post, effective_on, reasons, confirms_id)
               values (_id(9208), _id(101), 'confirmation', _id(912), '新职务', '2028-01-04', '试用期满，考核称职', _id(9201))$$),
  'rows=1', 'a confirmation of the cadre''s promotion is drafted');
select is(_submit(9208), 'P0001 appointment_discipline_opinion_required', 'it cannot be submitted without the discipline opinion');
select is(_message(format($q$update public.appointments set status = 'noticed' where id = %L$q$, _id(9208))),
  '转正须注明对应的提拔，并先征求县纪委意见，才能提交签字', 'the refusal says why');
select is(_t($$update public.appointments set discipline_opinion = '未发现违纪违法问题' where id = _id(9208)$$), '23514',
  'the opinion goes with its date');
select is(_t($$update public.appointments set confirms_id = _id(9202) where id = _id(9208)$$), 'P0001 appointment_confirms_mismatch',
  'a confirmation cannot confirm another cadre''s promotion');
select is(_t($$update public.appointments set confirms_id = _id(9206) where id = _id(9208)$$), 'P0001 appointment_confirms_mismatch',
  'nor the cadre''s rotation');
select is(_t($$update public.appointments set confirms_id = _id(9201) where id = _id(9206)$$), '23514',
  'only a confirmation confirms a promotion');
select is(_t($$update public.appointments set confirms_id = null, discipline_opinion = '未发现违纪违法问题', discipline_opinion_on = '2027-12-20'
               where id = _id(9208)$$), 'rows=1', 'the opinion recorded, but the promotion left out');
select is(_submit(9208), 'P0001 appointment_discipline_opinion_required', 'a confirmation needs the promotion it confirms');
select is(_t($$update public.appointments set confirms_id = _id(9201) where id = _id(9208)$$), 'rows=1', 'the promotion named again');
select is(_submit(9208), 'rows=1', 'with both, the confirmation is submitted (no notice needed)');

-- ---------------------------------------------------------------------------
-- < 3 years in post: the report to the province before level 3
-- ---------------------------------------------------------------------------
select _as(401);
select is(_t($$insert into public.appointments (id, cadre_id, kind, from_unit_id, from_post, from_post_since, from_head, to_unit_id, to_post,
                 to_leadership, effective_on, reasons)
               values (_id(9209), _id(102), 'rotation', _id(912), '镇长', '2025-01-04', true, _id(911), '镇长', true, '2027-01-04', '交流任职')$$),
  'rows=1', 'a township head who took the post 2 years before is rotated');
select is((select a.frontline_months from _appt(9209) a), 24,
  'the township post the cadre leaves counts as front-line months from when they took it');
select is(_submit(9209), 'rows=1', 'submitted');
select _as(304);
select is(_sign(9209, 1, 304), 'rows=1', 'level 1 approves');
select _as(302);
select is(_sign(9209, 2, 302), 'rows=1', 'level 2 approves');
select _as(303);
select is(_sign(9209, 3, 303), 'P0001 appointment_needs_province_report', 'level 3 cannot approve without the report to the province');
select is(_message(format('insert into public.appointment_signatures (id, appointment_id, appointment_version, level, signer_id, decision) values (gen_random_uuid(), %L, %s, 3, %L, %L)',
  _id(9209), _version(9209), _id(303), 'approve')),
  '乡镇党政正职任期不到3年调整交流，须先附上向省委组织部的报告（文号和日期），才能进行第3级签字', 'the refusal says what is missing');
select _as(401);
select is(_t($$update public.appointments set province_report_ref = '测组字〔2026〕9号', province_report_on = '2026-12-01' where id = _id(9209)$$),
  'rows=1', 'the officer attaches the report');
select is((_status(9209), _live(9209)), ('signed_2'::text, 2), 'levels 1 and 2 still stand');
select _as(303);
select is(_sign(9209, 3, 303, version_offset => -1), 'P0001 conflict', 'a level-3 signature on the version before the report is a conflict');
select is(_sign(9209, 3, 303), 'rows=1', 'with the report, level 3 approves');
select is(_status(9209), 'final', 'final');
select _as(401);
select is(_t($$insert into public.appointments (id, cadre_id, kind, from_unit_id, from_post, from_post_since, from_head, to_unit_id, to_post,
                 to_leadership, effective_on, reasons, status)
               values (_id(9210), _id(102), 'transfer', _id(912), '镇长', '2024-01-05', true, _id(911), '镇长', true, '2027-01-05', '交流任职', 'draft')$$),
  'rows=1', 'a township head exactly 3 years in post is transferred');
select is(_submit(9210), 'rows=1', 'submitted');
select _as(304);
select is(_sign(9210, 1, 304), 'rows=1', 'level 1 approves');
select _as(302);
select is(_sign(9210, 2, 302), 'rows=1', 'level 2 approves');
select _as(303);
select is(_sign(9210, 3, 303), 'rows=1', 'exactly 3 years in post needs no report: level 3 approves');

-- ---------------------------------------------------------------------------
-- signatures never change
-- ---------------------------------------------------------------------------
select _as(301);
select is(_t($$update public.appointment_signatures set comment = '补' where appointment_id = _id(9206)$$), 'rows=0',
  'a supervisor cannot change a signature');
select is(_t($$delete from public.appointment_signatures where appointment_id = _id(9206)$$), '42501', 'nor delete one');
select _as(401);
select is(_t($$update public.appointment_signatures set comment = '补' where appointment_id = _id(9206)$$), 'rows=0',
  'nor can the officer change one');
reset role;
select is(_t($$update public.appointment_signatures set comment = '事后补' where appointment_id = _id(9206) and voided_at is null$$),
  'P0001 signature_immutable', 'not even the owner rewrites a signature');
select is(_t($$update public.appointment_signatures set voided_at = now() - interval '1 day' where appointment_id = _id(9206) and voided_at is not null$$),
  'P0001 signature_immutable', 'a voiding cannot be re-dated');

-- ---------------------------------------------------------------------------
-- no duplicates (不重)
-- ---------------------------------------------------------------------------
select _as(401);
select throws_ok(format($q$insert into public.appointments (id, cadre_id, kind, to_unit_id, to_post, effective_on, reasons)
                           values (%L, %L, 'promotion', %L, '副镇长', '2027-01-04', '重复登记')$q$, _id(9211), _id(101), _id(911)),
  '23505', 'duplicate key value violates unique constraint "appointments_no_duplicate"',
  'a second live appointment of the same cadre, kind and day is refused');
select is(_record(9211, 101, 'promotion', 911, 911, '2027-01-05'), 'rows=1', 'another day is another appointment');
select is(_t($$update public.appointments set deleted_at = now() where id = _id(9211)$$), 'rows=1', 'the officer tombstones a draft');
select is(_record(9212, 101, 'promotion', 911, 911, '2027-01-05'), 'rows=1', 'a tombstoned duplicate does not block');
select is(_set_notice(9304, 9212, '2026-11-02', '2026-11-06'), 'rows=1', 'its notice');
select is(_t($$update public.appointment_notices set deleted_at = now() where id = _id(9304)$$), 'rows=1', 'withdrawn while a draft');
select is(_set_notice(9305, 9212, '2026-11-09', '2026-11-13'), 'rows=1', 'a withdrawn notice does not block a new one');
select is(_set_notice(9306, 9211, '2026-11-09', '2026-11-13'), 'P0001 not_found', 'a tombstoned appointment takes no notice');
reset role;
select is(_t(format('insert into public.appointment_signatures (id, appointment_id, appointment_version, level, signer_id, decision) values (gen_random_uuid(), %L, 0, 1, %L, %L)',
  _id(9211), _id(301), 'approve')), 'P0001 not_found', 'nor a signature');

-- ---------------------------------------------------------------------------
-- privileged callers (seed, maintenance)
-- ---------------------------------------------------------------------------
insert into public.appointments (id, cadre_id, kind, to_unit_id, to_post, effective_on, reasons, status) values
  (_id(9213), _id(101), 'transfer', _id(912), '副镇长', '2025-06-01', '历史记录', 'signed_2');
select is((select (a.status, a.from_frontline) from _appt(9213) a), ('signed_2'::text, false),
  'the seed may record any status; the computed columns are computed for it too');
do $$ begin perform set_config('test.signed_version', public._version(9213)::text, true); end $$;
select is(_t($$insert into public.appointment_signatures (id, appointment_id, appointment_version, level, signer_id, decision, content_hash, signed_at)
               values (_id(9413), _id(9213), 12345, 3, _id(303), 'approve', 'x', '2025-05-20T10:00:00+08')$$),
  'rows=1', 'the seed signs on a supervisor''s behalf without knowing the version');
select is((select (s.appointment_version, s.content_hash, s.signed_at) from public.appointment_signatures s where s.id = _id(9413)),
  (current_setting('test.signed_version')::bigint, _expected_hash(9213), '2025-05-20T10:00:00+08'::timestamptz),
  'the stored version and hash are the database''s; the seed keeps its date');
select is(_status(9213), 'final', 'a privileged approval moves the appointment on too');
select is(_t(format('insert into public.appointment_signatures (id, appointment_id, appointment_version, level, signer_id, decision) values (gen_random_uuid(), %L, 0, 1, %L, %L)',
  _id(9213), _id(302), 'approve')), 'P0001 signoff_wrong_level', 'privileged callers still need a signer of the right level');

select * from finish();
rollback;
