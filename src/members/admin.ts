import { containsText } from '../db/like.ts';
import type { Role } from '../db/schema.ts';
import { deleteUserSessions } from '../accounts/sessions.ts';
import { normaliseEmail, updateUser } from '../accounts/users.ts';
import type { DbContext } from '../web/context.ts';
import type { Viewer } from '../web/viewer.ts';
import { recordAudit } from '../audit/log.ts';

/** Users and roles, for admins. */

export interface UserListItem {
  id: number;
  email: string;
  role: Role;
  verified: boolean;
  createdAt: string;
  profile: { name: string; slug: string; status: string } | null;
  /** Set while the account is suspended: since when, and why. */
  suspension: { since: string; reason: string } | null;
}

/** What an admin looks for: text in the email address or the profile's name, and a role. */
export interface UserFilter {
  q: string;
  role: Role | null;
}

export const USERS_PAGE_SIZE = 50;

export interface UserList {
  users: UserListItem[];
  /** Accounts that answer to the filter, on every page. */
  matching: number;
  /** Every account. */
  total: number;
  pageCount: number;
}

function matchingUsers({ db, engine }: DbContext, { q, role }: UserFilter) {
  return (
    db
      .selectFrom('users')
      .leftJoin('mediators', 'mediators.user_id', 'users.id')
      .$if(role !== null, (qb) => qb.where('users.role', '=', role!))
      // Emails are stored lower-cased (normaliseEmail), so the text is lower-cased the same way for them.
      .$if(q !== '', (qb) => qb.where((eb) => eb.or([containsText(engine, eb.ref('users.email'), normaliseEmail(q)), containsText(engine, eb.ref('mediators.name'), q)])))
  );
}

const countOf = async (qb: ReturnType<typeof matchingUsers>) =>
  Number((await qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

const pagesFor = (matching: number) => Math.max(1, Math.ceil(matching / USERS_PAGE_SIZE));

/** How many pages the list has for this filter. */
export const userPageCount = async (ctx: DbContext, filter: UserFilter): Promise<number> => pagesFor(await countOf(matchingUsers(ctx, filter)));

/**
 * One page of the accounts that answer to the filter, oldest first. Ordered by id, which is
 * unique (so no two pages share or skip an account) and grows with each sign-up, so new accounts
 * land on the last page and do not shift the pages an admin is going through.
 */
export async function listUsers(ctx: DbContext, filter: UserFilter, page: number): Promise<UserList> {
  const matches = matchingUsers(ctx, filter);
  const matching = await countOf(matches);
  const total = filter.q || filter.role ? await countOf(matchingUsers(ctx, { q: '', role: null })) : matching;
  const pageCount = pagesFor(matching);
  if (page > pageCount) return { users: [], matching, total, pageCount };
  const rows = await matches
    .select(['users.id', 'users.email', 'users.role', 'users.email_verified_at', 'users.created_at', 'mediators.name', 'mediators.slug', 'mediators.status', 'users.suspended_at', 'users.suspension_reason'])
    .orderBy('users.id')
    .limit(USERS_PAGE_SIZE)
    .offset((page - 1) * USERS_PAGE_SIZE)
    .execute();
  const users = rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    verified: r.email_verified_at !== null,
    createdAt: r.created_at,
    profile: r.slug ? { name: r.name ?? '', slug: r.slug, status: r.status ?? 'draft' } : null,
    suspension: r.suspended_at ? { since: r.suspended_at, reason: r.suspension_reason ?? '' } : null,
  }));
  return { users, matching, total, pageCount };
}

/** Every account, and the suspended ones, for the admins' landing page. */
export async function countUsers({ db }: DbContext): Promise<{ total: number; suspended: number }> {
  const row = await db
    .selectFrom('users')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('suspended_at').as('suspended')])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), suspended: Number(row.suspended) };
}

export type RoleOutcome = { status: 'changed' | 'unchanged'; email: string } | { status: 'unknown' | 'own_account' };

/**
 * A privilege change: the user's sessions all end, so the next log-in starts a new one with a new
 * id (as `npm run user -- set-role` does). An admin cannot change their own role here, so the last
 * admin cannot lock everyone out.
 */
export async function changeRole({ db }: DbContext, admin: Viewer, userId: number, role: Role, now: Date): Promise<RoleOutcome> {
  if (userId === admin.id) return { status: 'own_account' };
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['email', 'role']).where('id', '=', userId).executeTakeFirst();
    if (!user) return { status: 'unknown' };
    if (user.role === role) return { status: 'unchanged', email: user.email };
    await updateUser(trx, userId, { role }, now);
    await deleteUserSessions(trx, userId);
    await recordAudit(trx, { actor: admin, action: 'user.role_changed', subject: { kind: 'user', id: userId, label: user.email }, before: { role: user.role }, after: { role } }, now);
    return { status: 'changed', email: user.email };
  });
}

export type SuspendOutcome = { status: 'suspended' | 'restored' | 'unchanged'; email: string } | { status: 'unknown' | 'own_account' };

/**
 * Suspends an account: every session ends at once, log-in is refused with `reason`, and its
 * profile leaves the directory (status 'suspended', which the search index follows through the
 * change log), its former status kept to put back on restore. All in one transaction with its
 * audit entry. An admin cannot suspend themselves, so the last admin cannot lock everyone out.
 */
export async function suspendUser({ db }: DbContext, admin: Viewer, userId: number, reason: string, now: Date): Promise<SuspendOutcome> {
  if (userId === admin.id) return { status: 'own_account' };
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['email', 'suspended_at']).where('id', '=', userId).executeTakeFirst();
    if (!user) return { status: 'unknown' };
    if (user.suspended_at) return { status: 'unchanged', email: user.email };
    const profile = await trx.selectFrom('mediators').select(['id', 'status']).where('user_id', '=', userId).executeTakeFirst();
    const at = now.toISOString();
    await trx
      .updateTable('users')
      .set({ suspended_at: at, suspension_reason: reason, suspended_listing: profile?.status ?? null, updated_at: at })
      .where('id', '=', userId)
      .execute();
    if (profile) await trx.updateTable('mediators').set({ status: 'suspended', updated_at: at }).where('id', '=', profile.id).execute();
    await deleteUserSessions(trx, userId);
    const before = { suspended: false, profile: profile?.status ?? null };
    const after = { suspended: true, profile: profile ? 'suspended' : null };
    await recordAudit(trx, { actor: admin, action: 'user.suspended', subject: { kind: 'user', id: userId, label: user.email }, before, after, reason }, now);
    return { status: 'suspended', email: user.email };
  });
}

/** Lifts a suspension: log-in works again and the profile gets back the status it had. */
export async function restoreUser({ db }: DbContext, admin: Viewer, userId: number, now: Date): Promise<SuspendOutcome> {
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['email', 'suspended_at', 'suspension_reason', 'suspended_listing']).where('id', '=', userId).executeTakeFirst();
    if (!user) return { status: 'unknown' };
    if (!user.suspended_at) return { status: 'unchanged', email: user.email };
    const at = now.toISOString();
    await trx.updateTable('users').set({ suspended_at: null, suspension_reason: null, suspended_listing: null, updated_at: at }).where('id', '=', userId).execute();
    const profile = await trx.selectFrom('mediators').select(['id', 'status']).where('user_id', '=', userId).executeTakeFirst();
    const listing = user.suspended_listing ?? 'draft';
    if (profile) await trx.updateTable('mediators').set({ status: listing, updated_at: at }).where('id', '=', profile.id).execute();
    const before = { suspended: true, reason: user.suspension_reason, profile: profile?.status ?? null };
    const after = { suspended: false, profile: profile ? listing : null };
    await recordAudit(trx, { actor: admin, action: 'user.restored', subject: { kind: 'user', id: userId, label: user.email }, before, after }, now);
    return { status: 'restored', email: user.email };
  });
}
