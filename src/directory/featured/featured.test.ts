import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../../test/support/db.ts';
import { createMediator, createMediators, mediatorInput, office } from '../../../test/support/factories.ts';
import { postForm, signedIn } from '../../../test/support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../../test/support/server.ts';
import { openDatabase } from '../../db/database.ts';
import { fileMailer } from '../../mail/mailer.ts';
import { readMails } from '../../../test/support/mail.ts';
import { loadConfig } from '../../config.ts';
import type { Context } from '../../web/context.ts';
import { searchMediators } from '../search.ts';
import type { SearchParams } from '../types.ts';
import { impressionsFor } from './impressions.ts';
import { sweepGrantReminders } from './reminders.ts';
import { parseRegion, regionContains, regionInput, regionLabel, type GrantRegion } from './regions.ts';

const AUSTIN = { label: 'Austin, TX', lat: 30.2672, lon: -97.7431, country: 'US', region: 'TX' };
const north = (km: number) => office(AUSTIN.lat + km / 111.195, AUSTIN.lon, { city: 'Austin' });
const params = (over: Partial<SearchParams> = {}): SearchParams => ({ location: AUSTIN, practice: [], language: [], format: [], freeConsultation: false, accepting: false, sort: 'match', page: 1, ...over });
const TEXAS = { kind: 'region', country: 'US', region: 'TX' } as const;
const DAY_MS = 86_400_000;

describe.each(DIALECTS)('featured rotation and impressions on %s', (engine) => {
  let t: TestDatabase;
  const SPONSORS = 7;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await createMediators(t.db, engine, Array.from({ length: 25 }, (_, i) => mediatorInput({ name: `Organic ${i}`, offices: [north(1 + i * 0.2)] })));
    await createMediators(t.db, engine, Array.from({ length: SPONSORS }, (_, i) => mediatorInput({ name: `Sponsor ${i}`, offices: [north(30 + i)], featuredTier: 'featured', featuredRegion: TEXAS })));
    // Close by and matching every search, but featured for Oklahoma: never in a Texas search's slots.
    await createMediator(t.db, engine, { name: 'Oklahoma Sponsor', offices: [north(35)], featuredTier: 'featured', featuredRegion: { kind: 'region', country: 'US', region: 'OK' } });
  });
  afterAll(() => t.drop());

  it('gives every eligible featured member an equal share of impressions (within 10%) over 3,000 searches, and records them', async () => {
    const ctx = { db: t.db, engine };
    const seen = new Map<string, number>();
    // A mix of sorts and filters, as visitors would make (on the first page: the sponsors are on the second).
    for (let i = 0; i < 3000; i++) {
      const outcome = await searchMediators(ctx, params({ sort: i % 3 === 0 ? 'distance' : 'match', freeConsultation: i % 5 === 0 }), TEST_NOW);
      if (outcome.status !== 'ok') throw new Error(outcome.status);
      expect(outcome.result.featured.length).toBe(3);
      for (const h of outcome.result.featured) {
        expect(h.featured).toBe(true);
        seen.set(h.name, (seen.get(h.name) ?? 0) + 1);
      }
    }
    expect([...seen.keys()].sort()).toEqual(Array.from({ length: SPONSORS }, (_, i) => `Sponsor ${i}`));
    const mean = 9000 / SPONSORS;
    for (const [name, n] of seen) expect(Math.abs(n - mean) / mean, name).toBeLessThan(0.1);

    // What the rotation counted is what is stored, per grant and day.
    await impressionsFor(t.db).flush(t.db);
    const stored = await t.db
      .selectFrom('featured_impressions as i')
      .innerJoin('featured_grants as g', 'g.id', 'i.grant_id')
      .innerJoin('mediators as m', 'm.id', 'g.mediator_id')
      .select(['m.name', 'i.day', 'i.count'])
      .execute();
    expect(new Map(stored.map((r) => [r.name, r.count]))).toEqual(seen);
    expect(new Set(stored.map((r) => r.day))).toEqual(new Set(['2026-11-25']));
  }, 120_000);
});

describe.each(DIALECTS)('featured grant reminders on %s', (engine) => {
  let t: TestDatabase;
  let mailDir: string;

  const contextOn = (db: TestDatabase['db'], dir: string): Context => ({
    db,
    engine,
    config: { ...loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '.tmp' }), publicUrl: 'http://concord.test' },
    now: () => TEST_NOW,
    mailer: fileMailer(dir, 'Concord <no-reply@concord.test>'),
    logError: (err) => {
      throw err;
    },
  });

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    mailDir = `.tmp/featured-mail-${engine}-${Date.now()}`;
    const [userId] = (await t.db.insertInto('users').values({ email: 'sponsor@example.org', password_hash: 'x', role: 'member', email_verified_at: null, created_at: TEST_NOW.toISOString(), updated_at: TEST_NOW.toISOString(), time_zone: null }).returning('id').execute()).map((r) => r.id);
    const id = await createMediator(t.db, engine, { name: 'Ending Sponsor', offices: [north(1)], featuredTier: 'featured', featuredRegion: TEXAS, featuredFrom: '2026-11-01T00:00:00.000Z', featuredUntil: new Date(TEST_NOW.getTime() + 20 * DAY_MS).toISOString() });
    await t.db.updateTable('mediators').set({ user_id: userId! }).where('id', '=', id).execute();
  });
  afterAll(() => t.drop());

  it('mails the member 14 and 3 days before the end, once each, however many instances sweep', async () => {
    // Two instances: two handles on one database, each with its own mailer.
    const other = openDatabase(engine, t.url);
    const a = contextOn(t.db, `${mailDir}-a`);
    const b = contextOn(other.db, `${mailDir}-b`);
    const sweepBoth = async (at: Date) => (await Promise.all([sweepGrantReminders(a, at), sweepGrantReminders(b, at)])).flat();
    const mails = async () => [...(await readMails(`${mailDir}-a`)), ...(await readMails(`${mailDir}-b`))];
    try {
      expect(await sweepBoth(new Date(TEST_NOW.getTime() + 5 * DAY_MS))).toEqual([]); // 15 days left
      expect(await sweepBoth(new Date(TEST_NOW.getTime() + 6 * DAY_MS))).toHaveLength(1); // 14 days left
      expect(await sweepBoth(new Date(TEST_NOW.getTime() + 7 * DAY_MS))).toEqual([]);
      expect(await sweepBoth(new Date(TEST_NOW.getTime() + 17 * DAY_MS))).toHaveLength(1); // 3 days left
      expect(await sweepBoth(new Date(TEST_NOW.getTime() + 19 * DAY_MS))).toEqual([]);
      expect(await sweepBoth(new Date(TEST_NOW.getTime() + 21 * DAY_MS))).toEqual([]); // ended
      // Either instance may have sent either mail: ordered by subject ("14 days" before "3 days").
      const sent = (await mails()).sort((x, y) => x.subject.localeCompare(y.subject));
      expect(sent.map((m) => [m.to, m.subject])).toEqual([
        ['sponsor@example.org', 'Your featured place on Concord ends in 14 days'],
        ['sponsor@example.org', 'Your featured place on Concord ends in 3 days'],
      ]);
      expect(sent[0]!.text).toContain('Ending Sponsor, in Texas, United States');
    } finally {
      await other.close();
    }
  });
});

describe.each(DIALECTS)('a grant on two instances of one %s database', (engine) => {
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    a = await startTestServer(engine);
    // The second instance: its own server, database handle, search index and counters; closing it leaves the database to the first.
    const handle = openDatabase(engine, a.db.url);
    b = await startTestServer(engine, { db: { ...handle, url: a.db.url, drop: () => handle.close() } });
    await createMediators(a.db.db, engine, Array.from({ length: 20 }, (_, i) => mediatorInput({ name: `Organic ${i}`, offices: [north(1 + i * 0.2)] })));
    await createMediator(a.db.db, engine, { name: 'Texas Sponsor', slug: 'texas-sponsor', offices: [north(30)] });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const slots = async (s: TestServer) => ((await (await s.get('/api/v1/mediators?near=Austin,%20TX&radius=50')).json()) as { featured: { name: string }[] }).featured.map((h) => h.name);

  it('shows a grant made on one instance in the other’s searches at once, and stops when it ends', async () => {
    // Both indexes loaded before the grant, so the second must learn of it from the change log.
    expect(await slots(a)).toEqual([]);
    expect(await slots(b)).toEqual([]);
    const admin = await signedIn(a, 'admin@example.org', 'admin');
    const granted = await postForm(admin, '/admin/featured', '/admin/featured', Object.entries({ mediator: 'texas-sponsor', region: 'Texas', starts: '2026-11-25', ends: '2026-12-31', reason: '' }));
    expect(granted.status, granted.html).toBe(303);
    expect(await slots(b)).toEqual(['Texas Sponsor']);
    const ended = await postForm(admin, granted.location!, `${granted.location!.split('?')[0]}/end`, [['end_reason', '']]);
    expect(ended.status).toBe(303);
    expect(await slots(b)).toEqual([]);
    expect(await slots(a)).toEqual([]);
  });
});

describe.each(DIALECTS)('regions of featured grants on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(() => t.drop());

  it('reads countries, states or provinces and metro areas as typed, and reads its own form of each back the same', async () => {
    const read = async (typed: string) => parseRegion(t.db, typed);
    expect(await read('us')).toEqual({ kind: 'country', country: 'US' });
    expect(await read('Canada')).toEqual({ kind: 'country', country: 'CA' });
    expect(await read('US-TX')).toEqual({ kind: 'region', country: 'US', region: 'TX' });
    expect(await read('Ontario')).toEqual({ kind: 'region', country: 'CA', region: 'ON' });
    const austin = (await read('Austin, TX')) as GrantRegion;
    expect(austin).toMatchObject({ kind: 'metro', country: 'US', region: 'TX', name: 'Austin' });
    expect(regionLabel(austin)).toBe('Austin metro area (TX, United States)');
    for (const r of [{ kind: 'country', country: 'US' }, { kind: 'region', country: 'CA', region: 'ON' }, austin] as GrantRegion[]) expect(await read(regionInput(r))).toEqual(r);
    // A code that means several regions asks which.
    expect(await read('NT')).toEqual({ problem: expect.stringContaining('names more than one region') });
  });

  it('holds a place in a metro area within 50 miles of its city, and only in its country', async () => {
    const austin = (await parseRegion(t.db, 'Austin, TX')) as GrantRegion;
    expect(regionContains(austin, { country: 'US', region: 'TX', lat: 30.5083, lon: -97.6789 })).toBe(true); // Round Rock, 27 km
    expect(regionContains(austin, { country: 'US', region: 'TX', lat: 29.4241, lon: -98.4936 })).toBe(false); // San Antonio, 118 km
    // A search of the whole state online has no point: it is in no metro area, but in the state's and the country's grants.
    expect(regionContains(austin, { country: 'US', region: 'TX' })).toBe(false);
    expect(regionContains({ kind: 'region', country: 'US', region: 'TX' }, { country: 'US', region: 'TX' })).toBe(true);
    expect(regionContains({ kind: 'country', country: 'US' }, { country: 'CA', region: 'ON', lat: 43.65, lon: -79.38 })).toBe(false);
  });
});
