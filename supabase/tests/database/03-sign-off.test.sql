-- Three-level sign-off: order, levels, three different signers, never the
-- cadre, scope, the stored hash, voiding, return and resubmission, the final
-- lock, and a stale version answered as a conflict.
begin;
select plan(55);

\ir fixtures/helpers.sql
-- the error message of a statement, null if it succeeds
create function public._message(sql text) returns text language plpgsql as $$
begin
  execute sql;
  return null;
exception when others then
  return sqlerrm;
end $$;
-- sign as the current caller, with the version they can see
create function public._sign(assessment int, lvl int, signer int, decision text default 'approve', comment text default null,
                             version_offset int default 0) returns text language sql as $$
  select public._t(format(
    'insert into public.assessment_signatures (id, assessment_id, assessment_version, level, signer_id, decision, comment, content_hash, signed_at)
     values (gen_random_uuid(), %L, %s, %s, %L, %L, %L, %L, %L)',
    public._id(assessment),
    coalesce((select a.version from public.assessments a where a.id = public._id(assessment)), 0) + version_offset,
    lvl, public._id(signer), decision, comment, 'forged-by-the-client', '2000-01-01T00:00:00Z'))
$$;
-- what the database must store: sha256 of the signed content as canonical jsonb
create function public._expected_hash(assessment int) returns text language sql as $$
  select encode(sha256(convert_to(jsonb_build_object(
    'cadre_id', a.cadre_id, 'kind', a.kind, 'period_start', a.period_start, 'period_end', a.period_end,
    'posting_id', a.posting_id, 'self_summary', a.self_summary, 'rating', a.rating,
    'supervisor_comment', a.supervisor_comment)::text, 'UTF8')), 'hex')
  from public.assessments a where a.id = public._id(assessment)
$$;
create function public._status(assessment int) returns text language sql security definer as $$
  select status from public.assessments where id = public._id(assessment)
$$;
create function public._live(assessment int) returns int language sql security definer as $$
  select count(*)::int from public.assessment_signatures
  where assessment_id = public._id(assessment) and voided_at is null and deleted_at is null
$$;

-- ---------------------------------------------------------------------------
-- fixtures: county 901 > town 911, town 912
--   101 cadre C (911)  102 cadre D (911)
--   301 level 1, scope 911   302 level 2, scope county   303 level 3, scope county
--   304 level 1, scope 912 (C is out of its scope)
-- ---------------------------------------------------------------------------
insert into public.units (id, name, kind, parent_id) values
  (_id(901), '签字测试县', 'county', null), (_id(911), '签字一镇', 'town', _id(901)), (_id(912), '签字二镇', 'town', _id(901));
insert into auth.users (id, email)
select _id(n), format('pgtap-signoff-%s@test.local', n) from unnest(array[101, 102, 301, 302, 303, 304]) n;
insert into public.profiles (id, full_name, role, unit_id, sign_level, scope_unit_id) values
  (_id(101), '干部丙', 'cadre', _id(911), null, null),
  (_id(102), '干部丁', 'cadre', _id(911), null, null),
  (_id(301), '一级签字人', 'supervisor', _id(901), 1, _id(911)),
  (_id(302), '二级签字人', 'supervisor', _id(901), 2, _id(901)),
  (_id(303), '三级签字人', 'supervisor', _id(901), 3, _id(901)),
  (_id(304), '外镇一级签字人', 'supervisor', _id(912), 1, _id(912));
insert into public.assessments (id, cadre_id, kind, period_start, period_end) values
  (_id(9001), _id(101), 'annual', '2026-01-01', '2026-12-31');
insert into public.assessments (id, cadre_id, kind, period_start, period_end, status) values
  (_id(9002), _id(301), 'annual', '2026-01-01', '2026-12-31', 'submitted');

-- ---------------------------------------------------------------------------
-- submission and the order of levels
-- ---------------------------------------------------------------------------
select _as(301);
select is(_sign(9001, 1, 301), 'P0001 signoff_out_of_order', 'a draft cannot be signed');
select _as(101);
select is(_t($$update public.assessments set self_summary = '全年完成各项任务', status = 'submitted' where id = _id(9001)$$), 'rows=1', 'the cadre writes a self summary and submits');
select is(_status(9001), 'submitted', 'the assessment is submitted');
select ok((select submitted_at is not null from public.assessments where id = _id(9001)), 'the server records when it was submitted');
select is(_t($$update public.assessments set self_summary = '再改' where id = _id(9001)$$), 'P0001 assessment_not_editable', 'a submitted assessment is not editable by the cadre');
select is(_t($$update public.assessments set status = 'final' where id = _id(9001)$$), 'P0001 assessment_not_editable', 'the cadre cannot push the status on');

select _as(302);
select is(_sign(9001, 2, 302), 'P0001 signoff_out_of_order', 'level 2 cannot sign before level 1');
select is(_message(format('insert into public.assessment_signatures (id, assessment_id, assessment_version, level, signer_id, decision) values (gen_random_uuid(), %L, %s, 2, %L, %L)',
  _id(9001), (select version from public.assessments where id = _id(9001)), _id(302), 'approve')),
  '需先经第1级签字，才能进行第2级签字', 'the refusal says in Chinese which level must sign first');
select _as(301);
select is(_sign(9001, 2, 301), 'P0001 signoff_wrong_level', 'a level-1 signer cannot sign at level 2');
select is(_sign(9001, 1, 302), 'P0001 signoff_signer_mismatch', 'nobody signs in someone else''s name');
select _as(304);
select is(_sign(9001, 1, 304), 'P0001 signoff_not_in_scope', 'a signer cannot sign for a cadre outside their scope');
select _as(301);
select is(_sign(9001, 1, 301, version_offset => -1), 'P0001 conflict', 'a signature on a version that has moved on is a conflict');
select is(_sign(9002, 1, 301), 'P0001 signoff_own_assessment', 'nobody signs their own assessment');
select is(_sign(9001, 1, 301), 'rows=1', 'level 1 approves');
select is(_status(9001), 'signed_1', 'level 1 approval moves the assessment to signed_1');
select is((select content_hash from public.assessment_signatures where assessment_id = _id(9001) and level = 1),
  _expected_hash(9001), 'the database stores the hash of the content signed, not what the client sent');
select ok((select signed_at > now() - interval '1 minute' from public.assessment_signatures where assessment_id = _id(9001) and level = 1),
  'the database stamps the signing time');
select is(_sign(9001, 1, 301), 'P0001 signoff_out_of_order', 'level 1 cannot sign twice');

-- the same person cannot sign at two levels, even after a change of sign level
reset role;
update public.profiles set sign_level = 2 where id = _id(301);
select _as(301);
select is(_sign(9001, 2, 301), 'P0001 signoff_same_signer', 'one person cannot approve the same assessment at two levels');
reset role;
update public.profiles set sign_level = 1 where id = _id(301);

select _as(302);
select is(_sign(9001, 2, 302), 'rows=1', 'level 2 approves');
select is(_status(9001), 'signed_2', 'level 2 approval moves the assessment to signed_2');
select _as(303);
select is(_sign(9001, 3, 303), 'rows=1', 'level 3 approves');
select is(_status(9001), 'final', 'level 3 approval makes the assessment final');
select is((select count(distinct signer_id)::int from public.assessment_signatures where assessment_id = _id(9001) and voided_at is null), 3,
  'a final assessment carries three live approvals by three different people');

-- ---------------------------------------------------------------------------
-- final locks
-- ---------------------------------------------------------------------------
select _as(101);
select is(_t($$update public.assessments set self_summary = '改' where id = _id(9001)$$), 'P0001 assessment_locked', 'the cadre cannot change a final assessment');
select _as(301);
select is(_t($$update public.assessments set rating = 'excellent' where id = _id(9001)$$), 'P0001 assessment_locked', 'a supervisor cannot change a final assessment');
select _as(303);
select is(_sign(9001, 3, 303, 'return', '重新评'), 'P0001 assessment_locked', 'a final assessment cannot be signed or returned');

-- ---------------------------------------------------------------------------
-- return and resubmission
-- ---------------------------------------------------------------------------
select _as(301);
select is(_t($$insert into public.assessments (id, cadre_id, kind, period_start, period_end, status) values (_id(9003), _id(102), 'annual', '2026-01-01', '2026-12-31', 'submitted')$$),
  'P0001 signoff_out_of_order', 'a supervisor cannot create an assessment already submitted');
select is(_t($$insert into public.assessments (id, cadre_id, kind, period_start, period_end) values (_id(9003), _id(102), 'annual', '2026-01-01', '2026-12-31')$$),
  'rows=1', 'a supervisor creates a draft assessment');
select _as(102);
select is(_t($$update public.assessments set self_summary = '初稿', status = 'submitted' where id = _id(9003)$$), 'rows=1', 'the cadre submits');
select _as(301);
select is(_sign(9003, 1, 301), 'rows=1', 'level 1 approves');
select _as(302);
select is(_sign(9003, 2, 302, 'return'), 'P0001 comment_required', 'a return needs a comment');
select is(_sign(9003, 2, 302, 'return', '请补充重点项目情况'), 'rows=1', 'level 2 returns with a comment');
select is(_status(9003), 'returned', 'a return sets the assessment to returned');
select is(_live(9003), 2, 'until resubmission the approval and the return still stand');
select is(_sign(9003, 2, 302), 'P0001 signoff_out_of_order', 'a returned assessment cannot be signed');
select _as(102);
select is(_t($$update public.assessments set self_summary = '已补充重点项目情况' where id = _id(9003)$$), 'rows=1', 'the cadre edits a returned assessment');
select is(_live(9003), 1, 'the edit voids the approval of the old content (the return stays readable)');
select is(_t($$update public.assessments set status = 'submitted' where id = _id(9003)$$), 'rows=1', 'the cadre submits again');
select is(_live(9003), 0, 'resubmission voids every earlier signature');
select _as(301);
select is(_sign(9003, 1, 301), 'rows=1', 'level 1 signs the resubmitted assessment afresh');

-- ---------------------------------------------------------------------------
-- a content change voids approvals and restarts the chain
-- ---------------------------------------------------------------------------
select is(_t($$update public.assessments set supervisor_comment = '表现突出' where id = _id(9003)$$), 'rows=1', 'a supervisor changes the comment of a signed assessment');
select is(_status(9003), 'submitted', 'changing signed content sends the assessment back to submitted');
select is(_live(9003), 0, 'and voids the approval of the old content');
select is(_sign(9003, 1, 301), 'rows=1', 'level 1 can approve the new content');
select is((select content_hash from public.assessment_signatures where assessment_id = _id(9003) and voided_at is null),
  _expected_hash(9003), 'the new approval carries the hash of the new content');

-- ---------------------------------------------------------------------------
-- signatures are immutable
-- ---------------------------------------------------------------------------
reset role;
select is(_t($$update public.assessment_signatures set comment = '事后补' where assessment_id = _id(9003) and voided_at is null$$),
  'P0001 signature_immutable', 'not even the owner rewrites a signature');
select is(_t($$update public.assessment_signatures set voided_at = now() - interval '1 day' where assessment_id = _id(9003) and voided_at is not null$$),
  'P0001 signature_immutable', 'a voiding cannot be re-dated');

-- ---------------------------------------------------------------------------
-- privileged callers (seed, maintenance)
-- ---------------------------------------------------------------------------
insert into public.assessments (id, cadre_id, kind, period_start, period_end, self_summary, status) values
  (_id(9004), _id(101), 'probation', '2025-01-01', '2025-12-31', '试用期总结', 'submitted');
select is(_t($$insert into public.assessment_signatures (id, assessment_id, assessment_version, level, signer_id, decision, content_hash, signed_at)
               values (_id(9104), _id(9004), 12345, 1, _id(301), 'approve', 'x', '2025-12-31T10:00:00+08')$$),
  'rows=1', 'the seed signs on a supervisor''s behalf without knowing the version');
select is((select (assessment_version < 12345, content_hash, signed_at) from public.assessment_signatures where id = _id(9104)),
  (true, _expected_hash(9004), '2025-12-31T10:00:00+08'::timestamptz), 'the stored version and hash are the database''s; the seed keeps its date');
select is(_status(9004), 'signed_1', 'a privileged approval moves the assessment on too');
select is(_sign(9004, 2, 304), 'P0001 signoff_wrong_level', 'privileged callers still need a signer of the right level');
insert into public.assessments (id, cadre_id, kind, period_start, period_end, self_summary, rating, status) values
  (_id(9005), _id(102), 'annual', '2025-01-01', '2025-12-31', '年度总结', 'excellent', 'final');
insert into public.assessment_signatures (id, assessment_id, assessment_version, level, signer_id, decision)
select _id(9110 + l), _id(9005), 0, l, _id(300 + l), 'approve' from generate_series(1, 3) l;
select is((select count(*)::int from public.assessment_signatures where assessment_id = _id(9005) and content_hash = _expected_hash(9005)), 3,
  'the seed may insert a final assessment and then its three signatures');
select is(_status(9005), 'final', 'which leaves it final');
select is(_t($$insert into public.assessment_signatures (id, assessment_id, assessment_version, level, signer_id, decision) values (_id(9120), _id(9005), 0, 2, _id(102), 'approve')$$),
  'P0001 signoff_own_assessment', 'even the seed cannot have a cadre sign their own assessment');

select * from finish();
rollback;
