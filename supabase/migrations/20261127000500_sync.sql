-- =============================================================================
-- Sync: the only data API the app uses (design.md "Sync contract").
--   public.sync_push(mutations)          idempotent batch of field-level patches
--   public.sync_pull(checkpoint, rows)   changed rows below a transaction-id watermark
-- Both run as the caller (SECURITY INVOKER): RLS and the business triggers of the
-- earlier migrations decide what a person may see and change; this file only routes,
-- validates the shape of what a phone sends, and turns errors into answers.
-- =============================================================================

-- ---------------------------------------------------------------------------
-- The tables sync knows. Anything else a phone names is refused.
-- ---------------------------------------------------------------------------
create or replace function private.sync_tables() returns text[]
language sql immutable
set search_path = ''
as $$
  select array['assessment_signatures', 'assessments', 'attendance', 'posting_reports', 'postings', 'profiles',
               'settings', 'training_session_secrets', 'training_sessions', 'units', 'work_logs']
$$;

-- ---------------------------------------------------------------------------
-- Idempotency ledger: one answer per (person, mutation id), kept until
-- private.sync_prune() (90 days by default: far longer than any outbox waits).
-- No grants at all: clients reach it only through the two SECURITY DEFINER
-- functions below, which can touch nothing but the caller's own rows. That is
-- narrower than grants + RLS (no way to list, forge or delete answers) and keeps
-- the ledger out of the PostgREST surface entirely.
-- ---------------------------------------------------------------------------
create table private.sync_mutations (
  user_id uuid not null references auth.users (id) on delete cascade,
  mutation_id uuid not null,
  -- null only between the claim and the answer, inside one transaction
  result jsonb,
  created_at timestamptz not null default now(),
  primary key (user_id, mutation_id)
)
-- room on each page, so that storing the answer into a fresh claim is a HOT
-- update (no new index entry): every mutation is claimed, then answered
with (fillfactor = 70);
alter table private.sync_mutations enable row level security;
revoke all on private.sync_mutations from public, anon, authenticated;

-- Claims the mutation ids of a batch for the caller, in one statement, before
-- any of them is applied. Returns {mutation_id: answer} for the ids seen before
-- (the answer stored the first time); every other id is now claimed (go ahead).
-- A concurrent retry of the same id waits on the primary key until the first
-- transaction ends, then sees its answer (or, if it rolled back, takes the claim
-- itself): a mutation never applies twice. Claiming in id order means two batches
-- that share ids take their claims in the same order and never deadlock on them.
create or replace function private.sync_ledger_claim(p_mutation_ids uuid[]) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  claimed uuid[];
  stored jsonb;
begin
  with claim as (
    insert into private.sync_mutations (user_id, mutation_id)
    select uid, d.id from (select distinct i.id from unnest(p_mutation_ids) as i(id)) d order by d.id
    on conflict do nothing
    returning mutation_id
  )
  select coalesce(array_agg(c.mutation_id), '{}') into claimed from claim c;
  if cardinality(claimed) = (select count(distinct i.id) from unnest(p_mutation_ids) as i(id)) then
    return '{}'::jsonb;
  end if;
  -- a new statement, so a new snapshot: it sees what the transaction we waited for committed
  select coalesce(jsonb_object_agg(m.mutation_id::text, coalesce(m.result, '{}'::jsonb)), '{}'::jsonb) into stored
  from private.sync_mutations m
  where m.user_id = uid and m.mutation_id = any (p_mutation_ids) and not (m.mutation_id = any (claimed));
  return stored;
end
$$;

-- Stores the answers of the mutations this call claimed, in one statement at the
-- end of the batch (the claims above keep concurrent retries out meanwhile).
create or replace function private.sync_ledger_remember(p_mutation_ids uuid[], p_results jsonb[]) returns void
language sql
security definer
set search_path = ''
as $$
  update private.sync_mutations m
  set result = x.result
  from unnest(p_mutation_ids, p_results) as x(mutation_id, result)
  where m.user_id = auth.uid() and m.mutation_id = x.mutation_id
$$;

revoke execute on function private.sync_ledger_claim(uuid[]), private.sync_ledger_remember(uuid[], jsonb[]) from public, anon;
grant execute on function private.sync_ledger_claim(uuid[]), private.sync_ledger_remember(uuid[], jsonb[]) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Words a person can read: field labels and the common constraint messages
-- ---------------------------------------------------------------------------
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
    when 'key' then '设置项' when 'value' then '设置值' when 'deleted_at' then '删除时间'
  end, p_column)
$$;

-- The message for a violated constraint, by name; unknown names fall back to the
-- column the name carries (`<table>_<column>_check|fkey|key`).
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

-- ---------------------------------------------------------------------------
-- Applying one mutation. Raises on anything wrong; sync_push turns the error
-- into an answer and rolls back the mutation's savepoint.
-- ---------------------------------------------------------------------------

-- Converts every value of a patch to its column's type (raising the conversion's
-- error). Static statements, one per table, so that each is planned once per
-- session, not once per mutation.
create or replace function private.sync_check_types(p_table text, p_patch jsonb) returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  case p_table
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

-- Checks every patch field against the table and returns the patch the server
-- will apply: sync columns the server stamps are dropped (clients may send a
-- whole row back), a non-null deleted_at is refused (delete is an op), every
-- value must convert to its column's type.
create or replace function private.sync_clean_patch(p_table text, p_id uuid, p_patch jsonb) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  k text;
  v jsonb;
  col_type regtype;
  cleaned jsonb := '{}'::jsonb;
  state text;
  rel regclass := format('public.%I', p_table)::regclass;
begin
  if length(p_patch::text) > 65536 then
    raise exception using errcode = 'P0001', hint = 'too_long', message = '修改内容过大，请分几次保存';
  end if;
  for k, v in select e.key, e.value from jsonb_each(p_patch) e loop
    if k in ('version', 'txid', 'updated_at', 'updated_by') then
      continue;
    end if;
    if k = 'deleted_at' then
      if jsonb_typeof(v) = 'null' then
        continue;
      end if;
      raise exception using errcode = 'P0001', hint = 'invalid', column = k,
        message = '删除记录请使用删除操作，不能直接填写删除时间';
    end if;
    if k = 'id' then
      if v is distinct from to_jsonb(p_id::text) then
        raise exception using errcode = 'P0001', hint = 'invalid', column = k, message = '修改内容中的编号与记录编号不一致';
      end if;
      continue;
    end if;
    select a.atttypid::regtype into col_type
    from pg_catalog.pg_attribute a
    where a.attrelid = rel and a.attname = k and a.attnum > 0 and not a.attisdropped;
    if col_type is null then
      raise exception using errcode = 'P0001', hint = 'unknown_field', column = k,
        message = format('无法识别的字段「%s」', left(k, 60));
    end if;
    if col_type not in ('jsonb'::regtype, 'json'::regtype) and jsonb_typeof(v) in ('object', 'array') then
      raise exception using errcode = '22P02', column = k, message = 'a structured value for a scalar column';
    end if;
    cleaned := cleaned || jsonb_build_object(k, v);
  end loop;

  -- Every value must convert to its column's type. One try for the whole patch;
  -- only when it fails, one per field, to name the field in the answer.
  begin
    perform private.sync_check_types(p_table, cleaned);
  exception when data_exception then
    for k, v in select e.key, e.value from jsonb_each(cleaned) e loop
      begin
        execute format('select (pg_catalog.jsonb_populate_record(null::public.%I, $1)).%I', p_table, k)
          using jsonb_build_object(k, v);
      exception when data_exception then
        get stacked diagnostics state = returned_sqlstate;
        raise exception using errcode = state, column = k, message = sqlerrm;
      end;
    end loop;
    raise;
  end;
  return cleaned;
end
$$;

-- Updates the visible row `p_id` with the patch fields; returns the new row, or
-- null when no visible, live row has that id.
create or replace function private.sync_update(p_table text, p_id uuid, p_patch jsonb) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  assignments text;
  updated jsonb;
begin
  select string_agg(format('%I = r.%I', k, k), ', ') into assignments
  from jsonb_object_keys(p_patch) k;
  if assignments is null then
    -- nothing to change: answer with the row as it is
    execute format('select to_jsonb(t) from public.%I t where t.id = $1 and t.deleted_at is null', p_table)
      into updated using p_id;
    return updated;
  end if;
  execute format(
    'update public.%1$I t set %2$s from pg_catalog.jsonb_populate_record(null::public.%1$I, $1) r
     where t.id = $2 and t.deleted_at is null returning to_jsonb(t)', p_table, assignments)
    into updated using p_patch, p_id;
  return updated;
end
$$;

-- Whether any row has the id, whoever may see it (the definer's view, past RLS).
-- Only sync_apply asks, to send a new id straight to the INSERT; it never shapes
-- an answer: an id that exists takes the same path (UPDATE, tombstone, INSERT)
-- whether or not the caller may see its row. Static statements, one per table,
-- so that each is planned once per session, not once per mutation.
create or replace function private.sync_row_exists(p_table text, p_id uuid) returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  case p_table
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
revoke execute on function private.sync_row_exists(text, uuid) from public, anon;
grant execute on function private.sync_row_exists(text, uuid) to authenticated, service_role;

-- The INSERT of a patch that fills every column of its table (what a phone sends
-- for a record it made): the very statement sync_apply would build, written out
-- once per table so that it is planned once per session, not once per mutation.
-- Returns the new version, or null when the patch's columns are not exactly the
-- table's (then sync_apply builds the statement itself). The statements are
-- generated here from the tables' columns; a column added later simply makes a
-- whole patch miss this list and take the general path.
do $gen$
declare
  t text;
  cols text;
  vals text;
  branches text := '';
begin
  foreach t in array private.sync_tables() loop
    -- the column list in the order sync_apply lists a patch's keys (jsonb key order)
    select string_agg(format('%I', k), ', '), string_agg(format('r.%I', k), ', ')
    into cols, vals
    from jsonb_object_keys((
      select jsonb_object_agg(a.attname, null)
      from pg_catalog.pg_attribute a
      where a.attrelid = format('public.%I', t)::regclass and a.attnum > 0 and not a.attisdropped
        and a.attname not in ('id', 'version', 'txid', 'updated_at', 'updated_by', 'deleted_at'))) k;
    branches := branches || format(
      E'    when p_table = %1$L and p_columns = %2$L then\n'
      '      insert into public.%1$I as t (id, %3$s) select p_id, %4$s\n'
      '      from pg_catalog.jsonb_populate_record(null::public.%1$I, p_patch) r returning t.version into v;\n',
      t, cols, cols, vals);
  end loop;
  execute format($f$
create or replace function private.sync_insert_whole(p_table text, p_id uuid, p_patch jsonb, p_columns text) returns bigint
language plpgsql
set search_path = ''
as $body$
declare
  v bigint;
begin
  case
%s    else
      v := null;
  end case;
  return v;
end
$body$
$f$, branches);
end
$gen$;

-- ---------------------------------------------------------------------------
-- New rows a run at a time. A phone's outbox is mostly new work logs (and
-- monthly reports): each would be one INSERT, one savepoint and one patch check.
-- A run of consecutive new whole rows of one of these tables goes in as ONE
-- INSERT instead. Only tables whose insert triggers look at no other row (the
-- sync stamps and the audit log) are listed, so the one statement does exactly
-- what the same INSERTs one by one would. If the statement fails for any reason
-- (an id that exists, a bad value, a refused row), the caller undoes it and
-- applies the run one mutation at a time, which finds and names the culprit.
-- ---------------------------------------------------------------------------
create or replace function private.sync_bulk_tables() returns text[]
language sql immutable
set search_path = ''
as $$
  select array['posting_reports', 'work_logs']
$$;

-- The columns a patch may fill on insert: all but the id and what the server stamps.
create or replace function private.sync_insert_columns(p_table text) returns text[]
language sql stable
set search_path = ''
as $$
  select coalesce(array_agg(a.attname::text order by a.attname::text), '{}')
  from pg_catalog.pg_attribute a
  where a.attrelid = format('public.%I', p_table)::regclass and a.attnum > 0 and not a.attisdropped
    and a.attname not in ('id', 'version', 'txid', 'updated_at', 'updated_by', 'deleted_at')
$$;

-- Inserts the rows (p_ids[i], p_patches[i]), every patch with exactly the keys
-- p_columns, in one statement; returns their versions in the same order.
create or replace function private.sync_insert_run(p_table text, p_columns text[], p_ids uuid[], p_patches jsonb[])
returns bigint[]
language plpgsql
set search_path = ''
as $$
declare
  versions bigint[];
begin
  execute format(
    'with ins as (
       insert into public.%1$I as t (id, %2$s)
       select x.id, %3$s
       from unnest($1::uuid[], $2::jsonb[]) with ordinality as x(id, patch, n),
            pg_catalog.jsonb_populate_record(null::public.%1$I, x.patch) r
       order by x.n
       returning t.id, t.version)
     select array_agg(ins.version order by x.n)
     from unnest($1::uuid[]) with ordinality as x(id, n) join ins on ins.id = x.id',
    p_table,
    (select string_agg(format('%I', c), ', ') from unnest(p_columns) c),
    (select string_agg(format('r.%I', c), ', ') from unnest(p_columns) c))
    into versions using p_ids, p_patches;
  if cardinality(versions) is distinct from cardinality(p_ids) then
    raise exception 'sync_insert_run: % of % rows answered', cardinality(versions), cardinality(p_ids);
  end if;
  return versions;
end
$$;

create or replace function private.sync_apply(p_table text, p_op text, p_id uuid, p_patch jsonb) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  patch jsonb;
  col_list text;
  val_list text;
  r jsonb;
  v bigint;
  c_name text;
  existing_id uuid;
begin
  if p_op = 'delete' then
    execute format('update public.%I t set deleted_at = now() where t.id = $1 and t.deleted_at is null returning t.version', p_table)
      into v using p_id;
    if v is null then
      -- deleting twice is fine; deleting what one cannot see or change is not
      execute format('select t.version from public.%I t where t.id = $1 and t.deleted_at is not null', p_table)
        into v using p_id;
      if v is null then
        raise exception using errcode = '42501', message = 'no visible row';
      end if;
    end if;
    return jsonb_build_object('status', 'applied', 'version', v);
  end if;

  patch := private.sync_clean_patch(p_table, p_id, p_patch);

  -- An id no row has (the common case: a record made on a phone) goes straight
  -- to the INSERT: the UPDATE and the tombstone lookup could only find nothing.
  if private.sync_row_exists(p_table, p_id) then
    r := private.sync_update(p_table, p_id, patch);
    if r is not null then
      return jsonb_build_object('status', 'applied', 'version', r -> 'version');
    end if;

    -- A tombstone wins over a later edit: the client gets the deleted row back as
    -- a conflict and drops its edit where the person can see it.
    execute format('select to_jsonb(t) from public.%I t where t.id = $1 and t.deleted_at is not null', p_table)
      into r using p_id;
    if r is not null then
      return jsonb_build_object('status', 'conflict', 'version', r -> 'version', 'code', 'deleted',
                                'message', '该记录已被删除，您的修改未保存', 'row', r, 'row_table', p_table);
    end if;
  end if;

  select string_agg(format('%I', k), ', '), string_agg(format('r.%I', k), ', ')
  into col_list, val_list
  from jsonb_object_keys(patch) k;
  begin
    v := private.sync_insert_whole(p_table, p_id, patch, col_list);
    if v is null then
      execute format(
        'insert into public.%1$I as t (id%2$s) select $2%3$s from pg_catalog.jsonb_populate_record(null::public.%1$I, $1) r
         returning t.version',
        p_table, coalesce(', ' || col_list, ''), coalesce(', ' || val_list, ''))
        into v using patch, p_id;
    end if;
    return jsonb_build_object('status', 'applied', 'version', v);
  exception when unique_violation then
    get stacked diagnostics c_name = constraint_name;
    if c_name = p_table || '_pkey' then
      -- the id exists but the caller may not see or change it: never say which
      raise exception using errcode = '42501', message = 'id taken by an invisible row';
    end if;
    if c_name not in ('attendance_one_row_per_cadre', 'posting_reports_one_per_month') then
      raise;
    end if;
  end;

  -- Natural-key convergence: two phones created the same (session, cadre) or
  -- (posting, month) offline. The existing row keeps its id and takes the patch
  -- as an ordinary UPDATE, so the table's precedence triggers decide the merge.
  if p_table = 'attendance' then
    select a.id into existing_id from public.attendance a
    where a.session_id = (patch ->> 'session_id')::uuid and a.cadre_id = (patch ->> 'cadre_id')::uuid;
  else
    select pr.id into existing_id from public.posting_reports pr
    where pr.posting_id = (patch ->> 'posting_id')::uuid and pr.month = (patch ->> 'month')::date;
  end if;
  if existing_id is null then
    raise exception using errcode = '42501', message = 'natural key taken by an invisible row';
  end if;
  r := private.sync_update(p_table, existing_id, patch);
  if r is null then
    execute format('select to_jsonb(t) from public.%I t where t.id = $1', p_table) into r using existing_id;
    if r is null then
      raise exception using errcode = '42501', message = 'natural key taken by an invisible row';
    end if;
    return jsonb_build_object('status', 'conflict', 'version', r -> 'version', 'code', 'deleted',
                              'message', '该记录已被删除，您的修改未保存', 'row', r, 'row_table', p_table);
  end if;
  return jsonb_build_object('status', 'applied', 'version', r -> 'version', 'row', r, 'row_table', p_table);
end
$$;

-- ---------------------------------------------------------------------------
-- Errors as answers: {code, message} a person can act on
-- ---------------------------------------------------------------------------
create or replace function private.sync_error_answer(
  p_table text, p_state text, p_message text, p_hint text, p_column text, p_constraint text
) returns jsonb
language plpgsql immutable
set search_path = ''
as $$
declare
  label text := case when p_column is not null and p_column <> '' then private.sync_field_label(p_column) end;
begin
  return case
    when p_state = 'P0001' then
      jsonb_build_object('code', coalesce(nullif(p_hint, ''), 'rule_violation'), 'message', p_message)
    -- RLS refusals carry no hint and get one message whatever the reason, so
    -- that a refusal never tells whether the row exists; a trigger that refuses
    -- with 42501 and a hint has chosen its own words.
    when p_state = '42501' and coalesce(p_hint, '') <> '' then
      jsonb_build_object('code', 'forbidden', 'message', p_message)
    when p_state = '42501' then
      jsonb_build_object('code', 'forbidden', 'message', '记录不存在，或您无权进行此修改')
    when p_state = '23514' then
      jsonb_build_object('code', 'invalid', 'message',
        coalesce(private.sync_constraint_message(p_table, p_constraint), '填写的内容不符合要求'))
    when p_state = '23502' then
      jsonb_build_object('code', 'missing_field', 'message',
        case when label is not null then format('请填写「%s」', label) else '缺少必填项' end)
    when p_state in ('22P02', '22007', '22008', '22003', '22023', '22004', '22005', '2200D', '22009', '22015', '22021') then
      jsonb_build_object('code', 'invalid_type', 'message',
        case when label is not null then format('「%s」的格式不正确', label) else '填写的内容格式不正确' end)
    when p_state = '22001' then
      jsonb_build_object('code', 'too_long', 'message',
        case when label is not null then format('「%s」太长', label) else '填写的内容太长' end)
    when p_state = '23503' then
      jsonb_build_object('code', 'not_found', 'message',
        coalesce(private.sync_constraint_message(p_table, p_constraint), '关联的记录不存在'))
    when p_state = '23505' then
      jsonb_build_object('code', 'duplicate_key', 'message',
        coalesce(private.sync_constraint_message(p_table, p_constraint), '已有相同的记录'))
    when p_state like '22%' then
      jsonb_build_object('code', 'invalid_type', 'message', '填写的内容格式不正确')
    else
      jsonb_build_object('code', 'error', 'message', '服务器无法保存这项修改（' || p_state || '）')
  end;
end
$$;

-- Is a refused assessment or signature change a true conflict? It is when the
-- trigger refused a state transition and the version the client based its change
-- on is no longer the assessment's current version: someone moved it on meanwhile.
-- Returns the current assessment row in that case, null otherwise.
create or replace function private.sync_conflict_row(
  p_table text, p_id uuid, p_patch jsonb, p_base_version bigint, p_state text, p_hint text, p_constraint text
) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  a_id uuid;
  client_version bigint;
  current_row jsonb;
begin
  if p_table not in ('assessments', 'assessment_signatures') then
    return null;
  end if;
  -- only refusals of a transition; identity and permission refusals stay rejections
  if not ((p_state = 'P0001' and p_hint in ('conflict', 'signoff_out_of_order', 'assessment_locked', 'assessment_not_editable'))
          or (p_state = '23505' and p_constraint = 'assessment_signatures_one_live_approval_per_level')) then
    return null;
  end if;
  if p_table = 'assessments' then
    a_id := p_id;
    client_version := p_base_version;
  else
    begin
      a_id := coalesce((p_patch ->> 'assessment_id')::uuid,
                                (select s.assessment_id from public.assessment_signatures s where s.id = p_id));
      client_version := coalesce((p_patch ->> 'assessment_version')::bigint, p_base_version);
    exception when data_exception then
      return null;
    end;
  end if;
  if a_id is null or client_version is null then
    return null;
  end if;
  select to_jsonb(a) into current_row from public.assessments a where a.id = a_id;
  if current_row is null or (current_row ->> 'version')::bigint = client_version then
    return null;
  end if;
  return current_row;
end
$$;

revoke execute on function
  private.sync_insert_columns(text), private.sync_insert_run(text, text[], uuid[], jsonb[]),
  private.sync_check_types(text, jsonb), private.sync_insert_whole(text, uuid, jsonb, text),
  private.sync_clean_patch(text, uuid, jsonb), private.sync_update(text, uuid, jsonb),
  private.sync_apply(text, text, uuid, jsonb),
  private.sync_conflict_row(text, uuid, jsonb, bigint, text, text, text)
from public, anon;
grant execute on function
  private.sync_insert_columns(text), private.sync_insert_run(text, text[], uuid[], jsonb[]),
  private.sync_check_types(text, jsonb), private.sync_insert_whole(text, uuid, jsonb, text),
  private.sync_clean_patch(text, uuid, jsonb), private.sync_update(text, uuid, jsonb),
  private.sync_apply(text, text, uuid, jsonb),
  private.sync_conflict_row(text, uuid, jsonb, bigint, text, text, text)
to authenticated, service_role;

-- Errors that say "try again", not "this change is wrong": serialization,
-- deadlock, lock timeout, cancel, resources. Sync re-raises them so that the
-- whole call fails and the client retries, instead of storing a permanent
-- 'rejected' in the ledger.
create or replace function private.sync_transient(p_state text) returns boolean
language sql immutable
set search_path = ''
as $$
  select p_state in ('40001', '40P01', '55P03', '57014', '53000', '53100', '53200', '53300')
$$;

-- One mutation, under its own savepoint: an error undoes this mutation only and
-- becomes its answer (a transient one fails the whole call: sync_transient).
create or replace function private.sync_apply_answer(p_table text, p_op text, p_id uuid, p_patch jsonb, p_base_version bigint)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  conflict_row jsonb;
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
    conflict_row := private.sync_conflict_row(p_table, p_id, p_patch, p_base_version, e_state, e_hint, e_constraint);
    if conflict_row is not null then
      return jsonb_build_object('status', 'conflict', 'version', conflict_row -> 'version',
        'code', 'conflict', 'message', '该考核已被他人处理，请查看最新内容后再操作', 'row', conflict_row, 'row_table', 'assessments');
    end if;
    return jsonb_build_object('status', 'rejected')
      || private.sync_error_answer(p_table, e_state, e_message, e_hint, e_column, e_constraint);
end
$$;

-- A run of new whole rows of one bulk table (see sync_insert_run): one INSERT
-- for all, or, when that fails, one mutation at a time. Answers in run order,
-- each with its mutation_id.
create or replace function private.sync_apply_run(
  p_table text, p_columns text[], p_mutation_ids uuid[], p_ids uuid[], p_patches jsonb[], p_base_versions bigint[]
) returns jsonb[]
language plpgsql
set search_path = ''
as $$
declare
  versions bigint[];
  answers jsonb[] := '{}';
  e_state text;
begin
  begin
    versions := private.sync_insert_run(p_table, p_columns, p_ids, p_patches);
  exception
    when others then
      get stacked diagnostics e_state = returned_sqlstate;
      if private.sync_transient(e_state) then
        raise;
      end if;
      versions := null; -- undone: apply the run one by one below
  end;
  for i in 1 .. cardinality(p_ids) loop
    answers := answers || (jsonb_build_object('mutation_id', p_mutation_ids[i]) ||
      case when versions is not null then jsonb_build_object('status', 'applied', 'version', versions[i])
           else private.sync_apply_answer(p_table, 'upsert', p_ids[i], p_patches[i], p_base_versions[i]) end);
  end loop;
  return answers;
end
$$;

revoke execute on function
  private.sync_transient(text),
  private.sync_apply_answer(text, text, uuid, jsonb, bigint),
  private.sync_apply_run(text, text[], uuid[], uuid[], jsonb[], bigint[])
from public, anon;
grant execute on function
  private.sync_transient(text),
  private.sync_apply_answer(text, text, uuid, jsonb, bigint),
  private.sync_apply_run(text, text[], uuid[], uuid[], jsonb[], bigint[])
to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- sync_push
-- ---------------------------------------------------------------------------
-- Answers: {results: [{mutation_id, status, version?, code?, message?, row?}]},
-- in the order of the batch.
--   applied    the change is in; `version` is the row's new version; `row` (the
--              server row) when the id changed by natural-key convergence.
--   conflict   an assessment or signature moved on since the client's version
--              (code 'conflict'), or the row is a tombstone (code 'deleted');
--              `row` is the server row and `row_table` its table (for a
--              signature, the assessment's row: that is what moved on).
--   rejected   `code` + `message` (Chinese); nothing of the mutation applied.
--              Codes: invalid_mutation (the envelope), unknown_table,
--              unknown_field, invalid (a check: the message names the rule),
--              invalid_type, too_long, missing_field, not_found (a reference),
--              duplicate_key, forbidden (RLS, or someone else's id: one message
--              whether or not the row exists), a trigger's own hint (P0001),
--              error (anything else, with its SQLSTATE in the message).
--   duplicate  seen before: the stored answer, with `original_status`.
-- An empty patch on a visible row changes nothing and answers applied.
-- A non-array or oversized batch refuses the whole call (P0001): there is no
-- mutation to answer for. Transient errors fail the whole call (see
-- sync_apply_answer). Mutations apply in batch order; consecutive new whole rows
-- of a bulk table are gathered into a run and inserted together (sync_apply_run).
create or replace function public.sync_push(mutations jsonb) returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  n integer;
  m jsonb;
  results jsonb[] := '{}';
  answer jsonb;
  stored jsonb;
  mid uuid;
  mids uuid[] := '{}';
  seen jsonb;
  done_ids uuid[] := '{}';
  done_answers jsonb[] := '{}';
  tables text[] := private.sync_tables();
  bulk text[] := private.sync_bulk_tables();
  insert_columns jsonb := '{}';
  tbl text;
  op text;
  rid uuid;
  patch jsonb;
  keys text[];
  scalar boolean;
  base_version bigint;
  joins boolean;
  -- the run being gathered
  run_table text;
  run_keys text[];
  run_mids uuid[] := '{}';
  run_ids uuid[] := '{}';
  run_patches jsonb[] := '{}';
  run_bases bigint[] := '{}';
  run_answers jsonb[];
begin
  if auth.uid() is null then
    raise exception using errcode = 'P0001', hint = 'not_signed_in', message = '请先登录';
  end if;
  if mutations is null or jsonb_typeof(mutations) <> 'array' then
    raise exception using errcode = 'P0001', hint = 'invalid_batch', message = '同步数据格式不正确';
  end if;
  n := jsonb_array_length(mutations);
  if n > 500 then
    raise exception using errcode = 'P0001', hint = 'batch_too_large', message = '一次最多同步500项修改';
  end if;

  -- Claim every valid mutation id of the batch at once; `seen` holds the stored
  -- answers of the ids seen in an earlier call.
  for m in select value from jsonb_array_elements(mutations) loop
    if jsonb_typeof(m) = 'object' then
      begin
        mids := mids || (m ->> 'mutation_id')::uuid;
      exception when data_exception then
        null;
      end;
    end if;
  end loop;
  seen := private.sync_ledger_claim(array_remove(mids, null));

  -- One step past the last mutation (m null) flushes the last run.
  for i in 0 .. n loop
    m := case when i < n then mutations -> i end;
    answer := null;
    mid := null;
    tbl := null;
    op := null;
    rid := null;
    base_version := null;
    patch := null;
    joins := false;

    -- The envelope: without a valid mutation id nothing can be remembered.
    if m is null then
      null;
    elsif jsonb_typeof(m) <> 'object' then
      answer := jsonb_build_object('mutation_id', null, 'status', 'rejected',
        'code', 'invalid_mutation', 'message', '无法识别的修改记录');
    else
      begin
        mid := (m ->> 'mutation_id')::uuid;
      exception when data_exception then
        mid := null;
      end;
      if mid is null then
        answer := jsonb_build_object('mutation_id', m ->> 'mutation_id', 'status', 'rejected',
          'code', 'invalid_mutation', 'message', '修改记录缺少有效的编号');
      end if;
    end if;

    if mid is not null then
      tbl := m ->> 'table';
      op := m ->> 'op';
      patch := coalesce(m -> 'patch', '{}'::jsonb);
      begin
        rid := (m ->> 'id')::uuid;
        base_version := (m ->> 'base_version')::bigint;
      exception when data_exception then
        rid := null;
        answer := jsonb_build_object('status', 'rejected', 'code', 'invalid_type', 'message', '记录编号或版本号格式不正确');
      end;
      -- A new whole row of a bulk table, seen nowhere before, joins the run.
      if answer is null and rid is not null and op = 'upsert' and tbl = any (bulk)
         and jsonb_typeof(patch) = 'object' and length(patch::text) <= 65536
         and not (seen ? mid::text) and not (mid = any (done_ids)) and not (mid = any (run_mids)) then
        if not (insert_columns ? tbl) then
          insert_columns := insert_columns || jsonb_build_object(tbl, private.sync_insert_columns(tbl));
        end if;
        select array_agg(k order by k), coalesce(bool_and(jsonb_typeof(patch -> k) not in ('object', 'array')), false)
        into keys, scalar
        from jsonb_object_keys(patch) k;
        joins := scalar and keys <@ array(select jsonb_array_elements_text(insert_columns -> tbl));
      end if;
    end if;

    -- A run ends where a mutation does not join it, or joins another table or column set.
    if cardinality(run_ids) > 0 and not (joins and tbl = run_table and keys = run_keys) then
      run_answers := private.sync_apply_run(run_table, run_keys, run_mids, run_ids, run_patches, run_bases);
      results := results || run_answers;
      done_ids := done_ids || run_mids;
      done_answers := done_answers || run_answers;
      run_mids := '{}';
      run_ids := '{}';
      run_patches := '{}';
      run_bases := '{}';
    end if;
    exit when m is null;

    if joins then
      run_table := tbl;
      run_keys := keys;
      run_mids := run_mids || mid;
      run_ids := run_ids || rid;
      run_patches := run_patches || patch;
      run_bases := run_bases || base_version;
      continue;
    end if;
    if mid is null then
      results := results || answer;
      continue;
    end if;

    -- seen in an earlier call, or earlier in this batch: the stored answer again
    stored := coalesce(seen -> mid::text, done_answers[array_position(done_ids, mid)]);
    if stored is not null then
      results := results || (stored || jsonb_build_object('mutation_id', mid, 'status', 'duplicate',
        'original_status', stored -> 'status'));
      continue;
    end if;

    if answer is not null then
      null;
    elsif tbl is null or not (tbl = any (tables)) then
      answer := jsonb_build_object('status', 'rejected', 'code', 'unknown_table',
        'message', format('不能同步的数据表「%s」', left(coalesce(tbl, ''), 60)));
    elsif op is null or op not in ('upsert', 'delete') then
      answer := jsonb_build_object('status', 'rejected', 'code', 'invalid_mutation',
        'message', format('不支持的操作「%s」', left(coalesce(op, ''), 20)));
    elsif rid is null then
      answer := jsonb_build_object('status', 'rejected', 'code', 'invalid_mutation', 'message', '修改记录缺少记录编号');
    elsif jsonb_typeof(patch) <> 'object' then
      answer := jsonb_build_object('status', 'rejected', 'code', 'invalid_mutation', 'message', '修改内容格式不正确');
    else
      answer := private.sync_apply_answer(tbl, op, rid, patch, base_version);
    end if;

    answer := jsonb_build_object('mutation_id', mid) || answer;
    done_ids := done_ids || mid;
    done_answers := done_answers || answer;
    results := results || answer;
  end loop;

  -- every answer of the batch into the ledger at once
  if cardinality(done_ids) > 0 then
    perform private.sync_ledger_remember(done_ids, done_answers);
  end if;
  return jsonb_build_object('results', to_jsonb(results));
end
$$;

-- ---------------------------------------------------------------------------
-- Sync epochs: when what a person may see changes, their epoch moves and their
-- next pull answers `reset` (the client pulls from scratch).
-- ---------------------------------------------------------------------------
-- Append-only: a bump inserts (person, next value) and a person's epoch is their
-- largest value. Inserting never waits on another transaction's row lock, so the
-- many writers that bump the same people (every enrolment bumps the session's
-- trainer) neither queue behind each other nor deadlock across batches, as an
-- `update ... set epoch = epoch + 1` would. private.sync_prune() trims old values.
create sequence private.sync_epoch_seq as bigint;

create table private.sync_epochs (
  user_id uuid not null references auth.users (id) on delete cascade,
  epoch bigint not null,
  primary key (user_id, epoch) -- also the index behind max(epoch) per person
);
alter table private.sync_epochs enable row level security;
revoke all on private.sync_epochs from public, anon, authenticated;

create or replace function private.sync_current_epoch() returns bigint
language sql stable
security definer
set search_path = ''
as $$
  select coalesce((select max(e.epoch) from private.sync_epochs e where e.user_id = auth.uid()), 0)
$$;
revoke execute on function private.sync_current_epoch() from public, anon;
grant execute on function private.sync_current_epoch() to authenticated, service_role;

-- Bumping is a write in the writer's transaction; only the triggers below call it.
create or replace function private.sync_bump_epochs(p_user_ids uuid[]) returns void
language sql
security definer
set search_path = ''
as $$
  insert into private.sync_epochs (user_id, epoch)
  select u.id, nextval('private.sync_epoch_seq')
  from (select distinct p.id from unnest(p_user_ids) as p(id)) p
  join auth.users u on u.id = p.id
$$;
revoke execute on function private.sync_bump_epochs(uuid[]) from public, anon, authenticated;

-- Supervisors whose scope subtree contains any of the given units.
create or replace function private.sync_supervisors_over(p_unit_ids uuid[]) returns uuid[]
language sql stable
security definer
set search_path = ''
as $$
  with recursive up as (
    select u.id, u.parent_id, 1 as depth from public.units u where u.id = any (p_unit_ids)
    union
    select u.id, u.parent_id, up.depth + 1 from public.units u join up on u.id = up.parent_id where up.depth < 64
  )
  select coalesce(array_agg(distinct p.id), '{}')
  from public.profiles p
  where p.role = 'supervisor' and p.scope_unit_id in (select up.id from up)
$$;
revoke execute on function private.sync_supervisors_over(uuid[]) from public, anon, authenticated;

-- A profile's role, unit, scope or level changes what its person sees; a cadre
-- moving between units also changes which supervisors see them (and their old rows).
create or replace function private.sync_epoch_on_profile() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.role is distinct from old.role or new.scope_unit_id is distinct from old.scope_unit_id
     or new.sign_level is distinct from old.sign_level or new.unit_id is distinct from old.unit_id
     or new.deleted_at is distinct from old.deleted_at then
    perform private.sync_bump_epochs(array[new.id]);
  end if;
  if new.unit_id is distinct from old.unit_id or new.deleted_at is distinct from old.deleted_at then
    perform private.sync_bump_epochs(private.sync_supervisors_over(array[old.unit_id, new.unit_id]));
  end if;
  return null;
end
$$;
create trigger profiles_sync_epoch after update on public.profiles
for each row execute function private.sync_epoch_on_profile();

-- A posting brings its cadre (and all their rows) into the scope of the
-- supervisors over its units. Bumping everyone over from_unit and to_unit, before
-- and after, is coarser than needed and simply correct.
create or replace function private.sync_epoch_on_posting() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.sync_bump_epochs(array[new.cadre_id]
      || private.sync_supervisors_over(array[new.from_unit_id, new.to_unit_id]));
  elsif new.cadre_id is distinct from old.cadre_id or new.from_unit_id is distinct from old.from_unit_id
     or new.to_unit_id is distinct from old.to_unit_id or new.starts_on is distinct from old.starts_on
     or new.planned_end_on is distinct from old.planned_end_on or new.ended_on is distinct from old.ended_on
     or new.deleted_at is distinct from old.deleted_at then
    perform private.sync_bump_epochs(array[old.cadre_id, new.cadre_id]
      || private.sync_supervisors_over(array[old.from_unit_id, old.to_unit_id, new.from_unit_id, new.to_unit_id]));
  end if;
  return null;
end
$$;
create trigger postings_sync_epoch after insert or update on public.postings
for each row execute function private.sync_epoch_on_posting();

-- Enrolment makes older rows visible: the session to the cadre and to the
-- supervisors over the cadre, the cadre's name to the session's trainer. Bumping
-- them (rather than touching the shared session row, which would need the writer
-- to have rights on the session, pass the session's own triggers, and re-send it
-- to everyone) costs those people one re-pull after a batch of enrolments.
create or replace function private.sync_epoch_on_attendance() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  people uuid[] := '{}';
  r record;
begin
  if tg_op = 'UPDATE' and new.cadre_id is not distinct from old.cadre_id
     and new.session_id is not distinct from old.session_id and new.deleted_at is not distinct from old.deleted_at then
    return null;
  end if;
  for r in select new.cadre_id as cadre_id, new.session_id as session_id
           union select old.cadre_id, old.session_id where tg_op = 'UPDATE' loop
    people := people || r.cadre_id
      || (select s.trainer_id from public.training_sessions s where s.id = r.session_id)
      || private.sync_supervisors_over(
           array(select p.unit_id from public.profiles p where p.id = r.cadre_id
                 union all
                 select po.to_unit_id from public.postings po where po.cadre_id = r.cadre_id and po.deleted_at is null));
  end loop;
  perform private.sync_bump_epochs(people);
  return null;
end
$$;
create trigger attendance_sync_epoch after insert or update on public.attendance
for each row execute function private.sync_epoch_on_attendance();

-- A session changing hands shows its roster to another trainer; moving it to
-- another host unit shows it to other supervisors.
create or replace function private.sync_epoch_on_session() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.trainer_id is distinct from old.trainer_id then
    perform private.sync_bump_epochs(array[old.trainer_id, new.trainer_id]);
  end if;
  -- supervisors see the sessions hosted in their scope
  if new.unit_id is distinct from old.unit_id then
    perform private.sync_bump_epochs(private.sync_supervisors_over(array[old.unit_id, new.unit_id]));
  end if;
  return null;
end
$$;
create trigger training_sessions_sync_epoch after update on public.training_sessions
for each row execute function private.sync_epoch_on_session();

-- A unit moving in the tree moves its whole subtree in or out of scopes.
create or replace function private.sync_epoch_on_unit() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.parent_id is distinct from old.parent_id or new.deleted_at is distinct from old.deleted_at then
    perform private.sync_bump_epochs(private.sync_supervisors_over(array[old.id, old.parent_id, new.parent_id]));
  end if;
  return null;
end
$$;
create trigger units_sync_epoch after update on public.units
for each row execute function private.sync_epoch_on_unit();

revoke execute on function private.sync_epoch_on_profile(), private.sync_epoch_on_posting(),
  private.sync_epoch_on_attendance(), private.sync_epoch_on_session(), private.sync_epoch_on_unit()
from public, anon, authenticated;

-- ---------------------------------------------------------------------------
-- sync_pull
-- ---------------------------------------------------------------------------
-- Checkpoint (opaque to the client): {v: 1, sub, epoch, scope, from, to, cursor}
--   sub, epoch, scope  whose, and of which view; any change answers `reset`
--   from    the watermark every earlier pass reached: rows with txid < from are in
--   to      the watermark of the pass in progress, null between passes
--   cursor  {txid, table, id} of the last row returned in this pass, or null
-- A pass fixes `to` = pg_snapshot_xmin(pg_current_snapshot()) when it starts:
-- every transaction below it has ended, so no row with a smaller txid can still
-- appear. It walks (txid, table, id) over [from, to) page by page; when it runs
-- out, `from` becomes `to`. A transaction held open holds the watermark back, so
-- its rows are never skipped. The function writes nothing (it must not give its
-- transaction an id), so it is STABLE and PostgREST may run it read-only.
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
  row_expr text;
  page jsonb;
  n integer;
  last_row jsonb;
  fresh jsonb;
begin
  if uid is null then
    raise exception using errcode = 'P0001', hint = 'not_signed_in', message = '请先登录';
  end if;
  -- Whose whole profile the caller sees (private.project_row_for_caller cuts the
  -- rest), computed once per call rather than once per row.
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
    cursor_pred := case
      when c_txid is null then 'true'
      when t collate "C" > c_table collate "C" then 'x.txid >= $3'
      when t = c_table then '(x.txid, x.id) > ($3, $4)'
      else 'x.txid > $3'
    end;
    row_expr := case when t = 'profiles'
      then 'case when $7 or x.id = any ($6) then to_jsonb(x) else private.project_row_for_caller(''profiles'', to_jsonb(x)) end'
      else 'to_jsonb(x)' end;
    parts := parts || format(
      '(select %1$L::text as t, x.txid, x.id, %2$s as r from public.%1$I x
        where x.txid >= $1 and x.txid < $2 and %3$s order by x.txid, x.id limit $5)',
      t, row_expr, cursor_pred);
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

revoke execute on function public.sync_push(jsonb), public.sync_pull(jsonb, integer) from public, anon;
grant execute on function public.sync_push(jsonb), public.sync_pull(jsonb, integer) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Housekeeping (a scheduled job as postgres / service_role, e.g. pg_cron daily):
-- epochs below each person's current one mean nothing; a mutation id older than
-- `keep` will not be retried by any phone still holding it in its outbox.
-- ---------------------------------------------------------------------------
create or replace function private.sync_prune(keep interval default interval '90 days') returns void
language sql
set search_path = ''
as $$
  delete from private.sync_epochs e
  where e.epoch < (select max(x.epoch) from private.sync_epochs x where x.user_id = e.user_id);
  delete from private.sync_mutations m where m.created_at < now() - keep;
$$;
revoke execute on function private.sync_prune(interval) from public, anon, authenticated;
