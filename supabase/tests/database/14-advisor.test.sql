-- Supabase's database advisor (splinter, github.com/supabase/splinter, lints/*.sql), each
-- lint written as a query for its findings over schema public (and private, where the lint
-- concerns every function), expected to find nothing. Extension members (pgTAP here) are
-- left out, as splinter leaves them out.
begin;
select plan(12);

-- 0001 unindexed_foreign_keys: a foreign key whose columns lead no index
select is(
  (select array_agg(c.conrelid::regclass::text || '(' || c.conname || ')' order by 1)
   from pg_constraint c
   where c.contype = 'f' and c.connamespace = 'public'::regnamespace
     and not exists (
       select 1 from pg_index i
       where i.indrelid = c.conrelid
         and (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] @> c.conkey
         and (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] <@ c.conkey)),
  null, '0001 unindexed_foreign_keys: every foreign key leads an index');

-- 0002 auth_users_exposed: a view or materialized view in public that reads auth.users
select is(
  (select array_agg(distinct v.oid::regclass::text) from pg_class v
   join pg_depend d on d.refobjid = 'auth.users'::regclass
   join pg_rewrite r on r.oid = d.objid and r.ev_class = v.oid
   where v.relnamespace = 'public'::regnamespace and v.relkind in ('v', 'm')),
  null, '0002 auth_users_exposed: no view of public exposes auth.users');

-- 0003 auth_rls_initplan: auth.<fn>() or current_setting() in a policy, not wrapped in a select
select is(
  (select array_agg(p.tablename || ': ' || p.policyname order by 1) from pg_policies p
   where p.schemaname = 'public'
     and (  (coalesce(p.qual, '') ~ '(auth\.(uid|jwt|role|email)\(\)|current_setting\()'
             and coalesce(p.qual, '') !~* 'select\s+(auth\.(uid|jwt|role|email)\(\)|current_setting\()')
         or (coalesce(p.with_check, '') ~ '(auth\.(uid|jwt|role|email)\(\)|current_setting\()'
             and coalesce(p.with_check, '') !~* 'select\s+(auth\.(uid|jwt|role|email)\(\)|current_setting\()'))),
  null, '0003 auth_rls_initplan: every auth.uid() in a policy is wrapped in (select ...)');

-- 0006 multiple_permissive_policies: more than one permissive policy for a role and action
select is(
  (select array_agg(x.t order by 1) from (
     select p.tablename || ' ' || r.role || ' ' || a.action as t
     from pg_policies p
     cross join lateral unnest(p.roles) r(role)
     cross join lateral unnest(case when p.cmd = 'ALL' then array['SELECT', 'INSERT', 'UPDATE', 'DELETE'] else array[p.cmd] end) a(action)
     where p.schemaname = 'public' and p.permissive = 'PERMISSIVE'
     group by 1 having count(*) > 1) x),
  null, '0006 multiple_permissive_policies: one permissive policy per table, role and action');

-- 0007 policy_exists_rls_disabled: policies on a table whose RLS is off
select is(
  (select array_agg(distinct p.tablename) from pg_policies p
   join pg_class c on c.relname = p.tablename and c.relnamespace = 'public'::regnamespace
   where p.schemaname = 'public' and not c.relrowsecurity),
  null, '0007 policy_exists_rls_disabled: no policy sits on a table without RLS');

-- 0008 rls_enabled_no_policy: RLS on but no policy (nobody can read it through the API)
select is(
  (select array_agg(c.relname::text order by 1) from pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and c.relrowsecurity
     and not exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname)),
  null, '0008 rls_enabled_no_policy: every table with RLS has its policies');

-- 0010 security_definer_view: a view of public that runs with its owner's rights
select is(
  (select array_agg(c.relname::text order by 1) from pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind = 'v'
     and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
     and not coalesce(c.reloptions @> array['security_invoker=true'] or c.reloptions @> array['security_invoker=on'], false)),
  null, '0010 security_definer_view: no view of public runs as its owner');

-- 0011 function_search_path_mutable: a function without a fixed search_path
select is(
  (select array_agg(p.oid::regprocedure::text order by 1) from pg_proc p
   where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
     and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
     and p.proname not like '\_%'
     and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')),
  null, '0011 function_search_path_mutable: every function fixes its search_path');

-- 0013 rls_disabled_in_public: a table of public without row level security
select is(
  (select array_agg(c.relname::text order by 1) from pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relrowsecurity
     and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')),
  null, '0013 rls_disabled_in_public: every table of public has RLS on');

-- 0015 rls_references_user_metadata: a policy that trusts user_metadata (the user can edit it)
select is(
  (select array_agg(p.tablename || ': ' || p.policyname order by 1) from pg_policies p
   where p.schemaname = 'public'
     and (coalesce(p.qual, '') ~ 'user_metadata' or coalesce(p.with_check, '') ~ 'user_metadata')),
  null, '0015 rls_references_user_metadata: no policy reads user_metadata');

-- 0016 materialized_view_in_api: a materialized view (no RLS) in public
select is(
  (select array_agg(c.relname::text) from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'm'),
  null, '0016 materialized_view_in_api: no materialized view in public');

-- 0028/0029 anon_/authenticated_security_definer_function_executable: a SECURITY DEFINER
-- function of public (an endpoint /rpc/<name>) that runs as its owner for any caller
select is(
  (select array_agg(p.oid::regprocedure::text order by 1) from pg_proc p
   where p.pronamespace = 'public'::regnamespace and p.prosecdef
     and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
     and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute'))),
  null, '0028/0029 security_definer_function_executable: no SECURITY DEFINER function sits in public');

select * from finish();
rollback;
