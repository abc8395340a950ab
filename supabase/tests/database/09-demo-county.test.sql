-- The demo county (supabase/seed.sql): the report's figures, the demo accounts, and the
-- fixed ids other tests rely on. Runs on a database built with the seed; reads only.
begin;
select plan(35);

-- ---------------------------------------------------------------------------
-- The report's table (October 2015), recomputed from the rows
-- ---------------------------------------------------------------------------
select bag_eq(
  $$
  with cadres as (
    select p.gender, p.rank, p.education, p.is_leader,
           case when a.age <= 35 then '35_and_under' when a.age <= 40 then '36_40'
                when a.age <= 50 then '41_50' else '51_and_over' end as age_band
    from public.profiles p
    join public.units u on u.id = p.unit_id
    cross join lateral (select extract(year from age(date '2015-10-31', p.birth_date))::int as age) a
    where u.kind in ('town', 'xiang')
      and p.rank in ('section_chief', 'deputy_section_chief')
      and p.deleted_at is null
  )
  select case when grouping(gender) = 0 then 'gender' when grouping(rank) = 0 then 'rank'
              when grouping(age_band) = 0 then 'age_band' when grouping(education) = 0 then 'education'
              when grouping(is_leader) = 0 then 'is_leader' else 'total' end as dimension,
         coalesce(gender, rank, age_band, education, is_leader::text, 'all') as grp,
         count(*) as cadres
  from cadres
  group by grouping sets ((gender), (rank), (age_band), (education), (is_leader), ())
  $$,
  $$
  values ('gender', 'male', 98::bigint), ('gender', 'female', 28),
         ('rank', 'section_chief', 28), ('rank', 'deputy_section_chief', 98),
         ('age_band', '35_and_under', 34), ('age_band', '36_40', 18), ('age_band', '41_50', 47), ('age_band', '51_and_over', 27),
         ('education', 'college_or_below', 58), ('education', 'university', 67), ('education', 'postgraduate', 1),
         ('is_leader', 'true', 96), ('is_leader', 'false', 30),
         ('total', 'all', 126)
  $$,
  'the township section-rank cadres reproduce the report: gender, rank, age on 2015-10-31, education, leading posts'
);

select is(
  (select count(*) from public.profiles p join public.units u on u.id = p.unit_id
    cross join lateral (select extract(year from age(date '2015-10-31', p.birth_date))::int as age) a
    where u.kind in ('town', 'xiang') and p.rank in ('section_chief', 'deputy_section_chief')
      -- days since the last birthday before 2015-10-31
      and date '2015-10-31' - (p.birth_date + make_interval(years => a.age))::date between 15 and 350),
  126::bigint,
  'no cadre''s birthday falls within 15 days of 31 October, so the age bands do not hinge on how age is counted'
);

select is(
  (select count(*) from public.profiles p join public.units u on u.id = p.unit_id
    where u.kind in ('town', 'xiang') and p.rank = 'section_chief' and not p.is_leader),
  0::bigint,
  'every section chief of a township holds a leading post'
);

select bag_eq(
  $$ select kind, count(*) from public.units where kind in ('town', 'xiang') and deleted_at is null group by kind $$,
  $$ values ('town', 9::bigint), ('xiang', 2) $$,
  'the county has 11 townships: 9 towns and 2 xiang'
);

select results_eq(
  $$ select id, name from public.units where parent_id is null $$,
  $$ values ('10000000-0000-4000-8000-000000000001'::uuid, '陵水黎族自治县'::text) $$,
  'the county, with its fixed id, is the only root'
);

select is(
  (select count(distinct p.unit_id) from public.profiles p join public.units u on u.id = p.unit_id
    where u.kind in ('town', 'xiang') and p.rank in ('section_chief', 'deputy_section_chief')),
  11::bigint,
  'every township has section-rank cadres'
);

-- ---------------------------------------------------------------------------
-- Demo accounts
-- ---------------------------------------------------------------------------
select bag_eq(
  $$
  select u.email::text, p.id, p.role, p.sign_level::int, s.name as scope, o.name as unit
  from auth.users u
  join public.profiles p on p.id = u.id
  left join public.units s on s.id = p.scope_unit_id
  join public.units o on o.id = p.unit_id
  where u.email in ('admin@demo.local', 'supervisor1@demo.local', 'supervisor2@demo.local',
                    'supervisor3@demo.local', 'trainer@demo.local', 'cadre@demo.local')
  $$,
  $$
  values ('admin@demo.local', '20000000-0000-4000-8000-000000000001'::uuid, 'admin', null::int, null::text, '县委组织部'::text),
         ('supervisor1@demo.local', '20000000-0000-4000-8000-000000000002', 'supervisor', 1, '本号镇', '县委组织部'),
         ('supervisor2@demo.local', '20000000-0000-4000-8000-000000000003', 'supervisor', 2, '陵水黎族自治县', '县委组织部'),
         ('supervisor3@demo.local', '20000000-0000-4000-8000-000000000004', 'supervisor', 3, '陵水黎族自治县', '县委组织部'),
         ('trainer@demo.local', '20000000-0000-4000-8000-000000000005', 'trainer', null, null, '县委党校'),
         ('cadre@demo.local', '20000000-0000-4000-8000-000000000006', 'cadre', null, null, '县农业农村局')
  $$,
  'the six demo accounts exist with their fixed ids, roles, sign levels, scopes and units'
);

select is(
  (select count(*) from auth.users u
    where u.email like '%@demo.local' and u.encrypted_password is not null
      and u.encrypted_password = extensions.crypt('frontline-demo', u.encrypted_password)
      and u.email_confirmed_at is not null),
  6::bigint,
  'the six demo accounts, and only they, sign in with the password frontline-demo'
);

select is(
  (select phone from auth.users where id = '20000000-0000-4000-8000-000000000006'),
  '8613800000001',
  'the demo cadre can also sign in by phone (stored as GoTrue does: E.164 digits, no plus)'
);

-- ---------------------------------------------------------------------------
-- Determinism: derived ids are the same on every build
-- ---------------------------------------------------------------------------
select ok(
  exists (select 1 from public.profiles p join public.units u on u.id = p.unit_id
           where p.id = 'b5841b03-e57f-47e7-8f0b-d121395436ef' and u.kind in ('town', 'xiang')
             and p.rank = 'section_chief'),
  'seed_id(''cadre:1'') = b5841b03-e57f-47e7-8f0b-d121395436ef is 椰林镇''s first section chief, on every build'
);

select is(
  (select count(*) from public.profiles p join public.units u on u.id = p.unit_id
    where u.kind in ('town', 'xiang') and p.rank in ('section_chief', 'deputy_section_chief')
      and p.id = any (array(select overlay(overlay(md5('frontline:cadre:' || n) placing '4' from 13) placing '8' from 17)::uuid
                            from generate_series(1, 126) as g(n)))),
  126::bigint,
  'the 126 township cadres have the ids seed_id(''cadre:1'') .. seed_id(''cadre:126'')'
);

select is(
  (select count(*) from (select full_name from public.profiles group by full_name having count(*) > 1) d),
  0::bigint,
  'no two people of the demo county share a name'
);

-- ---------------------------------------------------------------------------
-- The demo cadre's live data
-- ---------------------------------------------------------------------------
select results_eq(
  $$ select p.kind, u.name, current_date - p.starts_on between 99 and 101, p.planned_end_on > current_date, p.ended_on
       from public.postings p join public.units u on u.id = p.to_unit_id
      where p.id = '30000000-0000-4000-8000-000000000001' and p.cadre_id = '20000000-0000-4000-8000-000000000006' $$,
  $$ values ('secondment'::text, '本号镇'::text, true, true, null::date) $$,
  'the demo cadre is seconded to 本号镇, about 100 days in, with the end still ahead'
);

select bag_eq(
  $$ select s.id, x.secret, a.status
       from public.training_sessions s
       join public.training_session_secrets x on x.session_id = s.id
       join public.attendance a on a.session_id = s.id and a.cadre_id = '20000000-0000-4000-8000-000000000006'
      where s.ends_at > now() and s.starts_at < now() + interval '2 days' $$,
  $$ values ('40000000-0000-4000-8000-000000000001'::uuid, 'demo-secret-for-checkin-0001'::text, 'enrolled'::text),
            ('40000000-0000-4000-8000-000000000002', 'demo-secret-for-checkin-0002', 'enrolled') $$,
  'the demo cadre is enrolled in today''s and tomorrow''s sessions, whose check-in secrets are documented'
);

select ok(
  (select now() between coalesce(checkin_opens_at, starts_at - interval '30 minutes') and coalesce(checkin_closes_at, ends_at)
     from public.training_sessions where id = '40000000-0000-4000-8000-000000000001'),
  'check-in to today''s session is open right after seeding'
);

select ok(
  (select sum(s.credit_hours) between 1 and 49
     from public.attendance a join public.training_sessions s on s.id = a.session_id
    where a.cadre_id = '20000000-0000-4000-8000-000000000006' and a.status in ('present', 'late')
      and s.starts_at >= date_trunc('year', current_date)),
  'the demo cadre has earned some credit hours this year, below the target'
);

select is(
  (select value from public.settings where key = 'annual_credit_hours_target'),
  '50'::jsonb,
  'the annual credit-hour target is 50'
);

select results_eq(
  $$ select status, cadre_id from public.assessments where id = '50000000-0000-4000-8000-000000000001' $$,
  $$ values ('draft'::text, '20000000-0000-4000-8000-000000000006'::uuid) $$,
  'the demo cadre has a draft assessment to fill in and submit'
);

select ok(
  (select count(*) >= 20 from public.work_logs where cadre_id = '20000000-0000-4000-8000-000000000006'
     and posting_id = '30000000-0000-4000-8000-000000000001')
  and (select count(distinct category) = 4 from public.work_logs where cadre_id = '20000000-0000-4000-8000-000000000006'),
  'the demo cadre has a few work logs a week, of every category'
);

-- ---------------------------------------------------------------------------
-- Around them: the report's 50 secondments and 5 sci-tech deputy heads
-- ---------------------------------------------------------------------------
select bag_eq(
  $$ select p.kind, count(*) from public.postings p join public.units f on f.id = p.from_unit_id
       join public.units t on t.id = p.to_unit_id
      where p.kind in ('secondment', 'sci_tech_deputy') and t.kind in ('town', 'xiang')
        and f.kind = case p.kind when 'secondment' then 'county_office' else 'research_unit' end
      group by p.kind $$,
  $$ values ('secondment'::text, 50::bigint), ('sci_tech_deputy', 5) $$,
  '50 county-office cadres seconded to townships and 5 sci-tech deputy heads from a research unit'
);

-- ---------------------------------------------------------------------------
-- Sign-off: every state, with the signatures that state needs
-- ---------------------------------------------------------------------------
select set_eq(
  $$ select status from public.assessments $$,
  $$ values ('draft'), ('submitted'), ('signed_1'), ('signed_2'), ('final'), ('returned') $$,
  'assessments exist in every sign-off state'
);

select is(
  (select count(*) from public.assessments a
    where a.status in ('submitted', 'signed_1', 'signed_2', 'final')
      and array(select s.level from public.assessment_signatures s
                 where s.assessment_id = a.id and s.decision = 'approve' and s.voided_at is null order by s.level)
          is distinct from array(select generate_series(1, case a.status when 'signed_1' then 1 when 'signed_2' then 2
                                                                           when 'final' then 3 else 0 end))::smallint[]),
  0::bigint,
  'every submitted, signed_1, signed_2 and final assessment carries exactly the live approvals of its levels'
);

select ok(
  (select bool_and(exists (select 1 from public.assessment_signatures s
                            where s.assessment_id = a.id and s.decision = 'return' and s.voided_at is null
                              and char_length(s.comment) > 0))
     from public.assessments a where a.status = 'returned'),
  'a returned assessment carries the live return with its comment'
);

select is(
  (select count(*) from public.assessment_signatures s
     join public.assessments a on a.id = s.assessment_id
     join public.profiles p on p.id = s.signer_id
    where p.role <> 'supervisor' or p.sign_level <> s.level or s.signer_id = a.cadre_id or s.content_hash is null
       or a.cadre_id not in (select private.supervisor_scope_cadre_ids(s.signer_id))),
  0::bigint,
  'every signature is by a supervisor of that level with the cadre in scope, and carries its content hash'
);

-- ---------------------------------------------------------------------------
-- The appointment register (选拔任用记实): the source's figures
-- ---------------------------------------------------------------------------
select is(
  (select count(*)::int from public.appointments
    where kind = 'promotion' and to_leadership and from_frontline and status = 'final' and deleted_at is null
      and effective_on between date '2014-01-01' and date '2016-12-31'),
  34, 'since 2014, 34 township cadres promoted into township leadership (from the front line)');
select is(
  (select count(distinct to_unit_id)::int from public.appointments
    where team_adjustment and status = 'final' and deleted_at is null and effective_on >= date '2014-01-01'),
  7, '7 township leadership teams adjusted since 2014');
select is(
  (select count(*)::int from public.appointments a
    where extract(year from a.effective_on) = 2014 and private.appointment_needs_province_report(a)
      and a.province_report_ref is not null and a.status = 'final'),
  2, '2014: 2 township heads moved after less than 3 years in post, each reported to the province');
select is(
  (select count(*)::int from public.appointments a join public.profiles p on p.id = a.cadre_id
    where a.kind = 'recruitment' and p.origin = 'village_cadre' and a.status = 'final'
      and a.effective_on between date '2015-01-01' and date '2016-12-31'),
  3, '3 village cadres recruited as township civil servants in two years');
select results_eq(
  $$ select extract(year from effective_on)::int, count(*)::int, (count(*) filter (where from_frontline))::int
     from public.appointments
     where status = 'final' and to_leadership and kind in ('promotion', 'transfer', 'rotation') and deleted_at is null
       and effective_on between date '2014-01-01' and date '2016-12-31'
     group by 1 order by 1 $$,
  $$ values (2014, 30, 14), (2015, 20, 14), (2016, 12, 8) $$,
  'new township leaders by year and from the front line: 2014 misses the 50% target, 2015 and 2016 meet it');
select set_eq(
  $$ select status from public.appointments $$,
  $$ values ('draft'), ('noticed'), ('signed_1'), ('signed_2'), ('final'), ('returned') $$,
  'appointments exist in every sign-off state');
select is(
  (select count(*)::int from public.appointments a
    where a.status = 'final' and a.kind in ('promotion', 'recruitment')
      and not exists (select from public.appointment_notices n
                      where n.appointment_id = a.id and n.deleted_at is null and n.ends_on < a.effective_on
                        and n.outcome in ('no_objection', 'objection_dismissed')
                        and private.working_days(n.starts_on, n.ends_on) >= 5)),
  0, 'every final promotion and recruitment was noticed for at least 5 working days before it, without an upheld objection');
select is(
  (select count(*)::int from public.appointments a
    where a.status = 'final'
      and (select count(distinct s.signer_id) from public.appointment_signatures s
           where s.appointment_id = a.id and s.decision = 'approve' and s.voided_at is null
             and s.content_hash = private.appointment_content_hash(a)) <> 3),
  0, 'every final appointment carries three live approvals by three people, on its present content');

select is(
  (select count(*)::int from public.appointments a
    where a.status = 'final' and a.probation_ends_on < current_date - 30
      and not exists (select from public.appointments c
                      where c.confirms_id = a.id and c.kind = 'confirmation' and c.status = 'final'
                        and c.deleted_at is null)),
  0, 'every probation that ended more than a month ago was confirmed (转正): no promotion is left overdue');
select is(
  (select count(*)::int from public.appointments a
    where a.status = 'final' and a.probation_ends_on >= current_date - 30
      and not exists (select from public.appointments c where c.confirms_id = a.id and c.status = 'final')),
  2, 'two promotions are in probation now, one with its confirmation drafted');
select is(
  (select count(*)::int from public.appointments a
    where a.status = 'final' and a.probation_ends_on >= current_date - 30
      and exists (select from public.assessments t
                  where t.cadre_id = a.cadre_id and t.kind = 'probation' and t.deleted_at is null
                    and t.period_start >= a.effective_on and t.period_end <= a.probation_ends_on)),
  2, 'each promotion in probation has its tracking assessment (试用期跟踪考核) within the probation year');

select * from finish();
rollback;
