import type { Db } from '../db/database.ts';

/** What confirming "accepting new cases" did to the listing. */
export type ConfirmOutcome = 'confirmed' | 'relisted' | 'awaiting_approval' | 'already';

/**
 * Records the member's answer: accepting new cases or not, as of now. A profile the sweep had
 * unlisted is listed again, but only if an editor approved it before. With `issuedBefore` (a
 * link's moment) it changes nothing when the availability was confirmed since: the link works once.
 */
export async function confirmAvailability(db: Db, mediatorId: number, accepting: boolean, now: Date, issuedBefore?: Date): Promise<ConfirmOutcome> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    let update = trx.updateTable('mediators').set({ accepting_cases: accepting ? 1 : 0, accepting_confirmed_at: at, updated_at: at }).where('id', '=', mediatorId);
    if (issuedBefore) update = update.where((eb) => eb(eb.fn.coalesce('accepting_confirmed_at', 'created_at'), '<', issuedBefore.toISOString()));
    const changed = await update.executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) return 'already';
    const row = await trx.selectFrom('mediators').select(['status', 'unlisted_stale_at', 'approved_at']).where('id', '=', mediatorId).executeTakeFirstOrThrow();
    if (row.unlisted_stale_at === null) return 'confirmed';
    if (row.approved_at === null || row.status !== 'draft') return row.status === 'published' ? 'confirmed' : 'awaiting_approval';
    await trx.updateTable('mediators').set({ status: 'published', unlisted_stale_at: null }).where('id', '=', mediatorId).execute();
    return 'relisted';
  });
}
