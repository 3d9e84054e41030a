import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS } from '../../test/support/db.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText, Visitor } from '../../test/support/visitor.ts';
import { migrateTo, migrateToLatest } from './migrate.ts';

const AT = '2026-11-20T12:00:00.000Z';
/** A profile's columns as every migration up to 2026-11-26-09 has them, the names aside. */
const PROFILE = {
  headline: '', bio: '', photo_url: null, fmt_in_person: 1, fmt_online: 0, fmt_phone: 0, fee_min: null, fee_max: null, fee_currency: 'USD',
  free_consultation: 0, sliding_scale: 0, fee_split: 'equal' as const, years_in_practice: null, mediations_count: null, accepting_cases: 1,
  accepting_confirmed_at: AT, status: 'published' as const, featured_tier: null, featured_from: null, featured_until: null, completeness: 50,
  created_at: AT, updated_at: AT, user_id: null, review_requested_at: null, approved_at: AT, freshness_reminded_at: null, unlisted_stale_at: null,
};
/** An unsubscribe link as mails sent before link secrets carried it: the id, signed alone. */
const legacyUnsubscribe = (secret: string, id: number) =>
  `${id}.${crypto.createHmac('sha256', secret).update(`digest-unsubscribe\n${id}`).digest('base64url')}`;

describe.each(DIALECTS)('the mailed-link-secrets migration over existing data, on %s', (engine) => {
  let s: TestServer;
  const ids = { first: 0, second: 0, reader: 0, gone: 0 };

  beforeAll(async () => {
    const db = await createTestDatabase(engine, { empty: true });
    await migrateTo(db.db, engine, '2026-11-26-09-search-terms');
    const d = db.db;
    await d.insertInto('practice_areas').values({ slug: 'family', name: 'Family', description: '', position: 1 }).execute();
    const mediator = (slug: string) => ({ ...PROFILE, slug, name: slug });
    const made = await d.insertInto('mediators').values([mediator('first'), mediator('second'), mediator('third')]).returning('id').execute();
    [ids.first, ids.second] = [made[0]!.id, made[1]!.id];
    const office = (mediator_id: number, city: string) => ({ mediator_id, city, label: '', address: '', region: '', postal_code: '', country: 'US', lat: 40.7, lon: -74, cell: 1 });
    await d.insertInto('offices').values([office(ids.first, 'New York'), office(ids.first, 'Newark'), office(ids.second, 'Boston')]).execute();
    await d.insertInto('mediator_practice_areas').values({ mediator_id: ids.first, practice_area: 'family' }).execute();
    await d.deleteFrom('mediators').where('slug', '=', 'third').execute();
    const subscriber = (email: string) => ({ email, user_id: null, created_at: AT, confirmed_at: AT, unsubscribed_at: null, last_sent_at: AT });
    const subscribed = await d.insertInto('digest_subscribers').values([subscriber('reader@example.org'), subscriber('gone@example.org')]).returning('id').execute();
    [ids.reader, ids.gone] = [subscribed[0]!.id, subscribed[1]!.id];
    await d.deleteFrom('digest_subscribers').where('id', '=', ids.gone).execute();

    expect(await migrateToLatest(d, engine)).toContain('2026-12-06-02-mailed-link-secrets');
    s = await startTestServer(engine, { db });
  });
  afterAll(() => s?.close());

  it('keeps every row and its links to other tables', async () => {
    const d = s.db.db;
    expect(await d.selectFrom('mediators').select(['id', 'slug']).orderBy('id').execute()).toEqual([
      { id: ids.first, slug: 'first' },
      { id: ids.second, slug: 'second' },
    ]);
    expect(await d.selectFrom('offices').select(['mediator_id', 'city']).orderBy('id').execute()).toEqual([
      { mediator_id: ids.first, city: 'New York' },
      { mediator_id: ids.first, city: 'Newark' },
      { mediator_id: ids.second, city: 'Boston' },
    ]);
    expect(await d.selectFrom('mediator_practice_areas').selectAll().execute()).toEqual([{ mediator_id: ids.first, practice_area: 'family' }]);
    // Deleting a profile still takes its offices with it, and the search index still hears of it.
    const before = Number((await d.selectFrom('directory_changes').select((eb) => eb.fn.max('id').as('n')).executeTakeFirstOrThrow()).n ?? 0);
    await d.deleteFrom('mediators').where('id', '=', ids.second).execute();
    expect(await d.selectFrom('offices').select('city').where('mediator_id', '=', ids.second).execute()).toEqual([]);
    expect(new Set((await d.selectFrom('directory_changes').select('mediator_id').where('id', '>', before).execute()).map((c) => c.mediator_id))).toEqual(new Set([ids.second]));
    if (engine === 'sqlite') expect((await sql<{ n: number }>`SELECT count(*) AS n FROM pragma_foreign_key_check`.execute(d)).rows[0]!.n).toBe(0);
  });

  it('never hands out an id twice from now on', async () => {
    const d = s.db.db;
    for (const table of ['mediators', 'digest_subscribers'] as const) {
      const insert = () =>
        table === 'mediators'
          ? d.insertInto(table).values({ ...PROFILE, slug: 'newest', name: 'Newest' }).returning('id').executeTakeFirstOrThrow()
          : d.insertInto(table).values({ email: 'newest@example.org', user_id: null, created_at: AT, confirmed_at: null, unsubscribed_at: null, last_sent_at: null }).returning('id').executeTakeFirstOrThrow();
      const made = (await insert()).id;
      await d.deleteFrom(table).where('id', '=', made).execute();
      const next = (await insert()).id;
      expect(next, table).toBeGreaterThan(made);
      await d.deleteFrom(table).where('id', '=', next).execute();
    }
  });

  it('still accepts an unsubscribe link mailed before, for the subscriber it was mailed to only', async () => {
    const secret = s.app.deps.config.secret;
    const old = `/digest/unsubscribe?token=${legacyUnsubscribe(secret, ids.reader)}`;
    expect(pageText((await new Visitor(s).get(old)).html)).toContain('Stop sending the weekly digest to reader@example.org');
    expect((await new Visitor(s).post(old, {})).status).toBe(200);
    const reader = await s.db.db.selectFrom('digest_subscribers').select('unsubscribed_at').where('id', '=', ids.reader).executeTakeFirstOrThrow();
    expect(reader.unsubscribed_at).not.toBeNull();

    // A subscriber added since: an old-style link naming their id (as one mailed to a deleted
    // subscriber with that id would) neither shows their address nor unsubscribes them.
    const { id } = await s.db.db
      .insertInto('digest_subscribers')
      .values({ email: 'newcomer@example.org', user_id: null, created_at: AT, confirmed_at: AT, unsubscribed_at: null, last_sent_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const replay = `/digest/unsubscribe?token=${legacyUnsubscribe(secret, id)}`;
    const page = await new Visitor(s).get(replay);
    expect(page.status).toBe(400);
    expect(page.html).not.toContain('newcomer@example.org');
    expect((await new Visitor(s).post(replay, {})).status).toBe(400);
    expect((await s.db.db.selectFrom('digest_subscribers').select('unsubscribed_at').where('id', '=', id).executeTakeFirstOrThrow()).unsubscribed_at).toBeNull();
  });
});
