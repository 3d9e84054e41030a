import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArticle } from '../../test/support/articles.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator } from '../../test/support/factories.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import type { Visitor } from '../../test/support/visitor.ts';

/**
 * Numbers past what the database holds, in every path id and numeric parameter: PostgreSQL
 * refuses an integer past 2,147,483,647 with an error of its own, which would be a 500. Each
 * must be a clear 4xx (or an honest empty answer), on both engines.
 */
const HUGE = '99999999999';
const PAST_INT = '9999999999';

describe.each(DIALECTS)('numbers too large for the database on %s', (engine) => {
  let s: TestServer;
  let member: Visitor;
  let editor: Visitor;

  beforeAll(async () => {
    s = await startTestServer(engine);
    await createMediator(s.db.db, engine, { name: 'Nora Numbers', slug: 'nora-numbers' });
    await createTestArticle(s.db.db, engine, { title: 'Counting on mediation', tags: ['numbers'], categories: ['family'] });
    member = await signedIn(s, 'member@example.org');
    editor = await signedIn(s, 'editor@example.org', 'editor');
  });
  afterAll(() => s.close());

  it('answers public pages and the API with a 4xx or an empty page, never a 500', async () => {
    const paths = [
      `/mediators?near=78701&page=${HUGE}`,
      `/mediators?near=78701&radius=${HUGE}`,
      `/mediators?near=78701&maxFee=${HUGE}`,
      `/mediators?near=${HUGE},${HUGE}`,
      `/api/v1/mediators?near=78701&page=${HUGE}`,
      `/api/v1/mediators?near=78701&maxFee=${HUGE}`,
      `/api/v1/mediators/${HUGE}`,
      `/api/v1/locations?q=${HUGE}`,
      `/featured?page=${HUGE}`,
      `/mediators/nora-numbers/articles?page=${HUGE}`,
      `/articles?page=${HUGE}`,
      `/articles/category/family?page=${HUGE}`,
      `/articles/tag/numbers?page=${HUGE}`,
      `/search?q=mediation&page=${HUGE}`,
      `/sitemaps/${HUGE}.xml`,
      `/media/articles/${HUGE}.webp`,
    ];
    for (const path of paths) {
      const r = await s.get(path);
      expect(r.status, path).toBeLessThan(500);
    }
  });

  it('answers members and editors with 404 or 400 for ids and pages past the database’s integers', async () => {
    const asMember = [`/dashboard/articles/${PAST_INT}`, `/dashboard/articles/${PAST_INT}/preview`, `/dashboard/inquiries/${PAST_INT}`];
    const asEditor = [
      `/editor/articles?page=${HUGE}`,
      `/editor/articles/${PAST_INT}`,
      `/editor/articles/1/revisions/${PAST_INT}`,
      `/editor/categories/${PAST_INT}`,
      `/editor/tags/${PAST_INT}`,
      `/editor/tags?page=${HUGE}`,
      `/moderation/${PAST_INT}/preview`,
    ];
    for (const [who, paths] of [
      [member, asMember],
      [editor, asEditor],
    ] as const) {
      for (const path of paths) {
        const r = await who.get(path);
        expect(r.status, path).toBeGreaterThanOrEqual(400);
        expect(r.status, path).toBeLessThan(500);
      }
    }
  });
});
