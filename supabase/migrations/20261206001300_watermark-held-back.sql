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

-- Roles are shared by every database of the server: two databases built at once (parallel test
-- files) can race on the same pg_db_role_setting row ("tuple concurrently updated"); retry.
do $$
declare
  attempt int;
begin
  for attempt in 1..20 loop
    begin
      alter role authenticated set statement_timeout = '8s';
      alter role anon set statement_timeout = '3s';
      alter role authenticator set statement_timeout = '8s';
      alter role authenticator set idle_in_transaction_session_timeout = '15s';
      return;
    exception when internal_error then
      perform pg_sleep(0.05 * attempt);
    end;
  end loop;
  raise exception 'could not set the API roles'' timeouts';
end $$;

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

-- The pull, as in 20261205001200, with three changes: the last page of a pass carries
-- held_back_seconds; the page is built as json text rather than jsonb (rows go out as text
-- anyway; building them as jsonb and printing them again cost about 2.5× the time); and a
-- cadre's own tables are read by (cadre_id, txid, id), so that their first pull costs their
-- rows, not the province's (bench/scale.mjs: 10⁶ work logs). The return type changes, so the
-- function is dropped and made again.
create index work_logs_cadre_sync_idx on public.work_logs (cadre_id, txid, id);
create index attendance_cadre_sync_idx on public.attendance (cadre_id, txid, id);
create index assessments_cadre_sync_idx on public.assessments (cadre_id, txid, id);
create index postings_cadre_sync_idx on public.postings (cadre_id, txid, id);

drop function public.sync_pull(jsonb, integer);

create function public.sync_pull(checkpoint jsonb default null, max_rows integer default 1000) returns json
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  epoch bigint := private.sync_current_epoch();
  page_size integer := greatest(1, least(coalesce(max_rows, 1000), 5000));
  from_wm xid8;
  to_wm xid8;
  c_txid xid8;
  c_table text;
  c_id uuid;
  whole_ids uuid[];
  sees_all boolean;
  scope_fp text;
  t text;
  parts text[] := '{}';
  cursor_pred text;
  cursor_mode text;
  page json;
  held integer;
  -- a cadre sees exactly their own rows of these tables (their RLS: the person, their scope,
  -- admin; a cadre has no scope): said once more, sargably, so the pull reads their rows
  -- through (cadre_id, txid, id) instead of every row of the province through (txid, id)
  own_only boolean := private.current_role() = 'cadre';
  -- attendance also shows the rows of sessions the caller runs, whatever their role
  runs_sessions boolean := exists (select from private.trainer_session_ids());
  n integer;
  last_row jsonb;
  fresh jsonb;
begin
  if uid is null then
    raise exception using errcode = 'P0001', hint = 'not_signed_in', message = '请先登录';
  end if;
  -- Whose whole profile the caller sees (the rest is projected to names and
  -- units), computed once per call rather than once per row.
  sees_all := private.is_admin();
  whole_ids := array(select private.scope_cadre_ids()) || uid;
  -- A supervisor's scope also moves with the calendar (a posting starts or ends
  -- with no write): a fingerprint of it in the checkpoint catches that.
  if private.current_role() = 'supervisor' then
    scope_fp := md5(array_to_string(array(select i::text from unnest(whole_ids) i order by 1), ','));
  end if;
  fresh := jsonb_build_object('v', 1, 'sub', uid, 'epoch', epoch, 'scope', scope_fp, 'from', '0', 'to', null, 'cursor', null);

  if checkpoint is null or jsonb_typeof(checkpoint) = 'null' then
    checkpoint := fresh;
  elsif jsonb_typeof(checkpoint) <> 'object' or checkpoint ->> 'v' is distinct from '1'
     or checkpoint ->> 'sub' is distinct from uid::text
     or checkpoint ->> 'epoch' is distinct from epoch::text
     or checkpoint ->> 'scope' is distinct from scope_fp then
    -- another person's, an older format's, or an older epoch's checkpoint: start over
    return json_build_object('rows', '[]'::json, 'checkpoint', fresh, 'has_more', true, 'reset', true);
  end if;

  begin
    from_wm := (checkpoint ->> 'from')::xid8;
    to_wm := (checkpoint ->> 'to')::xid8;
    if checkpoint -> 'cursor' is not null and jsonb_typeof(checkpoint -> 'cursor') = 'object' then
      c_txid := (checkpoint #>> '{cursor,txid}')::xid8;
      c_table := checkpoint #>> '{cursor,table}';
      c_id := (checkpoint #>> '{cursor,id}')::uuid;
    end if;
  exception when data_exception then
    from_wm := null;
  end;
  if from_wm is null or (to_wm is not null and to_wm < from_wm)
     or (c_txid is not null and (to_wm is null or c_table is null or c_id is null)) then
    return json_build_object('rows', '[]'::json, 'checkpoint', fresh, 'has_more', true, 'reset', true);
  end if;

  if to_wm is null then
    -- a new pass: everything below the oldest running transaction is final
    -- (never below `from`: a pass may repeat rows, it must not skip any)
    to_wm := greatest(pg_snapshot_xmin(pg_current_snapshot()), from_wm);
    c_txid := null;
  end if;

  foreach t in array private.sync_tables() loop
    cursor_mode := case
      when c_txid is null then 'none'
      when t collate "C" > c_table collate "C" then 'from'
      when t = c_table then 'row'
      else 'after'
    end;
    if t = 'profiles' then
      parts := parts || format(
        '(select ''profiles''::text as t, x.txid, x.id, x.r::json as r
            from private.sync_pull_profiles($1, $2, $3, $4, $5, %L, $6, $7) x)', cursor_mode);
      continue;
    end if;
    cursor_pred := case cursor_mode
      when 'none' then 'true'
      when 'from' then 'x.txid >= $3'
      when 'row' then '(x.txid, x.id) > ($3, $4)'
      else 'x.txid > $3'
    end;
    if own_only and (t in ('work_logs', 'assessments', 'postings') or (t = 'attendance' and not runs_sessions)) then
      cursor_pred := cursor_pred || ' and x.cadre_id = $9';
    end if;
    parts := parts || format(
      '(select %1$L::text as t, x.txid, x.id, row_to_json(x) as r from public.%1$I x
        where x.txid >= $1 and x.txid < $2 and %2$s order by x.txid, x.id limit $5)',
      t, cursor_pred);
  end loop;

  -- One pass builds the page: the rows of the pass in (txid, table, id) order, one
  -- more than a page to learn whether more follow, and the cursor of the page's
  -- last row.
  execute format(
    'select coalesce(json_agg(json_build_object(''table'', u.t, ''row'', u.r) order by u.n) filter (where u.n <= $8), ''[]''::json),
            count(*)::integer,
            (array_agg(jsonb_build_object(''txid'', u.txid::text, ''table'', u.t, ''id'', u.id::text)) filter (where u.n = $8))[1]
     from (select a.t, a.txid, a.id, a.r, row_number() over (order by a.txid, a.t collate "C", a.id) as n
           from (%s) a order by a.txid, a.t collate "C", a.id limit $5) u',
    array_to_string(parts, ' union all '))
    into page, n, last_row
    using from_wm, to_wm, c_txid, c_id, page_size + 1, whole_ids, sees_all, page_size, uid;

  if n > page_size then
    -- more in this pass: keep the watermark, move the cursor to the last row sent
    checkpoint := jsonb_build_object('v', 1, 'sub', uid, 'epoch', epoch, 'scope', scope_fp, 'from', from_wm::text, 'to', to_wm::text,
      'cursor', last_row);
    return json_build_object('rows', page, 'checkpoint', checkpoint, 'has_more', true, 'reset', false);
  end if;

  -- the pass is done: the next one starts at its watermark, and says whether an open
  -- transaction holds that watermark back (newer changes then arrive when it ends)
  checkpoint := jsonb_build_object('v', 1, 'sub', uid, 'epoch', epoch, 'scope', scope_fp, 'from', to_wm::text, 'to', null, 'cursor', null);
  held := private.sync_watermark_held_back();
  if held is not null then
    return json_build_object('rows', page, 'checkpoint', checkpoint, 'has_more', false, 'reset', false,
      'held_back_seconds', held);
  end if;
  return json_build_object('rows', page, 'checkpoint', checkpoint, 'has_more', false, 'reset', false);
end
$$;
comment on function public.sync_pull(jsonb, integer) is
  'One page of the rows the caller may see that changed since the checkpoint; the last page of a pass carries held_back_seconds while an open transaction holds the watermark back.';
revoke execute on function public.sync_pull(jsonb, integer) from public, anon;
grant execute on function public.sync_pull(jsonb, integer) to authenticated, service_role;
