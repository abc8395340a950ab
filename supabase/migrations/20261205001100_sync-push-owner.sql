-- ---------------------------------------------------------------------------
-- sync_push bound to the person whose changes it carries (issue 11).
-- A shared phone may hand a pass's requests to whoever is signed in when they
-- leave: the phone names the owner of the batch, and a batch whose owner is not
-- the caller applies nothing and is remembered nowhere, so the owner's own
-- session can still send it later, exactly once.
-- ---------------------------------------------------------------------------
alter function public.sync_push(jsonb) rename to sync_push_batch;
alter function public.sync_push_batch(jsonb) set schema private;
revoke execute on function private.sync_push_batch(jsonb) from public, anon;
grant execute on function private.sync_push_batch(jsonb) to authenticated, service_role;

-- expected_user null: a phone still running an app version from before this
-- check (its outbox belongs to the session it runs under, as that version
-- checked on the phone) is served as before.
create function public.sync_push(mutations jsonb, expected_user uuid default null) returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if auth.uid() is not null and expected_user is not null and expected_user <> auth.uid() then
    if mutations is null or jsonb_typeof(mutations) <> 'array' then
      raise exception using errcode = 'P0001', hint = 'invalid_batch', message = '同步数据格式不正确';
    end if;
    return jsonb_build_object('results', coalesce((
      select jsonb_agg(jsonb_build_object(
        'mutation_id', m ->> 'mutation_id',
        'status', 'rejected',
        'code', 'wrong_user',
        'message', '这些修改属于另一位用户，请由本人登录后同步') order by o)
      from jsonb_array_elements(mutations) with ordinality as t(m, o)
      where m ? 'mutation_id'), '[]'::jsonb));
  end if;
  return private.sync_push_batch(mutations);
end
$$;

revoke execute on function public.sync_push(jsonb, uuid) from public, anon;
grant execute on function public.sync_push(jsonb, uuid) to authenticated, service_role;
