import type { Db } from '../../src/db/database.ts';
import type { MembershipState } from '../../src/db/schema.ts';
import { TEST_NOW } from './server.ts';

/** An association made in the database, with its panels (slugs from the names given), for tests. */
export async function createAssociation(db: Db, over: { slug: string; name?: string; panels?: string[]; primary?: string }): Promise<{ id: number; panels: Record<string, number> }> {
  const at = TEST_NOW.toISOString();
  const row = await db
    .insertInto('associations')
    .values({ slug: over.slug, name: over.name ?? over.slug, description: '', website: '', criteria: '', color_primary: over.primary ?? '#0b5d6b', color_accent: '#e3f1f3', frame_origins: '', created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const panels: Record<string, number> = {};
  for (const [i, slug] of (over.panels ?? []).entries()) {
    const p = await db.insertInto('association_panels').values({ association_id: row.id, slug, name: slug, description: '', position: i }).returning('id').executeTakeFirstOrThrow();
    panels[slug] = p.id;
  }
  return { id: row.id, panels };
}

/** A mediator's membership in an association, in `state` (default 'member'), on these panels. */
export async function addMembership(db: Db, associationId: number, mediatorId: number, panelIds: number[] = [], state: MembershipState = 'member'): Promise<void> {
  const at = TEST_NOW.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('association_members').values({ association_id: associationId, mediator_id: mediatorId, state, note: '', created_at: at, updated_at: at }).execute();
    for (const panel_id of panelIds) await trx.insertInto('association_member_panels').values({ association_id: associationId, mediator_id: mediatorId, panel_id }).execute();
  });
}
