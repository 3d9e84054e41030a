import type { Db } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { deleteUserSessions } from '../accounts/sessions.ts';
import { updateUser } from '../accounts/users.ts';

/** Users and roles, for admins. */

export interface UserListItem {
  id: number;
  email: string;
  role: Role;
  verified: boolean;
  createdAt: string;
  profile: { slug: string; status: string } | null;
}

export async function listUsers(db: Db): Promise<UserListItem[]> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('mediators', 'mediators.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.role', 'users.email_verified_at', 'users.created_at', 'mediators.slug', 'mediators.status'])
    .orderBy('users.created_at')
    .orderBy('users.id')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    verified: r.email_verified_at !== null,
    createdAt: r.created_at,
    profile: r.slug ? { slug: r.slug, status: r.status ?? 'draft' } : null,
  }));
}

export type RoleOutcome = { status: 'changed' | 'unchanged'; email: string } | { status: 'unknown' | 'own_account' };

/**
 * A privilege change: the user's sessions all end, so the next log-in starts a new one with a new
 * id (as `npm run user -- set-role` does). An admin cannot change their own role here, so the last
 * admin cannot lock everyone out.
 */
export async function changeRole(db: Db, adminId: number, userId: number, role: Role, now: Date): Promise<RoleOutcome> {
  if (userId === adminId) return { status: 'own_account' };
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['email', 'role']).where('id', '=', userId).executeTakeFirst();
    if (!user) return { status: 'unknown' };
    if (user.role === role) return { status: 'unchanged', email: user.email };
    await updateUser(trx, userId, { role }, now);
    await deleteUserSessions(trx, userId);
    return { status: 'changed', email: user.email };
  });
}
