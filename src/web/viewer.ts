import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '../db/schema.ts';

export type { Role };
export const ROLES = ['member', 'editor', 'admin'] as const satisfies readonly Role[];

/** Who is signed in, as every request sees it (request.user). */
export interface Viewer {
  id: number;
  email: string;
  role: Role;
  /** The IANA time zone they chose (editors schedule in it), or null: UTC. */
  timeZone: string | null;
}

const RANK: Record<Role, number> = { member: 0, editor: 1, admin: 2 };

/** An admin may do what an editor may, and an editor what a member may. */
export const hasRole = (have: Role, need: Role) => RANK[have] >= RANK[need];

/**
 * Who is signed in, for the one place that needs it on every page without being handed it: the
 * site header's "Log in" / "Account" link in layout.tsx. Passing the viewer through every view
 * would touch every page; the session hook (src/accounts/session.ts) runs the rest of each
 * request inside this storage instead. Everything else reads request.user.
 */
const storage = new AsyncLocalStorage<Viewer | null>();

export const currentViewer = (): Viewer | null => storage.getStore() ?? null;

export const runAsViewer = (viewer: Viewer | null, fn: () => void) => storage.run(viewer, fn);
