import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/db.ts';
import { migrateTo, migrateToLatest } from './migrate.ts';

const AT = '2026-11-20T12:00:00.000Z';

/**
 * Migration 2026-12-06-13 over a database with credentials: each keeps its row, in the order it had
 * (position from its id), unverified and naming no association; evidence then cascades with its
 * credential and its ids are not handed out again.
 */
describe.each(DIALECTS)('the credential-verification migration over existing data, on %s', (engine) => {
  let db: TestDatabase;
  let mediatorId: number;

  beforeAll(async () => {
    db = await createTestDatabase(engine, { empty: true });
    await migrateTo(db.db, engine, '2026-12-06-12-featured-grants');
    const d = db.db;
    const made = await d
      .insertInto('mediators')
      .values({
        slug: 'held', name: 'Held', headline: '', bio: '', photo_url: null, fmt_in_person: 1, fmt_online: 0, fmt_phone: 0, fee_min: null, fee_max: null, fee_currency: 'USD',
        free_consultation: 0, sliding_scale: 0, fee_split: 'equal' as const, years_in_practice: null, mediations_count: null, accepting_cases: 1,
        accepting_confirmed_at: AT, status: 'published' as const, completeness: 50, created_at: AT, updated_at: AT, user_id: null, review_requested_at: null,
        approved_at: AT, freshness_reminded_at: null, unlisted_stale_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    mediatorId = made.id;
    // Raw SQL: the schema types already name the new columns.
    for (const title of ['First', 'Second', 'Third']) await sql`INSERT INTO mediator_credentials (mediator_id, title, issuer, year) VALUES (${mediatorId}, ${title}, '', 2020)`.execute(d);
    expect(await migrateToLatest(d, engine)).toContain('2026-12-06-13-credential-verification');
  });
  afterAll(() => db.drop());

  it('keeps every credential in its order, unverified and naming no association', async () => {
    const rows = await db.db.selectFrom('mediator_credentials').selectAll().where('mediator_id', '=', mediatorId).orderBy('position').execute();
    expect(rows.map((r) => r.title)).toEqual(['First', 'Second', 'Third']);
    expect(rows.map((r) => r.position)).toEqual(rows.map((r) => r.id));
    for (const r of rows) expect([r.verified_at, r.verifier_label, r.issuer_association_id, r.declined_at, r.decline_reason]).toEqual([null, '', null, null, '']);
  });

  it('deletes evidence with its credential and never reuses an evidence id', async () => {
    const [first] = await db.db.selectFrom('mediator_credentials').select('id').where('mediator_id', '=', mediatorId).orderBy('position').execute();
    const evidence = (name: string) => ({ credential_id: first!.id, mediator_id: mediatorId, file_name: name, original_name: 'evidence.pdf', media_type: 'application/pdf' as const, bytes: 10, uploaded_at: AT });
    const a = await db.db.insertInto('credential_evidence').values(evidence('a.pdf')).returning('id').executeTakeFirstOrThrow();
    // One piece per credential.
    await expect(db.db.insertInto('credential_evidence').values(evidence('b.pdf')).execute()).rejects.toThrow();
    await db.db.deleteFrom('credential_evidence').where('id', '=', a.id).execute();
    const b = await db.db.insertInto('credential_evidence').values(evidence('c.pdf')).returning('id').executeTakeFirstOrThrow();
    expect(b.id).toBeGreaterThan(a.id);
    await db.db.deleteFrom('mediator_credentials').where('id', '=', first!.id).execute();
    expect(await db.db.selectFrom('credential_evidence').select('id').execute()).toEqual([]);
  });
});
