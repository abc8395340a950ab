-- =============================================================================
-- Permissions: who may see and change what (design.md "Who may do what").
--
-- Rows are protected by RLS policies, one per (role, action), named as
-- sentences and granted `to authenticated` only: `anon` reads nothing.
-- Policies compare with `(select auth.uid())` and with sets computed by the
-- STABLE helpers below, wrapped in `(select ...)` so that each is evaluated
-- once per statement, not once per row. The set-returning helpers are PL/pgSQL,
-- not SQL: a SQL function that cannot be inlined (SECURITY DEFINER, SET
-- search_path) is planned again on every call, and a sync push runs each
-- mutation as its own statements; a PL/pgSQL function keeps its plans for the
-- session. Their queries are unchanged.
--
-- RLS restricts rows, not columns. Column rules (what a cadre may change in
-- their own assessment or attendance row) are enforced by triggers here and in
-- 20261127000300_sign-off.sql.
--
-- Deletes are tombstones (an UPDATE of deleted_at): nobody signed in may
-- DELETE or TRUNCATE a synced table.
-- =============================================================================

-- ---------------------------------------------------------------------------
-- Who is calling
-- ---------------------------------------------------------------------------

-- Migrations, the seed and maintenance run as postgres / service_role: they may
-- bypass ownership and role checks, never data-validity checks.
-- SECURITY INVOKER on purpose: current_user must be the caller's. Inside a
-- SECURITY DEFINER function current_user is the function's owner, so work done
-- by the database's own definer functions (e.g. voiding signatures) counts as
-- privileged, and that is intended.
create or replace function private.is_privileged() returns boolean
language sql
stable
set search_path = ''
as $$
  select current_user in ('postgres', 'service_role', 'supabase_admin')
$$;

-- The caller's role from their (live) profile; null for anon or a user without one.
create or replace function private.current_role() returns text
language sql
stable
security definer
set search_path = ''
as $$
  select p.role from public.profiles p where p.id = auth.uid() and p.deleted_at is null
$$;

create or replace function private.is_admin() returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((select p.role = 'admin' from public.profiles p where p.id = auth.uid() and p.deleted_at is null), false)
$$;

-- ---------------------------------------------------------------------------
-- Units and scopes
-- ---------------------------------------------------------------------------

-- A unit and every unit below it.
create or replace function private.unit_subtree(p_root uuid) returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    with recursive tree(id) as (
      select u.id from public.units u where u.id = p_root
      union
      select c.id from public.units c join tree t on c.parent_id = t.id
    )
    select id from tree;
end
$$;

-- The people a supervisor oversees: those whose unit, or the destination of a
-- current posting, lies in the subtree of the supervisor's scope_unit_id.
-- The supervisor is never in their own scope (nobody reviews themselves).
-- Tombstoned profiles stay in scope so that their tombstones still sync.
create or replace function private.supervisor_scope_cadre_ids(p_supervisor uuid) returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not exists (select from public.profiles s
                 where s.id = p_supervisor and s.role = 'supervisor' and s.deleted_at is null) then
    return; -- not a supervisor: nobody in scope
  end if;
  return query
    with scope as (
      select private.unit_subtree(s.scope_unit_id) as unit_id
      from public.profiles s
      where s.id = p_supervisor and s.role = 'supervisor' and s.deleted_at is null
    )
    select p.id
    from public.profiles p
    where p.unit_id in (select unit_id from scope) and p.id <> p_supervisor
    union
    select po.cadre_id
    from public.postings po
    where po.to_unit_id in (select unit_id from scope)
      and po.deleted_at is null
      and po.starts_on <= current_date
      and (po.ended_on is null or po.ended_on >= current_date)
      and po.cadre_id <> p_supervisor;
end
$$;

create or replace function private.scope_cadre_ids() returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select private.supervisor_scope_cadre_ids(auth.uid());
end
$$;

-- The units under the calling supervisor's scope_unit_id (empty for anyone else).
create or replace function private.scope_unit_ids() returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select private.unit_subtree(s.scope_unit_id)
    from public.profiles s
    where s.id = auth.uid() and s.role = 'supervisor' and s.deleted_at is null;
end
$$;

-- Sessions a supervisor may see: those their cadres attend, and those hosted in their scope.
create or replace function private.scope_session_ids() returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select a.session_id
    from public.attendance a
    where a.deleted_at is null and a.cadre_id in (select private.scope_cadre_ids())
    union
    select s.id
    from public.training_sessions s
    where s.unit_id in (select private.scope_unit_ids());
end
$$;

create or replace function private.scope_assessment_ids() returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select a.id from public.assessments a where a.cadre_id in (select private.scope_cadre_ids());
end
$$;

-- ---------------------------------------------------------------------------
-- Cadres and trainers
-- ---------------------------------------------------------------------------

create or replace function private.own_assessment_ids() returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select a.id from public.assessments a where a.cadre_id = auth.uid();
end
$$;

create or replace function private.own_posting_ids() returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select p.id from public.postings p where p.cadre_id = auth.uid() and p.deleted_at is null;
end
$$;

-- Sessions the caller runs (whatever their role: the session's trainer_id decides).
create or replace function private.trainer_session_ids() returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select s.id from public.training_sessions s where s.trainer_id = auth.uid();
end
$$;

-- Sessions the caller is enrolled in (has a live attendance row for).
create or replace function private.enrolled_session_ids() returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select a.session_id from public.attendance a where a.cadre_id = auth.uid() and a.deleted_at is null;
end
$$;

-- The cadres on the rosters of the caller's sessions.
create or replace function private.trainer_cadre_ids() returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select a.cadre_id
    from public.attendance a
    where a.deleted_at is null and a.session_id in (select private.trainer_session_ids());
end
$$;

-- Trainers see the rows of the cadres on their rosters, but only "names and
-- units". RLS cannot hide columns, so every path that hands profile rows to a
-- client (sync_pull) passes them through this projection. It returns the row
-- whole for its owner, admins and supervisors in scope, and otherwise only the
-- identifying fields and the sync columns.
create or replace function private.project_row_for_caller(table_name text, row_data jsonb) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  row_id uuid := (row_data ->> 'id')::uuid;
begin
  if table_name <> 'profiles'
     or row_id = auth.uid()
     or private.is_admin()
     or row_id in (select private.scope_cadre_ids()) then
    return row_data;
  end if;
  return jsonb_build_object(
    'id', row_data -> 'id',
    'full_name', row_data -> 'full_name',
    'unit_id', row_data -> 'unit_id',
    'version', row_data -> 'version',
    'txid', row_data -> 'txid',
    'updated_at', row_data -> 'updated_at',
    'updated_by', row_data -> 'updated_by',
    'deleted_at', row_data -> 'deleted_at'
  );
end
$$;

-- ---------------------------------------------------------------------------
-- Grants on the helpers: signed-in callers (their policies call them) and
-- service_role; nobody else.
-- ---------------------------------------------------------------------------
do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure
    from pg_proc p
    where p.pronamespace = 'private'::regnamespace
      and p.proname in ('is_privileged', 'current_role', 'is_admin', 'unit_subtree', 'supervisor_scope_cadre_ids',
                        'scope_cadre_ids', 'scope_unit_ids', 'scope_session_ids', 'scope_assessment_ids',
                        'own_assessment_ids', 'own_posting_ids', 'trainer_session_ids', 'enrolled_session_ids',
                        'trainer_cadre_ids', 'project_row_for_caller')
  loop
    execute format('revoke execute on function %s from public, anon', f);
    execute format('grant execute on function %s to authenticated, service_role', f);
  end loop;
end
$$;

-- ---------------------------------------------------------------------------
-- Table privileges: RLS decides rows; grants remove whole verbs nobody needs
-- ---------------------------------------------------------------------------
revoke all on all tables in schema public from anon;
do $$
declare
  t text;
begin
  foreach t in array array['units', 'profiles', 'training_sessions', 'training_session_secrets', 'attendance',
                           'postings', 'work_logs', 'posting_reports', 'assessments', 'assessment_signatures', 'settings']
  loop
    -- TRUNCATE bypasses RLS; DELETE would bypass tombstones (and so sync).
    execute format('revoke delete, truncate, references, trigger on public.%I from authenticated', t);
  end loop;
end
$$;
revoke insert, update, delete, truncate, references, trigger on public.audit_log from anon, authenticated, service_role;

-- =============================================================================
-- Policies
-- =============================================================================

-- ---------------------------------------------------------------------------
-- units and settings: everyone signed in reads them, admins write them
-- ---------------------------------------------------------------------------
create policy "signed-in users read units" on public.units
  for select to authenticated using (true);
create policy "admins add units" on public.units
  for insert to authenticated with check ((select private.is_admin()));
create policy "admins change units" on public.units
  for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));

create policy "signed-in users read settings" on public.settings
  for select to authenticated using (true);
create policy "admins add settings" on public.settings
  for insert to authenticated with check ((select private.is_admin()));
create policy "admins change settings" on public.settings
  for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));

-- ---------------------------------------------------------------------------
-- profiles
-- ---------------------------------------------------------------------------
create policy "people read their own profile" on public.profiles
  for select to authenticated using (id = (select auth.uid()));
create policy "supervisors read the profiles of cadres in their scope" on public.profiles
  for select to authenticated using (id in (select private.scope_cadre_ids()));
-- Row access only: columns beyond name and unit are cut by private.project_row_for_caller.
create policy "trainers read the profiles of cadres on their rosters" on public.profiles
  for select to authenticated using (id in (select private.trainer_cadre_ids()));
create policy "admins read every profile" on public.profiles
  for select to authenticated using ((select private.is_admin()));
create policy "admins add profiles" on public.profiles
  for insert to authenticated with check ((select private.is_admin()));
create policy "admins change profiles" on public.profiles
  for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));

-- ---------------------------------------------------------------------------
-- training_sessions
-- ---------------------------------------------------------------------------
create policy "trainers read the sessions they run" on public.training_sessions
  for select to authenticated using (trainer_id = (select auth.uid()));
create policy "cadres read the sessions they are enrolled in" on public.training_sessions
  for select to authenticated using (id in (select private.enrolled_session_ids()));
create policy "supervisors read the sessions of cadres in their scope" on public.training_sessions
  for select to authenticated using (id in (select private.scope_session_ids()));
create policy "admins read every session" on public.training_sessions
  for select to authenticated using ((select private.is_admin()));
create policy "trainers create their own sessions" on public.training_sessions
  for insert to authenticated
  with check (trainer_id = (select auth.uid()) and (select private.current_role()) = 'trainer');
create policy "trainers change the sessions they run" on public.training_sessions
  for update to authenticated
  using (trainer_id = (select auth.uid())) with check (trainer_id = (select auth.uid()));
create policy "admins create sessions" on public.training_sessions
  for insert to authenticated with check ((select private.is_admin()));
create policy "admins change sessions" on public.training_sessions
  for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));

-- ---------------------------------------------------------------------------
-- training_session_secrets: the session's trainer alone. Not admins, not
-- supervisors: whoever holds the secret can mint check-in codes.
-- ---------------------------------------------------------------------------
create policy "trainers read the secrets of the sessions they run" on public.training_session_secrets
  for select to authenticated using (session_id in (select private.trainer_session_ids()));
create policy "trainers create the secrets of the sessions they run" on public.training_session_secrets
  for insert to authenticated with check (session_id in (select private.trainer_session_ids()));
create policy "trainers change the secrets of the sessions they run" on public.training_session_secrets
  for update to authenticated
  using (session_id in (select private.trainer_session_ids()))
  with check (session_id in (select private.trainer_session_ids()));

-- ---------------------------------------------------------------------------
-- attendance
-- ---------------------------------------------------------------------------
create policy "cadres read their own attendance" on public.attendance
  for select to authenticated using (cadre_id = (select auth.uid()));
create policy "trainers read the attendance of the sessions they run" on public.attendance
  for select to authenticated using (session_id in (select private.trainer_session_ids()));
create policy "supervisors read the attendance of cadres in their scope" on public.attendance
  for select to authenticated using (cadre_id in (select private.scope_cadre_ids()));
create policy "admins read all attendance" on public.attendance
  for select to authenticated using ((select private.is_admin()));
-- QR self check-in; also the path by which a cadre's offline row reaches the
-- server first. Which columns a cadre may set: private.guard_attendance_columns.
create policy "cadres check themselves in" on public.attendance
  for insert to authenticated with check (cadre_id = (select auth.uid()));
create policy "cadres update their own check-in" on public.attendance
  for update to authenticated using (cadre_id = (select auth.uid())) with check (cadre_id = (select auth.uid()));
create policy "trainers enrol and mark cadres in the sessions they run" on public.attendance
  for insert to authenticated with check (session_id in (select private.trainer_session_ids()));
create policy "trainers mark and score attendance in the sessions they run" on public.attendance
  for update to authenticated
  using (session_id in (select private.trainer_session_ids()))
  with check (session_id in (select private.trainer_session_ids()));
create policy "admins enrol cadres" on public.attendance
  for insert to authenticated with check ((select private.is_admin()));
create policy "admins change attendance" on public.attendance
  for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));

-- A cadre may never set the trainer's columns (score, remark, the mark) nor a
-- status only a trainer gives. A merged write that carries an empty value keeps
-- the stored one. Trainers of the session, admins and privileged callers are
-- not limited here. What a check-in may do beyond this (code verification,
-- status, method, the trainer's precedence): 20261127000600_attendance.sql.
create or replace function private.guard_attendance_columns() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  before_row public.attendance;
begin
  if private.is_privileged()
     or private.is_admin()
     or new.session_id in (select private.trainer_session_ids()) then
    return new;
  end if;
  if tg_op = 'UPDATE' then
    before_row := old;
  end if;
  if (new.score is not null and new.score is distinct from before_row.score)
     or (new.remark is not null and new.remark is distinct from before_row.remark)
     or (new.marked_by is not null and new.marked_by is distinct from before_row.marked_by)
     or (new.marked_at is not null and new.marked_at is distinct from before_row.marked_at) then
    raise exception '成绩、评语和点名记录只能由培训老师填写' using errcode = 'P0001', hint = 'forbidden';
  end if;
  if new.status in ('excused', 'absent') and new.status is distinct from before_row.status then
    raise exception '请假、缺勤只能由培训老师登记；学员只能扫码签到' using errcode = 'P0001', hint = 'forbidden';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_attendance_columns() from public, anon;

create trigger attendance_guard_columns
  before insert or update on public.attendance
  for each row execute function private.guard_attendance_columns();

-- ---------------------------------------------------------------------------
-- postings: admins write; the cadre and supervisors in scope read
-- ---------------------------------------------------------------------------
create policy "cadres read their own postings" on public.postings
  for select to authenticated using (cadre_id = (select auth.uid()));
create policy "supervisors read the postings of cadres in their scope" on public.postings
  for select to authenticated using (cadre_id in (select private.scope_cadre_ids()));
create policy "admins read every posting" on public.postings
  for select to authenticated using ((select private.is_admin()));
create policy "admins add postings" on public.postings
  for insert to authenticated with check ((select private.is_admin()));
create policy "admins change postings" on public.postings
  for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));

-- ---------------------------------------------------------------------------
-- work_logs and posting_reports: the cadre writes their own
-- ---------------------------------------------------------------------------
create policy "cadres read their own work logs" on public.work_logs
  for select to authenticated using (cadre_id = (select auth.uid()));
create policy "supervisors read the work logs of cadres in their scope" on public.work_logs
  for select to authenticated using (cadre_id in (select private.scope_cadre_ids()));
create policy "admins read every work log" on public.work_logs
  for select to authenticated using ((select private.is_admin()));
create policy "cadres write their own work logs" on public.work_logs
  for insert to authenticated
  with check (cadre_id = (select auth.uid())
              and (posting_id is null or posting_id in (select private.own_posting_ids())));
create policy "cadres change their own work logs" on public.work_logs
  for update to authenticated
  using (cadre_id = (select auth.uid()))
  with check (cadre_id = (select auth.uid())
              and (posting_id is null or posting_id in (select private.own_posting_ids())));

create policy "cadres read their own posting reports" on public.posting_reports
  for select to authenticated using (cadre_id = (select auth.uid()));
create policy "supervisors read the posting reports of cadres in their scope" on public.posting_reports
  for select to authenticated using (cadre_id in (select private.scope_cadre_ids()));
create policy "admins read every posting report" on public.posting_reports
  for select to authenticated using ((select private.is_admin()));
create policy "cadres write their own posting reports" on public.posting_reports
  for insert to authenticated
  with check (cadre_id = (select auth.uid()) and posting_id in (select private.own_posting_ids()));
create policy "cadres change their own posting reports" on public.posting_reports
  for update to authenticated
  using (cadre_id = (select auth.uid()))
  with check (cadre_id = (select auth.uid()) and posting_id in (select private.own_posting_ids()));

-- ---------------------------------------------------------------------------
-- assessments: supervisors create and rate; the cadre writes the self summary
-- and submits. Which columns and statuses each may change, and the sign-off
-- itself: 20261127000300_sign-off.sql.
-- ---------------------------------------------------------------------------
create policy "cadres read their own assessments" on public.assessments
  for select to authenticated using (cadre_id = (select auth.uid()));
create policy "supervisors read the assessments of cadres in their scope" on public.assessments
  for select to authenticated using (cadre_id in (select private.scope_cadre_ids()));
create policy "admins read every assessment" on public.assessments
  for select to authenticated using ((select private.is_admin()));
create policy "supervisors create assessments of cadres in their scope" on public.assessments
  for insert to authenticated with check (cadre_id in (select private.scope_cadre_ids()));
create policy "supervisors change assessments of cadres in their scope" on public.assessments
  for update to authenticated
  using (cadre_id in (select private.scope_cadre_ids()))
  with check (cadre_id in (select private.scope_cadre_ids()));
create policy "cadres change their own assessments" on public.assessments
  for update to authenticated
  using (cadre_id = (select auth.uid())) with check (cadre_id = (select auth.uid()));

-- ---------------------------------------------------------------------------
-- assessment_signatures: insert only (the sign-off trigger checks level, order,
-- scope and signer); nobody signed in may change one afterwards.
-- ---------------------------------------------------------------------------
create policy "cadres read the signatures on their own assessments" on public.assessment_signatures
  for select to authenticated using (assessment_id in (select private.own_assessment_ids()));
create policy "supervisors read the signatures on assessments in their scope" on public.assessment_signatures
  for select to authenticated using (assessment_id in (select private.scope_assessment_ids()));
create policy "admins read every signature" on public.assessment_signatures
  for select to authenticated using ((select private.is_admin()));
create policy "supervisors sign assessments of cadres in their scope" on public.assessment_signatures
  for insert to authenticated
  with check (signer_id = (select auth.uid()) and assessment_id in (select private.scope_assessment_ids()));

-- ---------------------------------------------------------------------------
-- audit_log: admins read it; nobody writes it but the audit trigger
-- (20261127000400_audit.sql)
-- ---------------------------------------------------------------------------
create policy "admins read the audit log" on public.audit_log
  for select to authenticated using ((select private.is_admin()));
