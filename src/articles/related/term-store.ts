import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { compareText, weighTerms } from '../terms.ts';
import { chunks } from './score.ts';

// ---------------------------------------------------------------------------------------------
// Term vectors and document frequencies.

export async function uncount(db: Db, id: number): Promise<void> {
  const row = await db.selectFrom('article_vocabulary').select('terms').where('article_id', '=', id).executeTakeFirst();
  await db.deleteFrom('article_terms').where('article_id', '=', id).execute();
  if (!row) return;
  await db.deleteFrom('article_vocabulary').where('article_id', '=', id).execute();
  const terms = row.terms.split(' ').filter(Boolean);
  for (const part of chunks(terms)) {
    await db.updateTable('publication_terms').set({ documents: sql`documents - 1` }).where('term', 'in', part).execute();
    await db.deleteFrom('publication_terms').where('term', 'in', part).where('documents', '<=', 0).execute();
  }
}

export async function countIn(db: Db, id: number, counts: Map<string, number>): Promise<void> {
  const terms = [...counts.keys()].sort(compareText);
  await db.insertInto('article_vocabulary').values({ article_id: id, terms: terms.join(' ') }).execute();
  for (const part of chunks(terms, 1000)) {
    await db
      .insertInto('publication_terms')
      .values(part.map((term) => ({ term, documents: 1 })))
      .onConflict((oc) => oc.column('term').doUpdateSet({ documents: sql`publication_terms.documents + 1` }))
      .execute();
  }
}

export async function storeTerms(db: Db, id: number, counts: Map<string, number>, published: number): Promise<void> {
  const frequencies = new Map<string, number>();
  for (const part of chunks([...counts.keys()])) {
    const rows = await db.selectFrom('publication_terms').select(['term', 'documents']).where('term', 'in', part).execute();
    for (const r of rows) frequencies.set(r.term, r.documents);
  }
  const weighted = weighTerms(counts, (t) => frequencies.get(t) ?? 1, published);
  if (weighted.length) await db.insertInto('article_terms').values(weighted.map((t) => ({ article_id: id, term: t.term, weight: t.weight }))).execute();
}

