// The signed-in person as the (app) layout knows them, shared with every page below it.
import { getContext, setContext } from 'svelte';
import type { Profile } from '$lib/schema/records';

export interface Me {
  readonly userId: string;
  /** undefined until the sync engine has pulled the person's own profile row. */
  readonly profile: Profile | undefined;
  /** The local database has answered (the profile may still be missing). */
  readonly loaded: boolean;
}

const KEY = Symbol('me');

export function setMe(me: Me): void {
  setContext(KEY, me);
}

export function getMe(): Me {
  return getContext<Me>(KEY);
}
