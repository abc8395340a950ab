import { redirect } from '@sveltejs/kit';
import { session } from '$lib/supabase/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => {
  // ?expired: the server refused the stored session; the person signs in again over it.
  const expired = url.searchParams.has('expired');
  if (session.signedIn && !expired) redirect(307, '/');
  return { expired };
};
