import type { Db } from '../db/database.ts';
import { slugOf } from '../lib/latin.ts';

async function freeAuthorSlug(db: Db, name: string): Promise<string> {
  const base = slugOf(name) || 'author';
  const rows = await db.selectFrom('authors').select('slug').where('slug', 'like', `${base}%`).execute();
  const taken = new Set(rows.map((r) => r.slug));
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

/**
 * The byline of a mediator, created on first use. Its slug follows the profile's, so the
 * byline and the profile's "Articles" tab point at each other.
 */
export async function authorForMediator(db: Db, mediatorId: number, now: Date): Promise<number> {
  const existing = await db.selectFrom('authors').select('id').where('mediator_id', '=', mediatorId).executeTakeFirst();
  if (existing) return existing.id;
  const m = await db.selectFrom('mediators').select(['name', 'slug', 'user_id']).where('id', '=', mediatorId).executeTakeFirstOrThrow();
  const byUser = m.user_id ? await db.selectFrom('authors').select('id').where('user_id', '=', m.user_id).executeTakeFirst() : undefined;
  const stamp = now.toISOString();
  if (byUser) {
    await db.updateTable('authors').set({ mediator_id: mediatorId, name: m.name, updated_at: stamp }).where('id', '=', byUser.id).execute();
    return byUser.id;
  }
  const row = await db
    .insertInto('authors')
    .values({ slug: await freeAuthorSlug(db, m.slug), name: m.name, bio: '', user_id: m.user_id, mediator_id: mediatorId, created_at: stamp, updated_at: stamp })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The byline of a signed-in writer: their mediator profile's when they have one, otherwise an
 * author of their own (an editor who is not a mediator), named `name`.
 */
export async function authorForUser(db: Db, userId: number, name: string, now: Date): Promise<number> {
  const mediator = await db.selectFrom('mediators').select('id').where('user_id', '=', userId).executeTakeFirst();
  if (mediator) return authorForMediator(db, mediator.id, now);
  const existing = await db.selectFrom('authors').select('id').where('user_id', '=', userId).executeTakeFirst();
  if (existing) return existing.id;
  const stamp = now.toISOString();
  const row = await db
    .insertInto('authors')
    .values({ slug: await freeAuthorSlug(db, name), name, bio: '', user_id: userId, mediator_id: null, created_at: stamp, updated_at: stamp })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The editors' own byline for news summaries written as "Concord editors". */
export async function editorsAuthor(db: Db, now: Date): Promise<number> {
  const existing = await db.selectFrom('authors').select('id').where('slug', '=', 'editors').executeTakeFirst();
  if (existing) return existing.id;
  const stamp = now.toISOString();
  const row = await db
    .insertInto('authors')
    .values({ slug: 'editors', name: 'Concord editors', bio: 'The editors choose and summarise news from the mediation field.', user_id: null, mediator_id: null, created_at: stamp, updated_at: stamp })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
