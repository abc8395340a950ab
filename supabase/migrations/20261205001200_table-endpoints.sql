-- =============================================================================
-- Every table of `public` is an endpoint (PostgREST's /rest/v1/<table>): a person
-- holding the anon key and their own token can skip the app and its RPCs. What
-- each role may do there is the matrix of docs/design-notes.md "The table
-- endpoints", tested in supabase/tests/database/13-table-endpoints.test.sql and
-- 14-advisor.test.sql, and over HTTP in tests/server/table-endpoints.test.ts.
--
--  1. Trainers lose row access to other people's profiles. RLS cannot hide
--     columns, and PostgREST's `select=birth_date` would read what the sync
--     projection cuts. Names and units of cadres (their rosters and the
--     enrolment search) reach a trainer only through sync_pull, which now reads
--     profiles through private.sync_pull_profiles (security definer) and
--     projects every row the caller may not see whole.
--  2. Column privileges: nobody writes the sync columns (version, txid,
--     updated_at, updated_by: the stamp trigger sets them), nobody inserts a row
--     already deleted, nobody changes an id. DELETE stays revoked (tombstones).
--  3. One permissive policy per table, role and action (Supabase advisor lint
--     0006): the policies of each group are merged into one whose USING and
--     WITH CHECK are the OR of theirs, which is exactly how Postgres combines
--     permissive policies, so nothing changes in what anyone may do.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- 1. profiles: a trainer reads their own row only; sync_pull projects the rest
-- -----------------------------------------------------------------------------
drop policy "trainers read the profiles of cadres on their rosters" on public.profiles;
drop policy "trainers read the profiles of cadres to enrol them" on public.profiles;

-- The profile rows of one pull page for the caller, in (txid, id) order: whole for
-- the caller, admins and a supervisor's scope (p_whole, p_sees_all, as sync_pull
-- computed them), projected to names and units for a trainer's cadres. `p_after`
-- says how the cursor applies: 'none', 'from' (txid >= cursor), 'after' (txid >
-- cursor) or 'row' ((txid, id) > cursor), as sync_pull's other tables do.
create or replace function private.sync_pull_profiles(
  p_from xid8, p_to xid8, p_cursor_txid xid8, p_cursor_id uuid, p_limit integer,
  p_after text, p_whole uuid[], p_sees_all boolean
) returns table (txid xid8, id uuid, r jsonb)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  trainer boolean := private.is_trainer();
  -- the cursor as an index range bound; the rows at the cursor's own txid are then cut below
  lower_bound xid8 := case when p_after = 'none' then p_from else greatest(p_from, p_cursor_txid) end;
begin
  return query
    select x.txid, x.id, private.sync_profile_for(to_jsonb(x), x.id = any (p_whole) or p_sees_all)
    from public.profiles x
    where x.txid >= lower_bound and x.txid < p_to
      and (p_after <> 'after' or x.txid > p_cursor_txid)
      and (p_after <> 'row' or (x.txid, x.id) > (p_cursor_txid, p_cursor_id))
      and (p_sees_all or x.id = any (p_whole) or (trainer and x.role = 'cadre'))
    order by x.txid, x.id limit p_limit;
end
$$;

-- A profile row as the caller may have it: whole, or names and units with the sync columns.
create or replace function private.sync_profile_for(p_row jsonb, p_whole boolean) returns jsonb
language sql
immutable
set search_path = ''
as $$
  select case when p_whole then p_row else jsonb_build_object(
    'id', p_row -> 'id',
    'full_name', p_row -> 'full_name',
    'unit_id', p_row -> 'unit_id',
    'version', p_row -> 'version',
    'txid', p_row -> 'txid',
    'updated_at', p_row -> 'updated_at',
    'updated_by', p_row -> 'updated_by',
    'deleted_at', p_row -> 'deleted_at'
  ) end
$$;

revoke execute on function private.sync_pull_profiles(xid8, xid8, xid8, uuid, integer, text, uuid[], boolean),
  private.sync_profile_for(jsonb, boolean) from public, anon;
grant execute on function private.sync_pull_profiles(xid8, xid8, xid8, uuid, integer, text, uuid[], boolean),
  private.sync_profile_for(jsonb, boolean) to authenticated, service_role;

-- sync_pull as in 20261127000500, but its profiles part is read through
-- private.sync_pull_profiles: the caller's RLS no longer lets a trainer see cadres.
create or replace function public.sync_pull(checkpoint jsonb default null, max_rows integer default 1000) returns jsonb
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
  page jsonb;
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
    return jsonb_build_object('rows', '[]'::jsonb, 'checkpoint', fresh, 'has_more', true, 'reset', true);
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
    return jsonb_build_object('rows', '[]'::jsonb, 'checkpoint', fresh, 'has_more', true, 'reset', true);
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
        '(select ''profiles''::text as t, x.txid, x.id, x.r
            from private.sync_pull_profiles($1, $2, $3, $4, $5, %L, $6, $7) x)', cursor_mode);
      continue;
    end if;
    cursor_pred := case cursor_mode
      when 'none' then 'true'
      when 'from' then 'x.txid >= $3'
      when 'row' then '(x.txid, x.id) > ($3, $4)'
      else 'x.txid > $3'
    end;
    parts := parts || format(
      '(select %1$L::text as t, x.txid, x.id, to_jsonb(x) as r from public.%1$I x
        where x.txid >= $1 and x.txid < $2 and %2$s order by x.txid, x.id limit $5)',
      t, cursor_pred);
  end loop;

  -- One pass builds the page: the rows of the pass in (txid, table, id) order, one
  -- more than a page to learn whether more follow, and the cursor of the page's
  -- last row.
  execute format(
    'select coalesce(jsonb_agg(jsonb_build_object(''table'', u.t, ''row'', u.r) order by u.n) filter (where u.n <= $8), ''[]''),
            count(*)::integer,
            (array_agg(jsonb_build_object(''txid'', u.txid::text, ''table'', u.t, ''id'', u.id::text)) filter (where u.n = $8))[1]
     from (select a.t, a.txid, a.id, a.r, row_number() over (order by a.txid, a.t collate "C", a.id) as n
           from (%s) a order by a.txid, a.t collate "C", a.id limit $5) u',
    array_to_string(parts, ' union all '))
    into page, n, last_row
    using from_wm, to_wm, c_txid, c_id, page_size + 1, whole_ids, sees_all, page_size;

  if n > page_size then
    -- more in this pass: keep the watermark, move the cursor to the last row sent
    checkpoint := jsonb_build_object('v', 1, 'sub', uid, 'epoch', epoch, 'scope', scope_fp, 'from', from_wm::text, 'to', to_wm::text,
      'cursor', last_row);
    return jsonb_build_object('rows', page, 'checkpoint', checkpoint, 'has_more', true, 'reset', false);
  end if;

  -- the pass is done: the next one starts at its watermark
  checkpoint := jsonb_build_object('v', 1, 'sub', uid, 'epoch', epoch, 'scope', scope_fp, 'from', to_wm::text, 'to', null, 'cursor', null);
  return jsonb_build_object('rows', page, 'checkpoint', checkpoint, 'has_more', false, 'reset', false);
end
$$;

-- The projection of 20261127000200 is now sync_profile_for; nothing else calls it.
drop function private.project_row_for_caller(text, jsonb);

-- -----------------------------------------------------------------------------
-- 2. Column privileges on every synced table
-- -----------------------------------------------------------------------------
do $$
declare
  t text;
  ins text;
  upd text;
begin
  foreach t in array private.sync_tables() loop
    select string_agg(format('%I', a.attname), ', ' order by a.attnum)
             filter (where a.attname not in ('version', 'txid', 'updated_at', 'updated_by', 'deleted_at')),
           string_agg(format('%I', a.attname), ', ' order by a.attnum)
             filter (where a.attname not in ('id', 'version', 'txid', 'updated_at', 'updated_by'))
      into ins, upd
    from pg_catalog.pg_attribute a
    where a.attrelid = format('public.%I', t)::regclass and a.attnum > 0 and not a.attisdropped;
    execute format('revoke insert, update, delete, truncate, references, trigger on public.%I from anon, authenticated', t);
    execute format('grant insert (%s) on public.%I to authenticated', ins, t);
    execute format('grant update (%s) on public.%I to authenticated', upd, t);
  end loop;
end
$$;

-- -----------------------------------------------------------------------------
-- 3. One permissive policy per table, role set and action
-- -----------------------------------------------------------------------------
do $$
declare
  g record;
  using_expr text;
  check_expr text;
  merged text;
begin
  for g in
    select p.tablename, p.cmd, p.roles, array_agg(p.policyname order by p.policyname) as names,
           array_agg(p.qual order by p.policyname) as quals,
           array_agg(p.with_check order by p.policyname) as checks
    from pg_catalog.pg_policies p
    where p.schemaname = 'public' and p.permissive = 'PERMISSIVE'
    group by p.tablename, p.cmd, p.roles
    having count(*) > 1
  loop
    select string_agg('(' || q || ')', ' or ') into using_expr from unnest(g.quals) q where q is not null;
    select string_agg('(' || c || ')', ' or ') into check_expr from unnest(g.checks) c where c is not null;
    merged := format('%s: who may %s', g.tablename, lower(g.cmd));
    for i in 1 .. array_length(g.names, 1) loop
      execute format('drop policy %I on public.%I', g.names[i], g.tablename);
    end loop;
    execute format('create policy %I on public.%I as permissive for %s to %s%s%s',
      merged, g.tablename, g.cmd,
      (select string_agg(format('%I', r), ', ') from unnest(g.roles) r),
      coalesce(' using (' || using_expr || ')', ''),
      coalesce(' with check (' || check_expr || ')', ''));
    execute format('comment on policy %I on public.%I is %L', merged, g.tablename,
      'Merged from: ' || array_to_string(g.names, '; '));
  end loop;
end
$$;

-- -----------------------------------------------------------------------------
-- 4. anon reaches nothing but sign-in (GoTrue): no way into schema private
-- -----------------------------------------------------------------------------
revoke usage on schema private from anon;

-- -----------------------------------------------------------------------------
-- 5. Functions: EXECUTE is granted to the roles that call them, never to PUBLIC.
--    Functions created without a revoke were executable by PUBLIC (so anon): the
--    signed-in roles keep what they had, anon loses it. Trigger functions fire
--    without EXECUTE, so nobody holds it.
-- -----------------------------------------------------------------------------
do $$
declare
  f record;
begin
  for f in
    select p.oid::regprocedure as sig, p.prorettype = 'trigger'::regtype as is_trigger,
           has_function_privilege('authenticated', p.oid, 'execute') as authed,
           has_function_privilege('service_role', p.oid, 'execute') as service
    from pg_catalog.pg_proc p
    where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
      and not exists (select 1 from pg_catalog.pg_depend d where d.objid = p.oid and d.deptype = 'e')
  loop
    execute format('revoke execute on function %s from public, anon', f.sig);
    if f.is_trigger then
      execute format('revoke execute on function %s from authenticated', f.sig);
    else
      if f.authed then execute format('grant execute on function %s to authenticated', f.sig); end if;
      if f.service then execute format('grant execute on function %s to service_role', f.sig); end if;
    end if;
  end loop;
end
$$;

-- -----------------------------------------------------------------------------
-- 6. Every foreign key leads an index (advisor lint 0001): deleting or re-keying a
--    referenced row, and the joins of the reports, do not scan the referencing table
-- -----------------------------------------------------------------------------
create index assessments_posting_id_idx on public.assessments (posting_id);
create index assessments_session_id_idx on public.assessments (session_id);
create index attendance_marked_by_idx on public.attendance (marked_by);
create index postings_from_unit_id_idx on public.postings (from_unit_id);
create index assessment_signatures_signer_id_idx on public.assessment_signatures (signer_id);
