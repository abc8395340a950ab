-- The audit view per record: the caller sees a record's trail only as far as RLS lets them read audit_log.
begin;
select plan(9);

create function public._sid(n int) returns uuid language sql immutable
as $$ select ('8e570000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid $$;
create function public._sas(person int) returns void language plpgsql as $$
begin
  perform set_config('role', 'postgres', true) where current_user <> 'postgres';
  perform set_config('request.jwt.claims', json_build_object('sub', public._sid(person), 'role', 'authenticated')::text, true);
  perform set_config('role', 'authenticated', true);
end $$;

-- fixtures: county 901 > town 911, town 912; 101 cadre of 911, 102 cadre of 912, 301 supervisor of 911, 401 admin
insert into public.units (id, name, kind, parent_id) values
  (_sid(901), '审计视图县', 'county', null), (_sid(911), '审计视图一镇', 'town', _sid(901)), (_sid(912), '审计视图二镇', 'town', _sid(901));
insert into auth.users (id, email) select _sid(n), format('pgtap-trail-%s@test.local', n) from unnest(array[101, 102, 301, 401]) n;
insert into public.profiles (id, full_name, role, unit_id, sign_level, scope_unit_id) values
  (_sid(101), '视图干部', 'cadre', _sid(911), null, null), (_sid(102), '视图干部二', 'cadre', _sid(912), null, null),
  (_sid(301), '视图主管', 'supervisor', _sid(901), 1, _sid(911)), (_sid(401), '视图组织部', 'admin', _sid(901), null, null);

-- the admin moves cadre 101 to town 912 and back: two updates on the profile
select _sas(401);
update public.profiles set unit_id = _sid(912) where id = _sid(101);
update public.profiles set unit_id = _sid(911) where id = _sid(101);
insert into public.postings (id, cadre_id, kind, from_unit_id, to_unit_id, title, starts_on, planned_end_on)
values (_sid(7001), _sid(102), 'secondment', _sid(912), _sid(901), '挂职', '2026-01-01', '2026-12-31');
reset role;

select _sas(401);
select is((select count(*)::int from public.audit_trail('profiles', _sid(101))), 3,
  'an admin sees every change of a profile, its creation included');
select is((select op from public.audit_trail('profiles', _sid(101)) limit 1), 'UPDATE', 'the newest change comes first');
select is((select actor_name from public.audit_trail('profiles', _sid(101)) limit 1), '视图组织部', 'the actor is named');
select is((select after ->> 'unit_id' from public.audit_trail('profiles', _sid(101)) limit 1), _sid(911)::text,
  'the change holds the row after it');
select is((select count(*)::int from public.audit_trail('profiles', _sid(101), 1)), 1, 'max_rows limits the answer');
reset role;

select _sas(301);
select is((select count(*)::int from public.audit_trail('profiles', _sid(101))), 3,
  'a supervisor sees the trail of a cadre in their scope');
select is((select count(*)::int from public.audit_trail('postings', _sid(7001))), 0,
  'a supervisor sees nothing of a cadre outside their scope');
reset role;

select _sas(101);
select is((select count(*)::int from public.audit_trail('profiles', _sid(101))), 0, 'a cadre does not read the audit log, not even about themselves');
reset role;

set local role anon;
select throws_ok($$ select * from public.audit_trail('profiles', '8e570000-0000-4000-8000-000000000101') $$, '42501', null,
  'the anonymous role may not call it');
reset role;

select * from finish();
rollback;
