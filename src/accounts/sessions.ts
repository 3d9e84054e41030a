import type { Db } from '../db/database.ts';
import { hashToken, newToken } from '../lib/tokens.ts';
import type { Viewer } from '../web/viewer.ts';

/** A session ends after this long unused. */
export const SESSION_DAYS = 30;
/** last_seen_at (and so the expiry) is written at most this often, not on every request. */
const TOUCH_AFTER_MS = 60 * 60 * 1000;

const DAY_MS = 86_400_000;
const expiry = (now: Date) => new Date(now.getTime() + SESSION_DAYS * DAY_MS).toISOString();

/** Starts a session; returns the token for the cookie (only its hash is stored). */
export async function createSession(db: Db, userId: number, userAgent: string, now: Date): Promise<string> {
  const token = newToken();
  const at = now.toISOString();
  await db
    .insertInto('sessions')
    .values({ id: hashToken(token), user_id: userId, created_at: at, last_seen_at: at, expires_at: expiry(now), user_agent: userAgent.slice(0, 200) })
    .execute();
  // Expired sessions of this user go when they next log in.
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<=', at).execute();
  return token;
}

export interface FoundSession {
  viewer: Viewer;
  /** True when the session was extended now, so its cookie should be sent again. */
  extended: boolean;
}

/** The session's user, by one primary-key look-up joined to users; null when unknown or expired. */
export async function findSession(db: Db, token: string, now: Date): Promise<FoundSession | null> {
  const id = hashToken(token);
  const at = now.toISOString();
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.last_seen_at', 'sessions.expires_at', 'users.id', 'users.email', 'users.role', 'users.time_zone'])
    .where('sessions.id', '=', id)
    // Suspending ends every session, but a session started in the same moment elsewhere (a link's
    // log-in racing the suspension) must not outlive it either.
    .where('users.suspended_at', 'is', null)
    .executeTakeFirst();
  if (!row || row.expires_at <= at) return null;
  const extended = now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_AFTER_MS;
  if (extended) await db.updateTable('sessions').set({ last_seen_at: at, expires_at: expiry(now) }).where('id', '=', id).execute();
  return { viewer: { id: row.id, email: row.email, role: row.role, timeZone: row.time_zone }, extended };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
}

/** Ends every session of a user, or every one but `keepToken`'s. */
export async function deleteUserSessions(db: Db, userId: number, keepToken?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepToken) q = q.where('id', '!=', hashToken(keepToken));
  await q.execute();
}
