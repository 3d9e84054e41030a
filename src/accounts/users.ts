import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Role, UserTable } from '../db/schema.ts';
import type { Account } from './types.ts';

/** Every email is stored and looked up like this, so "Ann@Example.org" is one account. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export interface UserRow {
  id: number;
  email: string;
  password_hash: string;
  role: Role;
  email_verified_at: string | null;
  created_at: string;
  suspended_at: string | null;
  suspension_reason: string | null;
}

const COLUMNS = ['id', 'email', 'password_hash', 'role', 'email_verified_at', 'created_at', 'suspended_at', 'suspension_reason'] as const;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  return (await db.selectFrom('users').select(COLUMNS).where('email', '=', normaliseEmail(email)).executeTakeFirst()) ?? null;
}

export async function findUserById(db: Db, id: number): Promise<UserRow | null> {
  return (await db.selectFrom('users').select(COLUMNS).where('id', '=', id).executeTakeFirst()) ?? null;
}

/** Inserts a user; null when the email is taken (also when another request took it a moment ago). */
export async function insertUser(
  db: Db,
  user: { email: string; passwordHash: string; role?: Role; verifiedAt?: string | null },
  now: Date,
): Promise<number | null> {
  const at = now.toISOString();
  const row: Insertable<UserTable> = {
    email: normaliseEmail(user.email),
    password_hash: user.passwordHash,
    role: user.role ?? 'member',
    email_verified_at: user.verifiedAt ?? null,
    created_at: at,
    updated_at: at,
    time_zone: null,
  };
  const inserted = await db
    .insertInto('users')
    .values(row)
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

export async function updateUser(
  db: Db,
  id: number,
  changes: Partial<Pick<UserTable, 'email' | 'password_hash' | 'role' | 'email_verified_at' | 'time_zone'>>,
  now: Date,
): Promise<void> {
  await db.updateTable('users').set({ ...changes, updated_at: now.toISOString() }).where('id', '=', id).execute();
}

export function userRowToAccount(row: UserRow): Account {
  return { id: row.id, email: row.email, role: row.role, emailVerifiedAt: row.email_verified_at, createdAt: row.created_at };
}

/** Remembers the time zone a user last scheduled in (an IANA name the caller checked). */
export async function saveTimeZone(db: Db, id: number, zone: string): Promise<void> {
  await db.updateTable('users').set({ time_zone: zone }).where('id', '=', id).where((eb) => eb.or([eb('time_zone', 'is', null), eb('time_zone', '!=', zone)])).execute();
}
