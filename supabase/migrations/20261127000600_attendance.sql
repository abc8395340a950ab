-- =============================================================================
-- Attendance: QR check-in codes, who may mark what, the trainer's precedence,
-- closing a session (结班), and the training assessment a score becomes.
--
-- RLS (20261127000200_permissions.sql) decides who may touch an attendance row
-- at all; the triggers here decide what each of them may change in it:
--   * the cadre themself: only a QR / fallback-code self check-in, verified here
--     against the session secret and the 30-second time slot;
--   * the session's trainer or an admin: marks, scores, remarks, enrolment;
--     a mark stamps method 'roster', marked_by and marked_at;
--   * privileged callers (private.is_privileged(): the seed, server jobs, and
--     the database's own definer functions such as the close cascade): no role
--     rules, no code verification, no lock; the same identity rule.
-- 20261127000200's private.guard_attendance_columns fires first (trigger names
-- sort before ours) and refuses a cadre's column changes with hint 'forbidden';
-- the rules below also hold on their own.
-- A trainer's mark outranks a QR check-in whatever order they arrive in: a
-- check-in arriving after a mark is recorded (code and time) without changing
-- the status, and does not fail, so the cadre's phone gets 'applied'.
-- Status of a self check-in: 'present', or 'late' when checked_in_at is more
-- than 15 minutes after starts_at (checkinStatus() in the TS module).
-- 结班 (closed_at set): unmarked rows become 'absent' (method 'roster', marked_by
-- the closer, marked_at = closed_at) and the roster locks ('session_closed'),
-- except for a check-in made before the close that syncs after it: it may
-- still replace that automatic 'absent' (not a trainer's explicit mark).
-- A second check-in by the same cadre is accepted; the earliest one stands.
-- Hints (P0001 unless noted): checkin_code_invalid, checkin_code_expired,
-- checkin_code_not_yet, checkin_time_invalid, attendance_qr_only,
-- attendance_field_forbidden, attendance_identity_immutable, session_not_found,
-- session_closed, training_assessment_locked; attendance_not_permitted (42501).
-- =============================================================================

-- ---------------------------------------------------------------------------
-- The check-in code: the same algorithm as src/lib/domain/checkin-code.ts
--   slot     = floor(unix seconds / 30)
--   h        = HMAC-SHA256(key = secret text, message = '<session uuid>.<slot>')
--   QR       = 'FL1.<session uuid>.<slot>.<base64url(h[0..16]) without padding>'
--   fallback = RFC 4226 dynamic truncation of h, mod 10^6, 6 digits
-- tests/db/checkin-code-sql.test.ts proves both sides agree.
-- ---------------------------------------------------------------------------
create or replace function private.checkin_slot(p_at timestamptz) returns bigint
language sql immutable
set search_path = ''
as $$
  select floor(extract(epoch from p_at) / 30)::bigint
$$;

create or replace function private.checkin_hmac(p_secret text, p_session_id uuid, p_slot bigint) returns bytea
language sql immutable
set search_path = ''
as $$
  select extensions.hmac(p_session_id::text || '.' || p_slot::text, p_secret, 'sha256')
$$;

create or replace function private.checkin_qr_mac(p_hmac bytea) returns text
language sql immutable
set search_path = ''
as $$
  select translate(rtrim(encode(substring(p_hmac from 1 for 16), 'base64'), '='), '+/', '-_')
$$;

create or replace function private.checkin_digits(p_hmac bytea) returns text
language sql immutable
set search_path = ''
as $$
  -- every operator parenthesised: SQL gives << and | the same precedence, left to right
  select lpad(((((get_byte(p_hmac, o) & 127)::bigint << 24)
              | (get_byte(p_hmac, o + 1)::bigint << 16)
              | (get_byte(p_hmac, o + 2)::bigint << 8)
              | get_byte(p_hmac, o + 3)::bigint) % 1000000)::text, 6, '0')
  from (select get_byte(p_hmac, 31) & 15 as o) as offset_byte
$$;

-- The check-in window: the trainer's, or 30 minutes before the start until the end.
create or replace function private.checkin_window(p_session public.training_sessions,
                                                  out opens_at timestamptz, out closes_at timestamptz)
language sql immutable
set search_path = ''
as $$
  select coalesce(p_session.checkin_opens_at, p_session.starts_at - interval '30 minutes'),
         coalesce(p_session.checkin_closes_at, p_session.ends_at)
$$;

-- Null when `p_code` is a valid check-in for the session claimed at `p_checked_in_at`, otherwise
-- why not: wrong_session | expired | not_yet | tampered | malformed | wrong_code (as the TS module),
-- or no_secret (the session has no check-in secret yet). SECURITY DEFINER: the cadre whose check-in
-- is verified may not read the secret.
create or replace function private.verify_checkin_code(p_session_id uuid, p_code text, p_checked_in_at timestamptz)
returns text
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  v_session public.training_sessions;
  v_secret text;
  v_code text := translate(coalesce(p_code, ''), E' \t\r\n', '');
  v_at_slot bigint;
  v_slot bigint;
  v_parts text[];
  v_window record;
begin
  select * into v_session from public.training_sessions s where s.id = p_session_id and s.deleted_at is null;
  if not found then
    return 'wrong_session';
  end if;
  select x.secret into v_secret
    from public.training_session_secrets x
   where x.session_id = p_session_id and x.deleted_at is null;
  if v_secret is null then
    return 'no_secret';
  end if;
  if p_checked_in_at is null then
    return 'malformed';
  end if;
  v_at_slot := private.checkin_slot(p_checked_in_at);

  if v_code ~ '^[0-9]{6}$' then
    -- the fallback carries no slot: the claimed time's slot, then the one before (clock skew)
    if private.checkin_digits(private.checkin_hmac(v_secret, p_session_id, v_at_slot)) = v_code then
      v_slot := v_at_slot;
    elsif private.checkin_digits(private.checkin_hmac(v_secret, p_session_id, v_at_slot - 1)) = v_code then
      v_slot := v_at_slot - 1;
    else
      return 'wrong_code';
    end if;
  else
    v_parts := regexp_match(v_code,
      '^FL1\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(0|[1-9][0-9]{0,11})\.([A-Za-z0-9_-]{22})$');
    if v_parts is null then
      return 'malformed';
    end if;
    if v_parts[1] <> p_session_id::text then
      return 'wrong_session';
    end if;
    v_slot := v_parts[2]::bigint;
    if private.checkin_qr_mac(private.checkin_hmac(v_secret, p_session_id, v_slot)) <> v_parts[3] then
      return 'tampered';
    end if;
    -- good for its own slot and the next; anything older was passed on or replayed
    if v_at_slot < v_slot then
      return 'not_yet';
    end if;
    if v_at_slot > v_slot + 1 then
      return 'expired';
    end if;
  end if;

  select * into v_window from private.checkin_window(v_session);
  if v_slot < private.checkin_slot(v_window.opens_at) then
    return 'not_yet';
  end if;
  if v_slot > private.checkin_slot(v_window.closes_at) then
    return 'expired';
  end if;
  return null;
end
$$;

-- What the trainer's screen shows, computed by the server: for tests and the seed only.
create or replace function private.checkin_fallback_code(p_session_id uuid, p_at timestamptz) returns text
language sql stable
security definer
set search_path = ''
as $$
  select private.checkin_digits(private.checkin_hmac(x.secret, p_session_id, private.checkin_slot(p_at)))
    from public.training_session_secrets x
   where x.session_id = p_session_id and x.deleted_at is null
$$;

create or replace function private.checkin_qr_payload(p_session_id uuid, p_at timestamptz) returns text
language sql stable
security definer
set search_path = ''
as $$
  select 'FL1.' || p_session_id::text || '.' || private.checkin_slot(p_at)::text || '.'
         || private.checkin_qr_mac(private.checkin_hmac(x.secret, p_session_id, private.checkin_slot(p_at)))
    from public.training_session_secrets x
   where x.session_id = p_session_id and x.deleted_at is null
$$;

-- A new session secret, as newSessionSecret() makes it: 32 random bytes, base64url.
create or replace function private.new_session_secret() returns text
language sql volatile
set search_path = ''
as $$
  select translate(rtrim(encode(extensions.gen_random_bytes(32), 'base64'), '='), '+/', '-_')
$$;

-- ---------------------------------------------------------------------------
-- What the attendance rules need to know about a session and the caller.
-- SECURITY DEFINER: a cadre checking in may not be able to read the session
-- row through RLS yet (their enrolment is the row being written).
-- ---------------------------------------------------------------------------
create or replace function private.attendance_context(p_session_id uuid,
  out trainer_id uuid, out starts_at timestamptz, out closed_at timestamptz, out caller_is_admin boolean)
language sql stable
security definer
set search_path = ''
as $$
  select s.trainer_id, s.starts_at, s.closed_at, private.is_admin()
    from public.training_sessions s
   where s.id = p_session_id
$$;

-- The status of the training assessment a score feeds, if there is one (trainers cannot read it).
create or replace function private.training_assessment_status(p_cadre_id uuid, p_session_id uuid) returns text
language sql stable
security definer
set search_path = ''
as $$
  select a.status from public.assessments a
   where a.cadre_id = p_cadre_id and a.session_id = p_session_id and a.kind = 'training' and a.deleted_at is null
$$;

create or replace function private.attendance_raise(p_hint text, p_message text) returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'P0001', message = p_message, hint = p_hint;
end
$$;

-- ---------------------------------------------------------------------------
-- The attendance rules (BEFORE INSERT OR UPDATE). SECURITY INVOKER on purpose:
-- current_user tells a privileged caller from a person.
-- ---------------------------------------------------------------------------
create or replace function private.attendance_rules() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_privileged boolean := private.is_privileged();
  v_ctx record;
  v_old public.attendance;
  v_reason text;
  v_checkin_changed boolean;
begin
  if tg_op = 'UPDATE' then
    v_old := old;
    if new.session_id is distinct from old.session_id or new.cadre_id is distinct from old.cadre_id then
      perform private.attendance_raise('attendance_identity_immutable',
        '考勤记录不能改到别的培训或别的学员名下，请删除后重新登记');
    end if;
  end if;

  if v_privileged then
    return new;
  end if;

  select * into v_ctx from private.attendance_context(new.session_id);
  if v_ctx.trainer_id is null then
    perform private.attendance_raise('session_not_found', '找不到这次培训，请同步后再试');
  end if;

  -- 结班 locks the roster: nobody but the server changes it afterwards. One exception: a cadre's
  -- check-in made before the close that reaches the server after it (both phones were offline in
  -- the village hall) is still a check-in; the rules below decide what it changes.
  if v_ctx.closed_at is not null
     and not coalesce(v_uid = new.cadre_id and v_uid is distinct from v_ctx.trainer_id and not v_ctx.caller_is_admin
                      and new.checked_in_at <= v_ctx.closed_at
                      and (tg_op = 'INSERT' or new.checkin_code is distinct from v_old.checkin_code
                           or new.checked_in_at is distinct from v_old.checked_in_at), false) then
    perform private.attendance_raise('session_closed',
      '这次培训已结班，考勤已锁定；如需更正，请联系组织部');
  end if;

  if v_uid is not null and (v_uid = v_ctx.trainer_id or v_ctx.caller_is_admin) then
    -- ---- the trainer (or an admin): marks, scores, remarks, enrolment ----
    -- Check-in code and time come only from the cadre's phone. A merged insert that carries
    -- none keeps what is stored; setting a different one is refused.
    if new.checkin_code is distinct from v_old.checkin_code or new.checked_in_at is distinct from v_old.checked_in_at then
      if (new.checkin_code is not null and new.checkin_code is distinct from v_old.checkin_code)
         or (new.checked_in_at is not null and new.checked_in_at is distinct from v_old.checked_in_at) then
        perform private.attendance_raise('attendance_field_forbidden',
          '签到码和签到时间只能由学员本人扫码登记');
      end if;
      new.checkin_code := v_old.checkin_code;
      new.checked_in_at := v_old.checked_in_at;
    end if;

    if tg_op = 'INSERT' or new.status is distinct from v_old.status then
      if new.status = 'enrolled' then
        -- enrolment, or the trainer taking a mark back: unmarked again
        new.method := null;
        new.marked_by := null;
        new.marked_at := null;
      else
        new.method := 'roster';
        new.marked_by := v_uid;
        new.marked_at := now();
      end if;
    else
      new.method := v_old.method;
      new.marked_by := v_old.marked_by;
      new.marked_at := v_old.marked_at;
    end if;

    -- A score already in a supervisor's hands cannot change under them.
    if new.score is not null and new.deleted_at is null
       and (new.score is distinct from v_old.score or new.remark is distinct from v_old.remark)
       and private.training_assessment_status(new.cadre_id, new.session_id) not in ('draft', 'returned') then
      perform private.attendance_raise('training_assessment_locked',
        '该学员的培训考核已进入签字流程，成绩和评语不能再改');
    end if;
    return new;
  end if;

  if v_uid is null or v_uid <> new.cadre_id then
    -- RLS normally refuses this first; the same SQLSTATE if a policy ever lets it through
    raise exception using errcode = '42501', hint = 'attendance_not_permitted',
      message = '只有这次培训的培训老师或组织部可以登记考勤';
  end if;

  -- ---- the cadre themself: a QR / fallback-code self check-in, nothing else ----
  -- Fields a cadre may not set. A merged insert that carries none keeps the stored values.
  if (new.score is not null and new.score is distinct from v_old.score)
     or (new.remark is not null and new.remark is distinct from v_old.remark)
     or (new.marked_by is not null and new.marked_by is distinct from v_old.marked_by)
     or (new.marked_at is not null and new.marked_at is distinct from v_old.marked_at) then
    perform private.attendance_raise('attendance_field_forbidden',
      '成绩、评语和点名记录只能由培训老师填写');
  end if;
  new.score := v_old.score;
  new.remark := v_old.remark;
  new.marked_by := v_old.marked_by;
  new.marked_at := v_old.marked_at;

  if new.deleted_at is distinct from v_old.deleted_at
     or (new.method is distinct from v_old.method and new.method is distinct from 'qr') then
    perform private.attendance_raise('attendance_qr_only',
      '学员只能通过扫码或输入签到码签到，请假或更正请联系培训老师');
  end if;

  v_checkin_changed := tg_op = 'INSERT'
    or new.checkin_code is distinct from v_old.checkin_code
    or new.checked_in_at is distinct from v_old.checked_in_at;
  if not v_checkin_changed then
    -- Nothing to check in: the row stays as it is. A resent 'present' is ignored (the trainer
    -- may have marked since); any other status is something only the trainer may set.
    if new.status is distinct from v_old.status and new.status not in ('present', 'late') then
      perform private.attendance_raise('attendance_qr_only',
        '学员只能通过扫码或输入签到码签到，请假或更正请联系培训老师');
    end if;
    new.status := v_old.status;
    new.method := v_old.method;
    return new;
  end if;
  if new.checkin_code is null and new.checked_in_at is null then
    perform private.attendance_raise('attendance_qr_only',
      '学员只能通过扫码或输入签到码签到，请假或更正请联系培训老师');
  end if;

  if new.checked_in_at is null then
    perform private.attendance_raise('checkin_time_invalid', '签到记录缺少签到时间，请重新扫码签到');
  end if;
  if new.checked_in_at > now() + interval '5 minutes' then
    perform private.attendance_raise('checkin_time_invalid',
      '签到时间晚于当前时间，请把手机时间设为自动后重新扫码签到');
  end if;

  v_reason := private.verify_checkin_code(new.session_id, new.checkin_code, new.checked_in_at);
  if v_reason = 'expired' then
    perform private.attendance_raise('checkin_code_expired',
      '签到码已过期，请扫描培训老师屏幕上最新的二维码，或输入最新的6位签到码');
  elsif v_reason = 'not_yet' then
    perform private.attendance_raise('checkin_code_not_yet',
      '签到尚未开始，或手机时间不准；请把手机时间设为自动后重新扫码');
  elsif v_reason = 'no_secret' then
    perform private.attendance_raise('checkin_code_invalid',
      '这次培训还没有开启扫码签到，请向培训老师确认');
  elsif v_reason is not null then
    perform private.attendance_raise('checkin_code_invalid', '签到码错误，请向培训老师核对后重新输入');
  end if;

  if tg_op = 'UPDATE' and v_old.checked_in_at is not null and v_old.checked_in_at <= new.checked_in_at then
    -- checked in twice (two phones, a second scan): the first check-in stands
    new.checkin_code := v_old.checkin_code;
    new.checked_in_at := v_old.checked_in_at;
    new.status := v_old.status;
    new.method := v_old.method;
  elsif tg_op = 'UPDATE' and v_old.method = 'roster'
        and not coalesce(v_old.status = 'absent' and v_old.marked_at = v_ctx.closed_at, false) then
    -- the trainer's mark outranks a check-in: recorded, but the status stays the trainer's
    new.status := v_old.status;
    new.method := v_old.method;
  else
    -- unmarked, or made absent only because nobody had marked them when the session closed
    -- (the close cascade stamps marked_at = closed_at): the check-in decides
    new.marked_by := null;
    new.marked_at := null;
    new.method := 'qr';
    new.status := case when new.checked_in_at > v_ctx.starts_at + interval '15 minutes' then 'late' else 'present' end;
  end if;
  return new;
end
$$;

create trigger attendance_rules
  before insert or update on public.attendance
  for each row execute function private.attendance_rules();

-- ---------------------------------------------------------------------------
-- A score becomes a training assessment draft (one per cadre and session).
-- The comment reads e.g. '培训「农机安全」成绩 92 分；实操熟练'. SECURITY DEFINER: the
-- trainer who scores cannot write assessments. Once the assessment has left
-- draft/returned it is not touched (the BEFORE trigger refuses such a score
-- change from a person; a privileged write leaves the assessment as it is).
-- Clearing a score leaves the assessment alone.
-- ---------------------------------------------------------------------------
create unique index assessments_one_training_per_session
  on public.assessments (cadre_id, session_id)
  where kind = 'training' and deleted_at is null;

create or replace function private.attendance_score_to_assessment() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_session public.training_sessions;
  v_comment text;
begin
  if new.score is null or new.deleted_at is not null then
    return null;
  end if;
  if tg_op = 'UPDATE' and new.score is not distinct from old.score and new.remark is not distinct from old.remark then
    return null;
  end if;
  select * into v_session from public.training_sessions s where s.id = new.session_id;
  v_comment := left(format('培训「%s」成绩 %s 分', v_session.title, trim_scale(new.score))
                    || coalesce('；' || nullif(btrim(new.remark), ''), ''), 2000);

  insert into public.assessments (id, cadre_id, kind, period_start, period_end, session_id, supervisor_comment)
  values (gen_random_uuid(), new.cadre_id, 'training',
          (v_session.starts_at at time zone 'Asia/Shanghai')::date,
          (v_session.ends_at at time zone 'Asia/Shanghai')::date,
          new.session_id, v_comment)
  on conflict (cadre_id, session_id) where kind = 'training' and deleted_at is null do nothing;

  update public.assessments a
     set supervisor_comment = v_comment
   where a.cadre_id = new.cadre_id and a.session_id = new.session_id and a.kind = 'training'
     and a.deleted_at is null and a.status in ('draft', 'returned')
     and a.supervisor_comment is distinct from v_comment;
  return null;
end
$$;

create trigger attendance_score_to_assessment
  after insert or update of score, remark on public.attendance
  for each row execute function private.attendance_score_to_assessment();

-- ---------------------------------------------------------------------------
-- Closing a session (结班): unmarked people become absent; the lock cannot be
-- lifted by a person.
-- ---------------------------------------------------------------------------
create or replace function private.training_session_closing_rules() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.closed_at is not null and new.closed_at is distinct from old.closed_at
     and not private.is_privileged() then
    perform private.attendance_raise('session_closed', '这次培训已结班，不能重新开班或更改结班时间');
  end if;
  return new;
end
$$;

create trigger training_sessions_closing_rules
  before update of closed_at on public.training_sessions
  for each row execute function private.training_session_closing_rules();

-- SECURITY DEFINER: the closer may not see (through RLS) every row, and the
-- attendance rules treat this server-side cascade as privileged.
create or replace function private.training_session_mark_absent_on_close() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- marked_at = closed_at tells these rows from a trainer's own 'absent' (stamped now() when
  -- synced): a check-in made before the close that arrives later may still replace them.
  update public.attendance a
     set status = 'absent', method = 'roster', marked_by = (select auth.uid()), marked_at = new.closed_at
   where a.session_id = new.id and a.status = 'enrolled' and a.deleted_at is null;
  return null;
end
$$;

create trigger training_sessions_mark_absent_on_close
  after update of closed_at on public.training_sessions
  for each row
  when (old.closed_at is null and new.closed_at is not null)
  execute function private.training_session_mark_absent_on_close();

-- ---------------------------------------------------------------------------
-- Who may call what: nothing here is for the API. The rules run as the caller
-- and need the verifier and the context helpers; the code makers are for tests
-- and the seed (run as postgres) only.
-- ---------------------------------------------------------------------------
revoke all on function
  private.checkin_slot(timestamptz),
  private.checkin_hmac(text, uuid, bigint),
  private.checkin_qr_mac(bytea),
  private.checkin_digits(bytea),
  private.checkin_window(public.training_sessions),
  private.verify_checkin_code(uuid, text, timestamptz),
  private.checkin_fallback_code(uuid, timestamptz),
  private.checkin_qr_payload(uuid, timestamptz),
  private.new_session_secret(),
  private.attendance_context(uuid),
  private.training_assessment_status(uuid, uuid),
  private.attendance_raise(text, text),
  private.attendance_rules(),
  private.attendance_score_to_assessment(),
  private.training_session_closing_rules(),
  private.training_session_mark_absent_on_close()
from public, anon, authenticated;

grant execute on function
  private.verify_checkin_code(uuid, text, timestamptz),
  private.attendance_context(uuid),
  private.training_assessment_status(uuid, uuid),
  private.attendance_raise(text, text)
to authenticated, service_role;
