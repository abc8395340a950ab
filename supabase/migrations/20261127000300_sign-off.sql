-- =============================================================================
-- Three-level sign-off (三级签字), enforced by the database.
--
--   draft -> submitted -> signed_1 -> signed_2 -> final
--   submitted | signed_1 | signed_2 -> returned -> submitted
--
-- * The cadre writes self_summary and submits (draft|returned -> submitted).
-- * Supervisors with the assessed cadre in scope create assessments and set
--   rating and supervisor_comment; status moves only by submission or by a
--   signature, never by a direct edit.
-- * A signature at level L is accepted only from a supervisor holding
--   sign_level L with the cadre in scope, never the cadre, while the assessment
--   waits for level L (1: submitted, 2: signed_1, 3: signed_2), from someone
--   with no other live approval on it, for the version the signer saw.
--   Approving advances the status; returning (comment required) sets 'returned'.
-- * The database, not the client, computes each signature's content_hash.
-- * Content changes void the approvals of the old content. If the assessment
--   was signed_1 or signed_2 it goes back to 'submitted': what was approved is
--   no longer what is there, so the chain starts again at level 1.
-- * Resubmission (returned -> submitted) voids every earlier signature,
--   approvals and the return alike. Until then the return stays live so the
--   cadre can read why it came back.
-- * 'final' locks the assessment; signatures never change (only voided_at,
--   set here).
--
-- Privileged callers (private.is_privileged(): migrations, seed, maintenance)
-- may create assessments in any status (final included) and sign on anyone's
-- behalf, out of order, on a final assessment and without a matching
-- assessment_version (the current one is stored); the signer's level, three
-- distinct signers and "never the cadre" hold for them too. A privileged
-- signature moves the status only when it is the next step, so the seed may
-- either insert 'submitted' and sign 1, 2, 3 in order, or insert the
-- assessment in its end state and then its signatures. content_hash is always
-- the database's.
--
-- Errors: errcode P0001, a Chinese message a person can act on, and the hint
-- as a stable code (see the list at private.signoff_error).
-- =============================================================================

-- ---------------------------------------------------------------------------
-- Content hash: sha256 (hex) of the fields a signer approves, as canonical
-- jsonb text (jsonb orders keys deterministically; dates print as ISO).
-- pg_catalog.sha256 gives the same digest as extensions.digest(..., 'sha256')
-- and also exists where pgcrypto does not.
-- ---------------------------------------------------------------------------
create or replace function private.assessment_content_hash(a public.assessments) returns text
language sql
stable
set search_path = ''
as $$
  select encode(pg_catalog.sha256(convert_to(jsonb_build_object(
    'cadre_id', a.cadre_id,
    'kind', a.kind,
    'period_start', a.period_start,
    'period_end', a.period_end,
    'posting_id', a.posting_id,
    'self_summary', a.self_summary,
    'rating', a.rating,
    'supervisor_comment', a.supervisor_comment
  )::text, 'UTF8')), 'hex')
$$;

-- What the signature check needs to know of the assessment and the signer,
-- whatever the caller may see (so that it can say *why* it refuses), and no
-- more: these are callable by any signed-in user.
-- The assessment row is locked until the signature commits: a concurrent edit
-- or signature waits, then sees the new version (and answers 'conflict')
-- instead of both passing their checks against the old one.
create or replace function private.signoff_target(p_assessment uuid,
  out cadre_id uuid, out status text, out version bigint, out deleted boolean, out content_hash text)
language sql
volatile
security definer
set search_path = ''
as $$
  select a.cadre_id, a.status, a.version, a.deleted_at is not null, private.assessment_content_hash(a)
  from public.assessments a where a.id = p_assessment
  for no key update
$$;

create or replace function private.signer_grade(p_person uuid, out role text, out sign_level smallint, out deleted boolean)
language sql
stable
security definer
set search_path = ''
as $$
  select p.role, p.sign_level, p.deleted_at is not null from public.profiles p where p.id = p_person
$$;

create or replace function private.has_live_approval(p_assessment uuid, p_signer uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.assessment_signatures s
    where s.assessment_id = p_assessment and s.signer_id = p_signer
      and s.decision = 'approve' and s.voided_at is null and s.deleted_at is null
  )
$$;

-- VOLATILE: it must see a signature committed while the calling UPDATE waited
-- for the assessment's row lock, not the snapshot the UPDATE started with.
create or replace function private.has_live_approval_not_matching(p_assessment uuid, p_content_hash text) returns boolean
language sql
volatile
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.assessment_signatures s
    where s.assessment_id = p_assessment
      and s.decision = 'approve' and s.voided_at is null and s.deleted_at is null
      and s.content_hash is distinct from p_content_hash
  )
$$;

-- The status an assessment must have for a signature at `level`.
create or replace function private.status_awaiting_level(p_level int) returns text
language sql
immutable
set search_path = ''
as $$
  select (array['submitted', 'signed_1', 'signed_2'])[p_level]
$$;

-- ---------------------------------------------------------------------------
-- assessments: who may change what, and when
-- ---------------------------------------------------------------------------
create or replace function private.guard_assessment() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  privileged boolean := private.is_privileged();
  by_cadre boolean;
  new_hash text;
begin
  if tg_op = 'INSERT' then
    if not privileged then
      if new.cadre_id = uid then
        raise exception '不能为自己创建考核' using errcode = 'P0001', hint = 'signoff_own_assessment';
      end if;
      if new.status <> 'draft' then
        raise exception '新建的考核只能是草稿，由干部本人提交' using errcode = 'P0001', hint = 'signoff_out_of_order';
      end if;
      if new.self_summary is not null then
        raise exception '个人总结只能由干部本人填写' using errcode = 'P0001', hint = 'forbidden';
      end if;
      new.submitted_at := null;
    end if;
    return new;
  end if;

  -- UPDATE
  if old.status = 'final' and not privileged then
    raise exception '考核已定稿，不能再修改' using errcode = 'P0001', hint = 'assessment_locked';
  end if;

  if not privileged then
    -- the server records when an assessment was submitted, not the phone
    new.submitted_at := old.submitted_at;
    if new.cadre_id is distinct from old.cadre_id then
      raise exception '不能更改考核对象' using errcode = 'P0001', hint = 'forbidden';
    end if;
    by_cadre := old.cadre_id = uid;
    if by_cadre then
      -- the cadre: self summary and submission, while a draft or returned
      if (new.kind, new.period_start, new.period_end, new.posting_id, new.session_id, new.rating,
          new.supervisor_comment, new.deleted_at)
         is distinct from
         (old.kind, old.period_start, old.period_end, old.posting_id, old.session_id, old.rating,
          old.supervisor_comment, old.deleted_at) then
        raise exception '干部本人只能填写个人总结并提交' using errcode = 'P0001', hint = 'forbidden';
      end if;
      if (new.self_summary, new.status) is distinct from (old.self_summary, old.status) then
        if old.status not in ('draft', 'returned') then
          raise exception '考核已提交，暂不能修改；如需修改，请等待退回' using errcode = 'P0001', hint = 'assessment_not_editable';
        end if;
        if new.status is distinct from old.status and new.status <> 'submitted' then
          raise exception '干部本人只能提交考核，签字状态由签字产生' using errcode = 'P0001', hint = 'signoff_out_of_order';
        end if;
      end if;
    else
      -- a supervisor in scope (RLS): rating, comment and the assessment's frame
      if new.self_summary is distinct from old.self_summary then
        raise exception '个人总结只能由干部本人填写' using errcode = 'P0001', hint = 'forbidden';
      end if;
      if new.status is distinct from old.status then
        raise exception '考核状态只能由干部提交或逐级签字改变' using errcode = 'P0001', hint = 'signoff_out_of_order';
      end if;
    end if;
  end if;

  if new.status = 'submitted' and old.status is distinct from 'submitted' and not privileged then
    new.submitted_at := now();
  end if;

  -- A change of the signed content voids the approvals of the old content
  -- (after the update, below); a partly signed assessment starts again.
  new_hash := private.assessment_content_hash(new);
  if new_hash is distinct from private.assessment_content_hash(old)
     and new.status in ('signed_1', 'signed_2')
     and private.has_live_approval_not_matching(new.id, new_hash) then
    new.status := 'submitted';
  end if;
  return new;
end
$$;

create or replace function private.void_stale_signatures() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.status = 'submitted' and old.status is distinct from 'submitted' then
    -- a (re)submission: nothing signed before it counts any more
    update public.assessment_signatures s
    set voided_at = now()
    where s.assessment_id = new.id and s.voided_at is null and s.deleted_at is null;
  elsif private.assessment_content_hash(new) is distinct from private.assessment_content_hash(old) then
    update public.assessment_signatures s
    set voided_at = now()
    where s.assessment_id = new.id and s.voided_at is null and s.deleted_at is null
      and s.decision = 'approve' and s.content_hash is distinct from private.assessment_content_hash(new);
  end if;
  return null;
end
$$;

create trigger assessments_guard
  before insert or update on public.assessments
  for each row execute function private.guard_assessment();

create trigger assessments_void_stale_signatures
  after update on public.assessments
  for each row execute function private.void_stale_signatures();

-- ---------------------------------------------------------------------------
-- assessment_signatures: the checks before a signature is accepted
-- ---------------------------------------------------------------------------
create or replace function private.check_signature() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  privileged boolean := private.is_privileged();
  a record;
  signer record;
  awaited text;
begin
  select * into a from private.signoff_target(new.assessment_id);
  if a.cadre_id is null or a.deleted then
    raise exception '找不到要签字的考核' using errcode = 'P0001', hint = 'not_found';
  end if;
  if not privileged and new.signer_id is distinct from uid then
    raise exception '只能以本人身份签字' using errcode = 'P0001', hint = 'signoff_signer_mismatch';
  end if;
  if new.signer_id = a.cadre_id then
    raise exception '不能为自己的考核签字' using errcode = 'P0001', hint = 'signoff_own_assessment';
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
    raise exception '考核已定稿，不能再签字' using errcode = 'P0001', hint = 'assessment_locked';
  end if;
  if privileged then
    new.assessment_version := a.version;
  elsif new.assessment_version is distinct from a.version then
    raise exception '考核在您查看之后已有变动，请刷新后再签字' using errcode = 'P0001', hint = 'conflict';
  end if;
  awaited := private.status_awaiting_level(new.level);
  if a.status <> awaited and not privileged then
    if a.status = 'draft' then
      raise exception '考核尚未提交，不能签字' using errcode = 'P0001', hint = 'signoff_out_of_order';
    elsif a.status = 'returned' then
      raise exception '考核已退回，须干部修改并重新提交后才能签字' using errcode = 'P0001', hint = 'signoff_out_of_order';
    elsif array_position(array['submitted', 'signed_1', 'signed_2'], a.status) < new.level then
      raise exception '需先经第%级签字，才能进行第%级签字',
        array_position(array['submitted', 'signed_1', 'signed_2'], a.status), new.level
        using errcode = 'P0001', hint = 'signoff_out_of_order';
    else
      raise exception '该考核已经过第%级签字', new.level using errcode = 'P0001', hint = 'signoff_out_of_order';
    end if;
  end if;
  if new.decision = 'approve' and private.has_live_approval(new.assessment_id, new.signer_id) then
    raise exception '三级签字须由三位不同的人完成，您已在此考核上签过字'
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

-- An accepted signature moves the assessment on (as the database, hence
-- privileged, so the status guard lets it through).
create or replace function private.advance_assessment() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.voided_at is not null or new.deleted_at is not null then
    return null;
  end if;
  if new.decision = 'approve' then
    update public.assessments a
    set status = (array['signed_1', 'signed_2', 'final'])[new.level]
    where a.id = new.assessment_id and a.status = private.status_awaiting_level(new.level);
  else
    update public.assessments a
    set status = 'returned'
    where a.id = new.assessment_id and a.status = private.status_awaiting_level(new.level);
  end if;
  return null;
end
$$;

-- Signatures never change; the database alone may void one.
create or replace function private.keep_signature_immutable() returns trigger
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
     and (new.id, new.assessment_id, new.assessment_version, new.level, new.signer_id, new.decision,
          new.comment, new.content_hash, new.signed_at, new.deleted_at)
         is not distinct from
         (old.id, old.assessment_id, old.assessment_version, old.level, old.signer_id, old.decision,
          old.comment, old.content_hash, old.signed_at, old.deleted_at)
     and (old.voided_at is null or new.voided_at is not distinct from old.voided_at) then
    return new;
  end if;
  raise exception '签字一经提交，不能修改' using errcode = 'P0001', hint = 'signature_immutable';
end
$$;

create trigger assessment_signatures_check
  before insert on public.assessment_signatures
  for each row execute function private.check_signature();

create trigger assessment_signatures_advance_assessment
  after insert on public.assessment_signatures
  for each row execute function private.advance_assessment();

create trigger assessment_signatures_immutable
  before update or delete on public.assessment_signatures
  for each row execute function private.keep_signature_immutable();

-- ---------------------------------------------------------------------------
-- Grants: the triggers run these as the caller
-- ---------------------------------------------------------------------------
do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure
    from pg_proc p
    where p.pronamespace = 'private'::regnamespace
      and p.proname in ('assessment_content_hash', 'signoff_target', 'signer_grade', 'has_live_approval',
                        'has_live_approval_not_matching', 'status_awaiting_level', 'guard_assessment',
                        'void_stale_signatures', 'check_signature', 'advance_assessment',
                        'keep_signature_immutable')
  loop
    execute format('revoke execute on function %s from public, anon', f);
    execute format('grant execute on function %s to authenticated, service_role', f);
  end loop;
end
$$;
