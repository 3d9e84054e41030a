import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { MediatorCredentialTable } from '../../db/schema.ts';
import type { Credential, ShownCredential, Verification } from '../types.ts';

export type { Verification };

/**
 * What "Verified" means on a credential: someone (a site admin, as "Concord", or the issuing
 * association) saw evidence that the mediator held it on `verified_at`. It counts for a year from
 * that day and then lapses by itself: every reader compares the date with the clock, so nothing
 * has to sweep. It is shown, never ranked (ranking.ts reads no credential).
 */

export const VERIFICATION_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;


export type CredentialRow = Selectable<MediatorCredentialTable>;

export const verificationEnd = (verifiedAt: string): string => new Date(Date.parse(verifiedAt) + VERIFICATION_DAYS * DAY_MS).toISOString();

/** The verification that counts now, or null (never verified, or lapsed). */
export function currentVerification(row: Pick<CredentialRow, 'verified_at' | 'verifier_label'>, now: Date): Verification | null {
  if (!row.verified_at) return null;
  const until = verificationEnd(row.verified_at);
  if (until <= now.toISOString()) return null;
  return { verifiedAt: row.verified_at, until, verifier: row.verifier_label };
}


/** A mediator's credentials in the member's order, each with the verification that counts now. */
export async function credentialsOf(db: Db, mediatorId: number, now: Date): Promise<(ShownCredential & { id: number })[]> {
  const rows = await db.selectFrom('mediator_credentials').selectAll().where('mediator_id', '=', mediatorId).orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, title: r.title, issuer: r.issuer, year: r.year, verification: currentVerification(r, now) }));
}

/**
 * The verified credentials of a page's handful of mediators, read at render time (the search index
 * carries none: a badge changes nothing in ranking). Mediator id → its current verifications.
 */
export async function verifiedCredentialsOf(db: Db, mediatorIds: number[], now: Date): Promise<Map<number, (Verification & { title: string })[]>> {
  const out = new Map<number, (Verification & { title: string })[]>();
  if (!mediatorIds.length) return out;
  const since = new Date(now.getTime() - VERIFICATION_DAYS * DAY_MS).toISOString();
  const rows = await db
    .selectFrom('mediator_credentials')
    .select(['mediator_id', 'title', 'verified_at', 'verifier_label'])
    .where('mediator_id', 'in', mediatorIds)
    .where('verified_at', '>', since)
    .orderBy('position')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const v = currentVerification(r, now);
    if (!v) continue;
    const list = out.get(r.mediator_id) ?? [];
    list.push({ ...v, title: r.title });
    out.set(r.mediator_id, list);
  }
  return out;
}

const sameCredential = (a: Credential, b: Credential) => a.title === b.title && a.issuer === b.issuer && a.year === b.year;

/**
 * Saves a member's credentials as the form lists them: one that is unchanged (same title, issuer
 * and year) keeps its row, so its verification, its issuing association and any evidence waiting;
 * a changed or removed one loses its row, and with it what was verified about it. Returns the
 * evidence files of the rows that went, for the caller to delete once the transaction commits.
 */
export async function replaceCredentials(trx: Db, mediatorId: number, credentials: Credential[]): Promise<string[]> {
  const existing = await trx.selectFrom('mediator_credentials').select(['id', 'title', 'issuer', 'year']).where('mediator_id', '=', mediatorId).orderBy('position').orderBy('id').execute();
  const unused = [...existing];
  const kept: { id: number; position: number }[] = [];
  const added: (Credential & { position: number })[] = [];
  for (const [position, c] of credentials.entries()) {
    const i = unused.findIndex((row) => sameCredential(row, c));
    if (i >= 0) kept.push({ id: unused.splice(i, 1)[0]!.id, position });
    else added.push({ ...c, position });
  }
  const goneIds = unused.map((r) => r.id);
  let files: string[] = [];
  if (goneIds.length) {
    files = (await trx.selectFrom('credential_evidence').select('file_name').where('credential_id', 'in', goneIds).execute()).map((r) => r.file_name);
    // Evidence rows go with their credential (ON DELETE CASCADE).
    await trx.deleteFrom('mediator_credentials').where('id', 'in', goneIds).execute();
  }
  for (const k of kept) await trx.updateTable('mediator_credentials').set({ position: k.position }).where('id', '=', k.id).execute();
  if (added.length) await trx.insertInto('mediator_credentials').values(added.map((c) => ({ mediator_id: mediatorId, title: c.title, issuer: c.issuer, year: c.year, position: c.position }))).execute();
  return files;
}
