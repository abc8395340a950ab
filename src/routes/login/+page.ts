import { redirect } from '@sveltejs/kit';
import { session } from '$lib/supabase/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => {
  if (session.signedIn) redirect(307, '/');
  return { expired: url.searchParams.has('expired') };
};
