-- RLS is on for every table, and the grants leave nothing for RLS to miss.
begin;
select plan(33);

create temp table contract_tables (name text) on commit drop;
insert into contract_tables values
  ('units'), ('profiles'), ('training_sessions'), ('training_session_secrets'), ('attendance'), ('postings'),
  ('work_logs'), ('posting_reports'), ('assessments'), ('assessment_signatures'), ('settings'), ('audit_log');

select is(
  array(select c.relname::text from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relrowsecurity
        order by 1),
  '{}'::text[],
  'every table in public has row level security enabled');

select ok(
  exists (select 1 from pg_class c where c.relnamespace = 'public'::regnamespace and c.relname = t.name and c.relrowsecurity),
  format('RLS is enabled on %s', t.name))
from contract_tables t order by t.name;

select ok(
  exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = t.name),
  format('%s has at least one policy', t.name))
from contract_tables t order by t.name;

select is_empty(
  $$select p.tablename || ': ' || p.policyname from pg_policies p
    where p.schemaname = 'public' and p.tablename in (select name from contract_tables)
      and p.roles <> '{authenticated}'$$,
  'every policy on the contract tables is granted to authenticated only');

select is_empty(
  $$select p.tablename || ': ' || p.policyname from pg_policies p
    where p.schemaname = 'public' and p.cmd in ('UPDATE', 'ALL') and p.with_check is null$$,
  'every update policy has a with check');

select is_empty(
  $$select t.name from contract_tables t
    where t.name <> 'audit_log'
      and (has_table_privilege('authenticated', 'public.' || t.name, 'DELETE')
           or has_table_privilege('authenticated', 'public.' || t.name, 'TRUNCATE'))$$,
  'signed-in users can neither delete from nor truncate a synced table (deletes are tombstones)');

select is_empty(
  $$select t.name from contract_tables t
    where has_table_privilege('anon', 'public.' || t.name, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')$$,
  'anon has no privilege on any contract table');

select is_empty(
  $$select r.rolname from pg_roles r
    where r.rolname in ('anon', 'authenticated', 'service_role')
      and has_table_privilege(r.rolname, 'public.audit_log', 'INSERT, UPDATE, DELETE, TRUNCATE')$$,
  'no API role may insert, update, delete or truncate the audit log');

select is_empty(
  $$select p.oid::regprocedure::text from pg_proc p
    where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace) and p.prosecdef
      and not exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%')$$,
  'every security definer function pins its search_path');

select ok(not has_function_privilege('anon', 'private.scope_cadre_ids()', 'execute'),
  'anon may not call the scope helpers');
select ok(has_function_privilege('authenticated', 'private.scope_cadre_ids()', 'execute'),
  'signed-in callers may call the scope helpers their policies use');

select * from finish();
rollback;
