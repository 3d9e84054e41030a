import type { Db } from '../db/database.ts';
import { isOut } from './feeds.ts';
import { articleHref } from './present.ts';
import type { ArticleKind } from './types.ts';

/**
 * Pieces and the associations they concern. The associations feature sits beside this one, so
 * its table is read here directly (as the directory reads memberships); the association's page
 * gets its news from here through site/.
 */

export interface AssociationChoice {
  id: number;
  name: string;
}

export interface AssociationRef {
  slug: string;
  name: string;
}

export async function associationChoices(db: Db): Promise<AssociationChoice[]> {
  return db.selectFrom('associations').select(['id', 'name']).orderBy('name').orderBy('id').execute();
}

/** The associations a piece concerns, by name, for its page. */
export async function associationsOfPiece(db: Db, articleId: number): Promise<AssociationRef[]> {
  return db
    .selectFrom('article_associations')
    .innerJoin('associations', 'associations.id', 'article_associations.association_id')
    .select(['associations.slug', 'associations.name'])
    .where('article_associations.article_id', '=', articleId)
    .orderBy('associations.name')
    .execute();
}

export interface NewsItem {
  title: string;
  href: string;
  kind: ArticleKind;
  publishedAt: string;
}

/** Published pieces tagged with the association, newest first: `limit` of them after `offset`, and how many in all. */
export async function associationNews(db: Db, associationId: number, now: Date, page: { limit: number; offset: number }): Promise<{ items: NewsItem[]; total: number }> {
  const tagged = db
    .selectFrom('articles')
    .innerJoin('article_associations', 'article_associations.article_id', 'articles.id')
    .where('article_associations.association_id', '=', associationId)
    .where(isOut(now));
  const [counted, rows] = await Promise.all([
    tagged.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    tagged
      .select(['articles.slug', 'articles.title', 'articles.kind', 'articles.published_at'])
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
  ]);
  return { total: Number(counted?.n ?? 0), items: rows.map((r) => ({ title: r.title, href: articleHref(r.slug), kind: r.kind, publishedAt: r.published_at! })) };
}
