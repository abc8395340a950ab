-- =============================================================================
-- Audit: every change of every synced table leaves a row in public.audit_log,
-- whoever makes it. The log is append-only for every role: no grant allows
-- UPDATE, DELETE or TRUNCATE, and a trigger refuses them even for the table
-- owner (who could still drop the trigger: that is a visible schema change,
-- not a quiet rewrite). Admins read the log (policy in 000200), supervisors
-- the trail of cadres in their scope (below); not synced.
-- =============================================================================

create or replace function private.write_audit_log() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  before_row jsonb;
  after_row jsonb;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    before_row := to_jsonb(old);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    after_row := to_jsonb(new);
  end if;
  -- Admins read the log but may not read check-in secrets.
  if tg_table_name = 'training_session_secrets' then
    before_row := before_row - 'secret';
    after_row := after_row - 'secret';
  end if;
  insert into public.audit_log (actor, table_name, row_id, op, before, after)
  values (auth.uid(), tg_table_name, coalesce(after_row ->> 'id', before_row ->> 'id')::uuid, tg_op, before_row, after_row);
  return null;
end
$$;
revoke execute on function private.write_audit_log() from public, anon;

do $$
declare
  t text;
begin
  foreach t in array array['units', 'profiles', 'training_sessions', 'training_session_secrets', 'attendance',
                           'postings', 'work_logs', 'posting_reports', 'assessments', 'assessment_signatures', 'settings']
  loop
    execute format(
      'create trigger %I after insert or update or delete on public.%I for each row execute function private.write_audit_log()',
      t || '_audit', t);
  end loop;
end
$$;

-- ---------------------------------------------------------------------------
-- Append-only
-- ---------------------------------------------------------------------------
create or replace function private.refuse_audit_log_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception '审计日志只能追加，不能修改或删除' using errcode = 'P0001', hint = 'audit_log_append_only';
end
$$;
revoke execute on function private.refuse_audit_log_change() from public, anon;

create trigger audit_log_append_only
  before update or delete on public.audit_log
  for each row execute function private.refuse_audit_log_change();

create trigger audit_log_no_truncate
  before truncate on public.audit_log
  for each statement execute function private.refuse_audit_log_change();

-- Supervisors may trace the changes to the records of cadres in their scope
-- (rows carrying a cadre_id, and the cadres' profiles); admins read it all
-- (000200). Nobody else reads the log, not even about themselves.
create policy "supervisors read the audit trail of cadres in their scope" on public.audit_log
  for select to authenticated
  using (coalesce(after ->> 'cadre_id', before ->> 'cadre_id')::uuid in (select private.scope_cadre_ids())
         or (table_name = 'profiles' and row_id in (select private.scope_cadre_ids())));

-- Grants (repeated here so this file states the whole rule): read for the
-- signed in, under RLS; nothing else for anyone.
revoke all on public.audit_log from anon;
revoke insert, update, delete, truncate, references, trigger on public.audit_log from authenticated, service_role;
grant select on public.audit_log to authenticated, service_role;
