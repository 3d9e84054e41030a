import { expect } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import type { Role } from '../../src/db/schema.ts';
import { hashPassword } from '../../src/accounts/secrets.ts';
import { findUserByEmail, insertUser } from '../../src/accounts/users.ts';
import { TEST_NOW, type TestServer } from './server.ts';
import { csrfToken, Visitor, type Page } from './visitor.ts';

export const PASSWORD = 'correct horse battery';

/** A confirmed account made in the database, logged in through the real form. */
export async function signedIn(s: TestServer, email: string, role: Role = 'member'): Promise<Visitor & { userId: number }> {
  if (!(await findUserByEmail(s.db.db, email))) {
    await insertUser(s.db.db, { email, passwordHash: await hashPassword(PASSWORD), role, verifiedAt: TEST_NOW.toISOString() }, TEST_NOW);
  }
  const v = new Visitor(s);
  const r = await v.submit('/login', '/login', { email, password: PASSWORD });
  expect(r.status, r.html).toBe(303);
  return Object.assign(v, { userId: (await findUserByEmail(s.db.db, email))!.id });
}

/**
 * Accounts made in one insert, for lists that need many: confirmed, in the order given (so by id),
 * with a password hash no password matches (they never log in; hashing each would take seconds).
 */
export async function createAccounts(db: Db, accounts: { email: string; role?: Role }[]): Promise<number[]> {
  const at = TEST_NOW.toISOString();
  const rows = await db
    .insertInto('users')
    .values(accounts.map((a) => ({ email: a.email, password_hash: 'never-logs-in', role: a.role ?? 'member', email_verified_at: at, created_at: at, updated_at: at, time_zone: null })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

export type Entries = [string, string][];

/** A complete profile form, as a browser would send it; `over` replaces or adds fields. */
export function profileForm(over: Record<string, string | string[]> = {}): Entries {
  const base: Record<string, string | string[]> = {
    name: 'Ada Mediator',
    headline: 'Family mediator for parents who want to stay out of court',
    bio: 'I help **parents** agree on a plan for their children. '.repeat(5),
    practice: ['family', 'workplace'],
    languages: ['en', 'es'],
    formats: ['in_person', 'online'],
    fee_min: '150',
    fee_max: '250',
    fee_currency: 'USD',
    fee_split: 'equal',
    free_consultation: '1',
    years_in_practice: '12',
    mediations_count: '400',
    accepting: '1',
    credential_0_title: 'Certified Family Mediator',
    credential_0_issuer: 'Texas Mediator Council',
    credential_0_year: '2015',
    office_0_label: 'Downtown office',
    office_0_address: '100 Congress Ave',
    office_0_postal_code: '78701',
    area_0_kind: 'online',
    area_0_country: 'US',
    area_0_region: 'TX',
    ...over,
  };
  return Object.entries(base).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v] as [string, string]]));
}

/** Posts form fields (repeated names allowed) with the CSRF token from `page`. */
export async function postForm(v: Visitor, page: string, action: string, entries: Entries): Promise<Page> {
  const token = csrfToken((await v.get(page)).html);
  return v.request(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([['_csrf', token], ...entries]).toString(),
  });
}

/** Posts a multipart form with one file, as the photo form does. */
export async function postPhoto(v: Visitor, data: Buffer, filename = 'photo.jpg', type = 'image/jpeg', extra: Record<string, string> = {}): Promise<Page> {
  const token = csrfToken((await v.get('/dashboard')).html);
  const form = new FormData();
  form.append('_csrf', token);
  for (const [k, x] of Object.entries(extra)) form.append(k, x);
  form.append('photo', new Blob([new Uint8Array(data)], { type }), filename);
  return v.request('/dashboard/photo', { method: 'POST', body: form });
}

/** Every route of a running server, from printRoutes: [method, path] pairs (HEAD left out). */
export function routeTable(printed: string): [string, string][] {
  const stack: string[] = [];
  const out: [string, string][] = [];
  for (const line of printed.split('\n')) {
    const m = /^([│ ]*)[├└]── (.*?) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const full = depth === 0 ? m[2]! : `${stack[depth - 1]!.replace(/\/$/, '')}${m[2]!.startsWith('/') ? '' : '/'}${m[2]!}`;
    stack[depth] = full;
    stack.length = depth + 1;
    for (const method of m[3]!.split(', ')) if (method !== 'HEAD') out.push([method, full]);
  }
  return out;
}
