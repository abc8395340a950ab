-- =============================================================================
-- Records: the tables of design.md "Records", their constraints and the sync
-- columns every synced table carries. Names here are a public contract.
-- Policies live in 20261127000200_permissions.sql; RLS is enabled here, right
-- after each table, so that no table is ever exposed without it.
-- =============================================================================

-- Helpers and bookkeeping that the API must not expose live in `private`.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;

-- One server-wide sequence, so `version` orders every change of every table.
create sequence private.sync_version as bigint;
grant usage on sequence private.sync_version to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Sync columns: stamped by the server, whatever the client sent
-- ---------------------------------------------------------------------------
create or replace function private.stamp_sync_columns() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.version := nextval('private.sync_version');
  new.txid := pg_current_xact_id();
  new.updated_at := now();
  new.updated_by := auth.uid();
  -- A tombstone is final: a later edit may not bring a deleted row back.
  if tg_op = 'UPDATE' and old.deleted_at is not null then
    new.deleted_at := old.deleted_at;
  end if;
  return new;
end
$$;

-- ---------------------------------------------------------------------------
-- units: the county (root), its townships, county offices, research units
-- ---------------------------------------------------------------------------
create table public.units (
  id uuid primary key,
  name text not null check (char_length(name) between 1 and 200),
  kind text not null check (kind in ('county', 'town', 'xiang', 'county_office', 'research_unit')),
  parent_id uuid references public.units (id),
  development text check (development in ('developed', 'developing')),
  version bigint not null default 0,
  txid xid8 not null default pg_current_xact_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  -- the county is the one root; every other unit hangs below something
  constraint units_root_is_county check ((kind = 'county') = (parent_id is null)),
  constraint units_development_only_for_townships check (development is null or kind in ('town', 'xiang'))
);
alter table public.units enable row level security;
create index units_parent_id_idx on public.units (parent_id); -- walking a supervisor's subtree
create index units_sync_idx on public.units (txid, id); -- sync_pull range scan

-- ---------------------------------------------------------------------------
-- profiles: one per auth user
-- ---------------------------------------------------------------------------
create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  full_name text not null check (char_length(full_name) between 1 and 100),
  gender text check (gender in ('male', 'female')),
  birth_date date check (birth_date > date '1900-01-01'),
  education text check (education in ('college_or_below', 'university', 'postgraduate')),
  rank text check (rank in ('section_chief', 'deputy_section_chief', 'staff')),
  is_leader boolean not null default false,
  post_title text check (char_length(post_title) between 1 and 200),
  unit_id uuid references public.units (id),
  in_unit_since date,
  origin text check (origin in ('graduate_exam', 'village_cadre', 'military', 'contract', 'research_secondee', 'county_secondee', 'other')),
  role text not null default 'cadre' check (role in ('cadre', 'trainer', 'supervisor', 'admin')),
  sign_level smallint check (sign_level between 1 and 3),
  scope_unit_id uuid references public.units (id),
  version bigint not null default 0,
  txid xid8 not null default pg_current_xact_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  -- a sign level and a scope make sense only together, and only for supervisors
  constraint profiles_supervisor_has_level_and_scope check (
    (role = 'supervisor') = (sign_level is not null and scope_unit_id is not null)
  )
);
alter table public.profiles enable row level security;
create index profiles_unit_id_idx on public.profiles (unit_id); -- supervisor scope: cadres of a unit
create index profiles_scope_unit_id_idx on public.profiles (scope_unit_id); -- who supervises a subtree
create index profiles_sync_idx on public.profiles (txid, id); -- sync_pull range scan

-- ---------------------------------------------------------------------------
-- training_sessions and their check-in secrets
-- ---------------------------------------------------------------------------
create table public.training_sessions (
  id uuid primary key,
  title text not null check (char_length(title) between 1 and 200),
  category text not null check (category in ('practical_skills', 'theory', 'special_topic')),
  trainer_id uuid not null references public.profiles (id),
  unit_id uuid references public.units (id),
  venue text check (char_length(venue) <= 200),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  credit_hours numeric(5, 1) not null default 0 check (credit_hours between 0 and 100),
  -- the window in which QR / fallback codes are accepted; null: the session's own times
  checkin_opens_at timestamptz,
  checkin_closes_at timestamptz,
  -- 结班: set when the trainer closes the session; attendance is locked after it
  closed_at timestamptz,
  version bigint not null default 0,
  txid xid8 not null default pg_current_xact_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  constraint training_sessions_end_after_start check (ends_at > starts_at),
  constraint training_sessions_checkin_window check (checkin_closes_at is null or checkin_opens_at is null or checkin_closes_at > checkin_opens_at)
);
alter table public.training_sessions enable row level security;
create index training_sessions_trainer_id_idx on public.training_sessions (trainer_id); -- a trainer's own sessions
create index training_sessions_unit_id_idx on public.training_sessions (unit_id); -- sessions hosted in a scope
create index training_sessions_sync_idx on public.training_sessions (txid, id); -- sync_pull range scan

create table public.training_session_secrets (
  id uuid primary key,
  session_id uuid not null unique references public.training_sessions (id),
  secret text not null check (char_length(secret) between 16 and 200),
  version bigint not null default 0,
  txid xid8 not null default pg_current_xact_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz
);
alter table public.training_session_secrets enable row level security;
create index training_session_secrets_sync_idx on public.training_session_secrets (txid, id); -- sync_pull range scan

-- ---------------------------------------------------------------------------
-- attendance: one row per (session, cadre)
-- ---------------------------------------------------------------------------
create table public.attendance (
  id uuid primary key,
  session_id uuid not null references public.training_sessions (id),
  cadre_id uuid not null references public.profiles (id),
  status text not null default 'enrolled' check (status in ('enrolled', 'present', 'late', 'excused', 'absent')),
  method text check (method in ('roster', 'qr')),
  checkin_code text check (char_length(checkin_code) <= 200),
  -- when the cadre's phone says it checked in (verified against the code's time slot)
  checked_in_at timestamptz,
  score numeric(5, 2) check (score between 0 and 100),
  remark text check (char_length(remark) <= 1000),
  marked_by uuid references public.profiles (id),
  marked_at timestamptz,
  version bigint not null default 0,
  txid xid8 not null default pg_current_xact_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  constraint attendance_one_row_per_cadre unique (session_id, cadre_id)
);
alter table public.attendance enable row level security;
create index attendance_cadre_id_idx on public.attendance (cadre_id); -- a cadre's own attendance; enrolled sessions
create index attendance_sync_idx on public.attendance (txid, id); -- sync_pull range scan

-- ---------------------------------------------------------------------------
-- postings: secondments, rotations, exchanges, sci-tech deputy heads
-- ---------------------------------------------------------------------------
create table public.postings (
  id uuid primary key,
  cadre_id uuid not null references public.profiles (id),
  kind text not null check (kind in ('secondment', 'rotation', 'exchange', 'sci_tech_deputy')),
  from_unit_id uuid references public.units (id),
  to_unit_id uuid not null references public.units (id),
  title text check (char_length(title) between 1 and 200),
  starts_on date not null,
  planned_end_on date,
  ended_on date,
  version bigint not null default 0,
  txid xid8 not null default pg_current_xact_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  constraint postings_planned_end_after_start check (planned_end_on is null or planned_end_on > starts_on),
  constraint postings_end_after_start check (ended_on is null or ended_on >= starts_on)
);
alter table public.postings enable row level security;
create index postings_cadre_id_idx on public.postings (cadre_id); -- a cadre's own postings
create index postings_to_unit_id_idx on public.postings (to_unit_id); -- supervisor scope: cadres posted into it
create index postings_sync_idx on public.postings (txid, id); -- sync_pull range scan

-- ---------------------------------------------------------------------------
-- work_logs and the monthly posting reports built from them
-- ---------------------------------------------------------------------------
create table public.work_logs (
  id uuid primary key,
  cadre_id uuid not null references public.profiles (id),
  posting_id uuid references public.postings (id),
  log_date date not null,
  category text not null check (category in ('routine', 'urgent_hard', 'key_project', 'mass_work')),
  body text not null check (char_length(body) between 1 and 5000),
  version bigint not null default 0,
  txid xid8 not null default pg_current_xact_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz
);
alter table public.work_logs enable row level security;
create index work_logs_cadre_id_log_date_idx on public.work_logs (cadre_id, log_date); -- own logs by month
create index work_logs_posting_id_idx on public.work_logs (posting_id); -- a posting's monthly summary
create index work_logs_sync_idx on public.work_logs (txid, id); -- sync_pull range scan

create table public.posting_reports (
  id uuid primary key,
  posting_id uuid not null references public.postings (id),
  cadre_id uuid not null references public.profiles (id),
  month date not null check (extract(day from month) = 1),
  summary text not null check (char_length(summary) between 1 and 5000),
  submitted_at timestamptz,
  version bigint not null default 0,
  txid xid8 not null default pg_current_xact_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  constraint posting_reports_one_per_month unique (posting_id, month)
);
alter table public.posting_reports enable row level security;
create index posting_reports_cadre_id_idx on public.posting_reports (cadre_id); -- own reports; supervisor scope
create index posting_reports_sync_idx on public.posting_reports (txid, id); -- sync_pull range scan

-- ---------------------------------------------------------------------------
-- assessments and their three-level signatures
-- ---------------------------------------------------------------------------
create table public.assessments (
  id uuid primary key,
  cadre_id uuid not null references public.profiles (id),
  kind text not null check (kind in ('probation', 'annual', 'posting_end', 'training')),
  period_start date not null,
  period_end date not null,
  posting_id uuid references public.postings (id),
  -- the training a 'training' assessment comes from (its score and remark)
  session_id uuid references public.training_sessions (id),
  self_summary text check (char_length(self_summary) <= 5000),
  rating text check (rating in ('excellent', 'competent', 'basically_competent', 'incompetent')),
  supervisor_comment text check (char_length(supervisor_comment) <= 2000),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'signed_1', 'signed_2', 'final', 'returned')),
  submitted_at timestamptz,
  version bigint not null default 0,
  txid xid8 not null default pg_current_xact_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  constraint assessments_period_end_after_start check (period_end >= period_start)
);
alter table public.assessments enable row level security;
create index assessments_cadre_id_idx on public.assessments (cadre_id); -- own assessments; supervisor scope
create index assessments_status_idx on public.assessments (status); -- review queues by sign level
create index assessments_sync_idx on public.assessments (txid, id); -- sync_pull range scan

create table public.assessment_signatures (
  id uuid primary key,
  assessment_id uuid not null references public.assessments (id),
  assessment_version bigint not null,
  level smallint not null check (level between 1 and 3),
  signer_id uuid not null references public.profiles (id),
  decision text not null check (decision in ('approve', 'return')),
  comment text check (char_length(comment) <= 2000),
  content_hash text,
  signed_at timestamptz not null default now(),
  -- set when the signature stops counting (a return, a resubmission, a content change)
  voided_at timestamptz,
  version bigint not null default 0,
  txid xid8 not null default pg_current_xact_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  constraint assessment_signatures_return_has_comment check (decision = 'approve' or char_length(comment) between 1 and 2000)
);
alter table public.assessment_signatures enable row level security;
create index assessment_signatures_assessment_id_idx on public.assessment_signatures (assessment_id); -- an assessment's chain
-- at most one approval that still counts per level
create unique index assessment_signatures_one_live_approval_per_level
  on public.assessment_signatures (assessment_id, level)
  where decision = 'approve' and voided_at is null and deleted_at is null;
create index assessment_signatures_sync_idx on public.assessment_signatures (txid, id); -- sync_pull range scan

-- ---------------------------------------------------------------------------
-- settings: key/value, everyone reads, admins write
-- ---------------------------------------------------------------------------
create table public.settings (
  id uuid primary key,
  key text not null unique check (key ~ '^[a-z][a-z0-9_]{0,62}$'),
  value jsonb not null,
  version bigint not null default 0,
  txid xid8 not null default pg_current_xact_id(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz
);
alter table public.settings enable row level security;
create index settings_sync_idx on public.settings (txid, id); -- sync_pull range scan

-- ---------------------------------------------------------------------------
-- audit_log: append-only, not synced
-- ---------------------------------------------------------------------------
create table public.audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor uuid,
  table_name text not null,
  row_id uuid,
  op text not null check (op in ('INSERT', 'UPDATE', 'DELETE')),
  before jsonb,
  after jsonb
);
alter table public.audit_log enable row level security;
create index audit_log_table_name_row_id_idx on public.audit_log (table_name, row_id); -- audit view per record

-- ---------------------------------------------------------------------------
-- Stamp the sync columns on every synced table
-- ---------------------------------------------------------------------------
do $$
declare
  t text;
begin
  foreach t in array array['units', 'profiles', 'training_sessions', 'training_session_secrets', 'attendance',
                           'postings', 'work_logs', 'posting_reports', 'assessments', 'assessment_signatures', 'settings']
  loop
    execute format(
      'create trigger %I before insert or update on public.%I for each row execute function private.stamp_sync_columns()',
      t || '_stamp_sync_columns', t);
  end loop;
end
$$;
