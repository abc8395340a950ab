import { redirect } from '@sveltejs/kit';
import { db } from '$lib/db/database';
import { i18n } from '$lib/i18n/i18n.svelte';
import ROLE_NAMESPACES from '$lib/i18n/role-namespaces.json';
import type { Role } from '$lib/schema/enums';
import { session } from '$lib/supabase/session.svelte';
import type { LayoutLoad } from './$types';

/** The role of the person last at home on this phone: a hint, never a permission. */
const ROLE_HINT_KEY = 'frontline-role';

/** The message namespaces (src/lib/i18n/messages/<locale>/<ns>.json) each journey's screens use. */
const BY_ROLE: Record<Role, readonly string[]> = ROLE_NAMESPACES;
const BY_PATH: [RegExp, readonly string[]][] = [
  // 履历: the cadre's own appointment history
  [/^\/postings(\/|$)/, [...BY_ROLE.cadre, 'appointments']],
  [/^\/(logs|training|assessments|postings)(\/|$)/, BY_ROLE.cadre],
  [/^\/sessions(\/|$)/, BY_ROLE.trainer],
  [/^\/(review|reports|admin)(\/|$)/, BY_ROLE.supervisor]
];

// Signed in means a persisted session exists, expired or not: offline work never needs the network.
export const load: LayoutLoad = async ({ url }) => {
  if (!session.signedIn || !session.userId) redirect(307, '/login');
  // The screen's messages before it renders. Home and settings follow the person's role.
  let namespaces = BY_PATH.find(([path]) => path.test(url.pathname))?.[1];
  if (!namespaces) {
    const role = (await db.profiles.get(session.userId).catch(() => undefined))?.role;
    namespaces = role ? BY_ROLE[role] : [];
    // index.html preloads the next start's home messages by it (scripts/preload.mjs)
    if (role) localStorage.setItem(ROLE_HINT_KEY, role);
  }
  await i18n.load(namespaces);
};
