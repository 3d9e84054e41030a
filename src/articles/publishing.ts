import { recordAudit } from '../audit/log.ts';
import type { Db } from '../db/database.ts';
import type { DbContext } from '../web/context.ts';
import { plainText } from './text.ts';
import { articleTextIndexFor } from './text-search.ts';
import { refreshRelated } from './related.ts';

/**
 * What follows when articles are published, changed while published, or taken down: the search
 * index holds exactly the published ones, and related reading is refreshed around them.
 * Runs inside the caller's transaction, so a publication and its index change commit together.
 */
export async function afterPublicationChange(ctx: DbContext, ids: number[], now: Date): Promise<void> {
  if (!ids.length) return;
  await reindexText(ctx, ids);
  await refreshRelated(ctx.db, ids, now);
}

/**
 * The search index's text of these articles, as it is now: published ones indexed again (their
 * tags' names are in it), the others out of it.
 */
export async function reindexText({ db, engine }: DbContext, ids: number[]): Promise<void> {
  if (!ids.length) return;
  const rows = await db.selectFrom('articles').select(['id', 'title', 'excerpt', 'body', 'status']).where('id', 'in', ids).execute();
  const published = rows.filter((r) => r.status === 'published');
  const tagRows = published.length
    ? await db
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select(['article_tags.article_id', 'tags.name'])
        .where('article_tags.article_id', 'in', published.map((r) => r.id))
        .execute()
    : [];
  const index = articleTextIndexFor(engine);
  await index.remove(db, ids.filter((id) => !published.some((p) => p.id === id)));
  await index.index(
    db,
    published.map((r) => ({
      id: r.id,
      title: r.title,
      excerpt: r.excerpt,
      body: plainText(r.body),
      tags: tagRows.filter((t) => t.article_id === r.id).map((t) => t.name),
    })),
  );
}

/** Pieces per transaction when an editors' change (a merge, a rename) touches many at once. */
const TURN = 10;

/**
 * Runs `work` over these articles after an editors' change has committed, a few pieces per
 * transaction: SQLite has one connection, and one transaction over hundreds of pieces (tens of
 * milliseconds each for related reading) would hold every other request of the site until it ends.
 */
export async function inShortTurns(db: Db, ids: number[], work: (trx: Db, turn: number[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < ids.length; i += TURN) {
    const turn = ids.slice(i, i + TURN);
    await db.transaction().execute((trx) => work(trx, turn));
  }
}

/** Publishes now. published_at stays at the first publication when it is re-published. */
export async function publishArticle(ctx: DbContext, id: number, now: Date): Promise<void> {
  const { db } = ctx;
  const stamp = now.toISOString();
  const a = await db.selectFrom('articles').select('published_at').where('id', '=', id).executeTakeFirstOrThrow();
  await db
    .updateTable('articles')
    .set({ status: 'published', published_at: a.published_at ?? stamp, publish_at: null, updated_at: stamp })
    .where('id', '=', id)
    .execute();
  await afterPublicationChange(ctx, [id], now);
}

/** Takes a published article down (back to draft): off every list, feed, search and related list. */
export async function unpublishArticle(ctx: DbContext, id: number, now: Date): Promise<void> {
  await ctx.db.updateTable('articles').set({ status: 'draft', updated_at: now.toISOString() }).where('id', '=', id).execute();
  await afterPublicationChange(ctx, [id], now);
}

/**
 * Publishes every scheduled article whose time has come. Each is claimed with a conditional
 * update, so instances running this together publish each article once. Returns their ids.
 */
export async function publishDue(ctx: DbContext, now: Date): Promise<number[]> {
  const { db } = ctx;
  const stamp = now.toISOString();
  const due = await db.selectFrom('articles').select('id').where('status', '=', 'scheduled').where('publish_at', '<=', stamp).orderBy('publish_at').limit(100).execute();
  const done: number[] = [];
  for (const { id } of due) {
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('articles')
        .set({ status: 'published', published_at: stamp, updated_at: stamp })
        .where('id', '=', id)
        .where('status', '=', 'scheduled')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      await trx.insertInto('article_reviews').values({ article_id: id, user_id: null, action: 'published', comment: 'Published as scheduled', created_at: stamp }).execute();
      const { title, publish_at } = await trx.selectFrom('articles').select(['title', 'publish_at']).where('id', '=', id).executeTakeFirstOrThrow();
      const subject = { kind: 'article', id, label: title };
      await recordAudit(trx, { actor: null, action: 'article.published', subject, before: { status: 'scheduled', publish_at }, after: { status: 'published' }, reason: 'Published as scheduled' }, now);
      await afterPublicationChange({ ...ctx, db: trx }, [id], now);
      done.push(id);
    });
  }
  return done;
}
