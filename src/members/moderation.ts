import type { Db } from '../db/database.ts';
import { recordAudit } from '../audit/log.ts';
import type { Viewer } from '../web/viewer.ts';

/** The review queue: profiles whose members asked to be listed and that were never approved. */

export interface QueueItem {
  id: number;
  name: string;
  headline: string;
  email: string | null;
  completeness: number;
  requestedAt: string;
}

export async function listReviewQueue(db: Db): Promise<QueueItem[]> {
  const rows = await db
    .selectFrom('mediators')
    .leftJoin('users', 'users.id', 'mediators.user_id')
    .select(['mediators.id', 'mediators.name', 'mediators.headline', 'mediators.completeness', 'mediators.review_requested_at', 'users.email'])
    .where('mediators.review_requested_at', 'is not', null)
    .where('mediators.status', '=', 'draft')
    .orderBy('mediators.review_requested_at')
    .orderBy('mediators.id')
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, headline: r.headline, email: r.email, completeness: r.completeness, requestedAt: r.review_requested_at! }));
}

/** How many profiles wait, for the admins' landing page. */
export async function countReviewQueue(db: Db): Promise<number> {
  const row = await db
    .selectFrom('mediators')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('review_requested_at', 'is not', null)
    .where('status', '=', 'draft')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type Decision = { status: 'done'; email: string | null; name: string; slug: string } | { status: 'not_waiting' };

/** Lists a waiting profile for the first time. */
export async function approveProfile(db: Db, editor: Viewer, mediatorId: number, now: Date): Promise<Decision> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await waiting(trx, mediatorId);
    if (!row) return { status: 'not_waiting' };
    await trx.updateTable('mediators').set({ status: 'published', approved_at: at, review_requested_at: null, updated_at: at }).where('id', '=', mediatorId).execute();
    const subject = { kind: 'profile', id: mediatorId, label: row.name };
    await recordAudit(trx, { actor: editor, action: 'profile.approved', subject, before: { status: 'draft', waiting: true }, after: { status: 'published', waiting: false } }, now);
    return { status: 'done', email: row.email, name: row.name, slug: row.slug };
  });
}

/** Takes a profile out of the queue; the member is mailed the note and may ask again. */
export async function declineProfile(db: Db, editor: Viewer, mediatorId: number, note: string, now: Date): Promise<Decision> {
  return db.transaction().execute(async (trx) => {
    const row = await waiting(trx, mediatorId);
    if (!row) return { status: 'not_waiting' };
    await trx.updateTable('mediators').set({ review_requested_at: null }).where('id', '=', mediatorId).execute();
    const subject = { kind: 'profile', id: mediatorId, label: row.name };
    await recordAudit(trx, { actor: editor, action: 'profile.declined', subject, before: { status: 'draft', waiting: true }, after: { status: 'draft', waiting: false }, reason: note }, now);
    return { status: 'done', email: row.email, name: row.name, slug: row.slug };
  });
}

function waiting(db: Db, mediatorId: number) {
  return db
    .selectFrom('mediators')
    .leftJoin('users', 'users.id', 'mediators.user_id')
    .select(['mediators.name', 'mediators.slug', 'users.email'])
    .where('mediators.id', '=', mediatorId)
    .where('mediators.review_requested_at', 'is not', null)
    .where('mediators.status', '=', 'draft')
    .executeTakeFirst();
}
