-- Every change of a synced table is audited; the audit log is append-only for every role.
begin;
select plan(25);

\ir fixtures/helpers.sql
create function public._audit(row_id uuid, op text) returns setof public.audit_log language sql security definer as $$
  select * from public.audit_log l where l.row_id = $1 and l.op = $2 order by l.id
$$;

-- fixtures: county 901 > town 911, town 912; 101 cadre, 102 cadre of 912, 201 trainer, 301 supervisor of 911, 401 admin
insert into public.units (id, name, kind, parent_id) values
  (_id(901), '审计测试县', 'county', null), (_id(911), '审计一镇', 'town', _id(901)), (_id(912), '审计二镇', 'town', _id(901));
insert into auth.users (id, email) select _id(n), format('pgtap-audit-%s@test.local', n) from unnest(array[101, 102, 201, 301, 401]) n;
insert into public.profiles (id, full_name, role, unit_id, sign_level, scope_unit_id) values
  (_id(101), '审计干部', 'cadre', _id(911), null, null), (_id(102), '审计干部二', 'cadre', _id(912), null, null),
  (_id(201), '审计培训老师', 'trainer', _id(901), null, null), (_id(301), '审计主管', 'supervisor', _id(901), 1, _id(911)),
  (_id(401), '审计组织部', 'admin', _id(901), null, null);
insert into public.work_logs (id, cadre_id, log_date, category, body) values (_id(8002), _id(102), '2026-11-01', 'routine', '外镇');

select is((select count(*)::int from _audit(_id(911), 'INSERT')), 1, 'inserting a unit writes an audit row');
select is((select after ->> 'name' from _audit(_id(911), 'INSERT')), '审计一镇', 'the audit row holds the row as inserted');

-- a cadre's own changes, through RLS, carry the cadre as actor
select _as(101);
insert into public.work_logs (id, cadre_id, log_date, category, body) values (_id(8001), _id(101), '2026-11-01', 'routine', '走访');
update public.work_logs set body = '走访三户' where id = _id(8001);
update public.work_logs set deleted_at = now() where id = _id(8001);
reset role;
select is((select actor from _audit(_id(8001), 'INSERT')), _id(101), 'the actor is the signed-in caller');
select is((select count(*)::int from _audit(_id(8001), 'UPDATE')), 2, 'each update writes an audit row');
select is((select array[before ->> 'body', after ->> 'body'] from _audit(_id(8001), 'UPDATE') limit 1), array['走访', '走访三户'],
  'an update row holds the row before and after');
select ok((select after ->> 'deleted_at' is not null from _audit(_id(8001), 'UPDATE') offset 1), 'a tombstone is audited');

-- a hard delete by a privileged caller is audited too
delete from public.work_logs where id = _id(8001);
select is((select (before ->> 'id', after) from _audit(_id(8001), 'DELETE')), (_id(8001)::text, null::jsonb), 'a delete writes the row as it was');

-- check-in secrets are audited without the secret (admins read the log, never secrets)
select _as(201);
insert into public.training_sessions (id, title, category, trainer_id, starts_at, ends_at)
values (_id(5001), '审计培训', 'theory', _id(201), now() + interval '1 day', now() + interval '1 day 1 hour');
insert into public.training_session_secrets (id, session_id, secret) values (_id(5101), _id(5001), 'audit-secret-0123456789abc');
reset role;
select is((select count(*)::int from _audit(_id(5101), 'INSERT')), 1, 'a secret''s creation is audited');
select ok(not (select after ? 'secret' from _audit(_id(5101), 'INSERT')), 'the audit row does not hold the secret');

-- every synced table has the audit trigger
select is_empty($$
  select t from unnest(array['units', 'profiles', 'training_sessions', 'training_session_secrets', 'attendance', 'postings',
                             'work_logs', 'posting_reports', 'assessments', 'assessment_signatures', 'settings']) t
  where not exists (select 1 from pg_trigger g where g.tgrelid = ('public.' || t)::regclass
                    and g.tgfoid = 'private.write_audit_log()'::regprocedure and not g.tgisinternal)$$,
  'every synced table is audited');

-- who reads the log
select _as(401);
select ok((select count(*) from public.audit_log where row_id = _id(8001)) = 4, 'an admin reads the audit log');
select _as(301);
select is((select count(*)::int from public.audit_log where row_id in (_id(8001), _id(101))), 5, 'a supervisor reads the audit trail of cadres in scope');
select is((select count(*)::int from public.audit_log where row_id in (_id(8002), _id(102))), 0, 'a supervisor does not read the trail of others');
select _as(101);
select is((select count(*)::int from public.audit_log), 0, 'a cadre reads none of it, not even their own changes');

-- append-only for every role
select _as(401);
select is(_t($$update public.audit_log set actor = null$$), '42501', 'an admin cannot update the audit log');
select is(_t($$delete from public.audit_log$$), '42501', 'an admin cannot delete from the audit log');
select is(_t($$insert into public.audit_log (table_name, op) values ('units', 'INSERT')$$), '42501', 'an admin cannot forge an audit row');
select is(_t($$truncate public.audit_log$$), '42501', 'a signed-in user cannot truncate the audit log');
reset role;
set local role anon;
select is(_t($$delete from public.audit_log$$), '42501', 'anon cannot delete from the audit log');
reset role;
set local role service_role;
select is(_t($$update public.audit_log set actor = null$$), '42501', 'service_role cannot update the audit log');
select is(_t($$delete from public.audit_log$$), '42501', 'service_role cannot delete from the audit log');
select is(_t($$truncate public.audit_log$$), '42501', 'service_role cannot truncate the audit log');
reset role;
select is(_t($$update public.audit_log set actor = null$$), 'P0001 audit_log_append_only', 'not even the owner can update the audit log');
select is(_t($$delete from public.audit_log$$), 'P0001 audit_log_append_only', 'not even the owner can delete from the audit log');
select is(_t($$truncate public.audit_log$$), 'P0001 audit_log_append_only', 'not even the owner can truncate the audit log');

select * from finish();
rollback;
