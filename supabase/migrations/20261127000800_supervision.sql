-- =============================================================================
-- Supervision: the audit view of one record (design.md: "every change audited,
-- with an audit view per record").
--
-- audit_log is not synced, so the app reads a record's trail online through
-- this function. It runs as the caller (SECURITY INVOKER): the policies of
-- 000200 and 000400 decide what the caller sees (admins: everything;
-- supervisors: the trail of cadres in their scope; everyone else: nothing).
-- Actor names come from profiles under the same rules, so an actor the caller
-- may not see is returned by id only.
-- =============================================================================

create or replace function public.audit_trail(table_name text, row_id uuid, max_rows integer default 200)
returns table (id bigint, at timestamptz, actor uuid, actor_name text, op text, before jsonb, after jsonb)
language sql
stable
security invoker
set search_path = ''
as $$
  select l.id, l.at, l.actor, p.full_name, l.op, l.before, l.after
  from public.audit_log l
  left join public.profiles p on p.id = l.actor
  where l.table_name = audit_trail.table_name and l.row_id = audit_trail.row_id
  order by l.at desc, l.id desc
  limit least(greatest(coalesce(max_rows, 200), 1), 1000)
$$;

comment on function public.audit_trail(text, uuid, integer) is
  'The changes of one record, newest first, as far as the caller may read audit_log (RLS applies).';

revoke execute on function public.audit_trail(text, uuid, integer) from public, anon;
grant execute on function public.audit_trail(text, uuid, integer) to authenticated, service_role;
