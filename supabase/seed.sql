-- =============================================================================
-- The demo county: 陵水黎族自治县 as the county organization department's 2016
-- report counts it (../shared/domain.md), plus a living demo around it.
-- Applied after bootstrap + every migration, as postgres (a privileged caller),
-- on Postgres 15 (psql -v ON_ERROR_STOP=1) and on PGlite. Plain SQL only: no
-- psql meta-commands. Deterministic: every id is fixed or derived from a key.
--
-- Ids
--   derived:  seed_id(key) = md5('frontline:' || key) as a uuid, with hex digit
--             13 set to '4' and digit 17 set to '8' (a valid v4-shaped uuid), e.g.
--             seed_id('cadre:1') = b5841b03-e57f-47e7-8f0b-d121395436ef
--             keys: cadre:<1..126> (township cadres: 1-28 the 正科 chiefs, 29-96 the 副科
--             leaders, 97-126 the non-leading 副科, each group in township order 11..21;
--             e-mail c001..c126@demo.local, no password), secondee:<1..49> (s01..s49@demo.local),
--             scitech:<1..5> (k1..k5@demo.local), session:<1..8> (past trainings),
--             posting:secondee:<n>, posting:scitech:<n>, attendance:<session>:<who>, ...
--   fixed (other helpers and e2e tests refer to these):
--     units      10000000-0000-4000-8000-000000000001  陵水黎族自治县 (county, root)
--                10000000-0000-4000-8000-0000000000NN  townships: 11 椰林镇 12 光坡镇 13 三才镇
--                  14 英州镇 15 隆广镇 16 文罗镇 17 本号镇 18 新村镇 19 黎安镇 (towns), 20 提蒙乡 21 群英乡 (xiang)
--                10000000-0000-4000-8000-0000000000NN  county offices: 31 县委组织部 32 县委党校
--                  33 县农业农村局 34 县发展和改革委员会 35 县住房和城乡建设局 36 县水务局
--                  37 县自然资源和规划局 38 县财政局 39 县民政局 40 县乡村振兴局 41 县人力资源和社会保障局
--                10000000-0000-4000-8000-000000000051  中国热带农业科学院 (research unit)
--     accounts   (password 'frontline-demo' for all six)
--                20000000-0000-4000-8000-000000000001  admin@demo.local        admin, 县委组织部
--                20000000-0000-4000-8000-000000000002  supervisor1@demo.local  sign level 1, scope 本号镇
--                20000000-0000-4000-8000-000000000003  supervisor2@demo.local  sign level 2, scope the county
--                20000000-0000-4000-8000-000000000004  supervisor3@demo.local  sign level 3, scope the county
--                20000000-0000-4000-8000-000000000005  trainer@demo.local      trainer, 县委党校
--                20000000-0000-4000-8000-000000000006  cadre@demo.local (phone 13800000001, stored as 8613800000001)
--                                                       县农业农村局, seconded to 本号镇
--     posting    30000000-0000-4000-8000-000000000001  the demo cadre's secondment (started 100 days ago)
--     sessions   40000000-0000-4000-8000-000000000001  today, starts within the hour after seeding,
--                                                       check-in open from an hour before seeding;
--                                                       secret 'demo-secret-for-checkin-0001'
--                40000000-0000-4000-8000-000000000002  tomorrow 09:00-12:00 (Asia/Shanghai);
--                                                       secret 'demo-secret-for-checkin-0002'
--                (the demo cadre is 'enrolled' in both; secrets rows 41000000-…-000000000001/2)
--     assessments 50000000-0000-4000-8000-0000000000NN
--                01 the demo cadre's annual assessment of this year, draft (editable, submittable)
--                02 submitted, 03 signed_1, 04 signed_2, 05 final, 06 returned (level 2 return
--                with a comment), 07 draft: last year's annual assessments of 本号镇 cadres
--                08 submitted: posting_end of a cadre whose secondment to 本号镇 ends within 30 days
--     settings   60000000-0000-4000-8000-000000000001  annual_credit_hours_target = 50
--
-- The report's table, reproduced by this query (copy it into psql):
--
--   with cadres as (
--     select p.gender, p.rank, p.education, p.is_leader,
--            case when a.age <= 35 then '35_and_under' when a.age <= 40 then '36_40'
--                 when a.age <= 50 then '41_50' else '51_and_over' end as age_band
--     from public.profiles p
--     join public.units u on u.id = p.unit_id
--     cross join lateral (select extract(year from age(date '2015-10-31', p.birth_date))::int as age) a
--     where u.kind in ('town', 'xiang')
--       and p.rank in ('section_chief', 'deputy_section_chief')
--       and p.deleted_at is null
--   )
--   select case when grouping(gender) = 0 then 'gender' when grouping(rank) = 0 then 'rank'
--               when grouping(age_band) = 0 then 'age_band' when grouping(education) = 0 then 'education'
--               when grouping(is_leader) = 0 then 'is_leader' else 'total' end as dimension,
--          coalesce(gender, rank, age_band, education, is_leader::text, 'all') as grp,
--          count(*) as cadres
--   from cadres
--   group by grouping sets ((gender), (rank), (age_band), (education), (is_leader), ())
--   order by 1, 2;
--
--   gender male 98 / female 28; rank section_chief 28 / deputy_section_chief 98;
--   age_band 35_and_under 34 / 36_40 18 / 41_50 47 / 51_and_over 27;
--   education college_or_below 58 / university 67 / postgraduate 1;
--   is_leader true 96 / false 30; total 126.
--
-- Figures of domain.md kept as counts: 50 secondments of county-office cadres into
-- townships (49 generated + the demo cadre), 5 sci-tech deputy township heads.
-- "Live" data (current postings, this year's trainings, logs, assessments) is dated
-- relative to current_date so the demo stays alive; historical rows use fixed dates.
-- =============================================================================

begin;

-- Small queries over temp tables without statistics look expensive to the planner,
-- which would JIT-compile them: seconds of compiling for milliseconds of work.
set local jit = off;

-- ---------------------------------------------------------------------------
-- Helpers (temporary: they vanish with the session)
-- ---------------------------------------------------------------------------
create function pg_temp.seed_id(key text) returns uuid
language sql immutable
as $$
  select overlay(overlay(md5('frontline:' || key) placing '4' from 13) placing '8' from 17)::uuid
$$;

-- A stable pseudo-random number in [0, 1) for a key.
create function pg_temp.seed_frac(key text) returns float8
language sql immutable
as $$
  select ('x' || substr(md5('frontline:frac:' || key), 1, 8))::bit(32)::bigint / 4294967296.0
$$;

-- A Chinese name: surname and given name picked deterministically from short lists.
create function pg_temp.seed_name(i int, female boolean) returns text
language sql immutable
as $$
  select (array['陈','王','林','黄','李','吴','符','邢','张','周','郑','杨','羊','卓','胡','黎','文','蔡',
                '云','冯','何','曾','梁','许','吉','董','谢','苏','钟','刘','陈','王','符','林','黄','吴'])[1 + i % 36]
      || case when female
           then (array['秀英','丽娟','海燕','美玲','春花','桂兰','玉梅','晓红','丽','芳','慧敏','小燕',
                       '亚妹','月娥','雪梅','婷','静','琳','海霞','金花','秋菊','凤英','惠珍','少丽'])[1 + (i / 36 + i * 7) % 24]
           else (array['志强','海军','文华','明辉','建国','国良','德明','振华','家豪','俊杰','春生','永福',
                       '海峰','立新','光明','学文','亚平','运雄','伟','斌','涛','勇','军','亚雄',
                       '开福','少华','世清','昌文','天佑','成龙','宏伟','道平'])[1 + (i / 36 + i * 7) % 32]
         end
$$;

-- A Shanghai wall-clock time on a day.
create function pg_temp.seed_at(d date, t time) returns timestamptz
language sql immutable
as $$
  select (d + t) at time zone 'Asia/Shanghai'
$$;

-- ---------------------------------------------------------------------------
-- Units
-- ---------------------------------------------------------------------------
create temp table seed_townships on commit drop as
select t, ('10000000-0000-4000-8000-0000000000' || suffix)::uuid as id, name, kind, development,
       chiefs, deputies, nonleaders
from (values
  (1, '11', '椰林镇', 'town', 'developed', 3, 7, 4),
  (2, '12', '光坡镇', 'town', 'developed', 3, 7, 3),
  (3, '13', '三才镇', 'town', 'developed', 3, 6, 3),
  (4, '14', '英州镇', 'town', 'developed', 3, 6, 3),
  (5, '15', '隆广镇', 'town', 'developed', 3, 6, 3),
  (6, '16', '文罗镇', 'town', 'developing', 3, 6, 3),
  (7, '17', '本号镇', 'town', 'developing', 2, 6, 3),
  (8, '18', '新村镇', 'town', 'developed', 2, 6, 3),
  (9, '19', '黎安镇', 'town', 'developed', 2, 6, 2),
  (10, '20', '提蒙乡', 'xiang', 'developing', 2, 6, 2),
  (11, '21', '群英乡', 'xiang', 'developing', 2, 6, 1)
) as v(t, suffix, name, kind, development, chiefs, deputies, nonleaders);

insert into public.units (id, name, kind, parent_id, development)
values ('10000000-0000-4000-8000-000000000001', '陵水黎族自治县', 'county', null, null);

insert into public.units (id, name, kind, parent_id, development)
select id, name, kind, '10000000-0000-4000-8000-000000000001', development
from seed_townships order by t;

-- County offices hang below the county. The research unit is not the county's (it is a
-- national academy), but units_root_is_county makes the county the only root, so it
-- hangs below the county too.
insert into public.units (id, name, kind, parent_id, development)
select ('10000000-0000-4000-8000-0000000000' || suffix)::uuid, name, kind,
       '10000000-0000-4000-8000-000000000001', null
from (values
  ('31', '县委组织部', 'county_office'),
  ('32', '县委党校', 'county_office'),
  ('33', '县农业农村局', 'county_office'),
  ('34', '县发展和改革委员会', 'county_office'),
  ('35', '县住房和城乡建设局', 'county_office'),
  ('36', '县水务局', 'county_office'),
  ('37', '县自然资源和规划局', 'county_office'),
  ('38', '县财政局', 'county_office'),
  ('39', '县民政局', 'county_office'),
  ('40', '县乡村振兴局', 'county_office'),
  ('41', '县人力资源和社会保障局', 'county_office'),
  ('51', '中国热带农业科学院', 'research_unit')
) as v(suffix, name, kind);

-- ---------------------------------------------------------------------------
-- Demo accounts (password 'frontline-demo', hashed once)
-- ---------------------------------------------------------------------------
create temp table seed_demo on commit drop as
select id::uuid, email, phone, full_name, gender, birth_date::date, education, rank, is_leader, post_title,
       unit_id::uuid, in_unit_since::date, origin, role, sign_level::smallint, scope_unit_id::uuid
from (values
  ('20000000-0000-4000-8000-000000000001', 'admin@demo.local', '13800000010', '符晓东', 'male', '1984-04-12',
   'university', 'deputy_section_chief', true, '干部监督股股长', '10000000-0000-4000-8000-000000000031',
   '2016-03-01', 'graduate_exam', 'admin', null, null),
  ('20000000-0000-4000-8000-000000000002', 'supervisor1@demo.local', '13800000011', '陈志远', 'male', '1987-09-03',
   'university', 'staff', false, '干部一股股长（联系本号镇）', '10000000-0000-4000-8000-000000000031',
   '2018-07-01', 'graduate_exam', 'supervisor', 1, '10000000-0000-4000-8000-000000000017'),
  ('20000000-0000-4000-8000-000000000003', 'supervisor2@demo.local', '13800000012', '王丽华', 'female', '1979-11-20',
   'university', 'section_chief', true, '县委组织部常务副部长', '10000000-0000-4000-8000-000000000031',
   '2019-05-01', 'graduate_exam', 'supervisor', 2, '10000000-0000-4000-8000-000000000001'),
  ('20000000-0000-4000-8000-000000000004', 'supervisor3@demo.local', '13800000013', '林国栋', 'male', '1972-02-08',
   'postgraduate', 'section_chief', true, '县委常委、组织部部长', '10000000-0000-4000-8000-000000000031',
   '2021-09-01', 'military', 'supervisor', 3, '10000000-0000-4000-8000-000000000001'),
  ('20000000-0000-4000-8000-000000000005', 'trainer@demo.local', '13800000014', '黄文静', 'female', '1985-06-17',
   'postgraduate', 'staff', false, '县委党校讲师', '10000000-0000-4000-8000-000000000032',
   '2012-08-01', 'graduate_exam', 'trainer', null, null),
  ('20000000-0000-4000-8000-000000000006', 'cadre@demo.local', '13800000001', '李明轩', 'male', '1998-06-15',
   'university', 'staff', false, '科员', '10000000-0000-4000-8000-000000000033',
   '2021-08-01', 'graduate_exam', 'cadre', null, null)
) as v(id, email, phone, full_name, gender, birth_date, education, rank, is_leader, post_title,
       unit_id, in_unit_since, origin, role, sign_level, scope_unit_id);

-- instance_id and the token columns as real GoTrue needs them to sign these accounts in
-- (it fails on NULL tokens: supabase/auth#1940), so the seed also works after `supabase db reset`.
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, phone, phone_confirmed_at,
                        confirmation_token, recovery_token, email_change_token_new, email_change,
                        raw_app_meta_data, raw_user_meta_data)
select '00000000-0000-0000-0000-000000000000'::uuid, d.id, 'authenticated', 'authenticated', d.email, h.pw, now(), '86' || d.phone, now(),
       '', '', '', '',
       '{"provider": "email", "providers": ["email", "phone"]}'::jsonb,
       jsonb_build_object('full_name', d.full_name)
from seed_demo d
cross join (select extensions.crypt('frontline-demo', extensions.gen_salt('bf', 10)) as pw) h
order by d.id;

insert into public.profiles (id, full_name, gender, birth_date, education, rank, is_leader, post_title, unit_id,
                             in_unit_since, origin, role, sign_level, scope_unit_id)
select id, full_name, gender, birth_date, education, rank, is_leader, post_title, unit_id,
       in_unit_since, origin, role, sign_level, scope_unit_id
from seed_demo order by id;

-- ---------------------------------------------------------------------------
-- The 126 township cadres of section rank (October 2015)
--
-- Each township has its chiefs (党委书记, 镇长/乡长, and in six towns 人大主席: the 28
-- 正科), its deputy leaders (68 副科 in leading posts) and its non-leading 副主任科员
-- (30). Gender, age band and education are handed out by ranking every cadre on a
-- stable pseudo-random key (nudged: few women among the chiefs, chiefs seldom the
-- youngest, the youngest the best educated) and cutting the ranking at the report's
-- counts, so the marginals are exact whatever the keys are.
-- ---------------------------------------------------------------------------
create temp table seed_tc on commit drop as
with slots as (
  select t.t, t.id as unit_id, t.kind, 1 as grade, s.slot
  from seed_townships t cross join lateral generate_series(1, t.chiefs) as s(slot)
  union all
  select t.t, t.id, t.kind, 2, s.slot from seed_townships t cross join lateral generate_series(1, t.deputies) as s(slot)
  union all
  select t.t, t.id, t.kind, 3, s.slot from seed_townships t cross join lateral generate_series(1, t.nonleaders) as s(slot)
),
numbered as (
  select row_number() over (order by grade, t, slot)::int as n, * from slots
),
ranked as (
  select n.*,
         row_number() over (order by (case grade when 1 then 0.1 else 0 end) + pg_temp.seed_frac('gender:' || n), n) as gender_rank,
         row_number() over (order by case grade when 1 then 0.4 + 0.45 * pg_temp.seed_frac('age:' || n)
                                                else pg_temp.seed_frac('age:' || n) end, n) as age_rank
  from numbered n
),
aged as (
  select r.*,
         case when gender_rank <= 28 then 'female' else 'male' end as gender,
         case when age_rank <= 34 then 1 when age_rank <= 52 then 2 when age_rank <= 99 then 3 else 4 end as band
  from ranked r
),
born as (
  select a.*,
         case band
           when 1 then 27 + floor(pg_temp.seed_frac('years:' || n) * 8)::int            -- 27..34
           when 2 then 37 + floor(pg_temp.seed_frac('years:' || n) * 3)::int            -- 37..39
           when 3 then 42 + floor(pg_temp.seed_frac('years:' || n) * 8)::int            -- 42..49
           else 52 + floor(pg_temp.seed_frac('years:' || n) * case when gender = 'female' then 3 else 6 end)::int -- 52..57
         end as age_2015
  from aged a
),
dated as (
  select b.*,
         -- age_2015 full years on 2015-10-31: born 20..339 days before that birthday
         ((date '2015-10-31' - make_interval(years => age_2015))::date
           - (20 + floor(pg_temp.seed_frac('day:' || n) * 320))::int) as birth_date,
         row_number() over (order by age_2015 * 0.75 / 60 + pg_temp.seed_frac('edu:' || n) * 0.25, n) as edu_rank
  from born b
)
select d.n, pg_temp.seed_id('cadre:' || d.n) as id, d.t, d.unit_id, d.kind, d.grade, d.slot, d.gender, d.band,
       d.age_2015, d.birth_date,
       case when edu_rank = 1 then 'postgraduate' when edu_rank <= 68 then 'university' else 'college_or_below' end as education,
       case when grade = 1 then 'section_chief' else 'deputy_section_chief' end as rank,
       grade < 3 as is_leader,
       replace(case grade
         when 1 then (array['党委书记', '镇长', '人大主席'])[slot]
         when 2 then (array['党委副书记', '纪委书记', '副镇长', '组织委员', '武装部长', '宣传委员', '副镇长'])[slot]
         else '副主任科员'
       end, '镇', case when d.kind = 'xiang' then '乡' else '镇' end) as post_title,
       case
         when band = 1 then case when pg_temp.seed_frac('origin:' || n) < 0.85 then 'graduate_exam'
                                 when pg_temp.seed_frac('origin:' || n) < 0.93 then 'village_cadre' else 'other' end
         when band = 2 then case when pg_temp.seed_frac('origin:' || n) < 0.5 then 'graduate_exam'
                                 when pg_temp.seed_frac('origin:' || n) < 0.7 then 'contract'
                                 when pg_temp.seed_frac('origin:' || n) < 0.85 then 'military' else 'other' end
         else case when pg_temp.seed_frac('origin:' || n) < 0.3 then 'village_cadre'
                   when pg_temp.seed_frac('origin:' || n) < 0.55 then 'military'
                   when pg_temp.seed_frac('origin:' || n) < 0.75 then 'contract'
                   when pg_temp.seed_frac('origin:' || n) < 0.85 then 'other' else 'graduate_exam' end
       end as origin,
       -- Leaders of a township team are moved every few years; half of everyone else has
       -- stayed six years or more (the report's problem 3: no rotation of ordinary cadres).
       greatest((d.birth_date + interval '22 years')::date,
         case
           when grade = 1 then current_date - (200 + floor(pg_temp.seed_frac('since:' || n) * 1600))::int
           when pg_temp.seed_frac('stay:' || n) < 0.5
             then current_date - (6 * 365 + floor(pg_temp.seed_frac('since:' || n) * 12 * 365))::int
           else current_date - (90 + floor(pg_temp.seed_frac('since:' || n) * 5 * 365))::int
         end) as in_unit_since,
       pg_temp.seed_name(d.n + 5, d.gender = 'female') as full_name
from dated d;

-- Rotations and exchanges of township cadres (home unit unchanged, so the 126 stay put).
-- Two township heads were moved after less than 3 years in post (the report's 2014 cases).
create temp table seed_moves on commit drop as
select m.key, c.id as cadre_id, m.kind, f.id as from_unit_id, coalesce(tt.id, m.to_office::uuid) as to_unit_id,
       m.title, m.starts_on, m.planned_end_on, m.ended_on
from (values
  -- key, kind, home township, grade, slot, from township, to township | county office, title, start, planned end, ended
  ('head-1-before', 'rotation', 6, 1, 2, 1, 5, null::text, '调任隆广镇镇长', current_date - 1300, null::date, current_date - 520),
  ('head-1', 'rotation', 6, 1, 2, 5, 6, null, '调任文罗镇镇长（原岗位任职不满3年，已报省委组织部）', current_date - 520, null, null),
  ('head-2-before', 'rotation', 11, 1, 2, 8, 3, null, '调任三才镇镇长', current_date - 1500, null, current_date - 700),
  ('head-2', 'rotation', 11, 1, 2, 3, 11, null, '调任群英乡乡长（原岗位任职不满3年，已报省委组织部）', current_date - 700, null, null),
  ('rotation-1', 'rotation', 7, 3, 1, 1, 7, null, '轮岗交流：椰林镇至本号镇', current_date - 400, null, null),
  ('rotation-2', 'rotation', 8, 2, 5, 10, 8, null, '轮岗交流：提蒙乡至新村镇', current_date - 900, null, null),
  ('rotation-3', 'rotation', 4, 3, 2, 6, 4, null, '轮岗交流：文罗镇至英州镇', current_date - 250, null, null),
  ('exchange-1', 'exchange', 1, 2, 3, 1, null, '10000000-0000-4000-8000-000000000034', '交流任职：县发展和改革委员会项目股',
   current_date - 200, current_date + 530, null),
  ('exchange-2', 'exchange', 2, 3, 1, 2, null, '10000000-0000-4000-8000-000000000035', '交流任职：县住房和城乡建设局村镇股',
   date '2019-03-01', date '2021-03-01', date '2021-03-01')
) as m(key, kind, home_t, grade, slot, from_t, to_t, to_office, title, starts_on, planned_end_on, ended_on)
join seed_tc c on c.t = m.home_t and c.grade = m.grade and c.slot = m.slot
join seed_townships f on f.t = m.from_t
left join seed_townships tt on tt.t = m.to_t;

-- A rotated cadre has been in their unit since they arrived.
update seed_tc c
set in_unit_since = m.starts_on
from seed_moves m
where m.cadre_id = c.id and m.kind = 'rotation' and m.ended_on is null;

insert into auth.users (id, aud, role, email, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
select id, 'authenticated', 'authenticated', format('c%s@demo.local', lpad(n::text, 3, '0')), now(),
       '{"provider": "email", "providers": ["email"]}'::jsonb, jsonb_build_object('full_name', full_name)
from seed_tc order by n;

insert into public.profiles (id, full_name, gender, birth_date, education, rank, is_leader, post_title, unit_id,
                             in_unit_since, origin, role)
select id, full_name, gender, birth_date, education, rank, is_leader, post_title, unit_id,
       in_unit_since, origin, 'cadre'
from seed_tc order by n;

-- ---------------------------------------------------------------------------
-- Young county-office cadres seconded to townships (49 + the demo cadre = the
-- report's 50): 1-20 ended (since 2015), 21-43 current, 44-49 ending within 30 days.
-- ---------------------------------------------------------------------------
create temp table seed_sec on commit drop as
with base as (
  select n,
         pg_temp.seed_id('secondee:' || n) as id,
         pg_temp.seed_id('posting:secondee:' || n) as posting_id,
         case when n % 3 = 0 then 'female' else 'male' end as gender,
         ('10000000-0000-4000-8000-0000000000' ||
           (array['33','33','34','35','36','37','38','39','40','41','33','34'])[1 + n % 12])::uuid as unit_id,
         case when n in (22, 27, 33, 45) then 7 else 1 + (n * 5) % 11 end as to_t,
         case
           when n <= 20 then date '2015-03-01' + ((n - 1) * 180 + floor(pg_temp.seed_frac('start:' || n) * 40))::int
           when n <= 43 then current_date - (20 + (n - 21) * 13 + floor(pg_temp.seed_frac('start:' || n) * 10))::int
           else current_date - 365 + (3 + (n - 44) * 5)
         end as starts_on
  from generate_series(1, 49) as g(n)
)
select b.*,
       (b.starts_on - make_interval(years => 25 + floor(pg_temp.seed_frac('age:sec:' || n) * 7)::int))::date
         - floor(pg_temp.seed_frac('day:sec:' || n) * 300)::int as birth_date,
       case when n % 4 = 0 and n <= 20 then b.starts_on + 730 else b.starts_on + 365 end as planned_end_on,
       case when n <= 20 then
         case when n % 4 = 0 and n <= 20 then b.starts_on + 730 else b.starts_on + 365 end
           - case when n % 7 = 0 then 60 else 0 end
       end as ended_on,
       case when n % 5 = 0 then 'deputy_section_chief' else 'staff' end as rank,
       case when n % 8 = 0 then 'postgraduate' when n % 11 = 0 then 'college_or_below' else 'university' end as education,
       case when n % 6 = 0 then 'graduate_exam' else 'county_secondee' end as origin,
       pg_temp.seed_name(n * 3 + 211, b.gender = 'female') as full_name,
       format('挂职%s%s', t.name,
         (array['党政办副主任', '乡村振兴工作站副站长', '综治中心副主任', '项目办副主任', '驻村工作队员', '应急管理办副主任'])[1 + n % 6]) as title
from base b join seed_townships t on t.t = b.to_t;

insert into auth.users (id, aud, role, email, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
select id, 'authenticated', 'authenticated', format('s%s@demo.local', lpad(n::text, 2, '0')), now(),
       '{"provider": "email", "providers": ["email"]}'::jsonb, jsonb_build_object('full_name', full_name)
from seed_sec order by n;

insert into public.profiles (id, full_name, gender, birth_date, education, rank, is_leader, post_title, unit_id,
                             in_unit_since, origin, role)
select id, full_name, gender, birth_date, education, rank, false,
       case rank when 'staff' then '科员' else '副主任科员' end, unit_id,
       (birth_date + interval '23 years')::date + floor(pg_temp.seed_frac('since:sec:' || n) * 300)::int,
       origin, 'cadre'
from seed_sec order by n;

-- ---------------------------------------------------------------------------
-- Sci-tech deputy township heads (科技副乡镇长): five researchers, one-year terms since 2014
-- ---------------------------------------------------------------------------
create temp table seed_sci on commit drop as
select n, pg_temp.seed_id('scitech:' || n) as id, pg_temp.seed_id('posting:scitech:' || n) as posting_id,
       full_name, gender, birth_date::date, education, post_title, in_unit_since::date, t.id as to_unit_id,
       case when t.kind = 'xiang' then '科技副乡长' else '科技副镇长' end as title,
       starts_on, starts_on + 365 as planned_end_on, case when ended then starts_on + 365 end as ended_on
from (values
  (1, '邢福安', 'male', '1978-05-21', 'postgraduate', '副研究员（热带作物品种资源研究所）', '2006-07-01', 6, date '2014-03-01', true),
  (2, '蔡雅琴', 'female', '1982-10-02', 'postgraduate', '助理研究员（环境与植物保护研究所）', '2010-07-01', 10, date '2014-09-01', true),
  (3, '吉承业', 'male', '1980-01-14', 'postgraduate', '副研究员（热带生物技术研究所）', '2008-07-01', 11, date '2015-06-01', true),
  (4, '董晓峰', 'male', '1986-08-30', 'postgraduate', '助理研究员（椰子研究所）', '2013-07-01', 7, current_date - 500, true),
  (5, '冯佳慧', 'female', '1988-03-09', 'university', '助理研究员（热带作物品种资源研究所）', '2012-07-01', 5, current_date - 200, false)
) as v(n, full_name, gender, birth_date, education, post_title, in_unit_since, to_t, starts_on, ended)
join seed_townships t on t.t = v.to_t;

insert into auth.users (id, aud, role, email, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
select id, 'authenticated', 'authenticated', format('k%s@demo.local', n), now(),
       '{"provider": "email", "providers": ["email"]}'::jsonb, jsonb_build_object('full_name', full_name)
from seed_sci order by n;

-- Researchers hold no civil-service rank: rank stays null.
insert into public.profiles (id, full_name, gender, birth_date, education, rank, is_leader, post_title, unit_id,
                             in_unit_since, origin, role)
select id, full_name, gender, birth_date, education, null, false, post_title,
       '10000000-0000-4000-8000-000000000051', in_unit_since, 'research_secondee', 'cadre'
from seed_sci order by n;

-- ---------------------------------------------------------------------------
-- Postings
-- ---------------------------------------------------------------------------
insert into public.postings (id, cadre_id, kind, from_unit_id, to_unit_id, title, starts_on, planned_end_on, ended_on)
values ('30000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000006', 'secondment',
        '10000000-0000-4000-8000-000000000033', '10000000-0000-4000-8000-000000000017',
        '挂职本号镇党政办副主任（乡村振兴）', current_date - 100, current_date - 100 + 365, null);

insert into public.postings (id, cadre_id, kind, from_unit_id, to_unit_id, title, starts_on, planned_end_on, ended_on)
select posting_id, id, 'secondment', unit_id, (select t.id from seed_townships t where t.t = s.to_t),
       title, starts_on, planned_end_on, ended_on
from seed_sec s order by n;

insert into public.postings (id, cadre_id, kind, from_unit_id, to_unit_id, title, starts_on, planned_end_on, ended_on)
select posting_id, id, 'sci_tech_deputy', '10000000-0000-4000-8000-000000000051', to_unit_id,
       title, starts_on, planned_end_on, ended_on
from seed_sci order by n;

insert into public.postings (id, cadre_id, kind, from_unit_id, to_unit_id, title, starts_on, planned_end_on, ended_on)
select pg_temp.seed_id('posting:' || key), cadre_id, kind, from_unit_id, to_unit_id, title,
       starts_on, planned_end_on, ended_on
from seed_moves order by key;

-- ---------------------------------------------------------------------------
-- Settings
-- ---------------------------------------------------------------------------
insert into public.settings (id, key, value)
values ('60000000-0000-4000-8000-000000000001', 'annual_credit_hours_target', '50'::jsonb);

-- ---------------------------------------------------------------------------
-- Trainings. Past sessions of this year are spread back from today (squeezed
-- towards 1 January early in the year, so they always fall in this year), closed,
-- with attendance, QR check-ins that verify against their secret, and scores
-- in the practical-skills sessions.
-- ---------------------------------------------------------------------------
create temp table seed_sessions on commit drop as
select k, pg_temp.seed_id('session:' || k) as id, title, category, credit_hours, host_unit_id::uuid as unit_id, venue,
       pg_temp.seed_at(day, start_time) as starts_at,
       pg_temp.seed_at(day, start_time) + make_interval(hours => duration_h) as ends_at,
       scored, enrol_share
from (values
  (1, 300, '学习贯彻党的二十届三中全会精神专题培训班', 'special_topic', 8.0, '10000000-0000-4000-8000-000000000032',
   '县委党校报告厅', time '08:30', 8, false, 0.35),
  (2, 240, '乡镇干部基层治理能力提升培训', 'theory', 6.0, '10000000-0000-4000-8000-000000000032',
   '县委党校第一教室', time '08:30', 6, false, 0.25),
  (3, 190, '农牧渔业实用技术：冬季瓜菜种植与病虫害防治', 'practical_skills', 4.0, '10000000-0000-4000-8000-000000000017',
   '本号镇农业服务中心', time '14:30', 4, true, 0.15),
  (4, 130, '防汛防台风与应急处置专题培训', 'special_topic', 3.0, '10000000-0000-4000-8000-000000000032',
   '县委党校报告厅', time '09:00', 3, false, 0.3),
  (5, 85, '农牧渔业实用技术：深海网箱养殖技术', 'practical_skills', 4.0, '10000000-0000-4000-8000-000000000018',
   '新村镇渔业服务站', time '08:30', 4, true, 0.15),
  (6, 55, '农牧渔业实用技术：槟榔黄化病与椰心叶甲防控', 'practical_skills', 6.0, '10000000-0000-4000-8000-000000000017',
   '本号镇农业服务中心及示范基地', time '08:30', 6, true, 0.2),
  (7, 30, '乡村振兴政策与农村集体经济发展', 'theory', 4.0, '10000000-0000-4000-8000-000000000032',
   '县委党校第二教室', time '14:30', 4, false, 0.25),
  (8, 12, '群众工作方法与信访矛盾调解专题培训', 'special_topic', 3.0, '10000000-0000-4000-8000-000000000032',
   '县委党校报告厅', time '09:00', 3, false, 0.25)
) as v(k, days_back, title, category, credit_hours, host_unit_id, venue, start_time, duration_h, scored, enrol_share)
cross join lateral (
  select current_date - greatest(1, round(days_back * least(1.0,
           (current_date - date_trunc('year', current_date)::date) / 330.0)))::int as day
) d;

insert into public.training_sessions (id, title, category, trainer_id, unit_id, venue, starts_at, ends_at,
                                      credit_hours, closed_at)
select id, title, category, '20000000-0000-4000-8000-000000000005', unit_id, venue, starts_at, ends_at,
       credit_hours, ends_at + interval '30 minutes'
from seed_sessions order by k;

insert into public.training_sessions (id, title, category, trainer_id, unit_id, venue, starts_at, ends_at,
                                      credit_hours, checkin_opens_at, checkin_closes_at)
values
  ('40000000-0000-4000-8000-000000000001', '农牧渔业实用技术：热带水果标准化种植（现场教学）', 'practical_skills',
   '20000000-0000-4000-8000-000000000005', '10000000-0000-4000-8000-000000000017', '本号镇热带水果示范基地',
   date_trunc('hour', now()) + interval '1 hour', date_trunc('hour', now()) + interval '4 hours', 3.0,
   date_trunc('hour', now()) - interval '1 hour', date_trunc('hour', now()) + interval '4 hours'),
  ('40000000-0000-4000-8000-000000000002', '基层党组织建设与党员教育管理', 'theory',
   '20000000-0000-4000-8000-000000000005', '10000000-0000-4000-8000-000000000032', '县委党校第一教室',
   pg_temp.seed_at(current_date + 1, time '09:00'), pg_temp.seed_at(current_date + 1, time '12:00'), 3.0,
   null, null);

insert into public.training_session_secrets (id, session_id, secret)
values ('41000000-0000-4000-8000-000000000001', '40000000-0000-4000-8000-000000000001', 'demo-secret-for-checkin-0001'),
       ('41000000-0000-4000-8000-000000000002', '40000000-0000-4000-8000-000000000002', 'demo-secret-for-checkin-0002');

insert into public.training_session_secrets (id, session_id, secret)
select pg_temp.seed_id('secret:' || k), id, 'demo-secret-' || md5('frontline:secret:' || k)
from seed_sessions order by k;

-- Who attended what, and how it went.
create temp table seed_att on commit drop as
with roster as (
  -- township cadres: a share of everyone, and the host township's own cadres
  select s.k, c.id as cadre_id, 'cadre:' || c.n as who
  from seed_sessions s cross join seed_tc c
  where pg_temp.seed_frac('enrol:' || s.k || ':' || c.n) < s.enrol_share or c.unit_id = s.unit_id
  union all
  -- seconded cadres whose posting had started
  select s.k, x.id, 'secondee:' || x.n
  from seed_sessions s cross join seed_sec x
  where x.starts_on <= s.starts_at::date and coalesce(x.ended_on, current_date) >= s.starts_at::date
    and pg_temp.seed_frac('enrol:' || s.k || ':s' || x.n) < 0.4
),
demo(k, status, score, remark) as (
  values (1, 'absent', null::numeric, null::text), (3, 'present', 91, null), (4, 'late', null, null),
         (6, 'present', 88, '实操熟练，能独立识别槟榔黄化病症状并规范配药'), (7, 'present', null, null),
         (8, 'excused', null, '驻村防汛值班，已请假')
),
planned as (
  select r.k, r.cadre_id, r.who,
         case when f < 0.75 then 'present' when f < 0.85 then 'late' when f < 0.92 then 'excused' else 'absent' end as status,
         null::numeric as score, null::text as remark
  from roster r cross join lateral (select pg_temp.seed_frac('status:' || r.k || ':' || r.who) as f) x
  union all
  select k, '20000000-0000-4000-8000-000000000006', 'demo', status, score, remark from demo
)
select p.k, s.id as session_id, p.cadre_id, p.status, p.who,
       s.title, s.starts_at, s.ends_at,
       case when p.status in ('present', 'late') and p.who <> 'demo'
                 and pg_temp.seed_frac('qr:' || p.k || ':' || p.who) < 0.4 then 'qr' else 'roster' end as method,
       case when p.who = 'demo' then p.score
            when s.scored and p.status in ('present', 'late')
              then (60 + floor(pg_temp.seed_frac('score:' || p.k || ':' || p.who) * 39)
                    - case when p.status = 'late' then 5 else 0 end)::numeric(5, 2)
       end as score,
       case when p.who = 'demo' then p.remark
            when p.status = 'excused' then '因公请假'
            when s.scored and p.status in ('present', 'late') then
              (array['实操熟练', '理论掌握较好，实操需加强', '学习认真，积极提问', null, null])
                [1 + floor(pg_temp.seed_frac('remark:' || p.k || ':' || p.who) * 5)::int]
       end as remark,
       case p.status
         when 'present' then s.starts_at - interval '10 minutes'
                             + make_interval(secs => floor(pg_temp.seed_frac('at:' || p.k || ':' || p.who) * 1200))
         when 'late' then s.starts_at + interval '20 minutes'
                          + make_interval(secs => floor(pg_temp.seed_frac('at:' || p.k || ':' || p.who) * 1800))
       end as at
from planned p join seed_sessions s on s.k = p.k;

-- A score becomes a 'training' assessment draft (20261127000600's trigger, which would
-- give it a random id): create them first, with stable ids and the trigger's wording,
-- so that the trigger finds them and leaves them alone.
insert into public.assessments (id, cadre_id, kind, period_start, period_end, session_id, supervisor_comment, status)
select pg_temp.seed_id('assessment:training:' || a.k || ':' || a.who), a.cadre_id, 'training',
       (a.starts_at at time zone 'Asia/Shanghai')::date, (a.ends_at at time zone 'Asia/Shanghai')::date, a.session_id,
       left(format('培训「%s」成绩 %s 分', a.title, trim_scale(a.score::numeric(5, 2)))
            || coalesce('；' || nullif(btrim(a.remark), ''), ''), 2000),
       'draft'
from seed_att a
where a.score is not null
order by a.k, a.who;

insert into public.attendance (id, session_id, cadre_id, status, method, checkin_code, checked_in_at, score, remark,
                               marked_by, marked_at)
select pg_temp.seed_id('attendance:' || a.k || ':' || a.who), a.session_id, a.cadre_id, a.status, a.method,
       case when a.method = 'qr' then private.checkin_qr_payload(a.session_id, a.at) end,
       case when a.method = 'qr' then a.at end,
       a.score, a.remark,
       case when a.method = 'roster' then '20000000-0000-4000-8000-000000000005'::uuid end,
       case when a.method = 'roster' then
         case a.status when 'absent' then a.ends_at + interval '30 minutes' else a.starts_at + interval '30 minutes' end
       end
from seed_att a
order by a.k, a.who;

-- Enrolment in the coming sessions: the demo cadre and the 本号镇 cadres in today's
-- field lesson; the demo cadre and a share of the township teams tomorrow.
insert into public.attendance (id, session_id, cadre_id, status)
select pg_temp.seed_id('attendance:upcoming:' || s || ':' || who), ('40000000-0000-4000-8000-00000000000' || s)::uuid,
       cadre_id, 'enrolled'
from (
  select 1 as s, 'demo' as who, '20000000-0000-4000-8000-000000000006'::uuid as cadre_id
  union all
  select 2, 'demo', '20000000-0000-4000-8000-000000000006'
  union all
  select 1, 'cadre:' || n, id from seed_tc where t = 7
  union all
  select 1, 'secondee:' || n, id from seed_sec where to_t = 7 and ended_on is null
  union all
  select 2, 'cadre:' || n, id from seed_tc where pg_temp.seed_frac('enrol:upcoming:' || n) < 0.15
) e
order by s, who;

-- ---------------------------------------------------------------------------
-- Work logs and monthly posting reports
-- ---------------------------------------------------------------------------
create temp table seed_log_texts on commit drop as
select i, category, body
from (values
  (1, 'routine', '参加镇党委班子例会，整理会议纪要，跟进乡村振兴重点工作台账更新。'),
  (2, 'urgent_hard', '台风橙色预警，随镇防汛工作组到低洼村庄逐户排查，转移群众23人到安置点，检查安置点饮水和食品储备。'),
  (3, 'key_project', '参加县重点项目征地协调，陪同测量组入村核对地块界址，解答农户对补偿标准的疑问。'),
  (4, 'mass_work', '参与村民土地纠纷调解：两户因宅基地边界争执，现场查看后与村干部一起调解，双方签订调解协议。'),
  (5, 'mass_work', '走访脱贫户，核实家庭收入和务工情况，更新防返贫动态监测信息，讲解产业奖补政策。'),
  (6, 'routine', '到镇农业服务中心协助统计全镇冬季瓜菜种植面积，核对各村上报数据。'),
  (7, 'urgent_hard', '连续强降雨，参加防汛值班，夜间巡查水库和山塘并记录水位，发现一处溢洪道堵塞，已联系水务站清理。'),
  (8, 'mass_work', '随镇农技员到村推广槟榔黄化病防治技术，现场示范施药，发放技术资料40份。'),
  (9, 'key_project', '到乡村道路硬化项目工地协调施工方与村民的用工和道路使用问题，达成临时通行方案。'),
  (10, 'routine', '协助党政办起草乡村振兴工作季度总结，梳理产业项目进度。'),
  (11, 'urgent_hard', '台风过后随工作组入户核查房屋和槟榔、瓜菜受灾情况，登记受损面积，汇总上报。'),
  (12, 'mass_work', '参加村民代表大会，宣讲乡村振兴和农村人居环境整治政策，收集群众意见5条。'),
  (13, 'key_project', '协助核对高标准农田建设项目青苗补偿清册，逐户签字确认。'),
  (14, 'mass_work', '接待群众来访，反映灌溉水渠损坏问题，已登记并转镇水务站处理，约定一周内回复。'),
  (15, 'routine', '整理驻村工作队考勤和工作日志，按组织部要求报送挂职锻炼情况。'),
  (16, 'urgent_hard', '参与森林防火巡查，在进山路口宣传防火要求，劝返违规烧荒农户2户。'),
  (17, 'mass_work', '入户开展防范电信诈骗和禁毒宣传，走访农户15户。'),
  (18, 'key_project', '跟进热带水果示范基地建设，记录灌溉设施安装进度和存在问题，报镇项目办。')
) as v(i, category, body);

-- The demo cadre: about three logs a week since the posting began.
insert into public.work_logs (id, cadre_id, posting_id, log_date, category, body)
select pg_temp.seed_id('worklog:demo:' || (d - (current_date - 100))), '20000000-0000-4000-8000-000000000006',
       '30000000-0000-4000-8000-000000000001', d, t.category, t.body
from generate_series(current_date - 100, current_date - 1, interval '1 day') as g(ts)
cross join lateral (select ts::date as d) x
join seed_log_texts t on t.i = 1 + ((d - (current_date - 100)) * 7) % 18
where extract(isodow from d) in (1, 3, 5)
order by d;

-- Other current secondees: about one log a week.
insert into public.work_logs (id, cadre_id, posting_id, log_date, category, body)
select pg_temp.seed_id('worklog:secondee:' || s.n || ':' || w), s.id, s.posting_id, d, t.category, t.body
from seed_sec s
cross join lateral generate_series(0, (current_date - 1 - s.starts_on) / 7) as g(w)
cross join lateral (select s.starts_on + w * 7 + floor(pg_temp.seed_frac('logday:' || s.n || ':' || w) * 5)::int as d) x
join seed_log_texts t on t.i = 1 + (s.n * 5 + w * 11) % 18
where s.ended_on is null and d < current_date
order by s.n, w;

-- Monthly reports for the demo cadre's full months, and last month's for current secondees in 本号镇.
insert into public.posting_reports (id, posting_id, cadre_id, month, summary, submitted_at)
select pg_temp.seed_id('report:demo:' || g.i), '30000000-0000-4000-8000-000000000001',
       '20000000-0000-4000-8000-000000000006', m::date,
       format('%s月挂职小结：本月在本号镇记录工作日志%s篇，参与防汛值班、重点项目征地协调和群众矛盾纠纷调解，'
              '随农技员入村推广槟榔黄化病防治技术。下月重点跟进乡村道路硬化项目和冬季瓜菜种植技术推广。',
              extract(month from m)::int,
              (select count(*) from public.work_logs l
                where l.cadre_id = '20000000-0000-4000-8000-000000000006'
                  and l.log_date >= m::date and l.log_date < (m + interval '1 month')::date)),
       pg_temp.seed_at((m + interval '1 month')::date + 2, time '17:30')
from generate_series(date_trunc('month', current_date - 100) + interval '1 month',
                     date_trunc('month', current_date) - interval '1 month', interval '1 month')
       with ordinality as g(m, i)
order by m;

insert into public.posting_reports (id, posting_id, cadre_id, month, summary, submitted_at)
select pg_temp.seed_id('report:secondee:' || s.n), s.posting_id, s.id,
       (date_trunc('month', current_date) - interval '1 month')::date,
       '本月按挂职岗位要求参加镇村重点工作，参与防汛值班和入户走访，协助推进乡村振兴项目，按时记录工作日志。',
       pg_temp.seed_at(date_trunc('month', current_date)::date + 1, time '16:00')
from seed_sec s
where s.ended_on is null and s.to_t = 7 and s.starts_on < date_trunc('month', current_date) - interval '1 month'
order by s.n;

-- ---------------------------------------------------------------------------
-- Assessments in every sign-off state, for cadres in supervisor1's scope (本号镇):
-- last year's annual assessments of the 本号镇 team, one posting_end, and the demo
-- cadre's own draft. Signatures go in one level at a time, so that the sign-off
-- trigger moves each assessment on exactly as a person's signature would.
-- ---------------------------------------------------------------------------
create temp table seed_assess on commit drop as
with ben as (
  select c.*, row_number() over (order by c.grade, c.slot) as i from seed_tc c where c.t = 7
),
last_year as (
  select extract(year from current_date)::int - 1 as y
)
select coalesce(fixed.id::uuid, pg_temp.seed_id('assessment:annual:' || b.n)) as id, b.id as cadre_id,
       'annual' as kind, make_date(ly.y, 1, 1) as period_start, make_date(ly.y, 12, 31) as period_end,
       null::uuid as posting_id,
       format('%s年度个人总结：认真履行%s职责，完成防汛防台风、乡村振兴和重点项目征地等任务，'
              '按时参加县委党校培训；不足是对农业实用技术掌握不够，明年加强学习。', ly.y, b.post_title) as self_summary,
       case when b.i % 4 = 1 then 'excellent' else 'competent' end as rating,
       case when b.i % 4 = 1 then '工作扎实，急难险重任务中表现突出，评为优秀。' else '履职尽责，完成年度目标任务，评为称职。' end
         as supervisor_comment,
       coalesce(fixed.target, 'final') as target
from ben b cross join last_year ly
left join (values
  (2, '50000000-0000-4000-8000-000000000002', 'submitted'),
  (3, '50000000-0000-4000-8000-000000000003', 'signed_1'),
  (4, '50000000-0000-4000-8000-000000000004', 'signed_2'),
  (5, '50000000-0000-4000-8000-000000000005', 'final'),
  (6, '50000000-0000-4000-8000-000000000006', 'returned'),
  (7, '50000000-0000-4000-8000-000000000007', 'draft')
) as fixed(i, id, target) on fixed.i = b.i
union all
select '50000000-0000-4000-8000-000000000008', s.id, 'posting_end', s.starts_on, s.planned_end_on, s.posting_id,
       '挂职期间在本号镇参与乡村振兴和防汛救灾工作，协调解决群众诉求12件，撰写调研报告1篇。', 'competent',
       '挂职期间表现良好，群众反映较好。', 'submitted'
from seed_sec s where s.n = 45;

-- The demo cadre's own assessment: a draft they fill in and submit.
insert into public.assessments (id, cadre_id, kind, period_start, period_end, posting_id, self_summary, status)
values ('50000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000006', 'annual',
        make_date(extract(year from current_date)::int, 1, 1), make_date(extract(year from current_date)::int, 12, 31),
        null, '挂职本号镇以来，参与防汛值班、重点项目征地协调和矛盾纠纷调解，随农技员推广槟榔黄化病防治技术。（待补充）',
        'draft');

-- A draft has no rating yet; everything else was submitted 40 days ago.
insert into public.assessments (id, cadre_id, kind, period_start, period_end, posting_id, self_summary, rating,
                                supervisor_comment, status, submitted_at)
select id, cadre_id, kind, period_start, period_end, posting_id, self_summary,
       case when target = 'draft' then null else rating end,
       case when target = 'draft' then null else supervisor_comment end,
       case when target = 'draft' then 'draft' else 'submitted' end,
       case when target <> 'draft' then now() - interval '40 days' end
from seed_assess order by id;

insert into public.assessment_signatures (id, assessment_id, assessment_version, level, signer_id, decision, comment, signed_at)
select pg_temp.seed_id('signature:1:' || id), id, 0, 1, '20000000-0000-4000-8000-000000000002', 'approve',
       '情况属实，同意。', now() - interval '35 days'
from seed_assess where target in ('signed_1', 'signed_2', 'final', 'returned') order by id;

insert into public.assessment_signatures (id, assessment_id, assessment_version, level, signer_id, decision, comment, signed_at)
select pg_temp.seed_id('signature:2:' || id), id, 0, 2, '20000000-0000-4000-8000-000000000003',
       case when target = 'returned' then 'return' else 'approve' end,
       case when target = 'returned' then '个人总结过于简略，请补充防汛和征地工作的具体事例后重新提交。' else '同意。' end,
       now() - interval '30 days'
from seed_assess where target in ('signed_2', 'final', 'returned') order by id;

insert into public.assessment_signatures (id, assessment_id, assessment_version, level, signer_id, decision, comment, signed_at)
select pg_temp.seed_id('signature:3:' || id), id, 0, 3, '20000000-0000-4000-8000-000000000004', 'approve',
       '同意，定稿。', now() - interval '25 days'
from seed_assess where target = 'final' order by id;

-- ---------------------------------------------------------------------------
-- The appointment register (选拔任用记实), recorded by the department's officer
-- (admin@demo.local) and signed by the three demo supervisors. The source's figures:
--   * 34 township cadres promoted into township leadership since 2014 (from_frontline),
--     beside 26 promotions of county-office cadres (空降) in the same years, so that with
--     the two transfers below 2014 misses the 50% target (14 of 30 new township leaders from
--     the front line) and 2015 (14 of 20) and 2016 (8 of 12) meet it;
--   * 7 township leadership teams adjusted (team_adjustment, one township each);
--   * 2 township heads moved in 2014 after less than 3 years in post, each with its
--     report to the province;
--   * 3 village cadres recruited as township civil servants in 2015-2016;
--   * the current rotations of seed_moves (two of them < 3-year moves with reports);
--   * a live chain in 本号镇 (draft, noticed, signed_1, signed_2, returned), two promotions
--     in probation (one with its confirmation drafted), and the demo cadre's own history;
--   * a final confirmation (转正) of every earlier promotion into leadership, a year after it.
-- Promotions and recruitments have their notices (7 days: exactly 5 working days).
-- ---------------------------------------------------------------------------
create temp table seed_appt (
  key text primary key, cadre_id uuid, kind text, from_unit_id uuid, from_post text, from_post_since date,
  from_head boolean default false, to_unit_id uuid, to_post text, to_leadership boolean default false,
  team_adjustment boolean default false, effective_on date, reasons text, status text default 'final',
  confirms_key text, discipline_opinion text, discipline_opinion_on date,
  province_report_ref text, province_report_on date, notice text default 'ended', complaint text
) on commit drop;

-- 60 promotions into township leadership, 2014-2016: ranks 1-34 from their township,
-- 35-60 from a county office.
with leaders as (
  select c.*, row_number() over (order by pg_temp.seed_frac('appoint:' || c.n), c.n) as r
  from seed_tc c where c.grade < 3
)
insert into seed_appt (key, cadre_id, kind, from_unit_id, from_post, to_unit_id, to_post, to_leadership, effective_on, reasons)
select 'promotion:' || l.n, l.id, 'promotion',
       case when l.r <= 34 then l.unit_id
            else ('10000000-0000-4000-8000-0000000000' || (33 + (l.n % 9)))::uuid end,
       case when l.r <= 34 then (case when l.grade = 1 then '党委副书记' else '副主任科员' end)
            else '股长' end,
       l.unit_id, l.post_title, true,
       make_date(y.y, 1 + floor(pg_temp.seed_frac('appoint:month:' || l.n) * 10)::int,
                 3 + floor(pg_temp.seed_frac('appoint:day:' || l.n) * 24)::int),
       case when l.r <= 34
         then '在乡镇工作多年，熟悉农村工作，在防汛防台风、征地拆迁等急难险重任务中表现突出，群众公认度高。'
         else '县直单位业务骨干，综合协调能力较强，经民主推荐、考察，拟任乡镇领导职务。' end
from leaders l
cross join lateral (select case when l.r <= 12 then 2014 when l.r <= 26 then 2015 when l.r <= 34 then 2016
                                when l.r <= 50 then 2014 when l.r <= 56 then 2015 else 2016 end as y) y
where l.r <= 60;

-- 7 leadership teams adjusted: the first head (secretary or head) promoted into each of 7 townships
update seed_appt a set team_adjustment = true,
  reasons = a.reasons || '（班子运行不顺畅，经考核了解后调整乡镇党政主要领导。）'
from (
  select distinct on (c.t) a.key, c.t
  from seed_appt a join seed_tc c on c.id = a.cadre_id
  where c.grade = 1 and c.slot <= 2
  order by c.t, a.effective_on
) first_heads
where a.key = first_heads.key and first_heads.t in (
  select t from (select distinct c.t from seed_appt a join seed_tc c on c.id = a.cadre_id
                 where c.grade = 1 and c.slot <= 2 order by c.t limit 7) s);

-- 2014: two township heads moved after less than 3 years in post, reported to the province
insert into seed_appt (key, cadre_id, kind, from_unit_id, from_post, from_post_since, from_head, to_unit_id, to_post,
                       to_leadership, effective_on, reasons, province_report_ref, province_report_on, notice)
select 'short-tenure:' || v.k, c.id, 'transfer', f.id, v.from_post, v.since::date, true, c.unit_id, c.post_title, true,
       v.effective_on::date, v.reasons, v.ref, v.reported::date, null
from (values
  (1, 2, 2, 4, '英州镇镇长', '2012-09-01', '2014-06-10', '因光坡镇重点项目征地工作需要，调任光坡镇镇长。', '陵组字〔2014〕36号', '2014-05-28'),
  (2, 9, 2, 10, '提蒙乡乡长', '2013-03-01', '2014-11-20', '黎安镇党政班子配备需要，交流任黎安镇镇长。', '陵组字〔2014〕52号', '2014-11-06')
) as v(k, t, slot, from_t, from_post, since, effective_on, reasons, ref, reported)
join seed_tc c on c.t = v.t and c.grade = 1 and c.slot = v.slot
join seed_townships f on f.t = v.from_t;

-- 2015-2016: three village cadres recruited as township civil servants (从村级组织考录)
insert into seed_appt (key, cadre_id, kind, from_post, to_unit_id, to_post, effective_on, reasons)
select 'recruitment:' || v.k, c.id, 'recruitment', v.from_post, c.unit_id, '乡镇公务员（科员）', v.effective_on::date,
       '优秀村干部，经公开考录为乡镇公务员：政治素质高，农村工作经验丰富，群众信得过。'
from (values (1, '村党支部书记', '2015-04-15'), (2, '村委会主任', '2015-10-20'), (3, '村党支部书记', '2016-05-18'))
  as v(k, from_post, effective_on)
join (select c.*, row_number() over (order by c.n) as k from seed_tc c
      where c.grade = 3 and c.origin = 'village_cadre') c on c.k = v.k;

-- the current rotations (seed_moves): head-1 and head-2 left a post held less than 3 years
insert into seed_appt (key, cadre_id, kind, from_unit_id, from_post, from_post_since, from_head, to_unit_id, to_post,
                       to_leadership, effective_on, reasons, province_report_ref, province_report_on, notice)
-- (a rotation without a recorded earlier move left a post held about five years: 轮岗 after 5 years)
select 'move:' || m.key, m.cadre_id, 'rotation', m.from_unit_id, c.post_title, coalesce(before.starts_on, m.starts_on - 1900), c.grade = 1,
       m.to_unit_id, case when m.ended_on is null then c.post_title else replace(m.title, '调任', '') end,
       c.grade < 3, m.starts_on, m.title,
       case when m.key like 'head-_' then format('陵组字〔%s〕%s号', extract(year from m.starts_on), 20 + length(m.key)) end,
       case when m.key like 'head-_' then m.starts_on - 14 end,
       null
from seed_moves m
join seed_tc c on c.id = m.cadre_id
left join seed_moves before on before.key = m.key || '-before'
where m.kind = 'rotation';

-- every promotion into leadership so far was confirmed when its year of probation ended (转正),
-- with the discipline commission's opinion; only the live ones below are still in probation
insert into seed_appt (key, cadre_id, kind, from_unit_id, from_post, to_unit_id, to_post, to_leadership, effective_on,
                       reasons, confirms_key, discipline_opinion, discipline_opinion_on, notice)
select 'confirmation:' || a.key, a.cadre_id, 'confirmation', a.to_unit_id, a.to_post, a.to_unit_id, a.to_post, true,
       (a.effective_on + interval '1 year')::date, '试用期满，跟踪考核称职，按期转正。', a.key,
       '经查，该同志试用期间廉洁自律，未发现违纪违法问题。', (a.effective_on + interval '1 year')::date - 10, null
from seed_appt a
where a.kind = 'promotion' and a.to_leadership and a.status = 'final'
order by a.key;

-- the live chain in 本号镇 (supervisor1's scope) and two promotions in probation
insert into seed_appt (key, cadre_id, kind, from_unit_id, from_post, to_unit_id, to_post, to_leadership, effective_on,
                       reasons, status, notice, complaint)
select 'live:' || v.k, c.id, v.kind, c.unit_id, c.post_title, coalesce(to_t.id, c.unit_id),
       replace(v.to_post, coalesce(to_t.name, ''), ''), true,
       current_date + v.days, v.reasons, v.status, v.notice, v.complaint
from (values
  ('draft', 7, 3, 1, 'promotion', '副镇长', 20, '在本号镇牵头完成槟榔黄化病防治推广，群众公认度高。', 'draft', 'running', null::text),
  ('noticed', 7, 3, 2, 'promotion', '组织委员', 10, '在本号镇从事组织工作，熟悉基层党建，民主推荐得票靠前。', 'noticed', 'ended', null),
  ('signed-1', 7, 2, 6, 'transfer', '新村镇副镇长', 15, '新村镇渔业转型任务重，需要熟悉农业产业的干部。', 'signed_1', null, null),
  ('signed-2', 7, 2, 2, 'rotation', '黎安镇党委副书记', 12, '在本号镇任职已满5年，按轮岗交流规定交流任职。', 'signed_2', null, null),
  ('returned', 7, 3, 3, 'promotion', '宣传委员', 25, '工作认真负责。', 'returned', 'ended',
   '12380电话反映其在征地补偿中工作方法简单，经核实系正常履职，不影响任用。'),
  ('probation-1', 3, 2, 3, 'promotion', '三才镇党委副书记', -300, '在三才镇工作10年，防汛抢险中表现突出。', 'final', 'ended', null),
  ('probation-2', 5, 2, 4, 'promotion', '隆广镇纪委书记', -330, '在隆广镇从事纪检工作，坚持原则，敢于较真碰硬。', 'final', 'ended', null)
) as v(k, t, grade, slot, kind, to_post, days, reasons, status, notice, complaint)
join seed_tc c on c.t = v.t and c.grade = v.grade and c.slot = v.slot
left join seed_townships to_t on v.to_post like to_t.name || '%';
update seed_appt set to_post = replace(to_post, '新村镇', ''), to_unit_id = '10000000-0000-4000-8000-000000000018'
where key = 'live:signed-1';
update seed_appt set to_post = replace(to_post, '黎安镇', ''), to_unit_id = '10000000-0000-4000-8000-000000000019'
where key = 'live:signed-2';

-- the confirmation of the promotion whose probation ends first, drafted with the
-- discipline commission's opinion; and the demo cadre's own history
insert into seed_appt (key, cadre_id, kind, from_unit_id, from_post, to_unit_id, to_post, to_leadership, effective_on,
                       reasons, status, confirms_key, discipline_opinion, discipline_opinion_on, notice)
select 'live:confirmation', a.cadre_id, 'confirmation', a.to_unit_id, a.to_post, a.to_unit_id, a.to_post, true,
       a.effective_on + 365, '试用期满，跟踪考核称职，拟按期转正。', 'draft', a.key,
       '经查，该同志试用期间廉洁自律，未发现违纪违法问题，同意转正。', current_date - 5, null
from seed_appt a where a.key = 'live:probation-2';

-- (the demo cadre came by the civil-service exam: their profile's 科员 since 2021-08-01)
insert into seed_appt (key, cadre_id, kind, from_unit_id, from_post, to_unit_id, to_post, effective_on, reasons, notice)
values ('demo-cadre', '20000000-0000-4000-8000-000000000006', 'recruitment', null, '应届毕业生',
        '10000000-0000-4000-8000-000000000033', '科员', date '2021-08-01',
        '2021年公务员考试录用，分配到县农业农村局从事农技推广工作。', 'ended');

insert into public.appointments (id, cadre_id, kind, from_unit_id, from_post, from_post_since, from_head, to_unit_id,
                                 to_post, to_leadership, team_adjustment, effective_on, reasons, recorded_by,
                                 discipline_opinion, discipline_opinion_on, province_report_ref, province_report_on,
                                 status, submitted_at)
select pg_temp.seed_id('appointment:' || key), cadre_id, kind, from_unit_id, from_post, from_post_since, from_head,
       to_unit_id, to_post, to_leadership, team_adjustment, effective_on, reasons,
       '20000000-0000-4000-8000-000000000001', discipline_opinion, discipline_opinion_on, province_report_ref,
       province_report_on, status,
       -- submitted before the signatures below (the live chain's signers signed in the last 3 days)
       case when status <> 'draft' then pg_temp.seed_at(least(effective_on - 6, current_date - 4), '10:00') end
from seed_appt order by key;

update public.appointments a set confirms_id = pg_temp.seed_id('appointment:' || s.confirms_key)
from seed_appt s where s.confirms_key is not null and a.id = pg_temp.seed_id('appointment:' || s.key);

-- notices: promotions and recruitments; 'ended' a week before submission (so the outcome was
-- recordable when it was submitted: the notice rules hold for the seed too), 'running' until next week
insert into public.appointment_notices (id, appointment_id, starts_on, ends_on, outcome, complaint, complaint_channel, handling)
select pg_temp.seed_id('notice:' || key), pg_temp.seed_id('appointment:' || key),
       case when notice = 'running' then current_date - 2 else least(effective_on - 9, current_date - 5) - 6 end,
       case when notice = 'running' then current_date + 8 else least(effective_on - 9, current_date - 5) end,
       case when notice = 'running' then 'pending' when complaint is not null then 'objection_dismissed' else 'no_objection' end,
       complaint, case when complaint is not null then '12380_phone' end,
       case when complaint is not null then '县委组织部会同镇党委核实，反映问题不属实，已向举报人反馈。' end
from seed_appt where notice is not null and kind in ('promotion', 'recruitment') order by key;

-- signatures: a level for each step reached (returned: level 1 approved, level 2 returned)
insert into public.appointment_signatures (id, appointment_id, appointment_version, level, signer_id, decision, comment, signed_at)
select pg_temp.seed_id(format('appointment-signature:%s:%s', s.key, l.level)), pg_temp.seed_id('appointment:' || s.key), 0,
       l.level, ('20000000-0000-4000-8000-00000000000' || (1 + l.level))::uuid,
       case when s.status = 'returned' and l.level = 2 then 'return' else 'approve' end,
       case when s.status = 'returned' and l.level = 2 then '任用理由过于简略，请补充其在急难险重任务中的具体表现后重新提交。'
            when l.level = 3 then '同意。' else '情况属实，同意。' end,
       pg_temp.seed_at(least(s.effective_on, current_date) - 4 + l.level, '15:00')
from seed_appt s
cross join generate_series(1, 3) as l(level)
where l.level <= case s.status when 'final' then 3 when 'signed_2' then 2 when 'returned' then 2 when 'signed_1' then 1 else 0 end
order by 1;

-- the tracking assessments (试用期跟踪考核) of the two promotions in probation: each covers its
-- probation year, filled in and rated, awaiting its level-1 signature (linked by period, so the
-- register shows them on the promotion and on the confirmation being drafted)
insert into public.assessments (id, cadre_id, kind, period_start, period_end, self_summary, rating,
                                supervisor_comment, status, submitted_at)
select pg_temp.seed_id('assessment:tracking:' || s.key), a.cadre_id, 'probation', a.effective_on, a.probation_ends_on,
       '试用期间履行岗位职责，牵头做好防汛备汛和矛盾纠纷排查化解，按时完成镇党委交办的各项任务。',
       'competent', '试用期间表现称职，群众评价较好，建议按期转正。', 'submitted', now() - interval '7 days'
from seed_appt s join public.appointments a on a.id = pg_temp.seed_id('appointment:' || s.key)
where s.key in ('live:probation-1', 'live:probation-2')
order by s.key;

-- The temp tables go at commit; the helpers would stay for the rest of the session.
drop function pg_temp.seed_id(text), pg_temp.seed_frac(text), pg_temp.seed_name(int, boolean),
  pg_temp.seed_at(date, time);

commit;
