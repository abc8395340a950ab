-- =============================================================================
-- The appointment register (选拔任用记实): every selection and appointment of a
-- township cadre, recorded by a named officer of the organization department,
-- publicly noticed (任前公示), signed at three levels before submission
-- (提交前"三级签字"), tracked through probation (试用期). Contract:
-- docs/design-notes.md "The appointment register".
--
--   draft -> noticed -> signed_1 -> signed_2 -> final
--   noticed | signed_1 | signed_2 -> returned -> noticed
--
-- The sign-off mirrors the assessments' (20261127000300_sign-off.sql): levels in
-- order, the signer's own level, the appointee in their scope, three different
-- signers, never the appointee, each signature bound to the database's hash of
-- the content signed; a change voids approvals, final locks. Errors: P0001, a
-- Chinese message, the hint as a stable code.
-- =============================================================================

-- ---------------------------------------------------------------------------
-- Records
-- ---------------------------------------------------------------------------
create table public.appointments (
  id uuid primary key,
  cadre_id uuid not null references public.profiles (id),
  kind text not null check (kind in ('promotion', 'transfer', 'rotation', 'confirmation', 'removal', 'recruitment')),
  from_unit_id uuid references public.units (id),
  from_post text check (char_length(from_post) between 1 and 200),
  -- when the cadre took the post they leave: the "< 3 years in post" rule reads it
  from_post_since date,
  -- the post left is a township party or government head (乡镇党政正职)
  from_head boolean not null default false,
  to_unit_id uuid references public.units (id),
  to_post text check (char_length(to_post) between 1 and 200),
  -- the new post belongs to a township's party/government leadership (乡镇党政领导班子)
  to_leadership boolean not null default false,
  -- part of adjusting a township's leadership team after assessment (调整班子)
  team_adjustment boolean not null default false,
  effective_on date not null,
  reasons text not null check (char_length(reasons) between 1 and 5000),
  -- computed by the database (private.guard_appointment), whatever the client sends
  frontline_months integer,
  from_frontline boolean,
  probation_ends_on date,
  recorded_by uuid references public.profiles (id),
  confirms_id uuid references public.appointments (id),
  discipline_opinion text check (char_length(discipline_opinion) between 1 and 2000),
  discipline_opinion_on date,
  province_report_ref text check (char_length(province_report_ref) between 1 and 200),
  province_report_on date,
  status text not null default 'draft' check (status in ('draft', 'noticed', 'signed_1', 'signed_2', 'final', 'returned')),
  submitted_at timestamptz,
  version bigint not null default 0,
  txid xid8 not null default pg_current_xact_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  constraint appointments_to_required check (kind = 'removal' or (to_unit_id is not null and to_post is not null)),
  constraint appointments_from_post_since_before check (from_post_since is null or from_post_since <= effective_on),
  constraint appointments_confirms_only_confirmation check (confirms_id is null or kind = 'confirmation'),
  constraint appointments_province_report_whole check ((province_report_ref is null) = (province_report_on is null)),
  constraint appointments_discipline_opinion_whole check ((discipline_opinion is null) = (discipline_opinion_on is null))
);
alter table public.appointments enable row level security;
create index appointments_cadre_id_idx on public.appointments (cadre_id); -- a cadre's history; supervisor scope
create index appointments_from_unit_id_idx on public.appointments (from_unit_id);
create index appointments_to_unit_id_idx on public.appointments (to_unit_id);
create index appointments_recorded_by_idx on public.appointments (recorded_by);
create index appointments_confirms_id_idx on public.appointments (confirms_id);
create index appointments_sync_idx on public.appointments (txid, id); -- sync_pull range scan
-- 不重: the same move of the same cadre is recorded once
create unique index appointments_no_duplicate on public.appointments (cadre_id, kind, effective_on)
  where deleted_at is null;

create table public.appointment_notices (
  id uuid primary key,
  appointment_id uuid not null references public.appointments (id),
  starts_on date not null,
  ends_on date not null,
  outcome text not null default 'pending'
    check (outcome in ('pending', 'no_objection', 'objection_dismissed', 'objection_upheld')),
  complaint text check (char_length(complaint) between 1 and 5000),
  complaint_channel text check (complaint_channel in ('12380_phone', '12380_web', 'letter', 'visit')),
  handling text check (char_length(handling) between 1 and 5000),
  version bigint not null default 0,
  txid xid8 not null default pg_current_xact_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  constraint appointment_notices_period check (ends_on >= starts_on),
  constraint appointment_notices_channel_needs_complaint check (complaint_channel is null or complaint is not null)
);
alter table public.appointment_notices enable row level security;
create index appointment_notices_appointment_id_idx on public.appointment_notices (appointment_id);
create unique index appointment_notices_one_per_appointment on public.appointment_notices (appointment_id)
  where deleted_at is null;
create index appointment_notices_sync_idx on public.appointment_notices (txid, id); -- sync_pull range scan

create table public.appointment_signatures (
  id uuid primary key,
  appointment_id uuid not null references public.appointments (id),
  appointment_version bigint not null,
  level smallint not null check (level between 1 and 3),
  signer_id uuid not null references public.profiles (id),
  decision text not null check (decision in ('approve', 'return')),
  comment text check (char_length(comment) <= 2000),
  content_hash text,
  signed_at timestamptz not null default now(),
  voided_at timestamptz,
  version bigint not null default 0,
  txid xid8 not null default pg_current_xact_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  constraint appointment_signatures_return_has_comment check (decision = 'approve' or char_length(comment) between 1 and 2000)
);
alter table public.appointment_signatures enable row level security;
create index appointment_signatures_appointment_id_idx on public.appointment_signatures (appointment_id);
create index appointment_signatures_signer_id_idx on public.appointment_signatures (signer_id);
create unique index appointment_signatures_one_live_approval_per_level
  on public.appointment_signatures (appointment_id, level)
  where decision = 'approve' and voided_at is null and deleted_at is null;
create index appointment_signatures_sync_idx on public.appointment_signatures (txid, id); -- sync_pull range scan

do $$
declare
  t text;
begin
  foreach t in array array['appointments', 'appointment_notices', 'appointment_signatures'] loop
    execute format(
      'create trigger %I before insert or update on public.%I for each row execute function private.stamp_sync_columns()',
      t || '_stamp_sync_columns', t);
    execute format(
      'create trigger %I after insert or update or delete on public.%I for each row execute function private.write_audit_log()',
      t || '_audit', t);
  end loop;
end
$$;

-- ---------------------------------------------------------------------------
-- What the rules read
-- ---------------------------------------------------------------------------

-- sha256 (hex) of what a signer approves: every field the officer writes except
-- the province report, which may be attached after levels 1 and 2 have signed.
create or replace function private.appointment_content_hash(a public.appointments) returns text
language sql
stable
set search_path = ''
as $$
  select encode(pg_catalog.sha256(convert_to(jsonb_build_object(
    'cadre_id', a.cadre_id, 'kind', a.kind,
    'from_unit_id', a.from_unit_id, 'from_post', a.from_post, 'from_post_since', a.from_post_since,
    'from_head', a.from_head, 'to_unit_id', a.to_unit_id, 'to_post', a.to_post,
    'to_leadership', a.to_leadership, 'team_adjustment', a.team_adjustment,
    'effective_on', a.effective_on, 'reasons', a.reasons, 'confirms_id', a.confirms_id,
    'discipline_opinion', a.discipline_opinion, 'discipline_opinion_on', a.discipline_opinion_on
  )::text, 'UTF8')), 'hex')
$$;

-- Moving a township head who took the post less than 3 years before needs a
-- report to the province (任期不到3年进行调整交流).
create or replace function private.appointment_needs_province_report(a public.appointments) returns boolean
language sql
immutable
set search_path = ''
as $$
  select a.from_head and a.from_post_since is not null
     and a.kind in ('promotion', 'transfer', 'rotation', 'removal')
     and a.effective_on < (a.from_post_since + interval '3 years')::date
$$;

-- Monday to Friday in [p_from, p_to], both ends counted. Public holidays are not
-- known to the database; the officer sets a longer notice over a holiday.
create or replace function private.working_days(p_from date, p_to date) returns integer
language sql
immutable
set search_path = ''
as $$
  select count(*)::integer
  from generate_series(p_from, p_to, interval '1 day') d
  where extract(isodow from d) < 6
$$;

-- Months the cadre had worked in townships before p_on: their home unit when it is a
-- town or xiang (from in_unit_since), and their postings to towns and xiang.
-- The post the cadre leaves counts too when it is in a township: a rotation resets
-- in_unit_since to the arrival, and the years before are known only from the record.
create or replace function private.frontline_months(p_cadre uuid, p_on date, p_from_unit uuid, p_from_since date)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  with spans as (
    select p.in_unit_since as s, p_on as e
    from public.profiles p join public.units u on u.id = p.unit_id
    where p.id = p_cadre and u.kind in ('town', 'xiang') and p.in_unit_since is not null
    union all
    select po.starts_on, least(coalesce(po.ended_on, p_on), p_on)
    from public.postings po join public.units u on u.id = po.to_unit_id
    where po.cadre_id = p_cadre and po.deleted_at is null and u.kind in ('town', 'xiang')
    union all
    select p_from_since, p_on
    from public.units u
    where u.id = p_from_unit and u.kind in ('town', 'xiang') and p_from_since is not null
  ),
  -- a posting to a township while the cadre already works in one overlaps the home span:
  -- the months are counted once (merged ranges), not twice
  merged as (
    select unnest(range_agg(daterange(s, e))) as r from spans where s < e
  )
  select coalesce(sum(extract(year from age(upper(r), lower(r))) * 12 + extract(month from age(upper(r), lower(r)))), 0)::integer
  from merged
$$;

create or replace function private.unit_kind(p_unit uuid) returns text
language sql
stable
security definer
set search_path = ''
as $$
  select u.kind from public.units u where u.id = p_unit
$$;

-- The appointment a signature or a notice is about, whatever the caller may see,
-- locked until the caller's statement commits (as private.signoff_target).
create or replace function private.appointment_target(p_appointment uuid,
  out cadre_id uuid, out status text, out version bigint, out deleted boolean, out content_hash text,
  out needs_report boolean, out has_report boolean)
language sql
volatile
security definer
set search_path = ''
as $$
  select a.cadre_id, a.status, a.version, a.deleted_at is not null, private.appointment_content_hash(a),
         private.appointment_needs_province_report(a), a.province_report_ref is not null
  from public.appointments a where a.id = p_appointment
  for no key update
$$;

create or replace function private.has_live_appointment_approval(p_appointment uuid, p_signer uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.appointment_signatures s
    where s.appointment_id = p_appointment and s.signer_id = p_signer
      and s.decision = 'approve' and s.voided_at is null and s.deleted_at is null
  )
$$;

-- VOLATILE for the reason of private.has_live_approval_not_matching
create or replace function private.has_live_appointment_approval_not_matching(p_appointment uuid, p_content_hash text)
returns boolean
language sql
volatile
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.appointment_signatures s
    where s.appointment_id = p_appointment
      and s.decision = 'approve' and s.voided_at is null and s.deleted_at is null
      and s.content_hash is distinct from p_content_hash
  )
$$;

-- The live notice of an appointment (its outcome and end), for the submission check.
create or replace function private.appointment_notice_state(p_appointment uuid, out outcome text, out ends_on date)
language sql
stable
security definer
set search_path = ''
as $$
  select n.outcome, n.ends_on from public.appointment_notices n
  where n.appointment_id = p_appointment and n.deleted_at is null
$$;

-- Appointments a supervisor sees: the submitted ones of cadres in their scope.
create or replace function private.scope_appointment_ids() returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select a.id from public.appointments a
    where a.status <> 'draft' and a.cadre_id in (select private.scope_cadre_ids());
end
$$;

-- ---------------------------------------------------------------------------
-- appointments: who may change what, and when
-- ---------------------------------------------------------------------------
create or replace function private.guard_appointment() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  privileged boolean := private.is_privileged();
  confirmed record;
  notice record;
  new_hash text;
begin
  if tg_op = 'UPDATE' and old.status = 'final' and not privileged then
    raise exception '任用记录已定稿，不能再修改' using errcode = 'P0001', hint = 'appointment_locked';
  end if;

  if tg_op = 'INSERT' then
    if not privileged then
      if new.status <> 'draft' then
        raise exception '新建的任用记录只能是草稿，签字状态由逐级签字产生' using errcode = 'P0001', hint = 'signoff_out_of_order';
      end if;
      new.submitted_at := null;
      new.recorded_by := uid; -- the named officer is whoever recorded it (记实专人)
    else
      new.recorded_by := coalesce(new.recorded_by, uid);
    end if;
  elsif not privileged then
    new.recorded_by := old.recorded_by;
    new.submitted_at := old.submitted_at;
    if new.status is distinct from old.status then
      if not (old.status in ('draft', 'returned') and new.status = 'noticed') then
        raise exception '任用记录只能由记实人提交签字，其余状态由逐级签字改变' using errcode = 'P0001', hint = 'signoff_out_of_order';
      end if;
    end if;
  end if;

  if new.confirms_id is not null then
    select a.cadre_id, a.kind into confirmed from public.appointments a where a.id = new.confirms_id;
    if confirmed.cadre_id is distinct from new.cadre_id or confirmed.kind is distinct from 'promotion' then
      raise exception '转正须对应该干部本人的一次提拔' using errcode = 'P0001', hint = 'appointment_confirms_mismatch';
    end if;
  end if;

  -- submission (提交签字): what each kind needs first
  if new.status = 'noticed' and (tg_op = 'INSERT' or old.status is distinct from 'noticed') and not privileged then
    if new.kind in ('promotion', 'recruitment') then
      select * into notice from private.appointment_notice_state(new.id);
      if notice.outcome is null or notice.outcome not in ('no_objection', 'objection_dismissed') then
        raise exception '提拔和考录须经任前公示，公示结束且无影响任用的问题后才能提交签字'
          using errcode = 'P0001', hint = 'appointment_notice_required';
      end if;
    end if;
    if new.kind = 'confirmation' and (new.confirms_id is null or new.discipline_opinion is null) then
      raise exception '转正须注明对应的提拔，并先征求县纪委意见，才能提交签字'
        using errcode = 'P0001', hint = 'appointment_discipline_opinion_required';
    end if;
    new.submitted_at := now();
  end if;

  -- what the database computes, whatever was sent
  new.from_frontline := coalesce(private.unit_kind(new.from_unit_id) in ('town', 'xiang'),
                                 new.kind = 'recruitment');
  new.frontline_months := private.frontline_months(new.cadre_id, new.effective_on, new.from_unit_id, new.from_post_since);
  new.probation_ends_on := case when new.kind = 'promotion' and new.to_leadership
                                then (new.effective_on + interval '1 year')::date end;

  if tg_op = 'UPDATE' then
    -- a change of the signed content voids the approvals of the old content
    -- (after the update); a partly signed appointment starts again at level 1
    new_hash := private.appointment_content_hash(new);
    if new_hash is distinct from private.appointment_content_hash(old)
       and new.status in ('signed_1', 'signed_2')
       and private.has_live_appointment_approval_not_matching(new.id, new_hash) then
      new.status := 'noticed';
    end if;
  end if;
  return new;
end
$$;

create or replace function private.after_appointment_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.status = 'noticed' and old.status is distinct from 'noticed' and old.status not in ('signed_1', 'signed_2') then
    -- a (re)submission: nothing signed before it counts any more
    update public.appointment_signatures s set voided_at = now()
    where s.appointment_id = new.id and s.voided_at is null and s.deleted_at is null;
    -- the notice was written while only the department saw the record: stamp it
    -- again, so that supervisors' pulls (past its old txid) receive it now
    update public.appointment_notices n set outcome = n.outcome
    where n.appointment_id = new.id and n.deleted_at is null;
  elsif private.appointment_content_hash(new) is distinct from private.appointment_content_hash(old) then
    update public.appointment_signatures s set voided_at = now()
    where s.appointment_id = new.id and s.voided_at is null and s.deleted_at is null
      and s.decision = 'approve' and s.content_hash is distinct from private.appointment_content_hash(new);
  end if;
  return null;
end
$$;

create trigger appointments_guard
  before insert or update on public.appointments
  for each row execute function private.guard_appointment();

create trigger appointments_after_change
  after update on public.appointments
  for each row execute function private.after_appointment_change();

-- ---------------------------------------------------------------------------
-- appointment_notices (任前公示)
-- ---------------------------------------------------------------------------
create or replace function private.guard_appointment_notice() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  privileged boolean := private.is_privileged();
  a record;
begin
  if tg_op = 'UPDATE' and new.appointment_id is distinct from old.appointment_id then
    raise exception '公示不能改到另一条任用记录' using errcode = 'P0001', hint = 'forbidden';
  end if;
  select * into a from private.appointment_target(new.appointment_id);
  if a.cadre_id is null or a.deleted then
    raise exception '找不到要公示的任用记录' using errcode = 'P0001', hint = 'not_found';
  end if;
  if not privileged and a.status = 'final' then
    raise exception '任用记录已定稿，公示不能再修改' using errcode = 'P0001', hint = 'appointment_locked';
  end if;
  if not privileged and a.status not in ('draft', 'returned') then
    raise exception '任用记录已提交签字，公示不能再修改；如需修改，请等待退回' using errcode = 'P0001', hint = 'appointment_not_editable';
  end if;
  if private.working_days(new.starts_on, new.ends_on) < 5 then
    raise exception '公示期不少于5个工作日（%至%只有%个工作日）', new.starts_on, new.ends_on,
      private.working_days(new.starts_on, new.ends_on) using errcode = 'P0001', hint = 'notice_too_short';
  end if;
  if new.outcome <> 'pending' then
    if not privileged and current_date < new.ends_on then
      raise exception '公示期到%结束，结束后才能登记公示结果', new.ends_on using errcode = 'P0001', hint = 'notice_not_ended';
    end if;
    if new.complaint is not null and new.handling is null then
      raise exception '公示期间有反映问题的，须先填写处理情况，再登记公示结果'
        using errcode = 'P0001', hint = 'complaint_handling_required';
    end if;
  end if;
  return new;
end
$$;

create trigger appointment_notices_guard
  before insert or update on public.appointment_notices
  for each row execute function private.guard_appointment_notice();

-- ---------------------------------------------------------------------------
-- appointment_signatures: the checks before a signature is accepted
-- ---------------------------------------------------------------------------
create or replace function private.check_appointment_signature() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  privileged boolean := private.is_privileged();
  a record;
  signer record;
  awaited text;
  reached integer;
begin
  select * into a from private.appointment_target(new.appointment_id);
  if a.cadre_id is null or a.deleted then
    raise exception '找不到要签字的任用记录' using errcode = 'P0001', hint = 'not_found';
  end if;
  if not privileged and new.signer_id is distinct from uid then
    raise exception '只能以本人身份签字' using errcode = 'P0001', hint = 'signoff_signer_mismatch';
  end if;
  if new.signer_id = a.cadre_id then
    raise exception '不能为本人的任用记录签字' using errcode = 'P0001', hint = 'signoff_own_assessment';
  end if;
  select * into signer from private.signer_grade(new.signer_id);
  if signer.role is distinct from 'supervisor' or signer.deleted
     or signer.sign_level is distinct from new.level then
    raise exception '第%级签字须由签字级别为第%级的主管进行', new.level, new.level
      using errcode = 'P0001', hint = 'signoff_wrong_level';
  end if;
  if not privileged and a.cadre_id not in (select private.supervisor_scope_cadre_ids(new.signer_id)) then
    raise exception '该干部不在您的管理范围内，不能签字' using errcode = 'P0001', hint = 'signoff_not_in_scope';
  end if;
  if a.status = 'final' and not privileged then
    raise exception '任用记录已定稿，不能再签字' using errcode = 'P0001', hint = 'appointment_locked';
  end if;
  if privileged then
    new.appointment_version := a.version;
  elsif new.appointment_version is distinct from a.version then
    raise exception '任用记录在您查看之后已有变动，请刷新后再签字' using errcode = 'P0001', hint = 'conflict';
  end if;
  awaited := (array['noticed', 'signed_1', 'signed_2'])[new.level];
  if a.status <> awaited and not privileged then
    reached := array_position(array['noticed', 'signed_1', 'signed_2'], a.status);
    if a.status = 'draft' then
      raise exception '任用记录尚未提交签字' using errcode = 'P0001', hint = 'signoff_out_of_order';
    elsif a.status = 'returned' then
      raise exception '任用记录已退回，须记实人修改并重新提交后才能签字' using errcode = 'P0001', hint = 'signoff_out_of_order';
    elsif reached < new.level then
      raise exception '需先经第%级签字，才能进行第%级签字', reached, new.level
        using errcode = 'P0001', hint = 'signoff_out_of_order';
    else
      raise exception '该任用记录已经过第%级签字', new.level using errcode = 'P0001', hint = 'signoff_out_of_order';
    end if;
  end if;
  if new.level = 3 and new.decision = 'approve' and a.needs_report and not a.has_report then
    raise exception '乡镇党政正职任期不到3年调整交流，须先附上向省委组织部的报告（文号和日期），才能进行第3级签字'
      using errcode = 'P0001', hint = 'appointment_needs_province_report';
  end if;
  if new.decision = 'approve' and private.has_live_appointment_approval(new.appointment_id, new.signer_id) then
    raise exception '三级签字须由三位不同的人完成，您已在此任用记录上签过字'
      using errcode = 'P0001', hint = 'signoff_same_signer';
  end if;
  if new.decision = 'return' and coalesce(char_length(btrim(new.comment)), 0) = 0 then
    raise exception '退回时必须填写意见' using errcode = 'P0001', hint = 'comment_required';
  end if;

  new.content_hash := a.content_hash;
  if not privileged then
    new.signed_at := now();
    new.voided_at := null;
    new.deleted_at := null;
  end if;
  return new;
end
$$;

create or replace function private.advance_appointment() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.voided_at is not null or new.deleted_at is not null then
    return null;
  end if;
  update public.appointments a
  set status = case when new.decision = 'approve' then (array['signed_1', 'signed_2', 'final'])[new.level] else 'returned' end
  where a.id = new.appointment_id and a.status = (array['noticed', 'signed_1', 'signed_2'])[new.level];
  return null;
end
$$;

-- Signatures never change; the database alone may void one.
create or replace function private.keep_appointment_signature_immutable() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    if private.is_privileged() then
      return old;
    end if;
    raise exception '签字一经提交，不能删除' using errcode = 'P0001', hint = 'signature_immutable';
  end if;
  if private.is_privileged()
     and (to_jsonb(new) - array['voided_at', 'version', 'txid', 'updated_at', 'updated_by'])
         = (to_jsonb(old) - array['voided_at', 'version', 'txid', 'updated_at', 'updated_by'])
     and (old.voided_at is null or new.voided_at is not distinct from old.voided_at) then
    return new;
  end if;
  raise exception '签字一经提交，不能修改' using errcode = 'P0001', hint = 'signature_immutable';
end
$$;

create trigger appointment_signatures_check
  before insert on public.appointment_signatures
  for each row execute function private.check_appointment_signature();

create trigger appointment_signatures_advance
  after insert on public.appointment_signatures
  for each row execute function private.advance_appointment();

create trigger appointment_signatures_immutable
  before update or delete on public.appointment_signatures
  for each row execute function private.keep_appointment_signature_immutable();

-- ---------------------------------------------------------------------------
-- Who may read and write (one permissive policy per table, role and action)
-- ---------------------------------------------------------------------------
create policy "appointments: who may select" on public.appointments
  for select to authenticated using (
    (select private.is_admin())
    or id in (select private.scope_appointment_ids())
    or (cadre_id = (select auth.uid()) and status = 'final'));
create policy "appointments: who may insert" on public.appointments
  for insert to authenticated with check ((select private.is_admin()));
create policy "appointments: who may update" on public.appointments
  for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));

create policy "appointment_notices: who may select" on public.appointment_notices
  for select to authenticated using (
    (select private.is_admin()) or appointment_id in (select private.scope_appointment_ids()));
create policy "appointment_notices: who may insert" on public.appointment_notices
  for insert to authenticated with check ((select private.is_admin()));
create policy "appointment_notices: who may update" on public.appointment_notices
  for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));

create policy "appointment_signatures: who may select" on public.appointment_signatures
  for select to authenticated using (
    (select private.is_admin()) or appointment_id in (select private.scope_appointment_ids()));
create policy "appointment_signatures: who may insert" on public.appointment_signatures
  for insert to authenticated
  with check (signer_id = (select auth.uid()) and appointment_id in (select private.scope_appointment_ids()));

-- ---------------------------------------------------------------------------
-- Sync knows the three tables
-- ---------------------------------------------------------------------------
create or replace function private.sync_tables() returns text[]
language sql immutable
set search_path = ''
as $$
  select array['appointment_notices', 'appointment_signatures', 'appointments',
               'assessment_signatures', 'assessments', 'attendance', 'posting_reports', 'postings', 'profiles',
               'settings', 'training_session_secrets', 'training_sessions', 'units', 'work_logs']
$$;

-- Field labels, constraint messages, type checks and row lookups now name the new tables
create or replace function private.sync_field_label(p_column text) returns text
language sql immutable
set search_path = ''
as $$
  select coalesce(case p_column
    when 'id' then '编号' when 'name' then '名称' when 'kind' then '类型' when 'parent_id' then '上级单位'
    when 'development' then '发达程度' when 'full_name' then '姓名' when 'gender' then '性别'
    when 'birth_date' then '出生日期' when 'education' then '学历' when 'rank' then '职级'
    when 'is_leader' then '领导职务' when 'post_title' then '职务' when 'unit_id' then '单位'
    when 'in_unit_since' then '到本单位时间' when 'origin' then '来源' when 'role' then '角色'
    when 'sign_level' then '签字级别' when 'scope_unit_id' then '管辖范围' when 'title' then '标题'
    when 'category' then '类别' when 'trainer_id' then '培训教师' when 'venue' then '地点'
    when 'starts_at' then '开始时间' when 'ends_at' then '结束时间' when 'credit_hours' then '学时'
    when 'checkin_opens_at' then '签到开始时间' when 'checkin_closes_at' then '签到截止时间'
    when 'closed_at' then '结班时间' when 'session_id' then '培训' when 'secret' then '签到密钥'
    when 'cadre_id' then '干部' when 'status' then '状态' when 'method' then '签到方式'
    when 'checkin_code' then '签到码' when 'checked_in_at' then '签到时间' when 'score' then '成绩'
    when 'remark' then '备注' when 'marked_by' then '登记人' when 'marked_at' then '登记时间'
    when 'from_unit_id' then '原单位' when 'to_unit_id' then '挂职单位' when 'starts_on' then '开始日期'
    when 'planned_end_on' then '计划结束日期' when 'ended_on' then '结束日期' when 'posting_id' then '挂职'
    when 'log_date' then '日期' when 'body' then '内容' when 'month' then '月份' when 'summary' then '总结'
    when 'submitted_at' then '提交时间' when 'period_start' then '考核期开始' when 'period_end' then '考核期结束'
    when 'self_summary' then '个人总结' when 'rating' then '考核等次' when 'supervisor_comment' then '评语'
    when 'assessment_id' then '考核' when 'assessment_version' then '考核版本' when 'level' then '签字级别'
    when 'signer_id' then '签字人' when 'decision' then '签字意见' when 'comment' then '意见说明'
    when 'content_hash' then '内容摘要' when 'signed_at' then '签字时间' when 'voided_at' then '作废时间'
    when 'from_post' then '原职务' when 'from_post_since' then '任原职时间' when 'from_head' then '原职为乡镇党政正职'
    when 'to_post' then '新职务' when 'to_leadership' then '乡镇领导班子职务' when 'team_adjustment' then '班子调整'
    when 'effective_on' then '任用日期' when 'reasons' then '任用理由' when 'frontline_months' then '基层工作月数'
    when 'from_frontline' then '来自基层一线' when 'probation_ends_on' then '试用期满日期' when 'recorded_by' then '记实人'
    when 'confirms_id' then '转正对应的提拔' when 'discipline_opinion' then '县纪委意见'
    when 'discipline_opinion_on' then '纪委意见日期' when 'province_report_ref' then '报告文号'
    when 'province_report_on' then '报告日期' when 'appointment_id' then '任用记录'
    when 'appointment_version' then '任用记录版本' when 'ends_on' then '结束日期' when 'outcome' then '公示结果'
    when 'complaint' then '反映问题' when 'complaint_channel' then '反映渠道' when 'handling' then '处理情况'
    when 'key' then '设置项' when 'value' then '设置值' when 'deleted_at' then '删除时间'
  end, p_column)
$$;

create or replace function private.sync_constraint_message(p_table text, p_constraint text) returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  col text;
begin
  case
    when p_constraint like '%\_title\_check' then return '标题须为1-200个字';
    when p_constraint = 'work_logs_body_check' then return '日志内容须为1-5000个字';
    when p_constraint = 'posting_reports_summary_check' then return '月报内容须为1-5000个字';
    when p_constraint = 'posting_reports_month_check' then return '月份须为该月的第一天';
    when p_constraint = 'attendance_score_check' then return '成绩须在0-100之间';
    when p_constraint = 'training_sessions_credit_hours_check' then return '学时须在0-100之间';
    when p_constraint = 'training_sessions_end_after_start' then return '结束时间须晚于开始时间';
    when p_constraint = 'training_sessions_checkin_window' then return '签到截止时间须晚于签到开始时间';
    when p_constraint = 'postings_planned_end_after_start' then return '计划结束日期须晚于开始日期';
    when p_constraint = 'postings_end_after_start' then return '结束日期不能早于开始日期';
    when p_constraint = 'assessments_period_end_after_start' then return '考核期结束日期不能早于开始日期';
    when p_constraint = 'assessment_signatures_return_has_comment' then return '退回时须填写意见（1-2000个字）';
    when p_constraint = 'assessment_signatures_one_live_approval_per_level' then return '该级别已有有效的签字';
    when p_constraint = 'profiles_supervisor_has_level_and_scope' then return '只有监督人有签字级别和管辖范围，且二者须同时填写';
    when p_constraint = 'units_root_is_county' then return '只有县没有上级单位，其他单位须填写上级单位';
    when p_constraint = 'units_development_only_for_townships' then return '只有乡镇填写发达程度';
    when p_constraint = 'attendance_one_row_per_cadre' then return '该干部在这次培训已有考勤记录';
    when p_constraint = 'posting_reports_one_per_month' then return '该挂职本月已有月报';
    when p_constraint = 'settings_key_key' then return '该设置项已存在';
    when p_constraint = 'settings_key_check' then return '设置项名称只能用小写字母、数字和下划线';
    when p_constraint = 'training_session_secrets_secret_check' then return '签到密钥须为16-200个字符';
    when p_constraint = 'training_session_secrets_session_id_key' then return '这次培训已有签到密钥';
    when p_constraint = 'appointments_no_duplicate' then return '该干部在同一天已有同类任用记录，不能重复登记';
    when p_constraint = 'appointments_to_required' then return '除免职外，须填写新任单位和职务';
    when p_constraint = 'appointments_from_post_since_before' then return '任原职时间不能晚于任用日期';
    when p_constraint = 'appointments_confirms_only_confirmation' then return '只有转正记录才对应一次提拔';
    when p_constraint = 'appointments_province_report_whole' then return '报告文号和报告日期须同时填写';
    when p_constraint = 'appointments_discipline_opinion_whole' then return '县纪委意见和意见日期须同时填写';
    when p_constraint = 'appointments_reasons_check' then return '任用理由须为1-5000个字';
    when p_constraint = 'appointment_notices_period' then return '公示结束日期不能早于开始日期';
    when p_constraint = 'appointment_notices_one_per_appointment' then return '该任用记录已有公示';
    when p_constraint = 'appointment_notices_channel_needs_complaint' then return '填写反映渠道时须填写反映的问题';
    when p_constraint = 'appointment_signatures_return_has_comment' then return '退回时须填写意见（1-2000个字）';
    when p_constraint = 'appointment_signatures_one_live_approval_per_level' then return '该级别已有有效的签字';
    else
      col := regexp_replace(p_constraint, '^' || p_table || '_(.*)_(check|fkey|key)$', '\1');
      if col = p_constraint then
        return null;
      end if;
      if p_constraint like '%\_fkey' then
        return format('「%s」指向的记录不存在', private.sync_field_label(col));
      end if;
      return format('「%s」的值不符合要求', private.sync_field_label(col));
  end case;
end
$$;

create or replace function private.sync_check_types(p_table text, p_patch jsonb) returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  case p_table
    when 'appointment_notices' then perform pg_catalog.jsonb_populate_record(null::public.appointment_notices, p_patch);
    when 'appointment_signatures' then perform pg_catalog.jsonb_populate_record(null::public.appointment_signatures, p_patch);
    when 'appointments' then perform pg_catalog.jsonb_populate_record(null::public.appointments, p_patch);
    when 'assessment_signatures' then perform pg_catalog.jsonb_populate_record(null::public.assessment_signatures, p_patch);
    when 'assessments' then perform pg_catalog.jsonb_populate_record(null::public.assessments, p_patch);
    when 'attendance' then perform pg_catalog.jsonb_populate_record(null::public.attendance, p_patch);
    when 'posting_reports' then perform pg_catalog.jsonb_populate_record(null::public.posting_reports, p_patch);
    when 'postings' then perform pg_catalog.jsonb_populate_record(null::public.postings, p_patch);
    when 'profiles' then perform pg_catalog.jsonb_populate_record(null::public.profiles, p_patch);
    when 'settings' then perform pg_catalog.jsonb_populate_record(null::public.settings, p_patch);
    when 'training_session_secrets' then perform pg_catalog.jsonb_populate_record(null::public.training_session_secrets, p_patch);
    when 'training_sessions' then perform pg_catalog.jsonb_populate_record(null::public.training_sessions, p_patch);
    when 'units' then perform pg_catalog.jsonb_populate_record(null::public.units, p_patch);
    when 'work_logs' then perform pg_catalog.jsonb_populate_record(null::public.work_logs, p_patch);
    else execute format('select pg_catalog.jsonb_populate_record(null::public.%I, $1)', p_table) using p_patch;
  end case;
end
$$;

create or replace function private.sync_row_exists(p_table text, p_id uuid) returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  case p_table
    when 'appointment_notices' then return exists (select from public.appointment_notices t where t.id = p_id);
    when 'appointment_signatures' then return exists (select from public.appointment_signatures t where t.id = p_id);
    when 'appointments' then return exists (select from public.appointments t where t.id = p_id);
    when 'assessment_signatures' then return exists (select from public.assessment_signatures t where t.id = p_id);
    when 'assessments' then return exists (select from public.assessments t where t.id = p_id);
    when 'attendance' then return exists (select from public.attendance t where t.id = p_id);
    when 'posting_reports' then return exists (select from public.posting_reports t where t.id = p_id);
    when 'postings' then return exists (select from public.postings t where t.id = p_id);
    when 'profiles' then return exists (select from public.profiles t where t.id = p_id);
    when 'settings' then return exists (select from public.settings t where t.id = p_id);
    when 'training_session_secrets' then return exists (select from public.training_session_secrets t where t.id = p_id);
    when 'training_sessions' then return exists (select from public.training_sessions t where t.id = p_id);
    when 'units' then return exists (select from public.units t where t.id = p_id);
    when 'work_logs' then return exists (select from public.work_logs t where t.id = p_id);
    else return true; -- a table this list does not know: take the general path
  end case;
end
$$;

-- A refused change of an assessment, an appointment or one of their signatures is a
-- true conflict when a transition was refused and the record the client based its
-- change on has moved on meanwhile. Returns {table, row} of the record now, or null.
create or replace function private.sync_conflict_row(
  p_table text, p_id uuid, p_patch jsonb, p_base_version bigint, p_state text, p_hint text, p_constraint text
) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  parent text := case when p_table in ('assessments', 'assessment_signatures') then 'assessments'
                      when p_table in ('appointments', 'appointment_signatures') then 'appointments' end;
  parent_key text := case parent when 'assessments' then 'assessment' else 'appointment' end;
  a_id uuid;
  client_version bigint;
  current_row jsonb;
begin
  if parent is null then
    return null;
  end if;
  -- only refusals of a transition; identity and permission refusals stay rejections
  if not ((p_state = 'P0001' and p_hint in ('conflict', 'signoff_out_of_order', 'assessment_locked',
                                            'assessment_not_editable', 'appointment_locked', 'appointment_not_editable'))
          or (p_state = '23505' and p_constraint in ('assessment_signatures_one_live_approval_per_level',
                                                     'appointment_signatures_one_live_approval_per_level'))) then
    return null;
  end if;
  if p_table = parent then
    a_id := p_id;
    client_version := p_base_version;
  else
    begin
      a_id := (p_patch ->> (parent_key || '_id'))::uuid;
      if a_id is null then
        execute format('select s.%I from public.%I s where s.id = $1', parent_key || '_id', p_table)
          into a_id using p_id;
      end if;
      client_version := coalesce((p_patch ->> (parent_key || '_version'))::bigint, p_base_version);
    exception when data_exception then
      return null;
    end;
  end if;
  if a_id is null or client_version is null then
    return null;
  end if;
  execute format('select to_jsonb(a) from public.%I a where a.id = $1', parent) into current_row using a_id;
  if current_row is null or (current_row ->> 'version')::bigint = client_version then
    return null;
  end if;
  return jsonb_build_object('table', parent, 'row', current_row);
end
$$;

create or replace function private.sync_apply_answer(p_table text, p_op text, p_id uuid, p_patch jsonb, p_base_version bigint)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  conflict jsonb;
  e_state text;
  e_message text;
  e_hint text;
  e_column text;
  e_constraint text;
begin
  return private.sync_apply(p_table, p_op, p_id, p_patch);
exception
  when others then
    get stacked diagnostics e_state = returned_sqlstate, e_message = message_text, e_hint = pg_exception_hint,
      e_column = column_name, e_constraint = constraint_name;
    if private.sync_transient(e_state) then
      raise;
    end if;
    conflict := private.sync_conflict_row(p_table, p_id, p_patch, p_base_version, e_state, e_hint, e_constraint);
    if conflict is not null then
      return jsonb_build_object('status', 'conflict', 'version', conflict #> '{row,version}', 'code', 'conflict',
        'message', case conflict ->> 'table' when 'assessments' then '该考核已被他人处理，请查看最新内容后再操作'
                                             else '该任用记录已被他人处理，请查看最新内容后再操作' end,
        'row', conflict -> 'row', 'row_table', conflict ->> 'table');
    end if;
    return jsonb_build_object('status', 'rejected')
      || private.sync_error_answer(p_table, e_state, e_message, e_hint, e_column, e_constraint);
end
$$;

-- ---------------------------------------------------------------------------
-- Grants, as 20261205001200_table-endpoints.sql set them for every synced table:
-- nobody writes the sync columns, inserts a row already deleted, changes an id or
-- deletes; the computed columns are the trigger's whatever is sent.
-- ---------------------------------------------------------------------------
do $$
declare
  t text;
  ins text;
  upd text;
begin
  foreach t in array array['appointments', 'appointment_notices', 'appointment_signatures'] loop
    select string_agg(format('%I', a.attname), ', ' order by a.attnum)
             filter (where a.attname not in ('version', 'txid', 'updated_at', 'updated_by', 'deleted_at')),
           string_agg(format('%I', a.attname), ', ' order by a.attnum)
             filter (where a.attname not in ('id', 'version', 'txid', 'updated_at', 'updated_by'))
      into ins, upd
    from pg_catalog.pg_attribute a
    where a.attrelid = format('public.%I', t)::regclass and a.attnum > 0 and not a.attisdropped;
    execute format('revoke all on public.%I from anon, authenticated', t);
    execute format('grant select on public.%I to authenticated', t);
    execute format('grant insert (%s) on public.%I to authenticated', ins, t);
    execute format('grant update (%s) on public.%I to authenticated', upd, t);
    execute format('grant all on public.%I to service_role', t);
  end loop;
end
$$;

-- Functions: EXECUTE to the roles that call them, never to PUBLIC or anon; trigger
-- functions to nobody (they fire without it).
do $$
declare
  f record;
begin
  for f in
    select p.oid::regprocedure as sig, p.prorettype = 'trigger'::regtype as is_trigger
    from pg_catalog.pg_proc p
    where p.pronamespace = 'private'::regnamespace
      and p.proname in ('appointment_content_hash', 'appointment_needs_province_report', 'working_days',
                        'frontline_months', 'unit_kind', 'appointment_target', 'has_live_appointment_approval',
                        'has_live_appointment_approval_not_matching', 'appointment_notice_state',
                        'scope_appointment_ids', 'guard_appointment', 'after_appointment_change',
                        'guard_appointment_notice', 'check_appointment_signature', 'advance_appointment',
                        'keep_appointment_signature_immutable', 'sync_tables', 'sync_field_label',
                        'sync_constraint_message', 'sync_check_types', 'sync_row_exists', 'sync_conflict_row',
                        'sync_apply_answer')
  loop
    execute format('revoke execute on function %s from public, anon', f.sig);
    if f.is_trigger then
      execute format('revoke execute on function %s from authenticated', f.sig);
    else
      execute format('grant execute on function %s to authenticated, service_role', f.sig);
    end if;
  end loop;
end
$$;
