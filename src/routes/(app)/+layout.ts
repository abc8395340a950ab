import { redirect } from '@sveltejs/kit';
import { session } from '$lib/supabase/session.svelte';
import type { LayoutLoad } from './$types';

// Signed in means a persisted session exists, expired or not: offline work never needs the network.
export const load: LayoutLoad = () => {
  if (!session.signedIn) redirect(307, '/login');
};
