-- =============================================================================
-- Trainers enrol cadres by searching them on the phone, offline.
--
-- Until now a trainer could read only the profiles of cadres already on one of
-- their rosters (20261127000200), so the enrolment search had nothing to search.
-- Here trainers read every cadre's profile row; what reaches the phone stays
-- "names and units": sync_pull passes every profile that is not the caller's own
-- (nor in a supervisor's scope, nor read by an admin) through
-- private.project_row_for_caller, which keeps {id, full_name, unit_id} and the
-- sync columns only.
--
-- Sync epochs (20261127000500): a pull returns rows changed since the
-- checkpoint, so a visibility that grows without the visible row changing must
-- move the person's epoch. With this policy:
--   * a new cadre profile, or a profile becoming a cadre, is itself a changed
--     row: the trainers' next pull delivers it (nothing to do);
--   * a person becoming a trainer already moves their own epoch (role change);
--   * a profile that stops being a cadre's disappears from every trainer's view:
--     their epochs move so that the reset drops the stale copy (trigger below).
-- =============================================================================

-- ---------------------------------------------------------------------------
-- Who is a trainer (STABLE, once per statement in the policy)
-- ---------------------------------------------------------------------------
create or replace function private.is_trainer() returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((select p.role = 'trainer' from public.profiles p where p.id = auth.uid() and p.deleted_at is null), false)
$$;
revoke execute on function private.is_trainer() from public, anon;
grant execute on function private.is_trainer() to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- profiles: trainers read cadres (row access; columns are cut by the projection)
-- ---------------------------------------------------------------------------
create policy "trainers read the profiles of cadres to enrol them" on public.profiles
  for select to authenticated using (role = 'cadre' and (select private.is_trainer()));

-- Every cadre profile is now a row trainers read by role: an index for the policy's filter.
create index if not exists profiles_role_idx on public.profiles (role);

-- ---------------------------------------------------------------------------
-- Sync epochs: a profile leaving the role 'cadre' leaves every trainer's view
-- ---------------------------------------------------------------------------
create or replace function private.sync_epoch_on_cadre_role() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.role = 'cadre' and new.role is distinct from 'cadre' then
    perform private.sync_bump_epochs(array(
      select p.id from public.profiles p where p.role = 'trainer' and p.deleted_at is null));
  end if;
  return null;
end
$$;
revoke execute on function private.sync_epoch_on_cadre_role() from public, anon, authenticated;

create trigger profiles_sync_epoch_for_trainers after update of role on public.profiles
for each row execute function private.sync_epoch_on_cadre_role();
