import type { Engine } from '../../src/config.ts';
import type { Db } from '../../src/db/database.ts';
import { authorForMediator } from '../../src/articles/authors.ts';
import { createArticle } from '../../src/articles/write.ts';
import type { ArticleInput } from '../../src/articles/types.ts';
import { createMediator } from './factories.ts';
import { TEST_NOW } from './server.ts';

let counter = 0;

/** A published article by a new test mediator (or by `authorIds`); override what the test is about. */
export async function createTestArticle(db: Db, engine: Engine, over: Partial<ArticleInput> & { now?: Date } = {}): Promise<{ id: number; slug: string; authorIds: number[] }> {
  counter += 1;
  const now = over.now ?? TEST_NOW;
  const authorIds = over.authorIds ?? [await authorForMediator(db, await createMediator(db, engine), now)];
  const input: ArticleInput = {
    kind: 'article',
    title: `Preparing for your first mediation session ${counter}`,
    body: 'Bring the papers you need, think about what matters most to you, and come ready to listen.\n\n'.repeat(3),
    categories: ['choosing'],
    tags: ['preparation'],
    status: 'published',
    publishedAt: now.toISOString(),
    ...over,
    authorIds,
  };
  const made = await db.transaction().execute((trx) => createArticle({ db: trx, engine }, input, { userId: null, now }));
  return { ...made, authorIds };
}
