-- A transaction left open holds every pull's watermark back (pg_snapshot_xmin of the whole
-- cluster): rows committed after it started arrive only when it ends. Two answers:
--  1. The roles the API uses cannot hold it for long: a statement runs at most 8 s (3 s for anon),
--     and a session of the API's login role that leaves a transaction idle is ended after 15 s.
--     PostgREST applies the impersonated role's statement_timeout to each request; the login
--     role's settings apply to its sessions (poolers, workers). Roles are cluster-wide: these
--     settings are the same in every database of the server.
--  2. What the API cannot bound (a migration, a maintenance job as postgres) is reported: the last
--     page of a pull says how long the oldest open transaction has held the watermark back, and
--     the phone's status strip says "server busy" instead of nothing.

alter role authenticated set statement_timeout = '8s';
alter role anon set statement_timeout = '3s';
alter role authenticator set statement_timeout = '8s';
alter role authenticator set idle_in_transaction_session_timeout = '15s';

-- Seconds since the oldest transaction that holds an xid (the one pg_snapshot_xmin waits for)
-- began, other than the caller's own; null when none has run longer than 5 s. Definer: another
-- role's backends are invisible to the caller in pg_stat_activity.
create function private.sync_watermark_held_back() returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select nullif(greatest(0, floor(extract(epoch from now() - min(a.xact_start))))::integer, 0)
  from pg_catalog.pg_stat_activity a
  where a.backend_xid is not null
    and a.pid <> pg_catalog.pg_backend_pid()
    and a.xact_start < now() - interval '5 seconds'
$$;
revoke execute on function private.sync_watermark_held_back() from public, anon;
grant execute on function private.sync_watermark_held_back() to authenticated;

-- The page function keeps its body; public.sync_pull adds the report to a pass's last page.
alter function public.sync_pull(jsonb, integer) set schema private;
alter function private.sync_pull(jsonb, integer) rename to sync_pull_page;
revoke execute on function private.sync_pull_page(jsonb, integer) from public, anon;
grant execute on function private.sync_pull_page(jsonb, integer) to authenticated;

create function public.sync_pull(checkpoint jsonb default null, max_rows integer default 1000) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  page jsonb := private.sync_pull_page(checkpoint, max_rows);
  held integer;
begin
  if (page ->> 'has_more')::boolean is false then
    held := private.sync_watermark_held_back();
    if held is not null then
      page := page || jsonb_build_object('held_back_seconds', held);
    end if;
  end if;
  return page;
end
$$;
comment on function public.sync_pull(jsonb, integer) is
  'One page of the rows the caller may see that changed since the checkpoint; the last page of a pass carries held_back_seconds while an open transaction holds the watermark back.';
revoke execute on function public.sync_pull(jsonb, integer) from public, anon;
grant execute on function public.sync_pull(jsonb, integer) to authenticated;
