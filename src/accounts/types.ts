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

/** What the account page shows. */
export interface Account {
  id: number;
  email: string;
  role: Role;
  emailVerifiedAt: string | null;
  createdAt: string;
}

const RANK: Record<Role, number> = { member: 0, editor: 1, admin: 2 };

/** An admin may do what an editor may, and an editor what a member may. */
export const hasRole = (have: Role, need: Role) => RANK[have] >= RANK[need];
